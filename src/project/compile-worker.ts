/**
 * A compile worker (see `worker-pool.ts`): validates and emits the chunks of
 * specs it is sent, with its own engine.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { Engine, loadEmitters, type EngineSettings } from './spec-compiler.js';
import { nodeBuildFs } from './fs.js';
import { StagingArea } from './output/writer.js';
import type { FromWorker, ToWorker } from './worker-pool.js';

const settings = workerData as EngineSettings;
const engine = new Engine(settings, await loadEmitters(settings.targets));
let build = -1;
let staging: StagingArea | undefined;

parentPort!.on('message', (message: ToWorker) => {
  let reply: FromWorker;
  if (message.build !== build) {
    // Emitters are prepared once per build, as on the main thread.
    engine.startBuild();
    build = message.build;
    staging = message.staging ? StagingArea.join(message.staging.outDir, message.staging.dir, nodeBuildFs, `w${threadId}-`) : undefined;
  }
  try {
    reply = { id: message.id, results: message.jobs.map((job) => engine.compile(job, staging)) };
  } catch (error) {
    reply = { id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(reply);
});
