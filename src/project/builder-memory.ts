/**
 * What a `Builder` keeps between builds: the compiler's fingerprint and
 * version, the cache's state and the stat records, the models, the manifest
 * it last read or wrote, the prepared engine and the worker threads. Every
 * stage reads it and the scan and remember stages update it; what a stage
 * hands the next one travels in its own typed record instead (`Scan`,
 * `Compiled`, `Index`, `Planned`).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { locateByPath } from '../validate/locate-diagnostics.js';
import type { BuildOptions } from './build-api.js';
import type { BuildRun } from './build-run.js';
import { BuildCache, type BuildState, type CachedSpec, type StatRecord } from './cache.js';
import { nodeBuildFs, sameFile, type BuildFs, type FileStat } from './fs.js';
import { contentHash } from './hash.js';
import { ManifestWriter, readManifestText, type Manifest, type ManifestProblem } from './output/manifest.js';
import type { BuildSettings } from './settings.js';
import type { Engine, EngineSettings } from './spec-compiler.js';
import { readSpec, type FoundSpecs, type ScannedSpec } from './spec-files.js';
import type { WorkerPool } from './worker-pool.js';

/** The manifest as read (or written), with the file's stat then. */
export interface ReadManifest {
  readonly text: string | undefined;
  readonly manifest: Manifest | undefined;
  readonly problem?: ManifestProblem;
  readonly stat: FileStat | undefined;
}

export class BuilderMemory {
  readonly fs: BuildFs;
  readonly cache: BuildCache;
  /** The compiler fingerprint of the cache key, once known. */
  compiler: string | undefined;
  /** The package version, all the committed manifest records of the compiler (see `Manifest.compiler`). */
  version: string | undefined;
  engine: Engine | undefined;
  parallel: WorkerPool | undefined;
  /** The cache's state as the last build left it (read from disk by the first). */
  state: BuildState | undefined;
  /** Valid specs' models by cache name: those of the last build, and any read from the disk cache since. */
  readonly models = new Map<string, CachedSpec>();
  /** What the last build found, to reuse while the directories searched are unchanged. */
  lastFound: FoundSpecs | undefined;
  /** The manifest as this builder last read or wrote it, and the file's stat then. */
  knownManifest: (ReadManifest & { readonly text: string; readonly stat: FileStat }) | undefined;
  readonly manifestWriter = new ManifestWriter();
  /**
   * The stat records and the manifest's files table the last build left, the
   * first following the second: the next build reuses them as they are
   * instead of matching 8,000 entries again.
   */
  recordsMirror: { readonly records: ReadonlyMap<string, StatRecord>; readonly files: ReadonlyMap<string, string> } | undefined;
  /** True once a build has checked every output against the manifest (see `BuildOptions.watching`). */
  outputsVerified = false;
  /** Cache writes deferred until after a watch rebuild's result is reported. */
  pendingCacheWrite: (() => void) | undefined;
  /** The last manifest text hashed, and its hash (see `BuildState.generated`). */
  private manifestHashMemo: { readonly text: string; readonly hash: string } | undefined;
  private readonly modelNames = new Map<string, { readonly key: string; readonly hash: string; readonly name: string }>();

  constructor(
    readonly options: BuildOptions,
    readonly settings: BuildSettings,
  ) {
    this.fs = options.fs ?? nodeBuildFs;
    this.cache = new BuildCache(settings.cacheDir, this.fs);
  }

  /** What the engine, on this thread or a worker's, is prepared with. */
  engineSettings(): EngineSettings {
    const { targets, emit, limits, allowIncomplete } = this.settings;
    return { targets, emit, limits, allowIncomplete };
  }

  /** The prepared engine, loaded (front end and emitters) on first use. */
  async prepareEngine(): Promise<Engine> {
    if (!this.engine) {
      const { Engine, loadEmitters } = await import('./spec-compiler.js');
      this.engine = new Engine(this.engineSettings(), this.options.emitters ?? (await loadEmitters(this.settings.targets)));
    }
    return this.engine;
  }

