import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ValidatedSpec } from './spec-compiler.js';
import type { BuildFs, FileStat } from './fs.js';
import { hashParts } from './hash.js';
import { tooRecentToTrust } from './racy-stat.js';
import { writeFileAtomic } from './output/writer.js';

/**
 * The machine-local build cache (default `.connector-compiler-cache/`, not
 * committed). Everything in it is an optimisation: a missing, stale or corrupt
 * entry only costs time, never correctness.
 *
 * - `state.json` maps file stats (size, mtime, inode, ctime) to content hashes, so an
 *   unchanged file is recognised without reading it, and keeps the warnings of
 *   each spec so a no-op build still reports them. When it also records the
 *   manifest's stat, its hashes were equal to the manifest's when written: a
 *   no-op build then needs stats only, not the manifest (see `upToDateByStats`).
 *   On disk the records are flat arrays (`[path, size, mtime, inode, hash, ctime, …]`):
 *   the file is parsed on every build, and 8,000 records as objects keyed by
 *   path parsed about twice as slowly.
 * - `models/<hash>.json` holds each valid spec's model, keyed by compiler,
 *   options, path and content: the cross-connector files need every model when
 *   one spec changes, and re-validating the others would load the whole front end.
 */
export const STATE_VERSION = 4;

/** A file's size, mtime, inode and ctime when its content had `hash`. */
export type StatRecord = readonly [size: number, mtimeMs: number, ino: number, hash: string, ctimeMs: number];

export interface BuildState {
  readonly version: typeof STATE_VERSION;
  /** Compiler + options key the warnings were produced under. */
  readonly key: string;
  /** Spec files by project-relative path. */
  readonly specs: ReadonlyMap<string, StatRecord>;
  /** Output files by output-relative path. */
  readonly files: ReadonlyMap<string, StatRecord>;
  /**
   * Which compiler generated the output directory as it is now: its code
   * fingerprint (or `compilerId`) and the content hash of the manifest it
   * wrote or found up to date. The committed manifest records only the
   * package version, so this record is what lets a build reuse the previous
   * specs' outputs; without it (a fresh clone, another compiler's commit)
   * every spec is compiled again, and only what differs is written.
   */
  readonly generated?: { readonly compiler: string; readonly manifest: string };
  /** The compiler fingerprint and the stats of the files it was computed from. */
  readonly compiler?: { readonly signature: string; readonly fingerprint: string };
  /** Warnings of valid specs, by spec path, tagged with the content hash they belong to. */
  readonly warnings: ReadonlyMap<string, SpecWarnings>;
  /** Warnings of the cross-connector files, from the last build; they stand while no spec changes. */
  readonly indexWarnings?: readonly Diagnostic[];
  /**
   * The manifest's stat (hash unused) when `specs` and `files` held exactly
   * the manifest's specs and files, with its hashes, under `key`.
   */
  readonly manifest?: StatRecord;
}

export interface SpecWarnings {
  readonly hash: string;
  readonly diagnostics: readonly Diagnostic[];
}

export function emptyState(key: string): BuildState {
  return { version: STATE_VERSION, key, specs: new Map(), files: new Map(), warnings: new Map() };
}

/** Stats stay valid under a new compiler or options; warnings and the manifest link do not. */
export function withKey(state: BuildState | undefined, key: string): BuildState {
  if (!state) return emptyState(key);
  if (state.key === key) return state;
  const { manifest: _unlinked, indexWarnings: _stale, ...rest } = state;
  return { ...rest, key, warnings: new Map() };
}

/** Trusts a recorded hash while size, mtime, inode and ctime still match. */
export function trustedHash(record: StatRecord | undefined, stat: FileStat): string | undefined {
  return record && sameRecordedStat(record, stat) ? record[3] : undefined;
}

