import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli.js';
import { CLI, cleanup, requireBuiltCli, runCli, snapshot, tempProject, writeSpec } from '../project/helpers.js';

const SEEDS = path.resolve(__dirname, '../../connectors');
const SEED_IDS = ['apollo', 'clayhr', 'hive', 'linear', 'polymer'];

const run = runCli;

function seedProject(order: readonly string[] = SEED_IDS): string {
  const root = tempProject('cc-cli-');
  for (const id of order) writeSpec(root, `connectors/${id}.yaml`, readFileSync(path.join(SEEDS, `${id}.yaml`), 'utf8'));
  return root;
}

const roots: string[] = [];
beforeAll(requireBuiltCli);
afterAll(() => roots.forEach(cleanup));

describe('connector-compiler build (CLI) under SIGINT', () => {
  it('SIGINT leaves the output fully old or fully new, never mixed', async () => {
    const root = tempProject('cc-sigint-');
    roots.push(root);
    const seed = readFileSync(path.join(SEEDS, 'polymer.yaml'), 'utf8');
    const write = (label: string) => {
      for (let i = 0; i < 12; i++) writeSpec(root, `connectors/c${i}.yaml`, seed.replace('id: polymer', `id: c${i}`).replace('name: Polymer', `name: Polymer ${label} ${i}`));
    };
    write('old');
    expect(run(root, ['build']).code).toBe(0);
    const out = path.join(root, 'generated');
    const old = JSON.stringify(snapshot(out));
    write('new');
    const seen: { code: number | null; state: string }[] = [];
    for (const delay of [700, 1400, 2200]) {
      if (JSON.stringify(snapshot(out)) !== old) break;
      const child = spawn(process.execPath, [CLI, 'build'], { cwd: root, env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGINT');
      const code = await exited;
      seen.push({ code, state: JSON.stringify(snapshot(out)) });
    }
    expect(run(root, ['build']).code).toBe(0);
    const fresh = JSON.stringify(snapshot(out));
    expect(fresh).not.toBe(old);
    for (const { code, state } of seen) {
      // 130: interrupted before the commit. 0: the signal came during or after the (synchronous) commit.
      // null: killed by the signal while Node was still starting, before the handler was installed.
      expect([130, 0, null]).toContain(code);
      expect(state === old ? 'old' : state === fresh ? 'new' : 'mixed').not.toBe('mixed');
      expect(state === fresh).toBe(code === 0);
    }
    expect(seen.some((s) => s.code === 130)).toBe(true);
    expect(Object.keys(snapshot(out)).filter((f) => f.endsWith('.cc-tmp') || f.endsWith('journal.json'))).toEqual([]);
  }, 60_000);
});

describe('connector-compiler new (CLI)', () => {
  it('scaffolds a spec that validates and builds, and refuses to overwrite it or take a bad id', async () => {
    const root = tempProject('cc-new-');
    roots.push(root);
    const created = await runCliInProcess(root, ['new', 'acme-crm', '--name', 'Acme "CRM"']);
    expect(created).toMatchObject({ code: 0, stdout: 'Created connectors/acme-crm.yaml.\nFill in the TODOs, then run `connector-compiler validate connectors/acme-crm.yaml` and `connector-compiler build`.\n' });
    // Every TODO left in a published string is a warning, so the scaffold's text cannot slip into a page unnoticed.
    const validated = await runCliInProcess(root, ['validate']);
    expect(validated).toMatchObject({ code: 0, stdout: '1 spec checked: 0 errors, 5 warnings.\n' });
    expect(validated.stderr.match(/warning CC3029: `TODO` is placeholder text/g)).toHaveLength(5);
    expect(readFileSync(path.join(root, 'connectors/acme-crm.yaml'), 'utf8')).toContain('name: "Acme \\"CRM\\""');
    const again = await runCliInProcess(root, ['new', 'acme-crm']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('connector-compiler new: `connectors/acme-crm.yaml` already exists; nothing was written.\nEdit it, or choose another id.\n');
    expect((await runCliInProcess(root, ['new', 'Acme_CRM'])).code).toBe(2);
    mkdirSync(path.join(root, 'specs'));
    expect((await runCliInProcess(root, ['new', 'other', '--dir', 'specs'])).code).toBe(0);
    expect(statSync(path.join(root, 'specs/other.yaml')).isFile()).toBe(true);
    expect((await runCliInProcess(root, ['build', 'connectors', 'specs'])).code).toBe(0);
  });

  it('prints --help for build and new', async () => {
    expect((await runCliInProcess(SEEDS, ['build', '--help'])).stdout).toMatch(/^Usage: connector-compiler build \[paths…\] \[options\]/);
    expect((await runCliInProcess(SEEDS, ['new', '--help'])).stdout).toMatch(/^Usage: connector-compiler new <id> \[options\]/);
  });
});

describe('parallel build', () => {
  it('compiles on worker threads to exactly the same output as on one thread', async () => {
    const { Builder } = (await import(path.resolve(__dirname, '../../dist/project/builder.js'))) as typeof import('../../src/project/builder.js');
    const serial = seedProject();
    const parallel = seedProject();
    roots.push(serial, parallel);
    const one = new Builder({ root: serial, workers: 0 });
    const two = new Builder({ root: parallel, workers: 1, parallelThreshold: 1 });
    const [a, b] = [await one.build(), await two.build()];
    await Promise.all([one.close(), two.close()]);
    expect([a.status, b.status]).toEqual(['ok', 'ok']);
    expect(snapshot(path.join(parallel, 'generated'))).toEqual(snapshot(path.join(serial, 'generated')));
  });

  it('still builds when node runs with flags a worker thread refuses (e.g. --max-old-space-size)', () => {
    const root = seedProject();
    roots.push(root);
    const builder = path.resolve(__dirname, '../../dist/project/builder.js');
    const script = `const { Builder } = await import(${JSON.stringify(builder)});
const builder = new Builder({ root: ${JSON.stringify(root)}, workers: 1, parallelThreshold: 1 });
const result = await builder.build(); await builder.close();
console.log(result.status, result.written.length);`;
    const result = spawnSync(process.execPath, ['--max-old-space-size=400', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toMatch(/^ok [1-9]\d*$/);
  });
});
