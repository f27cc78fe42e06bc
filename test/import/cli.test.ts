import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/cli.js';
import { FIXTURES } from '../validate/fixture-runner.js';

const SEEDS = path.join(FIXTURES, 'import', 'seeds');

describe('connector-compiler import', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cc-import-'));
    cpSync(path.join(SEEDS, 'input'), path.join(dir, 'pages'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one spec per page, and exits 1 on the API TODO so CI notices', async () => {
    const io = captureIo(undefined, dir);
    expect(await runCli(['import', 'pages/hive__api-key.md', 'pages/linear__api-key.md'], io)).toBe(1);
    const hive = readFileSync(path.join(dir, 'connectors/hive.yaml'), 'utf8');
    // The spec matches the golden of the seed test but for the schema path, which is relative to the temp dir.
    const golden = readFileSync(path.join(SEEDS, 'expected/hive.yaml'), 'utf8');
    expect(hive.split('\n').slice(1).join('\n')).toBe(golden.split('\n').slice(1).join('\n'));
    expect(hive.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schema\/connector-spec\.schema\.json$/);
    expect(existsSync(path.join(dir, 'connectors/linear.yaml'))).toBe(true);
    expect(io.err()).toContain('connectors/hive.yaml:48:9 - error CC3020: The API part of `hive` is still a TODO');
    expect(io.out()).toBe(
      'Imported 2 pages into 2 specs: 4 errors, 0 warnings.\n  connectors/hive.yaml ← pages/hive__api-key.md\n  connectors/linear.yaml ← pages/linear__api-key.md\nNext: fill in each spec\'s `api` and `apply` TODOs, then run `connector-compiler validate`.\n',
    );

    // validate agrees: errors without the flag, warnings with it.
    expect(await runCli(['validate', 'connectors'], captureIo(undefined, dir))).toBe(1);
    const lenient = captureIo(undefined, dir);
    expect(await runCli(['validate', 'connectors', '--allow-incomplete'], lenient)).toBe(0);
    expect(lenient.out()).toBe('2 specs checked: 0 errors, 4 warnings.\n');
  });

  it('--allow-incomplete exits 0; an existing spec is kept without --force and replaced with it', async () => {
    expect(await runCli(['import', 'pages', '--allow-incomplete', '--out', 'specs'], captureIo(undefined, dir))).toBe(0);
    expect(['apollo', 'clayhr', 'hive', 'linear', 'polymer'].every((id) => existsSync(path.join(dir, `specs/${id}.yaml`)))).toBe(true);

    writeFileSync(path.join(dir, 'specs/hive.yaml'), 'hand-edited\n');
    const again = captureIo(undefined, dir);
    expect(await runCli(['import', 'pages/hive__api-key.md', '--allow-incomplete', '--out', 'specs'], again)).toBe(1);
    expect(readFileSync(path.join(dir, 'specs/hive.yaml'), 'utf8')).toBe('hand-edited\n');
    expect(again.err()).toContain('specs/hive.yaml:1:1 - error CC5002: `specs/hive.yaml` already exists; it was not overwritten.');

    expect(await runCli(['import', 'pages/hive__api-key.md', '--allow-incomplete', '--out', 'specs', '--force'], captureIo(undefined, dir))).toBe(0);
    expect(readFileSync(path.join(dir, 'specs/hive.yaml'), 'utf8')).toContain('name: Hive');
  });

  it('--id names the connector; --format json lists specs and diagnostics', async () => {
    writeFileSync(path.join(dir, 'page.md'), readFileSync(path.join(SEEDS, 'input/linear__api-key.md')));
    const io = captureIo(undefined, dir);
    expect(await runCli(['import', 'page.md', '--id', 'linear-app', '--format', 'json'], io)).toBe(1);
    const report = JSON.parse(io.out()) as { specs: { file: string; id: string; pages: string[] }[]; diagnostics: { code: string; severity: string }[] };
    expect(report.specs).toEqual([{ file: 'connectors/linear-app.yaml', id: 'linear-app', pages: ['page.md'] }]);
    expect(report.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['CC3020', 'error'],
      ['CC3020', 'error'],
    ]);
    expect(readFileSync(path.join(dir, 'connectors/linear-app.yaml'), 'utf8')).toContain('id: linear-app\nname: Linear\n');
  });

  it('reads a build\'s docs/ once per page: the .mdx sources, not their .md exports nor the overview pages', async () => {
    const docs = path.join(dir, 'docs/connectors/hive');
    // A build's output: the .mdx source and .md export of one page, and the overview page beside them.
    cpSync(path.join(FIXTURES, '../../generated/docs/connectors/hive'), docs, { recursive: true });
    expect(existsSync(path.join(docs, 'index.mdx')) && existsSync(path.join(docs, 'guides/link-account/api-key.md'))).toBe(true);
    const io = captureIo(undefined, dir);
    expect(await runCli(['import', 'docs', '--allow-incomplete', '--format', 'json'], io)).toBe(0);
    const report = JSON.parse(io.out()) as { specs: { pages: string[] }[]; diagnostics: { code: string; file: string }[] };
    expect(report.specs.map((spec) => spec.pages)).toEqual([['docs/connectors/hive/guides/link-account/api-key.mdx']]);
    expect(report.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['CC3020', 'connectors/hive.yaml'],
      ['CC3020', 'connectors/hive.yaml'],
    ]);
  });

  it('reads the docs site from the project config; --platform-name overrides it', async () => {
    const page = readFileSync(path.join(SEEDS, 'input/hive__api-key.md'), 'utf8').replaceAll('StackOne Hub', 'Acme Hub');
    writeFileSync(path.join(dir, 'hive__api-key.md'), page);
    writeFileSync(path.join(dir, 'connector-compiler.config.json'), '{ "site": { "platformName": "Acme Hub" } }\n');
    const io = captureIo(undefined, dir);
    expect(await runCli(['import', 'hive__api-key.md', '--allow-incomplete', '--format', 'json'], io)).toBe(0);
    const report = JSON.parse(io.out()) as { diagnostics: { code: string }[] };
    // The title `Connect Hive with API Key – Acme Hub` is recognised: no CC4003 about the name or the method.
    expect(report.diagnostics.map((d) => d.code)).toEqual(['CC3020', 'CC3020']);

    const overridden = captureIo(undefined, dir);
    expect(await runCli(['import', 'hive__api-key.md', '--allow-incomplete', '--force', '--format', 'json', '--platform-name', 'StackOne Hub'], overridden)).toBe(0);
    expect((JSON.parse(overridden.out()) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).toEqual(['CC3020', 'CC3020', 'CC4003']);

    writeFileSync(path.join(dir, 'other.json'), '{ "site": { "platformName": 3 } }\n');
    const broken = captureIo(undefined, dir);
    expect(await runCli(['import', 'hive__api-key.md', '--allow-incomplete', '--force', '-c', 'other.json'], broken)).toBe(1);
    expect(broken.err()).toContain('other.json:1:');
  });

  it('reports missing pages and bad usage', async () => {
    const missing = captureIo(undefined, dir);
    expect(await runCli(['import', 'nope.md'], missing)).toBe(1);
    expect(missing.err()).toContain('nope.md:1:1 - error CC1001: `nope.md` does not exist.');
    expect(await runCli(['import'], captureIo(undefined, dir))).toBe(2);
    expect(await runCli(['import', 'pages', '--id', 'Not Valid'], captureIo(undefined, dir))).toBe(2);
  });
});
