/**
 * Build benchmark (`npm run bench`; not part of `npm test`).
 *
 *   npm run bench                       # N = 100, 1000, 5000
 *   npm run bench -- --sizes 100,1000 --runs 5
 *
 * For each N it synthesizes N realistic specs in a temp directory and prints:
 * the floor (a process that only reads the spec bytes and writes as many
 * output bytes, in as many files, as a build produces), a cold build, a no-op
 * rebuild and a one-spec-changed rebuild (each a whole `connector-compiler
 * build` process, so process start is included), the one-spec-changed rebuild
 * in a warm in-process Builder (what `build --watch` runs) and the end-to-end
 * watch latency (file write → summary line), and peak RSS — each absolute and
 * as a ratio to the floor. Medians over `--runs` runs. Whole-process times are
 * each process's own lifetime, Node's start included (see `timed`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Builder as BuilderClass } from '../src/project/builder.js';
import { WATCH_DEBOUNCE_MS } from '../src/project/watch.js';
import { synthId, synthSpec } from './synth-specs.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Benchmark a private copy of the built compiler: a rebuild of dist/ during the run would change
// the compiler's fingerprint and turn every "incremental" build into a full one.
const install = mkdtempSync(path.join(tmpdir(), 'cc-bench-install-'));
for (const part of ['dist', 'schema', 'templates', 'package.json']) cpSync(path.join(repo, part), path.join(install, part), { recursive: true });
symlinkSync(path.join(repo, 'node_modules'), path.join(install, 'node_modules'));
const cli = path.join(install, 'dist/cli/main.js');
const { Builder } = (await import(path.join(install, 'dist/project/builder.js'))) as { Builder: typeof BuilderClass };

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100,1000,5000' }, runs: { type: 'string', default: '3' }, workers: { type: 'string' }, keep: { type: 'boolean' } } });
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);

/**
 * Runs a command as its own process (via a tiny wrapper that reports the child's CPU time, peak
 * RSS and lifetime). `ms` is the child's own lifetime, from its start (Node's bootstrap included)
 * to the end of the build; `spawnMs` adds what the parent pays to spawn and reap it, which grows
 * with the parent's own heap (this script holds a warm Builder) and is not the compiler's cost.
 */