  /** The content hash of a manifest's text, remembered for the last text (a watch rebuild hashes the one it wrote). */
  manifestHash(text: string): string {
    if (this.manifestHashMemo?.text !== text) this.manifestHashMemo = { text, hash: contentHash(text) };
    return this.manifestHashMemo.hash;
  }

  /** Writes the cache entries of the last build, if not yet written. */
  flushCache(): void {
    const write = this.pendingCacheWrite;
    this.pendingCacheWrite = undefined;
    write?.();
  }

  /**
   * Reads the manifest, or reuses the copy this builder last read or wrote
   * while the file's stat is unchanged (a rename always gives a new inode).
   */
  readManifest(file: string): ReadManifest {
    const stat = this.fs.stat(file);
    if (stat && this.knownManifest && sameFile(stat, this.knownManifest.stat)) return this.knownManifest;
    const text = stat ? readText(this.fs, file) : undefined;
    const read = text === undefined ? undefined : readManifestText(text);
    const manifest = read && 'manifest' in read ? read.manifest : undefined;
    const problem = read && 'problem' in read ? read.problem : undefined;
    this.knownManifest = stat && text !== undefined ? { text, manifest, ...(problem ? { problem } : {}), stat } : undefined;
    return { text, manifest, ...(problem ? { problem } : {}), stat };
  }

  /** The last build's specs, if no directory searched (nor spec named) for them has changed since: a watch rebuild skips the search. */
  sameSpecsAsLastTime(): FoundSpecs | undefined {
    const last = this.lastFound;
    if (!last?.searched) return undefined;
    for (const [file, stat] of last.searched) if (!sameFile(this.fs.stat(file), stat)) return undefined;
    return last;
  }

  /** `BuildCache.modelName`, remembered per spec: a watch rebuild asks for every spec's, and each is a SHA-256. */
  modelName(key: string, file: string, hash: string): string {
    const known = this.modelNames.get(file);
    if (known?.key === key && known.hash === hash) return known.name;
    const name = BuildCache.modelName(key, file, hash);
    this.modelNames.set(file, { key, hash, name });
    return name;
  }

  /** A valid spec's model from memory, else from the disk cache (then kept in memory). */
  cachedModel(name: string): CachedSpec | undefined {
    let cached = this.models.get(name);
    if (!cached) {
      cached = this.cache.readModel(name);
      if (cached) this.models.set(name, cached);
    }
    return cached;
  }

  /** Diagnostics that name a spec node by JSON path only (the index, duplicate ids: they see models, not sources) get its line and column. */
  locateInSpecs(diagnostics: readonly Diagnostic[], scanned: readonly ScannedSpec[]): Diagnostic[] {
    if (diagnostics.length === 0) return [];
    const byFile = new Map(scanned.map((entry) => [entry.spec.file, entry]));
    return locateByPath(diagnostics, (file) => {
      const entry = byFile.get(file);
      const source = entry && this.sourceOf(entry);
      return source === undefined ? undefined : this.engine!.sourceMap(file, source);
    });
  }

  /** Gives `run` the text of each spec its diagnostics name, for code frames. */
  addSources(run: BuildRun, scanned: readonly ScannedSpec[]): void {
    const wanted = new Set(run.diagnostics.map((d) => d.file));
    for (const entry of scanned) {
      if (!wanted.has(entry.spec.file)) continue;
      const source = this.sourceOf(entry);
      if (source !== undefined) run.sources.set(entry.spec.file, source);
    }
  }

  /** A spec's text: the one read during the scan, else read now (and kept on the entry); `undefined` if it can no longer be read. */
  private sourceOf(entry: ScannedSpec): string | undefined {
    if (entry.source === undefined) {
      const read = readSpec(this.fs, entry.spec);
      if ('code' in read) return undefined;
      entry.source = read.source;
    }
    return entry.source;
  }
}

function readText(fs: BuildFs, file: string): string | undefined {
  try {
    return fs.readFile(file).toString('utf8');
  } catch {
    return undefined;
  }
}
