import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli.js';
import { cleanup, mtimes, requireBuiltCli, runCli, snapshot, tempProject, writeSpec } from '../project/helpers.js';

const SEEDS = path.resolve(__dirname, '../../connectors');
const SEED_IDS = ['apollo', 'clayhr', 'hive', 'linear', 'polymer'];

const run = runCliInProcess;

function seedProject(order: readonly string[] = SEED_IDS): string {
  const root = tempProject('cc-cli-');
  for (const id of order) writeSpec(root, `connectors/${id}.yaml`, readFileSync(path.join(SEEDS, `${id}.yaml`), 'utf8'));
  return root;
}

/** The files a build wrote into `dir`, its bookkeeping left out: there are some, and all are under `prefix`. */
function expectOnlyUnder(dir: string, prefix: string): void {
  const files = Object.keys(snapshot(dir)).filter((f) => !f.startsWith('.connector-compiler/'));
  expect(files.length).toBeGreaterThan(0);
  expect(files.every((f) => f.startsWith(prefix))).toBe(true);
}

const roots: string[] = [];
/** Output of the first test's first build, to compare the determinism test against. */
let firstOutput: Record<string, string> | undefined;
beforeAll(requireBuiltCli);
afterAll(() => roots.forEach(cleanup));

describe('connector-compiler build (CLI)', () => {
  // The built bin, end to end (a real process); the other builds below run in-process.
  it('builds, then writes nothing, then rewrites only a changed spec\'s files, then removes a deleted spec\'s files', () => {
    const root = seedProject();
    roots.push(root);
    const out = path.join(root, 'generated');
    const first = runCli(root, ['build']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Built 5 specs \(5 compiled\) in [\d.]+ m?s: \d+ written, 0 unchanged, 0 removed\.\n$/);
    firstOutput = snapshot(out);
    const files = Object.keys(firstOutput);
    expect(files).toContain('.connector-compiler/manifest.json');
    for (const id of SEED_IDS) expect(files.some((f) => f.includes(id))).toBe(true);

    const before = mtimes(out);
    const second = runCli(root, ['build']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^5 specs up to date in \d+ ms \(\d+ files unchanged\)\.\n$/);
    expect(mtimes(out)).toEqual(before);

    const hive = path.join(root, 'connectors/hive.yaml');
    writeFileSync(hive, readFileSync(hive, 'utf8').replace('name: Hive', 'name: Hive Renamed'));
    const third = runCli(root, ['build', '--verbose']);
    expect(third.code).toBe(0);
    const after = mtimes(out);
    const changed = Object.keys(after).filter((f) => after[f] !== before[f]).sort();
    const listed = [...third.stdout.matchAll(/^ {2}wrote generated\/(.+)$/gm)].map((m) => m[1]!);
    expect(changed).toEqual([...listed, '.connector-compiler/manifest.json'].sort());
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((f) => /hive|index|llms/.test(f))).toBe(true);

    writeFileSync(path.join(out, 'NOTES.md'), 'my notes\n');
    unlinkSync(hive);
    const fourth = runCli(root, ['build']);
    expect(fourth.code).toBe(0);
    expect(fourth.stdout).toMatch(/\d+ written, \d+ unchanged, [1-9]\d* removed/);
    expect(Object.keys(snapshot(out)).filter((f) => f.includes('hive'))).toEqual([]);
    expect(readFileSync(path.join(out, 'NOTES.md'), 'utf8')).toBe('my notes\n');
  });

  it('is byte-identical whatever order the spec files were created in', async () => {
    const backward = seedProject([...SEED_IDS].reverse());
    roots.push(backward);
    expect((await run(backward, ['build', 'connectors/polymer.yaml', 'connectors/linear.yaml', 'connectors'])).code).toBe(0);
    expect(firstOutput).toBeDefined();
    expect(snapshot(path.join(backward, 'generated'))).toEqual(firstOutput);
  });

  it('writes nothing when a spec has an error; --check exits 1 and lists what would change', async () => {
    const root = seedProject();
    roots.push(root);
    const out = path.join(root, 'generated');
    expect((await run(root, ['build', '--targets', 'forms,docs', '--check'])).code).toBe(1);
    expect(existsSync(out)).toBe(false);
    await run(root, ['build', '--targets', 'forms,docs']);
    const before = snapshot(out);
    expect(await run(root, ['build', '--targets', 'forms,docs', '--check'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Checked 5 specs in \d+ ms: generated\/ is up to date\.\n$/) });

    const linear = path.join(root, 'connectors/linear.yaml');
    const good = readFileSync(linear, 'utf8');
    writeFileSync(linear, good.replace('name: Linear', 'name: [Linear'));
    const broken = await run(root, ['build', '--targets', 'forms,docs']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^connectors\/linear\.yaml:\d+:\d+ - error CC1004/);
    expect(broken.stderr).toMatch(/Build failed with 1 error in [\d.]+ m?s; nothing was written to generated\/\.\n$/);
    expect(snapshot(out)).toEqual(before);

    writeFileSync(linear, good.replace('name: Linear', 'name: Linear App'));
    const check = await run(root, ['build', '--targets', 'forms,docs', '--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^ {2}would write generated\/.*linear/m);
    // The check did its job: its summary is on stdout, after the list; exit code 1 says generated/ is stale.
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/\nChecked 5 specs in [\d.]+ m?s: \d+ files? would be written, 0 removed\. Run `connector-compiler build` and commit the result\.\n$/);
    expect(snapshot(out)).toEqual(before);

    const json = await run(root, ['build', '--targets', 'forms,docs', '--check', '--format', 'json']);
    const document = JSON.parse(json.stdout);
    expect(document.diagnostics).toEqual([]);
    expect(document.build).toMatchObject({ status: 'ok', check: true, upToDate: false, specs: 5 });
  });

  it('reads the config file, lets flags override it, and reports unknown keys with their position', async () => {
    const root = seedProject();
    roots.push(root);
    writeFileSync(path.join(root, 'connector-compiler.config.json'), JSON.stringify({ input: ['connectors/*.yaml'], outDir: 'out', targets: ['forms'] }, null, 2));
    expect((await run(root, ['build'])).code).toBe(0);
    expectOnlyUnder(path.join(root, 'out'), 'forms/');

    expect((await run(root, ['build', '--out-dir', 'other', '--targets', 'docs'])).code).toBe(0);
    expectOnlyUnder(path.join(root, 'other'), 'docs/');

    writeFileSync(path.join(root, 'connector-compiler.config.json'), '{\n  "input": ["connectors"],\n  "outdir": "out",\n  "site": { "platform": "X" }\n}\n');
    const bad = await run(root, ['build']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      [
        'connector-compiler.config.json:3:3 - error CC5003: Unknown config key `outdir`.',
        '',
        '  2 |   "input": ["connectors"],',
        '  3 |   "outdir": "out",',
        '    |   ^^^^^^^^^^^^^^^^',
        '',
        '  hint: Did you mean `outDir`?',
        '',
        'connector-compiler.config.json:4:13 - error CC5003: Unknown config key `site.platform`.',
        '',
        '  3 |   "outdir": "out",',
        '  4 |   "site": { "platform": "X" }',
        '    |             ^^^^^^^^^^^^^^^^^',
        '',
        '  hint: Did you mean `platformName`?',
        '',
        'Config has problems; nothing was built.',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await run(root, ['build', '--format', 'json'])).stdout);
    expect(json.diagnostics.map((d: { code: string; line: number; column: number }) => [d.code, d.line, d.column])).toEqual([
      ['CC5003', 3, 3],
      ['CC5003', 4, 13],
    ]);
  });

  it('reads a TypeScript config, and warns when a second config file is ignored', async () => {
    const root = seedProject();
    roots.push(root);
    writeFileSync(path.join(root, 'connector-compiler.config.ts'), "const targets: ('forms' | 'docs')[] = ['forms'];\nexport default { outDir: 'ts-out', targets };\n");
    expect((await run(root, ['build'])).code).toBe(0);
    expectOnlyUnder(path.join(root, 'ts-out'), 'forms/');

    writeFileSync(path.join(root, 'connector-compiler.config.json'), '{ "outDir": "ts-out", "targets": ["forms"] }\n');
    const both = await run(root, ['build']);
    expect(both.code).toBe(0);
    expect(both.stderr).toBe('connector-compiler.config.ts:1:1 - warning CC5003: `connector-compiler.config.ts` is ignored: `connector-compiler.config.json` comes first.\n\n  hint: Keep one config file, or pick one with `--config`.\n\n');
  });

  it('says clearly when the output directory cannot be written, and changes nothing', async () => {
    const root = seedProject();
    roots.push(root);
    writeFileSync(path.join(root, 'generated'), 'a file where the output directory should be\n');
    const result = await run(root, ['build']);
    expect(result.code).toBe(1);
    const [frame, summary] = [result.stderr.slice(0, result.stderr.lastIndexOf('Build failed')), result.stderr.slice(result.stderr.lastIndexOf('Build failed'))];
    expect(frame).toBe('generated:1:1 - error CC5001: The output directory `generated` is a file.\n\n  hint: Nothing was changed. Move the file, or choose another output directory with `--out-dir`.\n\n');
    expect(summary).toMatch(/^Build failed with 1 error in [\d.]+ m?s; nothing was written to generated\/\.\n$/);
    expect(readFileSync(path.join(root, 'generated'), 'utf8')).toBe('a file where the output directory should be\n');
  });
});
