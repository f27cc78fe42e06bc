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
  const workers = Array.from({ length: count }, () => new Worker(url, { workerData: settings }));
  for (const worker of workers) worker.unref();
  let nextId = 0;
  let build = 0;

  return {
    async compile(jobs, compileHere, onDone, signal) {
      build++;
      const results = new Map<string, CompiledSpec>();
      let next = 0;
      const take = () => {
        const chunk = jobs.slice(next, next + CHUNK);
        next += chunk.length;
        return chunk;
      };
      let failure: Error | undefined;
      const runWorker = (worker: Worker) =>
        new Promise<void>((resolve, reject) => {
          const send = () => {
            const chunk = signal?.aborted || failure ? [] : take();
            if (chunk.length === 0) {
              worker.off('message', onMessage);
              worker.off('error', onError);
              resolve();
              return;
            }
            worker.postMessage({ id: nextId++, build, jobs: chunk } satisfies ToWorker);
          };
          const onMessage = (message: FromWorker) => {
            if ('error' in message) {
              onError(new Error(message.error));
              return;
            }
            for (const result of message.results) {
              results.set(result.file, result);
              onDone();
            }
            send();
          };
          const onError = (error: Error) => {
            failure = error;
            worker.off('message', onMessage);
            worker.off('error', onError);
            reject(error);
          };
          worker.on('message', onMessage);
          worker.on('error', onError);
          send();
        });
      const running = workers.map(runWorker);
      // This thread works too, one chunk at a time, yielding in between so worker replies are handled.
      try {
        for (let chunk = take(); chunk.length > 0 && !failure; chunk = take()) {
          for (const result of await compileHere(chunk)) results.set(result.file, result);
        }
      } finally {
        await Promise.allSettled(running);
      }
      await Promise.all(running);
      return jobs.map((job) => results.get(job.file)!);
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
