import { availableParallelism, hostname } from 'node:os';
import path from 'node:path';
import { compareStrings, diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { BuildCache, linkToManifest, recordedHash, statRecord, upToDateByStats, withKey, trustedHash, type BuildState, type CachedSpec, type SpecWarnings, type StatRecord } from './cache.js';
import type { ConnectorModel } from '../model/connector-model.js';
import type { EmittedFiles, Engine, EmitterSet, ValidatedSpec } from './engine.js';
import { compilerFingerprint } from './fingerprint.js';
import { errnoCode, nodeBuildFs, recordingFs, sameStat, type BuildFs, type FileStat, type StatEvidence } from './fs.js';
import { contentHash } from './hash.js';
import { findSpecs, type FoundSpecs, type SpecFile } from './inputs.js';
import { LOCK_PATH, STALE_LOCK_MS, acquireOutputLock, liveLockHolder, type HeldLock, type LockHolder } from './lock.js';
import { META_DIR, MANIFEST_PATH, MANIFEST_VERSION, ManifestWriter, readManifestText, unownedFiles, type Manifest, type ManifestProblem, type ManifestSpec } from './manifest.js';
import { applyChanges, planOutput, unsafeOutputPath } from './plan.js';
import type { WorkerPool } from './parallel.js';
import { optionsHash, resolveBuildSettings, type BuildSettings, type BuildSettingsInput } from './settings.js';
import { checkUniqueIds } from '../validate/validate-project.js';
import { locateByPath } from '../validate/locate-diagnostics.js';
import { decodeSpecBytes } from '../load/decode.js';
import { JOURNAL_PATH, SYMLINK_CODE, StagingArea, WriteError, recoverJournal, writeError, type Recovery, type StagedWrite } from './writer.js';

export interface BuildOptions extends BuildSettingsInput {
  /** Write nothing; report what would be written or removed. */
  readonly check?: boolean;
  /** Overwrite or delete output files even if edited by hand or not written by the compiler. */
  readonly force?: boolean;
  /**
   * The inputs name some of the project's specs (`build <paths…>`): build
   * those, and leave the output of every other spec the manifest lists as it
   * is — never removed, still listed in the cross-connector files (whose
   * models come from the cache, or from the spec file while it is as the
   * manifest records it). Refused (CC5006) when the compiler or the options
   * changed since the manifest was written, or when such a spec can be had
   * neither way. Removals of deleted specs happen only in a full build.
   */
  readonly subset?: boolean;
  /** Aborting stops the build before it commits; `generated/` is then unchanged. */
  readonly signal?: AbortSignal;
  /** Disk access, injectable for fault tests. */
  readonly fs?: BuildFs;
  /** Replaces the built-in emitters (tests, plugins). Disables worker threads. */
  readonly emitters?: EmitterSet;
  /**
   * The builder runs for `build --watch`: after its first build it trusts the
   * outputs of specs that did not change (as `tsc --watch` does) instead of
   * stat-ing every generated file on each rebuild, and it writes its cache
   * after returning the result. Outputs it rewrites are still checked for hand edits.
   */
  readonly watching?: boolean;
  /** Most worker threads for a cold build; `0` compiles on the main thread only. Default: one per extra core, at most 3. */
  readonly workers?: number;
  /** Fewest specs to compile before worker threads are used (default 150; see docs/build.md). */
  readonly parallelThreshold?: number;
  /**
   * Overrides the compiler fingerprint in the cache key (default: package
   * version + hash of the compiler's code). For tests, whose source tree may
   * change under them.
   */
  readonly compilerId?: string;
  /** Called as specs are compiled, for progress output. */
  readonly onProgress?: (progress: BuildProgress) => void;
}

export interface BuildOverrides {
  readonly signal?: AbortSignal;
  /**
   * Watch mode: the absolute paths the watcher reported since the last build.
   * When every one is a known spec (and no directory searched for specs
   * changed), only those specs are stat-ed; the others keep their recorded
   * stats, as `tsc --watch` trusts its watcher. Anything else, or none given,
   * and every spec is stat-ed.
   */
  readonly changed?: ReadonlySet<string>;
}

export interface BuildProgress {
  readonly done: number;
  readonly total: number;
}

export type BuildStatus = 'ok' | 'failed' | 'interrupted';

export interface BuildResult {
  /** `ok`: built (or, with `check`, checked) without errors. */
  readonly status: BuildStatus;
  readonly check: boolean;
  /** True when nothing was (or, with `check`, would be) written or removed. */
  readonly upToDate: boolean;
  /** Sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Text of the specs named in `diagnostics`, for code frames. */
  readonly sources: ReadonlyMap<string, string>;
  /** Specs found. */
  readonly specs: number;
  /** Specs parsed and validated in this build (the rest came from the cache). */
  readonly compiled: number;
  /** Output-relative paths written (with `check`: that would be written). */
  readonly written: readonly string[];
  /** Output-relative paths removed (with `check`: that would be removed). */
  readonly removed: readonly string[];
  /** Generated files already up to date. */
  readonly unchanged: number;
  /** Files of removed outputs left in place because they were edited by hand. */
  readonly abandoned: readonly string[];
  /** What happened to a journal left by an interrupted build. */
  readonly recovered: Recovery['action'];
  /** True when the manifest was (or would be) rewritten. */
  readonly manifestChanged: boolean;
  /** Output directory as shown to users. */
  readonly outDir: string;
  readonly durationMs: number;
  /**
   * True when the build failed after its commit point (or could not complete
   * an earlier build's commit): the output directory is part old, part new,
   * and the journal is kept so the next build completes it. Otherwise a
   * failed build changed nothing.
   */
  readonly partial?: boolean;
  /**
   * Set when the build left the output up to date (a no-op, or a build that
   * committed) and has nothing to report: what the next identical build
   * would find, as the stats it rests on. The CLI keeps it as its no-op stamp.
   */
  readonly noOpEvidence?: NoOpEvidence;
}

export interface NoOpEvidence {
  /**
   * Every path whose stat (or absence) the outcome rests on — the compiler's
   * files, template overrides, the directories searched for specs, the specs,
   * the outputs, the manifest and the output directory. While all still stat
   * the same, the same build would be a no-op.
   */
  readonly stats: readonly StatEvidence[];
  /** Generated files that no-op would report unchanged. */
  readonly files: number;
}

/** A spec found by the scan, with its text once something has read it. */
interface ScannedSpec {
  readonly spec: SpecFile;
  source?: string;
}

/** What a build has done ahead of its commit, undone if it ends without one (see `Builder.build`). */
interface Uncommitted {
  /** Generated files staged so far. */
  area?: StagingArea;
  /** Puts back the tables updated ahead of the commit. */
  undo?: () => void;
  /** The output directory's lock, held for the whole build (not `--check`). */
  lock?: HeldLock;
}

/** Thrown inside the compile loop when the build's signal is aborted. */
export class Interrupted extends Error {}

export interface CompileJob {
  readonly file: string;
  readonly source: string;
  /** Also run the emitters (dirty specs); otherwise validate only (to recover a model). */
  readonly emit: boolean;
  /**
   * Hashes the manifest records for this spec's outputs: an output generated
   * with the same hash is not staged (most outputs of an edited spec come out
   * the same). Should the disk copy turn out missing or edited, the builder
   * generates it again (see `stageMissing`).
   */
  readonly known?: ReadonlyMap<string, string>;
}
export interface CompiledSpec extends ValidatedSpec {
  readonly emitted?: StagedFiles;
}

/** An emitter's result as the build keeps it. */
export interface StagedFiles {
  readonly files: readonly EmittedOutput[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A generated file as the build keeps it: its hash, and where it was staged (not its contents). */
export interface EmittedOutput {
  readonly path: string;
  readonly hash: string;
  /** Name in the build's staging area; absent with `--check`, which stages nothing. */
  readonly staged?: string;
}

/** Owner of the cross-connector files, among spec paths (which never start with a space). */
const INDEX_OWNER = ' index';
/** Below this many specs to compile, starting a worker costs more than it saves (see docs/build.md). */
const PARALLEL_THRESHOLD = 150;
/** Specs compiled between two turns of the event loop. */
const BATCH = 8;
/** At most this many of the project's specs, or this much time, to warm up the JIT for watch mode (see `Builder.exercise`). */
const WARM_UP_SPECS = 24;
const WARM_UP_MS = 3000;

/**
 * Runs builds of one project, keeping what it learns between them (compiled
 * models, file stats, the prepared engine) — `build --watch` keeps one
 * builder; `buildProject` makes one per call.
 */
export class Builder {
  readonly settings: BuildSettings;
  private readonly fs: BuildFs;
  private readonly cache: BuildCache;
  private compiler: string | undefined;
  private engine: Engine | undefined;
  private parallel: WorkerPool | undefined;
  private state: BuildState | undefined;
  private readonly models = new Map<string, CachedSpec>();
  /** What the last build found, to reuse while the directories searched are unchanged. */
  private lastFound: FoundSpecs | undefined;
  private readonly modelNames = new Map<string, { readonly key: string; readonly hash: string; readonly name: string }>();
  /** The manifest as this builder last read or wrote it, and the file's stat then. */
  private knownManifest: { readonly text: string; readonly manifest: Manifest | undefined; readonly problem?: ManifestProblem; readonly stat: FileStat } | undefined;
  private readonly manifestWriter = new ManifestWriter();
  /**
   * The stat records and the manifest's files table the last build left, the
   * first following the second: the next build reuses them as they are
   * instead of matching 8,000 entries again.
   */
  private recordsMirror: { readonly records: ReadonlyMap<string, StatRecord>; readonly files: ReadonlyMap<string, string> } | undefined;
  /** True once a build has checked every output against the manifest (see `watching`). */
  private outputsVerified = false;
  /** Counts builds, so a warm-up can tell one has started and stop (it stops on `close` too). */
  private buildsStarted = 0;
  private closed = false;
  /** Cache writes deferred until after a watch rebuild's result is reported. */
  private pendingCacheWrite: (() => void) | undefined;

  constructor(private readonly options: BuildOptions = {}) {
    this.settings = resolveBuildSettings(options);
    this.fs = options.fs ?? nodeBuildFs;
    this.cache = new BuildCache(this.settings.cacheDir, this.fs);
  }

  /** Stops worker threads; the builder cannot build afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    this.flushCache();
    await this.parallel?.close();
    this.parallel = undefined;
  }

  async build(overrides: BuildOverrides = {}): Promise<BuildResult> {
    this.buildsStarted++;
    this.flushCache();
    const staging: Uncommitted = {};
    try {
      return await this.buildOnce(overrides, staging);
    } finally {
      // Whatever ended the build before its commit (errors, Ctrl-C, a bug), its staged files go
      // and the tables it updated ahead of the commit are put back.
      staging.area?.discard();
      staging.undo?.();
      staging.lock?.release();
    }
  }

  private async buildOnce(overrides: BuildOverrides, staging: Uncommitted): Promise<BuildResult> {
    const started = performance.now();
    const signal = overrides.signal ?? this.options.signal;
    const check = this.options.check === true;
    const { fs, settings } = this;
    const diagnostics: Diagnostic[] = [];
    const sources = new Map<string, string>();
    // Concatenation, not path.join: this runs for every output file on every build.
    const outFile = path.sep === '/' ? (relative: string) => `${settings.outDir}/${relative}` : (relative: string) => path.join(settings.outDir, ...relative.split('/'));
    const shown = (relative: string) => `${settings.outDirDisplay}/${relative}`;
    const result = (status: BuildStatus, rest: Partial<BuildResult> = {}): BuildResult => ({
      status,
      check,
      upToDate: status === 'ok' && (rest.written?.length ?? 0) === 0 && (rest.removed?.length ?? 0) === 0,
      diagnostics: sortDiagnostics(diagnostics),
      sources,
      specs: 0,
      compiled: 0,
      written: [],
      removed: [],
      unchanged: 0,
      abandoned: [],
      recovered,
      manifestChanged: false,
      outDir: settings.outDirDisplay,
      durationMs: performance.now() - started,
      ...rest,
    });

    let recovered: Recovery['action'] = 'none';
    // 1. Fail before anything else if the output cannot be a directory, or the compiler's own
    // directory (staging area, journal, lock, manifest) is a link out of it.
    const outStat = fs.stat(settings.outDir);
    if (outStat && !outStat.isDirectory) {
      diagnostics.push(diagnostic('CC5001', 'error', `The output directory \`${settings.outDirDisplay}\` is a file.`, { file: settings.outDirDisplay }, 'Nothing was changed. Move the file, or choose another output directory with `--out-dir`.'));
      return result('failed');
    }
    if (fs.isSymbolicLink?.(outFile(META_DIR))) {
      diagnostics.push(diagnostic('CC5001', 'error', `\`${shown(META_DIR)}\` is a symbolic link, and the compiler never writes or deletes through one.`, { file: shown(META_DIR) }, 'Nothing was changed. Replace the link with a directory (or delete it; the next build then owns nothing and asks for `--force`).'));
      return result('failed');
    }

    // 2. One build at a time per output directory, for the whole build: one that read the manifest
    // while another committed would take that one's files for hand edits.
    if (check) {
      const holder = liveLockHolder(settings.outDir);
      if (holder) {
        diagnostics.push(diagnostic('CC5001', 'error', `Another build (${describeHolder(holder)}) is writing \`${settings.outDirDisplay}\` right now, so it cannot be checked.`, { file: shown(LOCK_PATH) }, 'Run the check again once that build has finished.'));
        return result('failed');
      }
    } else {
      let lock: ReturnType<typeof acquireOutputLock> | undefined;
      try {
        lock = acquireOutputLock(settings.outDir);
      } catch (error) {
        // A read-only output (a checkout CI only verifies) cannot be locked, nor written: a build with
        // nothing to write still succeeds, and one with something to write fails at its commit, saying why.
        const code = errnoCode(error);
        if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') {
          diagnostics.push(writeFailure(writeError(error, LOCK_PATH, 'create', false), shown));
          return result('failed');
        }
      }
      if (lock && 'heldBy' in lock) {
        diagnostics.push(
          diagnostic(
            'CC5001',
            'error',
            `Another build (${describeHolder(lock.heldBy)}) is running on \`${settings.outDirDisplay}\`; nothing was written.`,
            { file: shown(LOCK_PATH) },
            `Run the build again once it has finished. A lock left by a build that died is taken over by the next build (at once on the same machine, after ${STALE_LOCK_MS / 60_000} minutes otherwise); to take it over now, delete \`${shown(LOCK_PATH)}\`.`,
          ),
        );
        return result('failed');
      }
      if (lock) staging.lock = lock;
    }

    // 3. A commit cut short by a crash is completed or undone before anything else.
    if (check) {
      if (fs.stat(outFile(JOURNAL_PATH))) {
        diagnostics.push(diagnostic('CC5005', 'error', `An interrupted build left \`${shown(JOURNAL_PATH)}\`; the output may be incomplete.`, { file: shown(JOURNAL_PATH) }, 'Run `connector-compiler build` to complete or roll back that build.'));
      }
    } else {
      try {
        recovered = recoverJournal(settings.outDir, fs).action;
      } catch (error) {
        diagnostics.push(writeFailure(error, shown));
        return result('failed', error instanceof WriteError && error.partial ? { partial: true } : {});
      }
      if (recovered === 'completed') diagnostics.push(diagnostic('CC5005', 'info', 'Completed the commit of an earlier build that was interrupted while writing.', { file: shown(JOURNAL_PATH) }));
      if (recovered === 'rolled-back') diagnostics.push(diagnostic('CC5005', 'info', 'Removed the temp files of an earlier build that was interrupted before it wrote anything.', { file: shown(JOURNAL_PATH) }));
    }


    // What the output depends on besides the specs.
    if (settings.emit.templatesDir !== undefined && !fs.stat(settings.emit.templatesDir)?.isDirectory) {
      diagnostics.push(diagnostic('CC5004', 'error', `Template directory \`${path.relative(settings.root, settings.emit.templatesDir) || '.'}\` does not exist.`, { file: settings.emit.templatesDir }, 'Fix `templatesDir` in the config or `--templates`, or remove it to use the built-in templates.'));
      return result('failed');
    }
    const stored = this.state ?? this.cache.readState();
    let fingerprint = stored?.compiler;
    // What the outcome rests on besides specs, outputs and the output directory (see `BuildResult.noOpEvidence`).
    let settledBy: StatEvidence[] | undefined;
    if (this.compiler === undefined) {
      if (this.options.compilerId !== undefined) this.compiler = this.options.compilerId;
      else {
        const computed = compilerFingerprint(stored?.compiler);
        fingerprint = computed.fingerprint;
        this.compiler = fingerprint.fingerprint;
        settledBy = [...computed.evidence];
      }
    }
    const options = optionsHash(settings, settledBy ? recordingFs(fs, settledBy) : fs);
    const key = `${this.compiler}|${options}`;

    // 4. Specs and the previous build's record.
    const lastFound = this.sameSpecsAsLastTime();
    const found = lastFound ?? (await findSpecs(settings.inputs, settings.root, [settings.outDir, ...(settings.cacheDir ? [path.dirname(settings.cacheDir)] : [])]));
    this.lastFound = found.searched && found.diagnostics.length === 0 ? found : undefined;
    diagnostics.push(...found.diagnostics);
    if (hasErrors(diagnostics)) return result('failed');
    const linkedState = stored && withKey(stored, key);
    /** `BuildResult.noOpEvidence`, given the stats of the specs, outputs and manifest; the output directory is stat-ed now. */
    // Not the compiler's directory's stat: every build's lock file comes and goes there, which would
    // make one command line's stamp stale after any other build. What of it matters is the journal
    // (a commit to complete), which must still be absent.
    const evidence = (stats: readonly StatEvidence[], files: number): NoOpEvidence | undefined =>
      settledBy && found.searched && diagnostics.length === 0
        ? { stats: [[settings.outDir, fs.stat(settings.outDir)], [outFile(JOURNAL_PATH), fs.stat(outFile(JOURNAL_PATH))], ...settledBy, ...found.searched, ...stats], files }
        : undefined;
    const statsSeen: StatEvidence[] = [];
    const stats = settledBy && found.searched ? recordingFs(fs, statsSeen) : fs;
    // A watch rebuild (outputs verified once) skips this check: it follows a file event, and its own
    // path is cheap when nothing changed, while this one stats every spec up to the changed one.
    const watchRebuild = this.options.watching === true && this.outputsVerified;
    if (linkedState && !watchRebuild && upToDateByStats(linkedState, key, found.specs, (file) => stats.stat(file), outFile, outFile(MANIFEST_PATH))) {
      // The common case of a build in a monorepo: stats prove nothing changed since the last build.
      this.outputsVerified = true;
      this.state = fingerprint && fingerprint.signature !== linkedState.compiler?.signature ? { ...linkedState, compiler: fingerprint } : linkedState;
      if (!check && this.state !== linkedState) this.cache.writeState(this.state);
      diagnostics.push(...Builder.replayedWarnings(linkedState, found.specs.map((spec) => ({ file: spec.file, hash: recordedHash(linkedState.specs.get(spec.file)) }))));
      this.addSources(sources, diagnostics, found.specs.map((spec) => ({ spec })));
      const noOpEvidence = evidence(statsSeen, linkedState.files.size);
      return result('ok', { specs: found.specs.length, unchanged: linkedState.files.size, ...(noOpEvidence ? { noOpEvidence } : {}) });
    }
    const { text: manifestText, manifest, problem: manifestProblem, stat: manifestStat } = this.readManifest(outFile(MANIFEST_PATH));
    if (manifestProblem?.kind === 'malformed') {
      diagnostics.push(diagnostic('CC5002', 'warning', `\`${shown(MANIFEST_PATH)}\` is unreadable, so the compiler cannot tell which files it wrote.`, { file: shown(MANIFEST_PATH) }, 'Existing files at generated paths are reported instead of overwritten; delete the output directory or pass `--force` to regenerate it.'));
    } else if (manifestProblem?.kind === 'unsafe') {
      // A committed file, so as untrusted as a pull request: never act on it (it owns nothing).
      const listed = JSON.stringify(manifestProblem.path).slice(1, -1);
      const force = this.options.force === true;
      diagnostics.push(
        diagnostic(
          'CC5002',
          force ? 'warning' : 'error',
          `\`${shown(MANIFEST_PATH)}\` lists \`${listed}\`, which is not a path the compiler can have written (it ${manifestProblem.reason}); the compiler will not act on this manifest.`,
          { file: shown(MANIFEST_PATH) },
          force
            ? 'The manifest was ignored (`--force`): the build took over the generated paths and removed nothing.'
            : 'Nothing was written. The manifest was edited by hand or by a change under review: restore it from version control, or delete it and run `connector-compiler build --force` to regenerate the output.',
        ),
      );
      if (!force) return result('failed', { specs: found.specs.length });
    }
    const owned: ReadonlyMap<string, string> = manifest?.files ?? new Map();
    const previousSpecs = manifest?.compiler === this.compiler && manifest.options === options ? manifest.specs : undefined;
    const subset = this.options.subset === true;
    if (subset && manifest && !previousSpecs) {
      // The other connectors' files were generated by another compiler or with other options: keeping
      // them beside this build's would leave `generated/` inconsistent, under one manifest.
      diagnostics.push(diagnostic('CC5006', 'error', `The compiler or the build options changed since \`${settings.outDirDisplay}\` was built, so every connector must be generated again; a build of named specs leaves the others as they are.`, { file: shown(MANIFEST_PATH) }, 'Nothing was written. Run `connector-compiler build` without paths (a full build) once, then build named specs again.'));
      return result('failed', { specs: found.specs.length });
    }
    const state = withKey(stored, key);
    const specStats = new Map<string, StatRecord>();
    const fileStats = new Map<string, StatRecord>();
    // Whether the stat cache learnt anything: a no-op build then writes nothing at all.
    let statsChanged = false;
    const remember = (into: Map<string, StatRecord>, key: string, previous: StatRecord | undefined, trusted: boolean, stat: FileStat, hash: string) => {
      if (trusted && previous) {
        into.set(key, previous);
        return;
      }
      statsChanged = true;
      const record = statRecord(stat, hash);
      if (record) into.set(key, record);
    };

    // 5. Which specs changed: stat first, hash only when the stat differs from the cached one.
    // A watch rebuild told which files changed stats only those, when all of them are known specs.
    const named = watchRebuild && lastFound && overrides.changed && overrides.changed.size > 0 && namesOnlySpecs(overrides.changed, found.specs) ? overrides.changed : undefined;
    const scanned: (ScannedSpec & { readonly hash: string })[] = [];
    for (const spec of found.specs) {
      const recorded = named && !named.has(spec.absolute) ? state.specs.get(spec.file) : undefined;
      if (recorded) {
        specStats.set(spec.file, recorded);
        scanned.push({ spec, hash: recordedHash(recorded)! });
        continue;
      }
      const stat = fs.stat(spec.absolute);
      let hash = stat?.isFile ? trustedHash(state.specs.get(spec.file), stat) : undefined;
      const trusted = hash !== undefined;
      let source: string | undefined;
      if (hash === undefined) {
        const read = readSpec(fs, spec);
        if ('code' in read) {
          diagnostics.push(read);
          continue;
        }
        hash = contentHash(read.bytes);
        source = read.source;
      }
      if (stat) remember(specStats, spec.file, state.specs.get(spec.file), trusted, stat, hash);
      scanned.push({ spec, hash, ...(source !== undefined ? { source } : {}) });
    }
    const diskMemo = new Map<string, string | undefined>();
    const diskHash = (relative: string): string | undefined => {
      if (diskMemo.has(relative)) return diskMemo.get(relative);
      const stat = fs.stat(outFile(relative));
      let hash: string | undefined;
      if (stat?.isDirectory) hash = 'directory';
      else if (stat) {
        hash = trustedHash(state.files.get(relative), stat);
        const trusted = hash !== undefined;
        if (hash === undefined) {
          try {
            hash = contentHash(fs.readFile(outFile(relative)));
          } catch {
            hash = 'unreadable';
          }
        }
        remember(fileStats, relative, state.files.get(relative), trusted, stat, hash);
      }
      diskMemo.set(relative, hash);
      return hash;
    };
    // In watch mode, after a first full check, the outputs of unchanged specs are taken as written.
    const trustOutputs = watchRebuild;
    const intact = (outputs: readonly string[]) => trustOutputs || outputs.every((file) => diskHash(file) === owned.get(file));
    const dirty = new Set<string>();
    for (const { spec, hash } of scanned) {
      const previous = previousSpecs?.get(spec.file);
      if (!previous || previous.hash !== hash || !intact(previous.outputs)) dirty.add(spec.file);
    }
    const present = new Set(found.specs.map((spec) => spec.file));
    // Specs the manifest lists that this build did not find: deleted (a full build removes their files),
    // or, in a subset build, not named (kept as they are).
    const absent = [...(manifest?.specs.keys() ?? [])].filter((file) => !present.has(file));
    const removedSpecs = subset ? [] : absent;
    const keptSpecs = subset ? absent : [];
    // The stat records of kept specs stay, for the next full build.
    for (const file of keptSpecs) {
      const record = state.specs.get(file);
      if (record) specStats.set(file, record);
    }
    const indexIntact = previousSpecs !== undefined && intact(manifest!.index);
    // Records of the files the manifest owns and of those stat-ed in this build (others are forgotten).
    // After a build of this builder, its records are already those of the manifest it wrote.
    const mirrored = fileStats.size === 0 && this.recordsMirror?.records === state.files && this.recordsMirror.files === owned;
    const records = mirrored ? (state.files as Map<string, StatRecord>) : new Map<string, StatRecord>();
    if (!mirrored) {
      for (const file of owned.keys()) {
        const record = fileStats.get(file) ?? state.files.get(file);
        if (record) records.set(file, record);
      }
      for (const [file, record] of fileStats) records.set(file, record);
    }
    statsChanged ||= state.specs.size !== specStats.size || state.files.size !== records.size;
    statsChanged ||= fingerprint?.signature !== state.compiler?.signature;
    this.state = { version: state.version, key, ...(fingerprint ? { compiler: fingerprint } : {}), specs: specStats, files: records, warnings: state.warnings, ...(state.indexWarnings ? { indexWarnings: state.indexWarnings } : {}) };

    if (hasErrors(diagnostics)) {
      this.addSources(sources, diagnostics, scanned);
      return result('failed', { specs: found.specs.length });
    }

    // 6. Nothing changed: done without loading the compiler's front end or emitters.
    if (dirty.size === 0 && removedSpecs.length === 0 && indexIntact) {
      diagnostics.push(...Builder.replayedWarnings(state, scanned.map(({ spec, hash }) => ({ file: spec.file, hash }))));
      this.addSources(sources, diagnostics, scanned);
      if (manifest) this.state = linkToManifest(this.state, manifest, manifestStat);
      statsChanged ||= this.state.manifest?.join() !== state.manifest?.join();
      if (!check && statsChanged) this.cache.writeState(this.state);
      return result('ok', { specs: found.specs.length, unchanged: owned.size });
    }

    // 7. Compile what changed; take the other models from the cache (or re-validate them).
    const compiled = new Map<string, CompiledSpec>();
    const jobs: CompileJob[] = [];
    for (const entry of scanned) {
      const name = this.modelName(key, entry.spec.file, entry.hash);
      const cached = dirty.has(entry.spec.file) ? undefined : this.cachedModel(name);
      if (cached) {
        compiled.set(entry.spec.file, cached);
        continue;
      }
      if (entry.source === undefined) {
        const read = readSpec(fs, entry.spec);
        if ('code' in read) {
          diagnostics.push(read);
          continue;
        }
        entry.source = read.source;
      }
      // Hashes are of contents, so the last manifest's serve even when the compiler or the options changed.
      const previous = manifest?.specs.get(entry.spec.file);
      const known = previous && dirty.has(entry.spec.file) ? knownHashes(previous.outputs, owned) : undefined;
      jobs.push({ file: entry.spec.file, source: entry.source, emit: dirty.has(entry.spec.file), ...(known ? { known } : {}) });
    }
    // A subset build lists the specs it keeps in the index files too: their models, at the hash the
    // manifest records (the version their files were generated from), validated only.
    const keptNames = new Map<string, string>();
    for (const file of keptSpecs) {
      const { hash } = manifest!.specs.get(file)!;
      const name = this.modelName(key, file, hash);
      keptNames.set(file, name);
      const cached = this.cachedModel(name);
      if (cached) {
        compiled.set(file, cached);
        continue;
      }
      let bytes: Buffer | undefined;
      try {
        bytes = fs.readFile(path.resolve(settings.root, file));
      } catch {
        bytes = undefined;
      }
      if (bytes !== undefined && contentHash(bytes) === hash) {
        jobs.push({ file, source: decodeSpecBytes(file, bytes).source, emit: false });
        continue;
      }
      diagnostics.push(
        diagnostic('CC5006', 'error', `\`${file}\` is not among the specs named, and ${bytes === undefined ? 'no longer exists' : 'has changed'} since \`${settings.outDirDisplay}\` was built, so the index files cannot list it as its generated files are.`, { file: shown(MANIFEST_PATH) }, 'Nothing was written. Name it too, or run `connector-compiler build` without paths (a full build).'),
      );
    }
    const namedJobs = jobs.filter((job) => !keptNames.has(job.file)).length;
    if (hasErrors(diagnostics)) return result('failed', { specs: found.specs.length });
    try {
      // Generated files are staged as they are produced (see `StagingArea`), not held until the commit.
      if (!check) staging.area = StagingArea.open(settings.outDir, fs);
      for (const spec of await this.compileJobs(jobs, signal, staging.area, key)) compiled.set(spec.file, spec);
    } catch (error) {
      if (error instanceof WriteError) {
        diagnostics.push(writeFailure(error, shown));
        return result('failed', { specs: found.specs.length, compiled: namedJobs });
      }
      if (!(error instanceof Interrupted)) throw error;
      diagnostics.push(interruptedDiagnostic(shown));
      return result('interrupted', { specs: found.specs.length, compiled: namedJobs });
    }
    const validated = [...compiled.values()];
    // (Kept specs were built before: their warnings are theirs, not this build's.)
    for (const spec of jobs.filter((job) => !keptNames.has(job.file)).map((job) => compiled.get(job.file)!)) diagnostics.push(...spec.diagnostics, ...(spec.emitted?.diagnostics ?? []));
    // The one unique-id rule, over valid specs and the ids failed ones still declare; cached specs have no source map, so it is placed by path.
    const declared = validated.flatMap((spec) => {
      const id = spec.model?.id ?? spec.declaredId;
      return id === undefined ? [] : [{ file: spec.file, id }];
    });
    diagnostics.push(...this.locateInSpecs(checkUniqueIds(declared), scanned));
    const common = { specs: found.specs.length, compiled: namedJobs };
    if (hasErrors(diagnostics)) {
      this.addSources(sources, diagnostics, scanned);
      return result('failed', common);
    }

    // 8. Cross-connector files, from every model in id order (not file order: determinism).
    const models = validated.map((spec) => spec.model!).sort(byIdThenFile);
    this.engine ??= await this.loadEngine();
    let index: StagedFiles;
    try {
      index = stageOutputs(this.engine.emitIndex(models), staging.area, manifest ? knownHashes(manifest.index, owned) : undefined);
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      diagnostics.push(writeFailure(error, shown));
      return result('failed', common);
    }
    const indexWarnings = this.locateInSpecs(index.diagnostics, scanned);
    diagnostics.push(...indexWarnings);
    if (hasErrors(diagnostics)) {
      this.addSources(sources, diagnostics, scanned);
      return result('failed', common);
    }

    // 9. Diff against the disk. The files that may change are those of the specs re-emitted or
    // removed and of the index (and any the manifest lists without an owner); the others stay.
    const replaced = new Set<string>(manifest ? [...manifest.index, ...unownedFiles(manifest)] : []);
    for (const [file, entry] of manifest?.specs ?? []) if (dirty.has(file) || (!present.has(file) && !subset)) for (const output of entry.outputs) replaced.add(output);
    const emitted = new Map<string, string>();
    const stagedAs = new Map<string, string>();
    const specEntries = new Map<string, ManifestSpec>();
    /** Which spec (or `INDEX_OWNER`) generated each emitted file, to generate it again if it was not staged. */
    const ownerOf = new Map<string, string>();
    const claim = (file: EmittedOutput, owner: string) => {
      const shownOwner = owner === INDEX_OWNER ? 'the index' : owner;
      const problem = unsafeOutputPath(file.path);
      if (problem) throw new Error(`The generator for \`${shownOwner}\` produced the output path \`${file.path}\`, which ${problem}.`);
      if (emitted.has(file.path) || (owned.has(file.path) && !replaced.has(file.path))) throw new Error(`Two generators produced the same output path \`${file.path}\` (the second for \`${shownOwner}\`).`);
      emitted.set(file.path, file.hash);
      ownerOf.set(file.path, owner);
      if (file.staged !== undefined) stagedAs.set(file.path, file.staged);
    };
    for (const { spec, hash } of scanned) {
      const entry = compiled.get(spec.file)!;
      if (entry.emitted) {
        for (const file of entry.emitted.files) claim(file, spec.file);
        specEntries.set(spec.file, { id: entry.model!.id, hash, outputs: entry.emitted.files.map((file) => file.path) });
      } else {
        specEntries.set(spec.file, previousSpecs!.get(spec.file)!);
      }
    }
    for (const file of keptSpecs) specEntries.set(file, manifest!.specs.get(file)!);
    for (const file of index.files) claim(file, INDEX_OWNER);
    const plan = planOutput({ owned, replaced, emitted, force: this.options.force === true }, diskHash);
    for (const conflict of plan.conflicts) {
      diagnostics.push(
        conflict.reason === 'edited'
          ? diagnostic('CC5002', 'error', `\`${shown(conflict.path)}\` was edited by hand since connector-compiler wrote it; the build would overwrite the edit.`, { file: shown(conflict.path) }, 'Move the change into the spec or a template override, then delete the file (or pass `--force` to overwrite it).')
          : diagnostic('CC5002', 'error', `\`${shown(conflict.path)}\` exists but was not written by connector-compiler; the build would overwrite it.`, { file: shown(conflict.path) }, 'Move the file out of the output directory, or pass `--force` to let the compiler take it over.'),
      );
    }
    for (const file of plan.abandoned) {
      diagnostics.push(diagnostic('CC5002', 'warning', `\`${shown(file)}\` is no longer generated but was edited by hand, so it was left in place.`, { file: shown(file) }, 'Delete it if you no longer need it; the compiler has stopped tracking it.'));
    }
    if (hasErrors(diagnostics)) return result('failed', common);
    // The manifest's files table is this builder's own copy (see `readManifest`): it becomes the next
    // manifest's in place, as copying 8,000 entries on every watch rebuild cost more than the change.
    // Until the commit, `staging.undo` puts it back.
    const manifestFiles = owned as Map<string, string>;
    const undoChanges = applyChanges(manifestFiles, plan.changes);
    staging.undo = () => {
      undoChanges();
      this.manifestWriter.forget();
    };
    const nextManifest: Manifest = { version: MANIFEST_VERSION, compiler: this.compiler, options, specs: specEntries, index: index.files.map((file) => file.path), files: manifestFiles };
    const nextManifestText = this.manifestWriter.serialize(nextManifest, plan.changes.keys());
    const manifestChanged = nextManifestText !== manifestText;
    const outcome = { ...common, written: plan.writes, removed: plan.removes, unchanged: plan.unchanged, abandoned: plan.abandoned, manifestChanged };
    this.addSources(sources, diagnostics, scanned);
    if (check) return result('ok', outcome);

    // 10. Commit: all or nothing.
    if (signal?.aborted) {
      diagnostics.push(interruptedDiagnostic(shown));
      return result('interrupted', outcome);
    }
    if (plan.writes.length > 0 || plan.removes.length > 0 || manifestChanged) {
      const area = staging.area!;
      let writes: StagedWrite[];
      try {
        this.stageMissing(plan.writes, stagedAs, ownerOf, compiled, models, area);
        writes = plan.writes.map((file) => ({ path: file, staged: stagedAs.get(file)! }));
        if (manifestChanged) writes.push({ path: MANIFEST_PATH, staged: area.put(nextManifestText) });
      } catch (error) {
        diagnostics.push(writeFailure(error instanceof WriteError ? error : writeError(error, META_DIR, 'create the directory', false), shown));
        return result('failed', outcome);
      }
      try {
        // The lock is held, so only something other than a build (a checkout, a hand edit) can have changed it.
        if (!sameFile(fs.stat(outFile(MANIFEST_PATH)), manifestStat)) {
          diagnostics.push(diagnostic('CC5001', 'error', `Another build changed \`${settings.outDirDisplay}\` while this one was running; nothing was written.`, { file: settings.outDirDisplay }, 'Run the build again.'));
          return result('failed', outcome);
        }
        // From here the commit cleans up after itself, or leaves its journal for the next build to finish.
        staging.area = undefined;
        area.commit(writes, plan.removes);
      } catch (error) {
        diagnostics.push(writeFailure(error, shown));
        return result('failed', { ...outcome, ...(error instanceof WriteError && error.partial ? { partial: true } : {}) });
      }
    }

    // 11. Remember what was built, for the next build. Committed (or nothing to commit): the
    // manifest's table stands. The stat records (this build's own table) follow it in place: only
    // files written, stat-ed or whose entry changed need looking at, unless records are missing.
    staging.undo = undefined;
    const written = new Set(plan.writes);
    const recordFor = (file: string, hash: string | undefined) => {
      if (hash === undefined) return void records.delete(file);
      const known = written.has(file) ? undefined : (fileStats.get(file) ?? records.get(file));
      if (known && recordedHash(known) === hash) return void records.set(file, known);
      const stat = fs.stat(outFile(file));
      const fresh = stat && statRecord(stat, hash);
      if (fresh) records.set(file, fresh);
      else records.delete(file);
    };
    for (const [file, hash] of plan.changes) recordFor(file, hash);
    for (const file of plan.writes) recordFor(file, manifestFiles.get(file));
    for (const file of fileStats.keys()) recordFor(file, manifestFiles.get(file));
    // Files too recent to trust when last stat-ed, or never stat-ed: tried again.
    if (records.size !== manifestFiles.size) for (const [file, hash] of manifestFiles) if (!records.has(file)) recordFor(file, hash);
    this.recordsMirror = { records, files: manifestFiles };
    const warnings = new Map<string, SpecWarnings>();
    const fresh = new Map<string, CachedSpec>();
    const names = new Set<string>();
    for (const { spec, hash } of scanned) {
      const entry = compiled.get(spec.file)!;
      const name = this.modelName(key, spec.file, hash);
      names.add(name);
      // A model taken from the cache is kept as it is (most of them, in a watch rebuild).
      const cachedSpec: CachedSpec = 'hash' in entry && entry.hash === hash && !entry.emitted ? (entry as CachedSpec) : { file: spec.file, hash, model: entry.model!, diagnostics: [...entry.diagnostics, ...(entry.emitted?.diagnostics ?? [])] };
      if (!this.models.has(name)) fresh.set(name, cachedSpec);
      this.models.set(name, cachedSpec);
      if (cachedSpec.diagnostics.length > 0) warnings.set(spec.file, { hash, diagnostics: cachedSpec.diagnostics });
    }
    for (const [file, name] of keptNames) {
      names.add(name);
      const entry = compiled.get(file)!;
      if (!this.models.has(name)) {
        const cachedSpec: CachedSpec = { file, hash: manifest!.specs.get(file)!.hash, model: entry.model!, diagnostics: [...entry.diagnostics] };
        fresh.set(name, cachedSpec);
        this.models.set(name, cachedSpec);
      }
      const kept = state.warnings.get(file);
      if (kept) warnings.set(file, kept);
    }
    for (const name of this.models.keys()) if (!names.has(name)) this.models.delete(name);
    const nextManifestStat = manifestChanged ? fs.stat(outFile(MANIFEST_PATH)) : manifestStat;
    const { indexWarnings: _previous, ...previousState } = this.state;
    const unlinked: BuildState = { ...previousState, files: records, warnings, ...(indexWarnings.length > 0 ? { indexWarnings } : {}) };
    // Linking compares every record with the manifest, for the next process's stats-only no-op:
    // a watch session, whose next build follows a file event anyway, does it after reporting.
    const link = () => linkToManifest(unlinked, nextManifest, nextManifestStat);
    this.state = this.options.watching ? unlinked : link();
    this.knownManifest = nextManifestStat ? { text: nextManifestText, manifest: nextManifest, stat: nextManifestStat } : undefined;
    this.outputsVerified = true;
    this.pendingCacheWrite = () => {
      // Nothing replaces the state before this runs: `build` and `close` flush first.
      const nextState = this.state === unlinked ? link() : this.state!;
      this.state = nextState;
      this.cache.writeState(nextState);
      this.cache.writeModels(fresh);
      this.cache.pruneModels(names);
    };
    // A watch session reports first and writes its cache right after; a one-off build writes it now.
    if (this.options.watching) setImmediate(() => this.flushCache());
    else this.flushCache();
    const noOpEvidence = this.options.watching ? undefined : afterBuild();
    return result('ok', { ...outcome, ...(noOpEvidence ? { noOpEvidence } : {}) });

    /** What the next build would find: the specs as stat-ed before they were read, the outputs and manifest as committed. */
    function afterBuild(): NoOpEvidence | undefined {
      const asStat = (record: StatRecord): FileStat => ({ size: record[0], mtimeMs: record[1], ino: record[2], ctimeMs: record[4], isFile: true, isDirectory: false });
      const seen: StatEvidence[] = [];
      for (const spec of found.specs) {
        const record = specStats.get(spec.file);
        if (!record) return undefined;
        seen.push([spec.absolute, asStat(record)]);
      }
      for (const file of nextManifest.files.keys()) {
        const record = records.get(file);
        if (!record) return undefined;
        seen.push([outFile(file), asStat(record)]);
      }
      if (!nextManifestStat) return undefined;
      seen.push([outFile(MANIFEST_PATH), nextManifestStat]);
      return evidence(seen, nextManifest.files.size);
    }
  }

  /**
   * Stages the files to write that were generated with the hash the manifest
   * records and so not staged (see `CompileJob.known`): their disk copy is
   * missing, or edited and overwritten with `--force`. Generates their spec's
   * (or the index's) files again; rare, so simply.
   */
  private stageMissing(writes: readonly string[], stagedAs: Map<string, string>, ownerOf: ReadonlyMap<string, string>, compiled: ReadonlyMap<string, CompiledSpec>, models: readonly ConnectorModel[], area: StagingArea): void {
    const owners = new Set(writes.filter((file) => !stagedAs.has(file)).map((file) => ownerOf.get(file)!));
    for (const owner of owners) {
      const files = owner === INDEX_OWNER ? this.engine!.emitIndex(models) : this.engine!.emitConnector(compiled.get(owner)!.model!);
      for (const file of stageOutputs(files, area).files) if (!stagedAs.has(file.path)) stagedAs.set(file.path, file.staged!);
    }
  }

  /** Writes the cache entries of the last build, if not yet written. */
  private flushCache(): void {
    const write = this.pendingCacheWrite;
    this.pendingCacheWrite = undefined;
    write?.();
  }

  /**
   * Reads the manifest, or reuses the copy this builder last read or wrote
   * while the file's stat is unchanged (a rename always gives a new inode).
   */
  private readManifest(file: string): { text: string | undefined; manifest: Manifest | undefined; problem?: ManifestProblem; stat: FileStat | undefined } {
    const stat = this.fs.stat(file);
    if (stat && this.knownManifest && sameFile(stat, this.knownManifest.stat)) return this.knownManifest;
    const text = stat ? readText(this.fs, file) : undefined;
    const read = text === undefined ? undefined : readManifestText(text);
    const manifest = read && 'manifest' in read ? read.manifest : undefined;
    const problem = read && 'problem' in read ? read.problem : undefined;
    this.knownManifest = stat && text !== undefined ? { text, manifest, ...(problem ? { problem } : {}), stat } : undefined;
    return { text, manifest, ...(problem ? { problem } : {}), stat };
  }

  /**
   * Loads the front end, the emitters and the cached models ahead of the
   * first change, so a watch session's first rebuild does not pay for module
   * loading (about 0.3 s, mostly yaml, ajv and the validator) or reading the cache.
   */
  async warmUp(): Promise<void> {
    const builds = this.buildsStarted;
    this.engine ??= await this.loadEngine();
    this.engine.warmUp();
    // A no-op first build loaded no models; the first change needs all of them for the index files.
    const state = this.state;
    if (!state) return;
    const cached = [...state.specs].map(([file, record]) => this.cachedModel(this.modelName(state.key, file, recordedHash(record)!)));
    // The first rebuild's one-time costs, paid now, before the JIT warm-up (which an edit
    // interrupts; these it would have to pay): the manifest parsed and written out once (the
    // writer keeps its lines), the index files rendered once (the emitters keep what they
    // memoise while the options key stays the same). At N = 5,000 the first edit took 1.4 s.
    const stillIdle = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return !this.closed && this.buildsStarted === builds;
    };
    if (!(await stillIdle())) return;
    const manifest = this.readManifest(path.join(this.settings.outDir, ...MANIFEST_PATH.split('/'))).manifest;
    if (manifest) this.manifestWriter.serialize(manifest);
    if (!(await stillIdle())) return;
    if (cached.every((entry) => entry?.model)) {
      const models = cached.map((entry) => entry!.model!).sort(byIdThenFile);
      this.engine.startBuild(state.key);
      this.engine.emitIndex(models);
    }
    await this.exercise([...state.specs.keys()], builds);
  }

  /**
   * Compiles a few of the project's own specs, results discarded. The JIT
   * optimises the parsers, the validator and the printers only after many
   * runs, and a watch rebuild compiles one spec: without this, validating the
   * changed spec took ~25 ms for the first twenty rebuilds, ~11 ms after.
   * Yields between specs, and stops as soon as a build starts.
   */
  private async exercise(files: readonly string[], builds: number): Promise<void> {
    const engine = this.engine!;
    const started = performance.now();
    for (const file of files.slice(0, WARM_UP_SPECS)) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.closed || this.buildsStarted !== builds || performance.now() - started > WARM_UP_MS) return;
      const read = readSpec(this.fs, { file, absolute: path.resolve(this.settings.root, file) });
      if ('code' in read) continue;
      const validated = engine.validate(file, read.source);
      // Results discarded: emitting a connector leaves nothing in the prepared emitters (their
      // memoised index is only touched by `emitIndex`), so the next build starts as it would have.
      if (validated.model) engine.emitConnector(validated.model);
    }
  }

  /**
   * Where the last spec search looked: each directory it listed, with its
   * stat then (a spec named as a file counts as its directory, stat unknown).
   * `undefined` when that is not known (glob inputs, a search that failed);
   * the watch then watches the input roots recursively.
   */
  searchedDirectories(): ReadonlyMap<string, FileStat | undefined> | undefined {
    const searched = this.lastFound?.searched;
    if (!searched) return undefined;
    const dirs = new Map<string, FileStat | undefined>();
    for (const [file, stat] of searched) {
      if (stat?.isDirectory) dirs.set(file, stat);
      else if (!dirs.has(path.dirname(file))) dirs.set(path.dirname(file), undefined);
    }
    return dirs;
  }

  /** The last build's specs, if no directory searched (nor spec named) for them has changed since: a watch rebuild skips the search. */
  private sameSpecsAsLastTime(): FoundSpecs | undefined {
    const last = this.lastFound;
    if (!last?.searched) return undefined;
    for (const [file, stat] of last.searched) if (!sameFile(this.fs.stat(file), stat)) return undefined;
    return last;
  }

  /** `BuildCache.modelName`, remembered per spec: a watch rebuild asks for every spec's, and each is a SHA-256. */
  private modelName(key: string, file: string, hash: string): string {
    const known = this.modelNames.get(file);
    if (known?.key === key && known.hash === hash) return known.name;
    const name = BuildCache.modelName(key, file, hash);
    this.modelNames.set(file, { key, hash, name });
    return name;
  }

  /** A valid spec's model from memory, else from the disk cache (then kept in memory). */
  private cachedModel(name: string): CachedSpec | undefined {
    let cached = this.models.get(name);
    if (!cached) {
      cached = this.cache.readModel(name);
      if (cached) this.models.set(name, cached);
    }
    return cached;
  }

  private async loadEngine(): Promise<Engine> {
    const { Engine, loadEmitters } = await import('./engine.js');
    return new Engine({ targets: this.settings.targets, emit: this.settings.emit, limits: this.settings.limits, allowIncomplete: this.settings.allowIncomplete }, this.options.emitters ?? (await loadEmitters(this.settings.targets)));
  }

  /** Validates (and, for changed specs, emits) on this thread, or shares the work with workers for big cold builds. */
  private async compileJobs(jobs: readonly CompileJob[], signal: AbortSignal | undefined, staging: StagingArea | undefined, optionsKey: string): Promise<CompiledSpec[]> {
    const total = jobs.length;
    let done = 0;
    const onDone = () => {
      done++;
      this.options.onProgress?.({ done, total });
    };
    const workers = this.options.workers ?? defaultWorkers();
    const threshold = this.options.parallelThreshold ?? PARALLEL_THRESHOLD;
    // Workers use the real disk, so an injected file system (fault tests) keeps the build on this thread.
    if (!this.parallel && workers > 0 && !this.options.emitters && !this.options.fs && jobs.length >= threshold) {
      // Started before this thread loads the engine, so both threads load it at the same time.
      const { startWorkers } = await import('./parallel.js');
      this.parallel = startWorkers(workers, { targets: this.settings.targets, emit: this.settings.emit, limits: this.settings.limits, allowIncomplete: this.settings.allowIncomplete });
    }
    this.engine ??= await this.loadEngine();
    this.engine.startBuild(optionsKey);
    const engine = this.engine;
    const compileHere = async (batch: readonly CompileJob[]): Promise<CompiledSpec[]> => {
      const out: CompiledSpec[] = [];
      for (const job of batch) {
        if (signal?.aborted) throw new Interrupted();
        out.push(compileOne(engine, job, staging));
        onDone();
      }
      // Let a SIGINT handler (and worker messages) run between batches.
      await new Promise((resolve) => setImmediate(resolve));
      return out;
    };
    if (this.parallel && jobs.length >= threshold) return this.parallel.compile(jobs, staging ? { outDir: this.settings.outDir, dir: staging.dir } : undefined, compileHere, onDone, signal);
    const out: CompiledSpec[] = [];
    for (let i = 0; i < jobs.length; i += BATCH) out.push(...(await compileHere(jobs.slice(i, i + BATCH))));
    return out;
  }

  /** Diagnostics that name a spec node by JSON path only (the index, duplicate ids: they see models, not sources) get its line and column. */
  private locateInSpecs(diagnostics: readonly Diagnostic[], scanned: readonly ScannedSpec[]): Diagnostic[] {
    if (diagnostics.length === 0) return [];
    const byFile = new Map(scanned.map((entry) => [entry.spec.file, entry]));
    return locateByPath(diagnostics, (file) => {
      const entry = byFile.get(file);
      const source = entry && this.sourceOf(entry);
      return source === undefined ? undefined : this.engine!.sourceMap(file, source);
    });
  }

  private addSources(sources: Map<string, string>, diagnostics: readonly Diagnostic[], scanned: readonly ScannedSpec[]): void {
    const wanted = new Set(diagnostics.map((d) => d.file));
    for (const entry of scanned) {
      if (!wanted.has(entry.spec.file)) continue;
      const source = this.sourceOf(entry);
      if (source !== undefined) sources.set(entry.spec.file, source);
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

  /** Warnings the cache keeps for specs whose content is unchanged, then those of the index files. */
  private static replayedWarnings(state: BuildState, specs: Iterable<{ readonly file: string; readonly hash: string | undefined }>): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const { file, hash } of specs) {
      const warnings = state.warnings.get(file);
      if (warnings && warnings.hash === hash) out.push(...warnings.diagnostics);
    }
    return [...out, ...(state.indexWarnings ?? [])];
  }
}

