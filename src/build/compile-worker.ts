/**
 * A compile worker (see `parallel.ts`): validates and emits the chunks of
 * specs it is sent, with its own engine.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileOne } from './builder.js';
import { Engine, loadEmitters, type EngineSettings } from './engine.js';
import type { FromWorker, ToWorker } from './parallel.js';

const settings = workerData as EngineSettings;
const engine = new Engine(settings, await loadEmitters(settings.targets));
let build = -1;

parentPort!.on('message', (message: ToWorker) => {
  let reply: FromWorker;
  if (message.build !== build) {
    // Emitters are prepared once per build, as on the main thread.
    engine.startBuild();
    build = message.build;
  }
  try {
    reply = { id: message.id, results: message.jobs.map((job) => compileOne(engine, job)) };
  } catch (error) {
    reply = { id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(reply);
});
