import { Worker } from 'node:worker_threads';
import type { CompileJob, CompiledSpec } from './builder.js';
import type { EngineSettings } from './engine.js';

/** Messages between the main thread and a compile worker. */
export type ToWorker = { readonly id: number; readonly build: number; readonly jobs: readonly CompileJob[] };
export type FromWorker = { readonly id: number; readonly results: readonly CompiledSpec[] } | { readonly id: number; readonly error: string };

export interface WorkerPool {
  /**
   * Shares `jobs` between the workers and this thread (`compileHere`), a
   * small chunk at a time, so a slow thread never leaves the other idle.
   * Results come back in job order.
   */
  compile(jobs: readonly CompileJob[], compileHere: (batch: readonly CompileJob[]) => Promise<CompiledSpec[]>, onDone: () => void, signal: AbortSignal | undefined): Promise<CompiledSpec[]>;
  close(): Promise<void>;
}

const CHUNK = 16;

/**
 * Starts `count` compile workers. Each loads the engine itself (they start
 * loading at once, in parallel with the main thread) and compiles chunks of
 * specs; models, diagnostics and file contents come back as structured clones.
 */
export function startWorkers(count: number, settings: EngineSettings): WorkerPool {
  const url = new URL(`./compile-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  // Flags such as `--input-type` are refused by workers; they do not matter to the compile code.
  const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--input-type') && arg !== '-e' && arg !== '--eval');
  const workers = Array.from({ length: count }, () => new Worker(url, { workerData: settings, execArgv }));
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
    async compile(jobs, compileHere, onDone, signal) {
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
      const runWorker = (worker: Worker) =>
        new Promise<void>((resolve) => {
          let inFlight: CompileJob[] = [];
          const finish = () => {
            worker.off('message', onMessage);
            worker.off('error', onError);
            worker.off('exit', onError);
            resolve();
          };
          const send = () => {
            inFlight = signal?.aborted ? [] : take();
            if (inFlight.length === 0) return finish();
            worker.postMessage({ id: nextId++, build, jobs: inFlight } satisfies ToWorker);
          };
          const onMessage = (message: FromWorker) => {
            if ('error' in message) {
              // The worker survives a failed chunk; hand the chunk to this thread, whose error is then reported.
              if (inFlight.length > 0) requeued.push(inFlight);
              inFlight = [];
              return finish();
            }
            for (const result of message.results) {
              results.set(result.file, result);
              onDone();
            }
            send();
          };
          const onError = () => {
            if (inFlight.length > 0) requeued.push(inFlight);
            inFlight = [];
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