/** Runs one build and releases its resources. */
export async function buildProject(options: BuildOptions = {}): Promise<BuildResult> {
  const builder = new Builder(options);
  try {
    return await builder.build();
  } finally {
    await builder.close();
  }
}

/** The front end, then the emitters when the spec is valid and changed; their files go to `staging`. */
export function compileOne(engine: Engine, job: CompileJob, staging: StagingArea | undefined): CompiledSpec {
  const validated = engine.validate(job.file, job.source);
  if (!job.emit || !validated.model || hasErrors(validated.diagnostics)) return validated;
  const emitted = engine.emitConnector(validated.model);
  const diagnostics = locateByPath(emitted.diagnostics, (file) => (file === job.file ? engine.sourceMap(job.file, job.source) : undefined));
  return { ...validated, emitted: stageOutputs({ files: emitted.files, diagnostics }, staging, job.known) };
}

/** Whether every path in `changed` is one of `specs` (see `BuildOverrides.changed`). */
function namesOnlySpecs(changed: ReadonlySet<string>, specs: readonly SpecFile[]): boolean {
  const known = new Set(specs.map((spec) => spec.absolute));
  for (const file of changed) if (!known.has(file)) return false;
  return true;
}

/** The order the cross-connector step sees the models in: by id, then file (determinism). */
function byIdThenFile(a: ConnectorModel, b: ConnectorModel): number {
  return compareStrings(a.id, b.id) || compareStrings(a.sourceFile, b.sourceFile);
}

