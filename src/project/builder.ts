/**
 * The project build: `Builder.buildOnce` runs the stages recover output →
 * scan inputs → compile → index → plan → commit → remember, one file each
 * (`recover-output.ts`, `scan-inputs.ts`, `compile-specs.ts`,
 * `index-files.ts`, `plan-output.ts`, `commit-output.ts`,
 * `remember-build.ts`), each handing a typed record (`Scan`, `Compiled`,
 * `Index`, `Planned`) to the next. What the builder keeps between builds
 * (stat records, models, the manifest, the prepared engine, workers) is its
 * `BuilderMemory` (`builder-memory.ts`); the types of its API are in `build-api.ts`.
 */
import path from 'node:path';
import type { BuildOptions, BuildOverrides, BuildResult } from './build-api.js';
import { BuildRun, ended, type Uncommitted } from './build-run.js';
import { BuilderMemory } from './builder-memory.js';
import { recordedHash } from './cache.js';
import { commitOutput } from './commit-output.js';
import { byIdThenFile, compileSpecs } from './compile-specs.js';
import type { FileStat } from './fs.js';
import { indexFiles } from './index-files.js';
import { MANIFEST_PATH } from './output/manifest.js';
import { planOutput } from './plan-output.js';
import { recoverOutput } from './recover-output.js';
import { rememberBuild } from './remember-build.js';
import { scanInputs } from './scan-inputs.js';
import { resolveBuildSettings, type BuildSettings } from './settings.js';
import { readSpec } from './spec-files.js';

export type { BuildOptions, BuildOverrides, BuildProgress, BuildResult, BuildStatus, NoOpEvidence } from './build-api.js';

/** At most this many of the project's specs, or this much time, to warm up the JIT for watch mode (see `Builder.exercise`). */
const WARM_UP_SPECS = 24;
const WARM_UP_MS = 3000;

/**
 * Runs builds of one project, keeping what it learns between them in its
 * `BuilderMemory` — `build --watch` keeps one builder; `buildProject` makes
 * one per call.
 */
export class Builder {
  readonly settings: BuildSettings;
  private readonly memory: BuilderMemory;
  /** Counts builds, so a warm-up can tell one has started and stop (it stops on `close` too). */
  private buildsStarted = 0;
  private closed = false;

  constructor(private readonly options: BuildOptions = {}) {
    this.settings = resolveBuildSettings(options);
    this.memory = new BuilderMemory(options, this.settings);
  }

  /** Stops worker threads; the builder cannot build afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    this.memory.flushCache();
    await this.memory.parallel?.close();
    this.memory.parallel = undefined;
  }

  async build(overrides: BuildOverrides = {}): Promise<BuildResult> {
    this.buildsStarted++;
    this.memory.flushCache();
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
    const memory = this.memory;
    const run = new BuildRun(this.settings, memory.fs, this.options.check === true, overrides.signal ?? this.options.signal, staging);
    const stopped = recoverOutput(run);
    if (stopped) return stopped;
    const scan = await scanInputs(run, memory, overrides);
    if (ended(scan)) return scan;
    const compiled = await compileSpecs(run, memory, scan);
    if (ended(compiled)) return compiled;
    const index = await indexFiles(run, memory, scan, compiled);
    if (ended(index)) return index;
    const plan = planOutput(run, memory, scan, compiled, index);
    if (ended(plan)) return plan;
    if (run.check) return run.result('ok', plan.outcome);
    const failed = commitOutput(run, memory, scan, compiled, plan);
    if (failed) return failed;
    return rememberBuild(run, memory, scan, compiled, plan);
  }

  /**
   * Loads the front end, the emitters and the cached models ahead of the
   * first change, so a watch session's first rebuild does not pay for module
   * loading (about 0.3 s, mostly yaml, ajv and the validator) or reading the cache.
   */
  async warmUp(): Promise<void> {
    const builds = this.buildsStarted;
    const engine = await this.memory.prepareEngine();
    engine.warmUp();
    // A no-op first build loaded no models; the first change needs all of them for the index files.
    const state = this.memory.state;
    if (!state) return;
    const cached = [...state.specs].map(([file, record]) => this.memory.cachedModel(this.memory.modelName(state.key, file, recordedHash(record)!)));
    // The first rebuild's one-time costs, paid now, before the JIT warm-up (which an edit
    // interrupts; these it would have to pay): the manifest parsed and written out once (the
    // writer keeps its lines), the index files rendered once (the emitters keep what they
    // memoise while the options key stays the same). At N = 5,000 the first edit took 1.4 s.
    const stillIdle = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return !this.closed && this.buildsStarted === builds;
    };
    if (!(await stillIdle())) return;
    const manifest = this.memory.readManifest(path.join(this.settings.outDir, ...MANIFEST_PATH.split('/'))).manifest;
    if (manifest) this.memory.manifestWriter.serialize(manifest);
    if (!(await stillIdle())) return;
    if (cached.every((entry) => entry?.model)) {
      const models = cached.map((entry) => entry!.model!).sort(byIdThenFile);
      engine.startBuild(state.key);
      engine.emitIndex(models);
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
    const engine = this.memory.engine!;
    const started = performance.now();
    for (const file of files.slice(0, WARM_UP_SPECS)) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.closed || this.buildsStarted !== builds || performance.now() - started > WARM_UP_MS) return;
      const read = readSpec(this.memory.fs, { file, absolute: path.resolve(this.settings.root, file) });
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
    const searched = this.memory.lastFound?.searched;
    if (!searched) return undefined;
    const dirs = new Map<string, FileStat | undefined>();
    for (const [file, stat] of searched) {
      if (stat?.isDirectory) dirs.set(file, stat);
      else if (!dirs.has(path.dirname(file))) dirs.set(path.dirname(file), undefined);
    }
    return dirs;
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
