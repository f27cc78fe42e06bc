import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/cli.js';

const ROOT = path.join(import.meta.dirname, '../..');

/** Runs the CLI in-process; stdout and stderr as text. */
async function run(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo(undefined, cwd);
  const code = await runCli(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('one input resolution for build, validate and check-credentials', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cc-inputs-'));
    mkdirSync(path.join(dir, 'specs/more'), { recursive: true });
    cpSync(path.join(ROOT, 'connectors/linear.yaml'), path.join(dir, 'specs/linear.yaml'));
    cpSync(path.join(ROOT, 'connectors/hive.yaml'), path.join(dir, 'specs/more/hive.yaml'));
    // No connectors/ directory: the default would find nothing.
    writeFileSync(path.join(dir, 'connector-compiler.config.json'), '{ "input": ["specs/*.yaml"] }\n');
    writeFileSync(path.join(dir, 'other.config.json'), '{ "input": "specs" }\n');
    writeFileSync(path.join(dir, 'creds.json'), '{ "apiKey": "lin_api_abc123" }\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('validate reads the config\'s input (a glob here), takes -c, and takes globs and paths on the command line', async () => {
    expect(await run(dir, ['validate'])).toEqual({ code: 0, stdout: '1 spec checked: 0 errors, 0 warnings.\n', stderr: '' });
    expect(await run(dir, ['validate', '-c', 'other.config.json'])).toEqual({ code: 0, stdout: '2 specs checked: 0 errors, 0 warnings.\n', stderr: '' });
    expect(await run(dir, ['validate', 'specs/**/*.yaml'])).toEqual({ code: 0, stdout: '2 specs checked: 0 errors, 0 warnings.\n', stderr: '' });
    expect(await run(dir, ['validate', 'specs/more'])).toEqual({ code: 0, stdout: '1 spec checked: 0 errors, 0 warnings.\n', stderr: '' });
    const none = await run(dir, ['validate', 'nothing/*.yaml']);
    expect([none.code, none.stderr.split('\n')[0]]).toEqual([1, 'nothing/*.yaml:1:1 - error CC1006: No connector specs (`*.yaml`) match `nothing/*.yaml`.']);
  });

  it('validate and build see the same specs', async () => {
    const built = await run(dir, ['build', '--check', '--no-cache']);
    expect(built.code).toBe(1); // nothing generated yet
    expect(built.stdout).toMatch(/^Checked 1 spec in /m);
  });

  it('check-credentials finds the connector through the config\'s input, or --specs, or -c', async () => {
    expect(await run(dir, ['check-credentials', 'linear', 'creds.json'])).toMatchObject({ code: 0, stderr: '' });
    const hive = await run(dir, ['check-credentials', 'hive', 'creds.json']);
    expect(hive.code).toBe(2); // not among the config's inputs
    expect((await run(dir, ['check-credentials', 'hive', 'creds.json', '-c', 'other.config.json'])).code).toBe(1); // found; the file lacks Hive's fields
    expect((await run(dir, ['check-credentials', 'hive', 'creds.json', '--specs', 'specs/more'])).code).toBe(1);
  });
});
