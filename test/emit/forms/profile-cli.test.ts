/** `check-credentials --profile`: an OAuth 2.0 method's connector profile is checked with its admin form's rules. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/cli.js';
import { ROOT } from './helpers.js';

const SECRET = 'lin_cs_4eC39HqLyjWDarjtT1zdp7dc';
const dir = mkdtempSync(path.join(tmpdir(), 'cc-check-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: readonly string[], files: Record<string, string>) {
  for (const [name, contents] of Object.entries(files)) writeFileSync(path.join(dir, name), contents);
  const io = captureIo(undefined, dir);
  const code = await runCli(['check-credentials', ...args, '--specs', path.join(ROOT, 'test/fixtures/forms/oauth2/input')], io);
  return { code, out: io.out(), err: io.err() };
}

describe('check-credentials --profile', () => {
  it('accepts the OAuth app of the connector profile', async () => {
    expect(await run(['linear', '--method', 'oauth2', '--profile', 'app.json'], { 'app.json': `{ "clientId": "abc", "clientSecret": "${SECRET}" }\n` })).toEqual({
      code: 0,
      out: 'app.json: valid credentials for Linear — OAuth 2.0 connector profile.\n',
      err: '',
    });
  });

  it('reports a missing Client Secret and an end-user field, never the values', async () => {
    const result = await run(['linear', '--method', 'oauth2', '--profile', '--format', 'json', 'bad.json'], { 'bad.json': `{ "clientId": "abc", "apiKey": "${SECRET}" }\n` });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out) as { method: string; valid: boolean; diagnostics: { code: string; message: string }[] };
    expect([report.method, report.valid]).toEqual(['oauth2', false]);
    expect(report.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['CC6001', 'Client Secret is required.'],
      ['CC6004', 'Only these credential fields are allowed: `clientId` (Client ID), `clientSecret` (Client Secret).'],
    ]);
    expect(result.out + result.err).not.toContain(SECRET);
  });

  it('refuses --profile for a method without a connector profile', async () => {
    const result = await run(['linear', '--method', 'api-key', '--profile', 'app.json'], {});
    expect([result.code, result.err.split('\n')[0]]).toEqual([2, "connector-compiler check-credentials: Linear's `api-key` method has no connector profile. Methods with one: `oauth2`."]);
  });
});