function timed(cwd: string, args: string[]): { ms: number; spawnMs: number; cpuMs: number; rssMb: number; stdout: string; code: number | null } {
  const wrapper = `import { runCli } from ${JSON.stringify(`file://${cli}`)};
const code = await runCli(${JSON.stringify(args)});
const usage = process.resourceUsage();
process.stderr.write('\\nRSS ' + usage.maxRSS + ' CPU ' + (usage.userCPUTime + usage.systemCPUTime) + ' LIFE ' + performance.now() + '\\n');
process.exitCode = code;`;
  const wrapperFile = path.join(install, 'run-cli.mjs');
  writeFileSync(wrapperFile, wrapper);
  const started = performance.now();
  const result = spawnSync(process.execPath, [wrapperFile], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' }, maxBuffer: 1 << 28 });
  const spawnMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`build failed (${result.status}): ${result.stderr.slice(0, 4000)}`);
  const figure = (name: string) => Number(new RegExp(`${name} ([\\d.]+)`).exec(result.stderr)?.[1] ?? NaN);
  return { ms: figure('LIFE'), spawnMs, cpuMs: figure('CPU') / 1000, rssMb: figure('RSS') / 1024, stdout: result.stdout, code: result.status };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function listFiles(dir: string): { file: string; size: number }[] {
  const out: { file: string; size: number }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    if (full.includes(`${path.sep}.connector-compiler${path.sep}`)) continue;
    out.push({ file: path.relative(dir, full), size: statSync(full).size });
  }
  return out;
}

/** The floor: a fresh Node process that reads every spec and writes the same files, sizes and directories a build wrote. */
function floor(root: string, outputs: { file: string; size: number }[]): number {
  const plan = path.join(root, 'floor-plan.json');
  writeFileSync(plan, JSON.stringify(outputs));
  const script = `import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
const out = 'floor-out';
let bytes = 0; for (const name of readdirSync('connectors')) bytes += readFileSync('connectors/' + name).length;
const plan = JSON.parse(readFileSync('floor-plan.json', 'utf8')); const made = new Set();
for (const { file, size } of plan) { const dir = (out + '/' + file).replace(/\\/[^/]*$/, ''); if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); } writeFileSync(out + '/' + file, 'x'.repeat(size)); }
process.stdout.write('LIFE ' + performance.now());`;
  // Into an empty directory, as the cold build (whose output is removed before it, untimed).
  rmSync(path.join(root, 'floor-out'), { recursive: true, force: true });
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  // The process's own lifetime, like the builds' (see `timed`).
  return Number(/LIFE ([\d.]+)/.exec(result.stdout)![1]);
}

/** End-to-end watch latency: spec written → the rebuild's summary line on stdout. */
async function watchLatency(root: string, specFile: string, n: number, edit: 'rename' | 'wording'): Promise<number[]> {
  const child = spawn(process.execPath, [cli, 'build', '--watch', '--format', 'json'], { cwd: root, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  await lines.next(); // the initial build
  // Let the watcher warm up (it loads the generators after its first build), as a user's first edit would.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    writeFileSync(specFile, synthSpec(0, 100 + i, edit));
    await lines.next();
    out.push(performance.now() - started);
  }
  child.kill('SIGINT');
  await new Promise((resolve) => child.on('exit', resolve));
  return out;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
console.log(`connector-compiler build benchmark — Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), medians of ${runs} runs; load average at start ${loadavg()[0]!.toFixed(1)}\n`);

for (const n of sizes) {
  const root = mkdtempSync(path.join(tmpdir(), `cc-bench-${n}-`));
  mkdirSync(path.join(root, 'connectors'));
  let specBytes = 0;
  for (let i = 0; i < n; i++) {
    const text = synthSpec(i);
    specBytes += Buffer.byteLength(text);
    writeFileSync(path.join(root, 'connectors', `${synthId(i)}.yaml`), text);
  }
  const workerArgs = values.workers !== undefined ? ['--workers', values.workers] : [];
  const clean = () => {
    rmSync(path.join(root, 'generated'), { recursive: true, force: true });
    rmSync(path.join(root, '.connector-compiler-cache'), { recursive: true, force: true });
  };

  const cold: number[] = [];
  const coldCpu: number[] = [];
  const coldRss: number[] = [];
  for (let r = 0; r < Math.max(1, n >= 5000 ? 1 : runs); r++) {
    clean();
    const result = timed(root, ['build', ...workerArgs]);
    cold.push(result.ms);
    coldCpu.push(result.cpuMs);
    coldRss.push(result.rssMb);
  }
  const outputs = listFiles(path.join(root, 'generated'));
  const outBytes = outputs.reduce((sum, o) => sum + o.size, 0);
  const floors = Array.from({ length: runs }, () => floor(root, outputs));
  rmSync(path.join(root, 'floor-out'), { recursive: true, force: true });

  // A build leaves a no-op stamp, and the next no-op is answered from it before the builder loads
  // (src/cli/no-op-stamp.ts). Without the stamp, the builder proves the no-op by stats (and stamps again).
  rmSync(path.join(root, '.connector-compiler-cache', 'no-op'), { recursive: true, force: true });
  const unstampedNoop = timed(root, ['build']);
  if (!/up to date/.test(unstampedNoop.stdout)) throw new Error(`no-op build did work: ${unstampedNoop.stdout}`);
  const noop: number[] = [];
  const noopSpawn: number[] = [];
  const noopCpu: number[] = [];
  const noopRss: number[] = [];
  for (let r = 0; r < runs; r++) {
    const result = timed(root, ['build']);
    if (!/up to date/.test(result.stdout)) throw new Error(`no-op build did work: ${result.stdout}`);
    noop.push(result.ms);
    noopSpawn.push(result.spawnMs);
    noopCpu.push(result.cpuMs);
    noopRss.push(result.rssMb);
  }
  const specFile = path.join(root, 'connectors', `${synthId(0)}.yaml`);
  const changed: number[] = [];
  const changedCpu: number[] = [];
  const changedRss: number[] = [];
  for (let r = 0; r < runs; r++) {
    writeFileSync(specFile, synthSpec(0, r + 1));
    const result = timed(root, ['build']);
    changed.push(result.ms);
    changedCpu.push(result.cpuMs);
    changedRss.push(result.rssMb);
  }

  // Warm, in process, set up as `build --watch` sets up its builder: first build, then warm-up.
  const warm = { rename: [] as number[], wording: [] as number[] };
  const builder = new Builder({ root, workers: 0, watching: true });
  await builder.build();
  await builder.warmUp();
  for (let r = 0; r < runs; r++) {
    for (const edit of ['rename', 'wording'] as const) {
      writeFileSync(specFile, synthSpec(0, 50 + r, edit));
      const started = performance.now();
      // Named, as the watcher names the file it saw change.
      const result = await builder.build({ changed: new Set([specFile]) });
      warm[edit].push(performance.now() - started);
      if (result.compiled !== 1) throw new Error(`warm rebuild compiled ${result.compiled} specs`);
      // A watch session writes its cache right after reporting; don't let that land in the next timing.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await builder.close();
  const watch = { rename: await watchLatency(root, specFile, runs, 'rename'), wording: await watchLatency(root, specFile, runs, 'wording') };

  const nodeStart = median(Array.from({ length: runs }, () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(performance.now()))'], { encoding: 'utf8' }).stdout)));
  const f = median(floors);
  const row = (label: string, ms: number, note = '') => console.log(`  ${label.padEnd(36)} ${fmt(ms).padStart(9)}  ${(ms / f).toFixed(2).padStart(6)}× floor${note}`);
  console.log(`N = ${n.toLocaleString('en-US')}: ${(specBytes / 1e6).toFixed(1)} MB of specs → ${outputs.length.toLocaleString('en-US')} files, ${(outBytes / 1e6).toFixed(1)} MB`);
  row('floor (read specs + write output)', f);
  const extra = (cpu: number[], rss: number[]) => `   cpu ${fmt(median(cpu))}, peak RSS ${median(rss).toFixed(0)} MB`;
  row('cold build (CLI)', median(cold), extra(coldCpu, coldRss));
  row('node start (empty script)', nodeStart, '   for scale: part of every CLI figure');
  row('no-op rebuild (CLI, stamped)', median(noop), `${extra(noopCpu, noopRss)}; ${fmt(median(noopSpawn))} spawn to exit`);
  row('no-op rebuild (CLI, no stamp)', unstampedNoop.ms, `${extra([unstampedNoop.cpuMs], [unstampedNoop.rssMb])}; the builder's own check`);
  row('one spec changed (CLI)', median(changed), extra(changedCpu, changedRss));
  row('one spec reworded (warm, as in watch)', median(warm.wording));
  row('one spec renamed (warm, as in watch)', median(warm.rename), '   every index file changes');
  row('one spec reworded (watch, write→line)', median(watch.wording), `   incl. ${WATCH_DEBOUNCE_MS} ms debounce`);
  row('one spec renamed (watch, write→line)', median(watch.rename));
  console.log('');
  if (!values.keep) rmSync(root, { recursive: true, force: true });
  else console.log(`  kept ${root}\n`);
}
rmSync(install, { recursive: true, force: true });
