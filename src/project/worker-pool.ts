import { Worker } from 'node:worker_threads';
import type { CompileJob, CompiledSpec, EngineSettings } from './spec-compiler.js';

/** Messages between the main thread and a compile worker. */
export type ToWorker = { readonly id: number; readonly build: number; readonly jobs: readonly CompileJob[]; readonly staging?: StagingTarget };
/** Where a worker stages the files it generates (see `StagingArea`). */
export interface StagingTarget {
  readonly outDir: string;
  readonly dir: string;
}
export type FromWorker = { readonly id: number; readonly results: readonly CompiledSpec[] } | { readonly id: number; readonly error: string };

export interface WorkerPool {
  /**
   * Shares `jobs` between the workers and this thread (`compileHere`), a
   * small chunk at a time, so a slow thread never leaves the other idle.
   * Results come back in job order.
   */
  compile(jobs: readonly CompileJob[], staging: StagingTarget | undefined, compileHere: (batch: readonly CompileJob[]) => Promise<CompiledSpec[]>, onDone: () => void, signal: AbortSignal | undefined): Promise<CompiledSpec[]>;
  close(): Promise<void>;
}

const CHUNK = 16;
/**
 * Heap cap of a worker, in MB. Without one, V8 lets each compiling thread's
 * heap grow to several hundred MB of mostly garbage; with it, it collects
 * sooner. A worker that runs out (a pathological spec) dies and its chunk is
 * compiled on the main thread, so the cap never fails a build.
 */
const WORKER_HEAP_MB = 128;
/** Chunks sent to a worker before it has answered the first. */
const IN_FLIGHT = 2;

/**
 * Starts `count` compile workers. Each loads the engine itself (they start
 * loading at once, in parallel with the main thread) and compiles chunks of
 * specs; models, diagnostics and file contents come back as structured clones.
 */
export function startWorkers(count: number, settings: EngineSettings): WorkerPool {
  const url = new URL(`./compile-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  const workers = Array.from({ length: count }, () => createWorker(url, settings)).filter((worker) => worker !== undefined);
  const alive = new Set(workers);
  for (const worker of workers) {
    worker.unref();
    // A worker that failed is never sent work again (e.g. in the next build of `--watch`).
    const drop = () => alive.delete(worker);
    worker.on('error', drop);
    worker.on('exit', drop);
  }
  let nextId = 0;
  let build = 0;

  return {
    async compile(jobs, staging, compileHere, onDone, signal) {
      build++;
      const results = new Map<string, CompiledSpec>();
      let next = 0;
      // Small chunks for small builds, so every thread gets some; at most CHUNK to keep the threads balanced.
      const size = Math.max(1, Math.min(CHUNK, Math.ceil(jobs.length / ((alive.size + 1) * 4))));
      const take = () => {
        const chunk = jobs.slice(next, next + size);
        next += chunk.length;
        return chunk;
      };
      const requeued: CompileJob[][] = [];
      const takeAny = () => requeued.pop() ?? take();
      // A worker that fails (it could not start, or crashed) hands its chunk back; this
      // thread then compiles the rest, so a bug surfaces exactly as in a serial build.
      // Each worker holds two chunks: it starts the second while this thread, busy with a chunk of its
      // own, has not yet read the first one's results (otherwise the worker idles until it does).
      const runWorker = (worker: Worker) =>
        new Promise<void>((resolve) => {
          const inFlight = new Map<number, CompileJob[]>();
          const handBack = () => {
            for (const chunk of inFlight.values()) requeued.push(chunk);
            inFlight.clear();
          };
          const finish = () => {
            worker.off('message', onMessage);
            worker.off('error', onError);
            worker.off('exit', onError);
            resolve();
          };
          const send = () => {
            while (inFlight.size < IN_FLIGHT && !signal?.aborted) {
              const chunk = take();
              if (chunk.length === 0) break;
              const id = nextId++;
              inFlight.set(id, chunk);
              worker.postMessage({ id, build, jobs: chunk, ...(staging ? { staging } : {}) } satisfies ToWorker);
            }
            if (inFlight.size === 0) finish();
          };
          const onMessage = (message: FromWorker) => {
            if ('error' in message) {
              // The worker survives a failed chunk; hand its chunks to this thread, whose error is then reported.
              handBack();
              return finish();
            }
            inFlight.delete(message.id);
            for (const result of message.results) {
              results.set(result.file, result);
              onDone();
            }
            send();
          };
          const onError = () => {
            handBack();
            finish();
          };
          worker.on('message', onMessage);
          worker.on('error', onError);
          worker.on('exit', onError);
          send();
        });
      const running = [...alive].map(runWorker);
      // This thread works too, one chunk at a time, yielding in between so worker replies are handled.
      for (;;) {
        let chunk = takeAny();
        if (chunk.length === 0) {
          // Out of new work: wait for the workers, then pick up whatever a failed one handed back.
          await Promise.all(running);
          chunk = takeAny();
          if (chunk.length === 0) break;
        }
        for (const result of await compileHere(chunk)) results.set(result.file, result);
      }
      return jobs.map((job) => results.get(job.file)!);
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/**
 * A worker with this process's flags (loaders such as tsx must apply to it
 * too). Process-wide flags (`--max-old-space-size` …) are refused by
 * workers: then it starts without flags; if that fails too, the
 * build runs on the main thread.
 */
function createWorker(url: URL, settings: EngineSettings): Worker | undefined {
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  // `-e`/`--input-type` are how the process was started, not how its code is loaded.
  const inherited = process.execArgv.filter((arg) => !arg.startsWith('--input-type') && arg !== '-e' && arg !== '--eval');
  for (const execArgv of [inherited, []]) {
    try {
      return new Worker(url, { workerData: settings, execArgv, resourceLimits });
    } catch {
      // Try the next set of flags.
    }
  }
  return undefined;
}