export function sameRecordedStat(record: StatRecord, stat: FileStat): boolean {
  return record[0] === stat.size && record[1] === stat.mtimeMs && record[2] === stat.ino && record[4] === stat.ctimeMs;
}

/** The hash a record was taken with. */
export function recordedHash(record: StatRecord | undefined): string | undefined {
  return record?.[3];
}

/**
 * Links the state to the manifest just read or written (see `BuildState.manifest`)
 * when its records are exactly the manifest's specs and files with the same
 * hashes; otherwise the state stays unlinked and the next build reads the manifest.
 */
export function linkToManifest(state: BuildState, manifest: { readonly specs: ReadonlyMap<string, { readonly hash: string }>; readonly files: ReadonlyMap<string, string> }, manifestStat: FileStat | undefined): BuildState {
  const { manifest: _previous, ...unlinked } = state;
  const link = manifestStat && statRecord(manifestStat, '');
  if (!link || manifest.specs.size !== state.specs.size || manifest.files.size !== state.files.size) return unlinked;
  for (const [file, spec] of manifest.specs) if (recordedHash(state.specs.get(file)) !== spec.hash) return unlinked;
  for (const [file, hash] of manifest.files) if (recordedHash(state.files.get(file)) !== hash) return unlinked;
  return { ...unlinked, manifest: link };
}

/**
 * True when the state is linked to the manifest and nothing it records has
 * changed: the manifest, every spec (and no spec added or removed) and every
 * generated file still have their recorded stats. Costs one `stat` per file
 * and no reads — the no-op build's whole job.
 */
export function upToDateByStats(state: BuildState, key: string, specs: readonly { readonly file: string; readonly absolute: string }[], stat: (file: string) => FileStat | undefined, outputPath: (file: string) => string, manifestPath: string): boolean {
  if (state.key !== key || !state.manifest) return false;
  const manifestStat = stat(manifestPath);
  if (!manifestStat || !sameRecordedStat(state.manifest, manifestStat)) return false;
  if (specs.length !== state.specs.size) return false;
  for (const spec of specs) {
    const record = state.specs.get(spec.file);
    const current = record && stat(spec.absolute);
    if (!current?.isFile || !sameRecordedStat(record!, current)) return false;
  }
  for (const [file, record] of state.files) {
    const current = stat(outputPath(file));
    if (!current?.isFile || !sameRecordedStat(record, current)) return false;
  }
  return true;
}

/**
 * A record for the stat cache, or `undefined` when the stat cannot be trusted
 * later (`tooRecentToTrust`); such files are simply hashed again next time.
 */
export function statRecord(stat: FileStat, hash: string, now = Date.now()): StatRecord | undefined {
  if (tooRecentToTrust(stat.mtimeMs, now) || tooRecentToTrust(stat.ctimeMs, now)) return undefined;
  return [stat.size, stat.mtimeMs, stat.ino, hash, stat.ctimeMs];
}

/** `state.json` as written: records flattened (see the top of this file). */
interface StoredState extends Omit<BuildState, 'specs' | 'files' | 'warnings'> {
  readonly specs: readonly (string | number)[];
  readonly files: readonly (string | number)[];
  readonly warnings: readonly (readonly [string, SpecWarnings])[];
}

function recordsToDisk(records: ReadonlyMap<string, StatRecord>): (string | number)[] {
  const flat: (string | number)[] = [];
  for (const [file, record] of records) flat.push(file, ...record);
  return flat;
}

