/**
 * The project build: `Builder.buildOnce` runs the stages recover output →
 * scan inputs → compile → index → plan → commit → remember.
 *
 * Why this file is still ~1,000 lines: the `Builder` keeps what it learns
 * between builds (stat records, models, the manifest it last read or wrote,
 * the prepared engine, worker threads), and every stage reads and updates that
 * memory, so the stages are its methods, in order, each handing a typed record
 * (`Scan`, `Compiled`, `Index`, `Planned`) to the next. What needs none of it
 * lives elsewhere: the first stage (`recover-output.ts`), the messages
 * (`build-messages.ts`), the per-spec compiler (`spec-compiler.ts`), the
 * output directory (`output/`). Next step: the memory as its own object, so
 * the scan and remember stages (the two largest) can move to their own files.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { compareStrings, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { decodeSpecBytes } from '../load/decode.js';
import type { ConnectorModel } from '../model/connector-model.js';
import { locateByPath } from '../validate/locate-diagnostics.js';
import { abandonedFile, changedWhileBuilding, interrupted, keptSpecUnavailable, missingTemplates, outputConflict, specDisappeared, specUnreadable, subsetAfterCompilerChange, unreadableManifest, unsafeManifest, writeFailure } from './build-messages.js';
import { BuildRun, ended, type Uncommitted } from './build-run.js';
import { BuildCache, linkToManifest, recordedHash, statRecord, upToDateByStats, withKey, trustedHash, type BuildState, type CachedSpec, type SpecWarnings, type StatRecord } from './cache.js';
import { compilerFingerprint, compilerVersion } from './fingerprint.js';
import { errnoCode, nodeBuildFs, recordingFs, sameStat, type BuildFs, type FileStat, type StatEvidence } from './fs.js';
import { contentHash } from './hash.js';
import { META_DIR, MANIFEST_PATH, MANIFEST_VERSION, ManifestWriter, readManifestText, unownedFiles, type Manifest, type ManifestProblem, type ManifestSpec } from './output/manifest.js';
import { applyChanges, planOutput as planChanges, unsafeOutputPath, type Plan } from './output/plan.js';
import { JOURNAL_PATH, StagingArea, WriteError, writeError, type Recovery, type StagedWrite } from './output/writer.js';
import { recoverOutput } from './recover-output.js';
import { optionsHash, resolveBuildSettings, type BuildSettings, type BuildSettingsInput } from './settings.js';
import type { CompileJob, CompiledSpec, EmittedOutput, Engine, EmitterSet, StagedFiles } from './spec-compiler.js';
import { findSpecs, type FoundSpecs, type SpecFile } from './spec-files.js';
import { checkUniqueIds } from '../validate/validate-project.js';
import type { WorkerPool } from './worker-pool.js';

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

/** A scanned spec with its content hash. */
interface HashedSpec extends ScannedSpec {
  readonly hash: string;
}

/** What "scan inputs" hands on: the specs, the previous build's record (manifest and stat cache), and what changed. */
interface Scan {
  /** Compiler + options key of this build. */
  readonly key: string;
  /** Hash of the options (`Manifest.options`). */
  readonly options: string;
  readonly found: FoundSpecs;
  /** The cache's state under `key`, as this build found it. */
  readonly state: BuildState;
  readonly scanned: readonly HashedSpec[];
  readonly manifest: Manifest | undefined;
  readonly manifestText: string | undefined;
  readonly manifestStat: FileStat | undefined;
  /** The manifest's files table (this builder's own copy; empty without a manifest). */
  readonly owned: ReadonlyMap<string, string>;
  /** The manifest's specs, when their outputs may be reused (same compiler version, code and options). */
  readonly previousSpecs: ReadonlyMap<string, ManifestSpec> | undefined;
  /** Specs to emit again: new, changed, or with an output missing or edited. */
  readonly dirty: ReadonlySet<string>;
  readonly present: ReadonlySet<string>;
  /** In a subset build, the specs the manifest lists that were not named. */
  readonly keptSpecs: readonly string[];
  /** Stat records: of the specs, of the outputs stat-ed in this build, and of every owned output. */
  readonly specStats: Map<string, StatRecord>;
  readonly fileStats: Map<string, StatRecord>;
  readonly records: Map<string, StatRecord>;
  /** An output's content hash on disk (stat first), `undefined` when absent. */
  readonly diskHash: (relative: string) => string | undefined;
  /** `BuildResult.noOpEvidence`, given the stats of the specs, outputs and manifest. */
  readonly evidence: (stats: readonly StatEvidence[], files: number) => NoOpEvidence | undefined;
}

