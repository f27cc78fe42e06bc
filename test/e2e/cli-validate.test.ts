import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * End to end, as a user runs it: the built CLI (`npm run build` first) in a
 * fresh temporary directory, checking exit codes, stdout, stderr — and that no
 * stack trace ever reaches the user.
 */
const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const POLYMER = readFileSync(fileURLToPath(new URL('../../connectors/polymer.yaml', import.meta.url)), 'utf8');
const STACK_TRACE = /^\s+at .+[:(]\d+:\d+\)?$/m;

let temp = '';
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` before these tests.');
  temp = mkdtempSync(path.join(tmpdir(), 'cc-cli-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A fresh project directory with the given files. */
function project(name: string, files: Record<string, string>): string {
  const dir = path.join(temp, name);
  for (const [file, contents] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), contents);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function run(cwd: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const child = spawn(process.execPath, [CLI, 'validate', ...args], { cwd, env, timeout: 30_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  expect(stderr).not.toMatch(STACK_TRACE);
  expect(stdout).not.toMatch(STACK_TRACE);
  return { status, stdout, stderr };
}

// Each case spawns node; running them side by side keeps the file fast.
describe.concurrent('connector-compiler validate', () => {
  it('exits 0 on clean specs, reading connectors/ by default', async () => {
    const cwd = project('clean', { 'connectors/polymer.yaml': POLYMER });
    expect(await run(cwd)).toEqual({ status: 0, stdout: '1 spec checked: 0 errors, 0 warnings.\n', stderr: '' });
  });

  it('exits 0 with warnings, and prints them', async () => {
    const cwd = project('warning', { 'connectors/polymer.yaml': POLYMER.replace('Click **Continue with Google**', 'Click <b>Continue with Google</b>') });
    const result = await run(cwd);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('1 spec checked: 0 errors, 2 warnings.\n');
    expect(result.stderr.split('\n')[0]).toBe('connectors/polymer.yaml:31:111 - warning CC3014: Raw HTML `<b>` is shown as literal text.');
  });

  it('reports every error of every file in one run, with code frames, and exits 1', async () => {
    const cwd = project('errors', {
      'specs/polymer.yaml': POLYMER.replace('name: Polymer', 'name: [Polymer]').replace('    secret: true\n', '    secert: true\n'),
      'specs/other.yaml': 'id: other\nname: "Other\n',
    });
    const result = await run(cwd, 'specs');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        'specs/other.yaml:2:7 - error CC1004: A quoted string is never closed.',
        '',
        '  1 | id: other',
        '  2 | name: "Other',
        '    |       ^',
        '',
        '  hint: Add the closing `"`; inside double quotes, write a literal `"` as `\\"`.',
        '',
        'specs/polymer.yaml:4:7 - error CC2001: `name` must be a string, not a list.',
        '',
        '  3 | id: polymer',
        '  4 | name: [Polymer]',
        '    |       ^^^^^^^^^',
        '',
        'specs/polymer.yaml:13:5 - error CC2003: Unknown key `secert` in `fields[0]`.',
        '',
        '  12 |     description: Generated under App settings → Your API key. It is shown only once.',
        '  13 |     secert: true',
        '     |     ^^^^^^',
        '',
        '  hint: Did you mean `secret`?',
        '',
        '2 specs checked: 3 errors, 0 warnings.',
        '',
      ].join('\n'),
    );
  });

  it('--format json prints one JSON document on stdout and nothing else', async () => {
    const cwd = project('json', { 'connectors/polymer.yaml': POLYMER.replace('id: polymer', 'id: Polymer') });
    const result = await run(cwd, '--format', 'json');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      diagnostics: [
        {
          code: 'CC2005',
          severity: 'error',
          message: '`id` has the wrong form: it must be kebab-case such as `api-key`.',
          file: 'connectors/polymer.yaml',
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 12,
          path: '/id',
          hint: 'Did you mean `polymer`?',
        },
      ],
    });
    const clean = project('json-clean', { 'connectors/polymer.yaml': POLYMER });
    expect(await run(clean, '--format=json')).toEqual({ status: 0, stdout: '{\n  "diagnostics": []\n}\n', stderr: '' });
  });

  it('invalid YAML, a missing file, an empty file and an empty directory each get a clear message', async () => {
    const cwd = project('broken', { 'bad.yaml': 'id: x\n  name: y\n', 'empty.yaml': '', 'nothing/README.md': 'no specs\n' });
    const result = await run(cwd, 'bad.yaml', 'missing.yaml', 'empty.yaml', 'nothing');
    expect(result.status).toBe(1);
    const headlines = result.stderr.split('\n').filter((line) => / - (error|warning) CC/.test(line));
    expect(headlines).toEqual([
      'bad.yaml:2:3 - error CC1004: `name` is indented 2 spaces, but `id` (line 1) is indented 0 spaces, so it belongs to no mapping around it.',
      'empty.yaml:1:1 - error CC1003: Spec file is empty.',
      'missing.yaml:1:1 - error CC1001: No such file or directory: `missing.yaml`.',
      'nothing:1:1 - error CC1006: No connector specs (`*.yaml`) found in `nothing`.',
    ]);
    expect(result.stderr.endsWith('2 specs checked: 4 errors, 0 warnings.\n')).toBe(true);
  });

  it('a project without connectors/ says so', async () => {
    const cwd = project('no-connectors', { 'README.md': 'hello\n' });
    const result = await run(cwd);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('connectors:1:1 - error CC1001: No such file or directory: `connectors`.\n\n  hint: Check the path; specs live in `connectors/` by default.\n\n0 specs checked: 1 error, 0 warnings.\n');
  });

  it('reads resource limits from connector-compiler.config.json, like build does', async () => {
    const cwd = project('config-limits', { 'connectors/polymer.yaml': POLYMER, 'connector-compiler.config.json': '{ "limits": { "maxBytes": 1000 } }\n' });
    const result = await run(cwd);
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe('connectors/polymer.yaml:1:1 - error CC1008: Spec is 8.7 KB, larger than the 1000 bytes limit.');
    const badConfig = project('config-bad', { 'connectors/polymer.yaml': POLYMER, 'connector-compiler.config.json': '{ "limits": { "maxBytes": -1 } }\n' });
    const bad = await run(badConfig);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^connector-compiler\.config\.json:1:\d+ - error CC5003: /);
  });

  it('exits 2 on usage errors, with the help text', async () => {
    const cwd = project('usage', { 'connectors/polymer.yaml': POLYMER });
    const badOption = await run(cwd, '--frmat', 'json');
    expect(badOption.status).toBe(2);
    expect(badOption.stderr.split('\n')[0]).toBe('connector-compiler validate: Unknown option `--frmat`. Did you mean `--format`?');
    expect(badOption.stderr).toContain('Usage: connector-compiler validate [paths…] [--allow-incomplete] [--format text|json]');
    const badFormat = await run(cwd, '--format', 'xml');
    expect([badFormat.status, badFormat.stderr.split('\n')[0]]).toEqual([2, 'connector-compiler validate: Unknown --format `xml`; use `text` or `json`.']);
    const help = await run(cwd, '--help');
    expect([help.status, help.stdout.split('\n')[0], help.stderr]).toEqual([0, 'Usage: connector-compiler validate [paths…] [--allow-incomplete] [--format text|json]', '']);
  });

  it('hostile input (NUL bytes, ANSI escapes, a 10,000-deep document) still ends in diagnostics', async () => {
    const cwd = project('hostile', {
      'nul.yaml': `id: nul\nname: "a\u0000b"\n\u0000: x\n`,
      'ansi.yaml': `id: ansi\nname: "\u001b[31mred\u001b[0m"\n`,
      'deep.yaml': `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      'deep-block.yaml': Array.from({ length: 1500 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'),
    });
    const result = await run(cwd, '.');
    expect(result.status).toBe(1);
    // Control characters from the spec never reach the terminal raw.
    expect(result.stderr).not.toContain('\u001b[31m');
    expect(result.stderr).toContain('deep.yaml:1:10003 - error CC1009: Spec nests 10001 levels deep; the limit is 64.');
    expect(result.stderr).toContain('deep-block.yaml:1500:1500 - error CC1009: Spec nests 1500 levels deep; the limit is 64.');
    // A NUL byte in a key is shown escaped, never written to the terminal.
    expect(result.stderr).toContain('nul.yaml:3:1 - error CC2003: Unknown key `\\u0000` at the top level of the spec.');
    expect(result.stderr).not.toContain('\u0000');
  });
});
