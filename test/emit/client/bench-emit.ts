/**
 * Emit-time benchmark for the client generator (not part of the test run):
 *
 *     npm run build && npx tsx test/emit/client/bench-emit.ts [count]
 *
 * 1. Load cost, each in a fresh `node` process, median of 5: a cold
 *    `import()` of the built client emitter (dist/, so `npm run build`
 *    first), of ts-morph alone, and of both (what the emitter loaded when it
 *    printed with ts-morph); then the same imports in a worker thread, as a
 *    build has a main thread and a worker, and the process CPU time and RSS.
 *    (ts-morph is still a dev dependency, for scripts/bench-client-js.ts.)
 * 2. Time per client over `count` (default 1000) synthetic connectors, copies
 *    of the five seed models under new ids: building the declarations, and
 *    printing them with `declaration-printer.ts` as `.ts`, `.d.ts` and `.js`.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const { clientFile } = await import('../../../src/emit/client/client-file.js');
const { clientJsFiles } = await import('../../../src/emit/client/client-js.js');
const { printFile } = await import('../../../src/emit/client/declaration-printer.js');
const { clientNames } = await import('../../../src/emit/client/identifiers.js');
const { DEFAULT_EMIT_OPTIONS } = await import('../../../src/emit/emitter.js');
const { compileCase, CASES } = await import('./helpers/cases.js');

// ─── Load cost ──────────────────────────────────────────────────────────────

const emitterUrl = new URL('../../../dist/emit/client/index.js', import.meta.url).href;
const root = fileURLToPath(new URL('../../../', import.meta.url));

interface LoadCost {
  /** Wall time of the main thread's imports. */
  readonly ms: number;
  /** CPU time of the whole process, both threads included. */
  readonly cpuMs: number;
  /** Process RSS with the modules loaded in the main thread and in one worker, like a build. */
  readonly rssMb: number;
}

/** Cold `import()` of `specifiers` in a fresh process, then again in a worker thread (the build runs one). */
function loadCost(specifiers: readonly string[]): LoadCost {
  const list = JSON.stringify(specifiers);
  const inWorker = `(async () => { for (const s of ${list}) await import(s); (await import('node:worker_threads')).parentPort.postMessage(0); })();`;
  const script = `
    import { Worker } from 'node:worker_threads';
    const t = performance.now();
    for (const s of ${list}) await import(s);
    const ms = performance.now() - t;
    const worker = new Worker(${JSON.stringify(inWorker)}, { eval: true });
    await new Promise((resolve) => worker.once('message', resolve));
    const cpu = process.cpuUsage();
    console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.memoryUsage().rss / 1048576 }));
    await worker.terminate();`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' })) as LoadCost;
}

function medianLoadCost(specifiers: readonly string[], runs = 5): LoadCost {
  const samples = Array.from({ length: runs }, () => loadCost(specifiers));
  return { ms: median(samples.map((s) => s.ms)), cpuMs: median(samples.map((s) => s.cpuMs)), rssMb: median(samples.map((s) => s.rssMb)) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const loads = {
  'nothing (node alone)': medianLoadCost([]),
  'client emitter (now)': medianLoadCost([emitterUrl]),
  'ts-morph alone': medianLoadCost(['ts-morph']),
  'client emitter + ts-morph (printing with ts-morph)': medianLoadCost(['ts-morph', emitterUrl]),
};
console.log('cold import in a fresh process (main thread), then in a worker; medians of 5:');
for (const [what, cost] of Object.entries(loads)) {
  console.log(`  ${what.padEnd(40)} ${cost.ms.toFixed(0).padStart(5)} ms   process CPU ${cost.cpuMs.toFixed(0).padStart(5)} ms   RSS ${cost.rssMb.toFixed(0)} MB`);
}

// ─── Time per client ────────────────────────────────────────────────────────

const count = Number(process.argv[2] ?? 1000);
const seeds = compileCase(CASES[0]!).models;
const models = Array.from({ length: count }, (_, i) => {
  const seed = seeds[i % seeds.length]!;
  return { ...seed, id: `${seed.id}-${i}`, name: `${seed.name} ${i}` };
});
const settings = { runtimeImport: DEFAULT_EMIT_OPTIONS.runtimeImport };

const build: number[] = [];
const ts: number[] = [];
const js: number[] = [];
let bytes = 0;
for (const model of models) {
  const names = clientNames(model);
  let start = performance.now();
  const file = clientFile(model, names, settings);
  build.push(performance.now() - start);
  start = performance.now();
  bytes += printFile(file, 'ts').length;
  ts.push(performance.now() - start);
  start = performance.now();
  const both = clientJsFiles(model, names, settings.runtimeImport);
  js.push(performance.now() - start);
  bytes += both.js.length + both.dts.length;
}

const summary = (label: string, times: readonly number[]) => {
  const total = times.reduce((a, b) => a + b, 0);
  const sorted = [...times].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(3);
  console.log(`  ${label.padEnd(40)} ${(total / count).toFixed(3)} ms/client (median ${pct(0.5)}, p95 ${pct(0.95)}), ${total.toFixed(0)} ms in all`);
};
console.log(`${count} clients, ${(bytes / 1024 / 1024).toFixed(1)} MiB:`);
summary('build the declarations (.ts)', build);
summary('print the .ts', ts);
summary('build and print the .js + .d.ts', js);