/** What "compile" hands on: every spec's result, and the models in the order the index sees them. */
interface Compiled {
  readonly compiled: Map<string, CompiledSpec>;
  /** Kept specs of a subset build, with their model names. */
  readonly keptNames: ReadonlyMap<string, string>;
  readonly models: readonly ConnectorModel[];
  readonly counts: { readonly specs: number; readonly compiled: number };
}

/** What "index" hands on: the cross-connector files and their warnings. */
interface Index {
  readonly files: StagedFiles;
  readonly warnings: readonly Diagnostic[];
}

/** What "plan" hands on: the changes, where each file was staged, and the next manifest. */
interface Planned {
  readonly plan: Plan;
  readonly stagedAs: Map<string, string>;
  readonly ownerOf: ReadonlyMap<string, string>;
  readonly nextManifest: Manifest;
  readonly nextManifestText: string;
  readonly indexWarnings: readonly Diagnostic[];
  readonly outcome: { readonly specs: number; readonly compiled: number; readonly written: readonly string[]; readonly removed: readonly string[]; readonly unchanged: number; readonly abandoned: readonly string[]; readonly manifestChanged: boolean };
}

/** Thrown inside the compile loop when the build's signal is aborted. */
export class Interrupted extends Error {}


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
  /** The package version, all the committed manifest records of the compiler (see `Manifest.compiler`). */
  private version: string | undefined;
  /** The last manifest text hashed, and its hash (see `BuildState.generated`). */
  private manifestHashMemo: { readonly text: string; readonly hash: string } | undefined;
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

  /**
   * One build, stage by stage, as `compile()` reads: recover output → scan
   * inputs → compile → index → plan → commit → remember. A stage that ends
   * the build (an error, nothing to do, `--check`) returns its `BuildResult`.
   */
  private async buildOnce(overrides: BuildOverrides, staging: Uncommitted): Promise<BuildResult> {
    const run = new BuildRun(this.settings, this.fs, this.options.check === true, overrides.signal ?? this.options.signal, staging);
    const stopped = recoverOutput(run);
    if (stopped) return stopped;
    const scan = await this.scanInputs(run, overrides);
    if (ended(scan)) return scan;
    const compiled = await this.compileSpecs(run, scan);
    if (ended(compiled)) return compiled;
    const index = await this.indexFiles(run, scan, compiled);
    if (ended(index)) return index;
    const plan = this.planOutput(run, scan, compiled, index);
    if (ended(plan)) return plan;
    if (run.check) return run.result('ok', plan.outcome);
    const failed = this.commit(run, scan, compiled, plan);
    if (failed) return failed;
    return this.remember(run, scan, compiled, plan);
  }

  /**
   * Scan inputs: the compiler's fingerprint and the options; the specs found,
   * each hashed (from its stat when the cache vouches for it); the manifest;
   * which specs are dirty. Ends the build when stats alone, or hashes, prove
   * nothing changed — without loading the compiler's front end or emitters.
   */
  private async scanInputs(run: BuildRun, overrides: BuildOverrides): Promise<Scan | BuildResult> {
    const { fs, settings, diagnostics, out, outFile } = run;
    // What the output depends on besides the specs.
    if (settings.emit.templatesDir !== undefined && !fs.stat(settings.emit.templatesDir)?.isDirectory) {
      return run.fail(missingTemplates(path.relative(settings.root, settings.emit.templatesDir) || '.', settings.emit.templatesDir));
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

    // Specs and the previous build's record.
    const lastFound = this.sameSpecsAsLastTime();
    const found = lastFound ?? (await findSpecs(settings.inputs, settings.root, [settings.outDir, ...(settings.cacheDir ? [path.dirname(settings.cacheDir)] : [])]));
    this.lastFound = found.searched && found.diagnostics.length === 0 ? found : undefined;
    diagnostics.push(...found.diagnostics);
    if (hasErrors(diagnostics)) return run.result('failed');
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
      if (!run.check && this.state !== linkedState) this.cache.writeState(this.state);
      diagnostics.push(...Builder.replayedWarnings(linkedState, found.specs.map((spec) => ({ file: spec.file, hash: recordedHash(linkedState.specs.get(spec.file)) }))));
      this.addSources(run, found.specs.map((spec) => ({ spec })));
      const noOpEvidence = evidence(statsSeen, linkedState.files.size);
      return run.result('ok', { specs: found.specs.length, unchanged: linkedState.files.size, ...(noOpEvidence ? { noOpEvidence } : {}) });
    }
    const { text: manifestText, manifest, problem: manifestProblem, stat: manifestStat } = this.readManifest(outFile(MANIFEST_PATH));
    if (manifestProblem?.kind === 'malformed') diagnostics.push(unreadableManifest(out));
    else if (manifestProblem?.kind === 'unsafe') {
      // A committed file, so as untrusted as a pull request: never act on it (it owns nothing).
      const force = this.options.force === true;
      diagnostics.push(unsafeManifest(out, manifestProblem, force));
      if (!force) return run.result('failed', { specs: found.specs.length });
    }
    const owned: ReadonlyMap<string, string> = manifest?.files ?? new Map();
    this.version ??= compilerVersion();
    // The previous specs' outputs are reused only when this compiler's code generated the output as it
    // is: the manifest names the version, and the local cache the code fingerprint (see `BuildState.generated`).
    const generatedHere = manifestText !== undefined && stored?.generated?.compiler === this.compiler && stored.generated.manifest === this.manifestHash(manifestText);
    const previousSpecs = manifest?.compiler === this.version && manifest.options === options && generatedHere ? manifest.specs : undefined;
    const subset = this.options.subset === true;
    // The other connectors' files were generated by another compiler or with other options: keeping
    // them beside this build's would leave `generated/` inconsistent, under one manifest.
    if (subset && manifest && !previousSpecs) return run.fail(subsetAfterCompilerChange(out), { specs: found.specs.length });
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

    // Which specs changed: stat first, hash only when the stat differs from the cached one.
    // A watch rebuild told which files changed stats only those, when all of them are known specs.
    const named = watchRebuild && lastFound && overrides.changed && overrides.changed.size > 0 && namesOnlySpecs(overrides.changed, found.specs) ? overrides.changed : undefined;
    const scanned: HashedSpec[] = [];
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
    this.state = { version: state.version, key, ...(fingerprint ? { compiler: fingerprint } : {}), ...(state.generated ? { generated: state.generated } : {}), specs: specStats, files: records, warnings: state.warnings, ...(state.indexWarnings ? { indexWarnings: state.indexWarnings } : {}) };

    if (hasErrors(diagnostics)) {
      this.addSources(run, scanned);
      return run.result('failed', { specs: found.specs.length });
    }

    // Nothing changed: done without loading the compiler's front end or emitters.
    if (dirty.size === 0 && removedSpecs.length === 0 && indexIntact) {
      diagnostics.push(...Builder.replayedWarnings(state, scanned.map(({ spec, hash }) => ({ file: spec.file, hash }))));
      this.addSources(run, scanned);
      if (manifest) this.state = linkToManifest(this.state, manifest, manifestStat);
      statsChanged ||= this.state.manifest?.join() !== state.manifest?.join();
      if (!run.check && statsChanged) this.cache.writeState(this.state);
      return run.result('ok', { specs: found.specs.length, unchanged: owned.size });
    }
    return { key, options, found, state, scanned, manifest, manifestText, manifestStat, owned, previousSpecs, dirty, present, keptSpecs, specStats, fileStats, records, diskHash, evidence };
  }

  /**
   * Compile: the dirty specs validated and emitted (their files staged as they
   * come), the other models taken from the cache or validated again; then
   * connector ids checked across specs.
   */
  private async compileSpecs(run: BuildRun, scan: Scan): Promise<Compiled | BuildResult> {
    const { fs, settings, diagnostics, out, staging } = run;
    const { key, manifest, owned, dirty, keptSpecs, scanned, found } = scan;
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
      diagnostics.push(keptSpecUnavailable(out, file, bytes === undefined));
    }
    const namedJobs = jobs.filter((job) => !keptNames.has(job.file)).length;
    if (hasErrors(diagnostics)) return run.result('failed', { specs: found.specs.length });
    try {
      // Generated files are staged as they are produced (see `StagingArea`), not held until the commit.
      if (!run.check) staging.area = StagingArea.open(settings.outDir, fs);
      for (const spec of await this.compileJobs(jobs, run.signal, staging.area, key)) compiled.set(spec.file, spec);
    } catch (error) {
      if (error instanceof WriteError) return run.fail(writeFailure(out, error), { specs: found.specs.length, compiled: namedJobs });
      if (!(error instanceof Interrupted)) throw error;
      run.diagnostics.push(interrupted(out));
      return run.result('interrupted', { specs: found.specs.length, compiled: namedJobs });
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
    const counts = { specs: found.specs.length, compiled: namedJobs };
    if (hasErrors(diagnostics)) {
      this.addSources(run, scanned);
      return run.result('failed', counts);
    }
    // The order the cross-connector step sees the models in: by id, then file (determinism).
    const models = validated.map((spec) => spec.model!).sort(byIdThenFile);
    return { compiled, keptNames, models, counts };
  }

  /** Index: the cross-connector files, from every model in id order (not file order: determinism). */
  private async indexFiles(run: BuildRun, scan: Scan, { models, counts }: Compiled): Promise<Index | BuildResult> {
    this.engine ??= await this.loadEngine();
    let files: StagedFiles;
    try {
      files = this.engine.stageIndex(models, run.staging.area, scan.manifest ? knownHashes(scan.manifest.index, scan.owned) : undefined);
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      return run.fail(writeFailure(run.out, error), counts);
    }
    const warnings = this.locateInSpecs(files.diagnostics, scan.scanned);
    run.diagnostics.push(...warnings);
    if (hasErrors(run.diagnostics)) {
      this.addSources(run, scan.scanned);
      return run.result('failed', counts);
    }
    return { files, warnings };
  }

  /**
   * Plan: the diff against the disk and the next manifest. The files that may
   * change are those of the specs re-emitted or removed and of the index (and
   * any the manifest lists without an owner); the others stay. Conflicts
   * (hand edits, files the compiler does not own) end the build here.
   */
  private planOutput(run: BuildRun, scan: Scan, { compiled, counts }: Compiled, index: Index): Planned | BuildResult {
    const { manifest, owned, dirty, present, keptSpecs, previousSpecs, scanned } = scan;
    const subset = this.options.subset === true;
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
    for (const file of index.files.files) claim(file, INDEX_OWNER);
    const plan = planChanges({ owned, replaced, emitted, force: this.options.force === true }, scan.diskHash);
    for (const conflict of plan.conflicts) run.diagnostics.push(outputConflict(run.out, conflict));
    for (const file of plan.abandoned) run.diagnostics.push(abandonedFile(run.out, file));
    if (hasErrors(run.diagnostics)) return run.result('failed', counts);
    // The manifest's files table is this builder's own copy (see `readManifest`): it becomes the next
    // manifest's in place, as copying 8,000 entries on every watch rebuild cost more than the change.
    // Until the commit, `staging.undo` puts it back.
    const manifestFiles = owned as Map<string, string>;
    const undoChanges = applyChanges(manifestFiles, plan.changes);
    run.staging.undo = () => {
      undoChanges();
      this.manifestWriter.forget();
    };
    const nextManifest: Manifest = { version: MANIFEST_VERSION, compiler: this.version!, options: scan.options, specs: specEntries, index: index.files.files.map((file) => file.path), files: manifestFiles };
    const nextManifestText = this.manifestWriter.serialize(nextManifest, plan.changes.keys());
    const manifestChanged = nextManifestText !== scan.manifestText;
    const outcome = { ...counts, written: plan.writes, removed: plan.removes, unchanged: plan.unchanged, abandoned: plan.abandoned, manifestChanged };
    this.addSources(run, scanned);
    return { plan, stagedAs, ownerOf, nextManifest, nextManifestText, indexWarnings: index.warnings, outcome };
  }

  /** Commit: all or nothing (a journal lets the next build finish a commit cut short). `undefined` once committed. */
  private commit(run: BuildRun, scan: Scan, { compiled, models }: Compiled, planned: Planned): BuildResult | undefined {
    const { fs, out, staging } = run;
    const { plan, stagedAs, ownerOf, outcome } = planned;
    if (run.signal?.aborted) {
      run.diagnostics.push(interrupted(out));
      return run.result('interrupted', outcome);
    }
    if (plan.writes.length === 0 && plan.removes.length === 0 && !outcome.manifestChanged) return undefined;
    const area = staging.area!;
    let writes: StagedWrite[];
    try {
      this.stageMissing(plan.writes, stagedAs, ownerOf, compiled, models, area);
      writes = plan.writes.map((file) => ({ path: file, staged: stagedAs.get(file)! }));
      if (outcome.manifestChanged) writes.push({ path: MANIFEST_PATH, staged: area.put(planned.nextManifestText) });
    } catch (error) {
      return run.fail(writeFailure(out, error instanceof WriteError ? error : writeError(error, META_DIR, 'create the directory', false)), outcome);
    }
    try {
      // The lock is held, so only something other than a build (a checkout, a hand edit) can have changed it.
      if (!sameFile(fs.stat(run.outFile(MANIFEST_PATH)), scan.manifestStat)) return run.fail(changedWhileBuilding(out), outcome);
      // From here the commit cleans up after itself, or leaves its journal for the next build to finish.
      staging.area = undefined;
      area.commit(writes, plan.removes);
    } catch (error) {
      return run.fail(writeFailure(out, error), { ...outcome, ...(error instanceof WriteError && error.partial ? { partial: true } : {}) });
    }
    return undefined;
  }

  /**
   * Remember what was built, for the next build. Committed (or nothing to
   * commit): the manifest's table stands. The stat records (this build's own
   * table) follow it in place: only files written, stat-ed or whose entry
   * changed need looking at, unless records are missing.
   */
  private remember(run: BuildRun, scan: Scan, { compiled, keptNames }: Compiled, planned: Planned): BuildResult {
    const { fs, outFile } = run;
    const { records, fileStats, specStats, state, scanned, manifest, found } = scan;
    const { plan, nextManifest, nextManifestText, outcome } = planned;
    const manifestFiles = nextManifest.files as Map<string, string>;
    run.staging.undo = undefined;
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
      const name = this.modelName(scan.key, spec.file, hash);
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
    const nextManifestStat = outcome.manifestChanged ? fs.stat(outFile(MANIFEST_PATH)) : scan.manifestStat;
    const { indexWarnings: _previous, ...previousState } = this.state!;
    const indexWarnings = planned.indexWarnings;
    const generated = { compiler: this.compiler!, manifest: this.manifestHash(nextManifestText) };
    const unlinked: BuildState = { ...previousState, generated, files: records, warnings, ...(indexWarnings.length > 0 ? { indexWarnings } : {}) };
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
    return run.result('ok', { ...outcome, ...(noOpEvidence ? { noOpEvidence } : {}) });

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
      return scan.evidence(seen, nextManifest.files.size);
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
      const staged = owner === INDEX_OWNER ? this.engine!.stageIndex(models, area) : this.engine!.stageConnector(compiled.get(owner)!.model!, area);
      for (const file of staged.files) if (!stagedAs.has(file.path)) stagedAs.set(file.path, file.staged!);
    }
  }

  /** The content hash of a manifest's text, remembered for the last text (a watch rebuild hashes the one it wrote). */
  private manifestHash(text: string): string {
    if (this.manifestHashMemo?.text !== text) this.manifestHashMemo = { text, hash: contentHash(text) };
    return this.manifestHashMemo.hash;
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
    const { Engine, loadEmitters } = await import('./spec-compiler.js');
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
      const { startWorkers } = await import('./worker-pool.js');
      this.parallel = startWorkers(workers, { targets: this.settings.targets, emit: this.settings.emit, limits: this.settings.limits, allowIncomplete: this.settings.allowIncomplete });
    }
    this.engine ??= await this.loadEngine();
    this.engine.startBuild(optionsKey);
    const engine = this.engine;
    const compileHere = async (batch: readonly CompileJob[]): Promise<CompiledSpec[]> => {
      const out: CompiledSpec[] = [];
      for (const job of batch) {
        if (signal?.aborted) throw new Interrupted();
        out.push(engine.compile(job, staging));
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

  private addSources(run: BuildRun, scanned: readonly ScannedSpec[]): void {
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
    return code === 'ENOENT' ? specDisappeared(spec.file) : specUnreadable(spec.file, code ?? (error as Error).message);
  }
}