function recordsFromDisk(flat: readonly unknown[]): Map<string, StatRecord> {
  if (!Array.isArray(flat) || flat.length % 6 !== 0) throw new TypeError('malformed stat records');
  const records = new Map<string, StatRecord>();
  for (let i = 0; i < flat.length; i += 6) {
    const [file, size, mtimeMs, ino, hash, ctimeMs] = [flat[i], flat[i + 1], flat[i + 2], flat[i + 3], flat[i + 4], flat[i + 5]];
    if (typeof file !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number' || typeof ino !== 'number' || typeof hash !== 'string' || typeof ctimeMs !== 'number') throw new TypeError('malformed stat record');
    records.set(file, [size, mtimeMs, ino, hash, ctimeMs]);
  }
  return records;
}

/** Cached front-end result of one valid spec. */
export interface CachedSpec extends ValidatedSpec {
  readonly hash: string;
}

export class BuildCache {
  private readonly stateFile: string;
  private readonly modelsDir: string;

  constructor(
    /** Absolute cache directory for this output directory; `undefined` disables the disk cache. */
    private readonly dir: string | undefined,
    private readonly fs: BuildFs,
  ) {
    this.stateFile = dir ? path.join(dir, 'state.json') : '';
    this.modelsDir = dir ? path.join(dir, 'models') : '';
  }

  /** The state on disk, whatever its key (`withKey` then adapts it); `undefined` when there is none. */
  readState(): BuildState | undefined {
    if (!this.dir) return undefined;
    try {
      const data = JSON.parse(this.fs.readFile(this.stateFile).toString('utf8')) as StoredState;
      if (data.version !== STATE_VERSION || typeof data.key !== 'string') return undefined;
      return {
        version: STATE_VERSION,
        key: data.key,
        specs: recordsFromDisk(data.specs),
        files: recordsFromDisk(data.files),
        warnings: new Map(data.warnings.filter(([, entry]) => typeof entry?.hash === 'string' && Array.isArray(entry.diagnostics))),
        ...(data.compiler ? { compiler: data.compiler } : {}),
        ...(typeof data.generated?.compiler === 'string' && typeof data.generated.manifest === 'string' ? { generated: { compiler: data.generated.compiler, manifest: data.generated.manifest } } : {}),
        ...(Array.isArray(data.manifest) && data.manifest.length === 5 ? { manifest: data.manifest } : {}),
        ...(Array.isArray(data.indexWarnings) ? { indexWarnings: data.indexWarnings } : {}),
      };
    } catch {
      // Includes a malformed file (`recordsFromDisk` throws): the state is only an optimisation.
      return undefined;
    }
  }

  writeState(state: BuildState): void {
    if (!this.dir) return;
    this.bestEffort(() => {
      this.fs.mkdir(this.dir!);
      const stored: StoredState = { ...state, specs: recordsToDisk(state.specs), files: recordsToDisk(state.files), warnings: [...state.warnings] };
      writeFileAtomic(this.fs, this.stateFile, JSON.stringify(stored));
    });
  }

  static modelName(key: string, file: string, hash: string): string {
    return hashParts([key, file, hash]);
  }

  readModel(name: string): CachedSpec | undefined {
    if (!this.dir) return undefined;
    try {
      return JSON.parse(this.fs.readFile(path.join(this.modelsDir, `${name}.json`)).toString('utf8')) as CachedSpec;
    } catch {
      return undefined;
    }
  }

  writeModels(entries: ReadonlyMap<string, CachedSpec>): void {
    if (!this.dir || entries.size === 0) return;
    this.bestEffort(() => {
      this.fs.mkdir(this.modelsDir);
      for (const [name, spec] of entries) writeFileAtomic(this.fs, path.join(this.modelsDir, `${name}.json`), JSON.stringify(spec));
    });
  }

  /** Deletes model entries no current spec refers to, so the cache does not grow without bound. */
  pruneModels(keep: ReadonlySet<string>): void {
    if (!this.dir) return;
    this.bestEffort(() => {
      for (const name of this.fs.readdir(this.modelsDir)) {
        if (!keep.has(name.replace(/\.json$/, ''))) this.fs.unlink(path.join(this.modelsDir, name));
      }
    });
  }

  private bestEffort(action: () => void): void {
    try {
      action();
    } catch {
      // A cache that cannot be written (read-only checkout, full disk) only makes the next build slower.
    }
  }
}