/** The hashes `owned` records for `files` (see `CompileJob.known`). */
function knownHashes(files: readonly string[], owned: ReadonlyMap<string, string>): Map<string, string> {
  const known = new Map<string, string>();
  for (const file of files) {
    const hash = owned.get(file);
    if (hash !== undefined) known.set(file, hash);
  }
  return known;
}

/**
 * Hashes generated files and, unless checking, stages those whose hash is not
 * the one `known` records for their path, so only hashes stay in memory.
 */
function stageOutputs(emitted: EmittedFiles, staging: StagingArea | undefined, known?: ReadonlyMap<string, string>): StagedFiles {
  const files = emitted.files.map((file) => {
    const hash = contentHash(file.contents);
    return { path: file.path, hash, ...(staging && known?.get(file.path) !== hash ? { staged: staging.put(file.contents) } : {}) };
  });
  return { files, diagnostics: emitted.diagnostics };
}

/** One worker per core beyond the first, at most 3: each worker loads its own copy of the generators. */
function defaultWorkers(): number {
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

/** Same file, unchanged (`undefined` for a missing file). */
function sameFile(a: FileStat | undefined, b: FileStat | undefined): boolean {
  return a && b ? sameStat(a, b) : a === b;
}

function readText(fs: BuildFs, file: string): string | undefined {
  try {
    return fs.readFile(file).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Reads a spec; a file that vanished or cannot be read becomes a diagnostic. */
function readSpec(fs: BuildFs, spec: SpecFile): { bytes: Buffer; source: string } | Diagnostic {
  try {
    const bytes = fs.readFile(spec.absolute);
    const decoded = decodeSpecBytes(spec.file, bytes);
    return decoded.problem ?? { bytes, source: decoded.source };
  } catch (error) {
    const code = errnoCode(error);
    return code === 'ENOENT'
      ? diagnostic('CC1001', 'error', `Spec file \`${spec.file}\` disappeared during the build.`, { file: spec.file }, 'Nothing was written; run the build again once files have stopped changing.')
      : diagnostic('CC1002', 'error', `Cannot read \`${spec.file}\`: ${code ?? (error as Error).message}.`, { file: spec.file }, 'Check the file permissions.');
  }
}

/** `process 123` on this machine, `process 123 on ci-runner-7` on another. */
function describeHolder(holder: LockHolder): string {
  return holder.host === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
}

function interruptedDiagnostic(shown: (file: string) => string): Diagnostic {
  return diagnostic('CC5005', 'error', 'The build was interrupted before it wrote anything; the output directory is unchanged.', { file: shown('') }, 'Run the build again.');
}

function writeFailure(error: unknown, shown: (file: string) => string): Diagnostic {
  if (!(error instanceof WriteError)) {
    const code = errnoCode(error);
    return diagnostic('CC5001', 'error', `Could not write the output: ${code ?? (error instanceof Error ? error.message : String(error))}.`, { file: shown('') }, 'Check that the output directory is writable and the disk has space.');
  }
  const hint = error.partial
    ? 'The build stopped while moving files into place. Its journal is kept: run `connector-compiler build` again to complete it.'
    : error.code === 'ENOSPC' || error.code === 'EDQUOT'
      ? 'Nothing in the output directory was changed. Free some disk space and run the build again.'
      : error.code === 'ENOTDIR' || error.code === 'EEXIST' || error.code === 'EISDIR'
        ? 'Nothing in the output directory was changed. A file or directory is in the way: move it, or choose another output directory with `--out-dir`.'
      : error.code === SYMLINK_CODE
        ? 'Nothing in the output directory was changed. Replace the symbolic link with a real directory, or choose another output directory with `--out-dir`.'
      : error.code === 'EACCES' || error.code === 'EPERM' || error.code === 'EROFS'
        ? 'Nothing in the output directory was changed. Make the output directory writable (or choose another with `--out-dir`) and run the build again.'
        : 'Nothing in the output directory was changed. Fix the cause and run the build again.';
  return diagnostic('CC5001', 'error', `Could not ${error.action} \`${shown(error.file)}\` (${error.reason}).`, { file: shown(error.file) }, hint);
}
