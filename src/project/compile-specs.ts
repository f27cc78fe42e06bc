/** The build's third stage, "compile" (see `compileSpecs`), and what it hands on (`Compiled`). */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { compareStrings, hasErrors } from '../diagnostics/diagnostic.js';
import { decodeSpecBytes } from '../load/decode.js';
import type { ConnectorModel } from '../model/connector-model.js';
import { checkUniqueIds } from '../validate/validate-project.js';
import type { BuildResult } from './build-api.js';
import { interrupted, keptSpecUnavailable, writeFailure } from './build-messages.js';
import type { BuildRun } from './build-run.js';
import type { BuilderMemory } from './builder-memory.js';
import { contentHash } from './hash.js';
import { StagingArea, WriteError } from './output/writer.js';
import type { Scan } from './scan-inputs.js';
import type { CompileJob, CompiledSpec } from './spec-compiler.js';
import { readSpec } from './spec-files.js';

/** What "compile" hands on: every spec's result, and the models in the order the index sees them. */
export interface Compiled {
  readonly compiled: Map<string, CompiledSpec>;
  /** Kept specs of a subset build, with their model names. */
  readonly keptNames: ReadonlyMap<string, string>;
  readonly models: readonly ConnectorModel[];
  readonly counts: { readonly specs: number; readonly compiled: number };
}

/** Thrown inside the compile loop when the build's signal is aborted. */
export class Interrupted extends Error {}

/** Below this many specs to compile, starting a worker costs more than it saves (see docs/build.md). */
const PARALLEL_THRESHOLD = 150;
/** Specs compiled between two turns of the event loop. */
const BATCH = 8;

/**
 * Compile: the dirty specs validated and emitted (their files staged as they
 * come), the other models taken from the cache or validated again; then
 * connector ids checked across specs.
 */
export async function compileSpecs(run: BuildRun, memory: BuilderMemory, scan: Scan): Promise<Compiled | BuildResult> {
  const { fs, settings, diagnostics, out, staging } = run;
  const { key, manifest, owned, dirty, keptSpecs, scanned, found } = scan;
  const compiled = new Map<string, CompiledSpec>();
  const jobs: CompileJob[] = [];
  for (const entry of scanned) {
    const name = memory.modelName(key, entry.spec.file, entry.hash);
    const cached = dirty.has(entry.spec.file) ? undefined : memory.cachedModel(name);
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
    const name = memory.modelName(key, file, hash);
    keptNames.set(file, name);
    const cached = memory.cachedModel(name);
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
    for (const spec of await compileJobs(memory, jobs, run.signal, staging.area, key)) compiled.set(spec.file, spec);
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
  diagnostics.push(...memory.locateInSpecs(checkUniqueIds(declared), scanned));
  const counts = { specs: found.specs.length, compiled: namedJobs };
  if (hasErrors(diagnostics)) {
    memory.addSources(run, scanned);
    return run.result('failed', counts);
  }
  // The order the cross-connector step sees the models in: by id, then file (determinism).
  const models = validated.map((spec) => spec.model!).sort(byIdThenFile);
  return { compiled, keptNames, models, counts };
}

/** Validates (and, for changed specs, emits) on this thread, or shares the work with workers for big cold builds. */
async function compileJobs(memory: BuilderMemory, jobs: readonly CompileJob[], signal: AbortSignal | undefined, staging: StagingArea | undefined, optionsKey: string): Promise<CompiledSpec[]> {
  const total = jobs.length;
  let done = 0;
  const onDone = () => {
    done++;
    memory.options.onProgress?.({ done, total });
  };
  const workers = memory.options.workers ?? defaultWorkers();
  const threshold = memory.options.parallelThreshold ?? PARALLEL_THRESHOLD;
  // Workers use the real disk, so an injected file system (fault tests) keeps the build on this thread.
  if (!memory.parallel && workers > 0 && !memory.options.emitters && !memory.options.fs && jobs.length >= threshold) {
    // Started before this thread loads the engine, so both threads load it at the same time.
    const { startWorkers } = await import('./worker-pool.js');
    memory.parallel = startWorkers(workers, memory.engineSettings());
  }
  const engine = await memory.prepareEngine();
  engine.startBuild(optionsKey);
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
  if (memory.parallel && jobs.length >= threshold) return memory.parallel.compile(jobs, staging ? { outDir: memory.settings.outDir, dir: staging.dir } : undefined, compileHere, onDone, signal);
  const out: CompiledSpec[] = [];
  for (let i = 0; i < jobs.length; i += BATCH) out.push(...(await compileHere(jobs.slice(i, i + BATCH))));
  return out;
}

/** The order the cross-connector step sees the models in: by id, then file (determinism). */
export function byIdThenFile(a: ConnectorModel, b: ConnectorModel): number {
  return compareStrings(a.id, b.id) || compareStrings(a.sourceFile, b.sourceFile);
}

/** The hashes `owned` records for `files` (see `CompileJob.known`). */
export function knownHashes(files: readonly string[], owned: ReadonlyMap<string, string>): Map<string, string> {
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
