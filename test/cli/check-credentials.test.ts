/** `connector-compiler check-credentials`: exact output, exit codes, usage errors, and no value ever printed. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/cli.js';
import { FIXTURES, ROOT } from '../emit/forms/helpers.js';

const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const dir = mkdtempSync(path.join(tmpdir(), 'cc-check-credentials-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, contents: string): string {
  writeFileSync(path.join(dir, name), contents);
  return name;
}

async function run(args: readonly string[], stdin?: string) {
  const io = captureIo(stdin, dir);
  const code = await runCli(['check-credentials', ...args, '--specs', path.join(ROOT, 'connectors')], io);
  return { code, out: io.out(), err: io.err() };
}

describe('check-credentials', () => {
  it('accepts valid credentials: exit 0, one line on stdout', async () => {
    file('linear-ok.json', '{ "apiKey": "lin_api_Abc123" }\n');
    expect(await run(['linear', '--method', 'api-key', 'linear-ok.json'])).toEqual({ code: 0, out: 'linear-ok.json: valid credentials for Linear — API Key.\n', err: '' });
  });

  it('uses the first auth method when --method is left out', async () => {
    expect(await run(['linear', 'linear-ok.json'])).toEqual({ code: 0, out: 'linear-ok.json: valid credentials for Linear — API Key.\n', err: '' });
  });

  it('reports each problem by label at the key\'s position, with hints, and never the values', async () => {
    file('clayhr-bad.json', `{\n  "subdomain": "${SECRET}.clayhr.com",\n  "apikey": "${SECRET}",\n  "userId": 42\n}\n`);
    const result = await run(['clayhr', 'clayhr-bad.json']);
    expect(result).toEqual({
      code: 1,
      out: '',
      err: [
        'clayhr-bad.json:2:3 - error CC6002: Company Subdomain must be only the subdomain (letters, digits and hyphens), e.g. acmecompany.',
        '',
        'clayhr-bad.json:2:3 - error CC6003: Company Subdomain must be a single host name label (letters, digits and hyphens) to be part of the API address.',
        '',
        'clayhr-bad.json:1:1 - error CC6001: API Key is required.',
        '',
        '  hint: Add "apiKey": "…" to the object.',
        '',
        'clayhr-bad.json:4:3 - error CC6005: User ID must be text.',
        '',
        '  hint: Write it as a JSON string: "userId": "…".',
        '',
        'clayhr-bad.json:3:3 - error CC6004: Only these credential fields are allowed: `subdomain` (Company Subdomain), `apiKey` (API Key), `userId` (User ID).',
        '',
        '  hint: Remove `apikey`. Did you mean `apiKey`?',
        '',
        'clayhr-bad.json: 5 problems for ClayHR — API Key.',
        '',
      ].join('\n'),
    });
    expect(result.err).not.toContain(SECRET);
  });

  it('prints a JSON report with --format json', async () => {
    const result = await run(['linear', '-', '--format', 'json'], `{"apiKey": "${SECRET}"}`);
    expect(result.code).toBe(1);
    expect(result.err).toBe('');
    expect(JSON.parse(result.out)).toEqual({
      connector: 'linear',
      method: 'api-key',
      file: '<stdin>',
      valid: false,
      diagnostics: [{ code: 'CC6002', severity: 'error', message: 'API Key must start with lin_api_.', file: '<stdin>', line: 1, column: 2, path: '/apiKey' }],
    });
    expect(result.out).not.toContain(SECRET);
  });

  it('reports malformed JSON without quoting any of it', async () => {
    file('broken.json', `{"apiKey": ${SECRET}}`);
    const result = await run(['linear', 'broken.json']);
    expect(result.code).toBe(1);
    expect(result.err).toBe('broken.json:1:1 - error CC6005: `broken.json` is not valid JSON.\n\n  hint: The file must hold one JSON object with a string per field, e.g. {"apiKey": "…"}.\n\nbroken.json: 1 problem for Linear — API Key.\n');
    expect(result.out).toBe('');
  });

  it('accepts a UTF-8 byte order mark and reports a top-level non-object', async () => {
    file('bom.json', '\uFEFF{"apiKey": "lin_api_Abc123"}');
    expect((await run(['linear', 'bom.json'])).code).toBe(0);
    file('array.json', `["${SECRET}"]`);
    const result = await run(['linear', 'array.json']);
    expect(result.err).toBe('array.json:1:1 - error CC6005: Credentials must be an object with one property per field.\n\n  hint: The file must hold one JSON object, e.g. {"apiKey": "…"}.\n\narray.json: 1 problem for Linear — API Key.\n');
  });

  it('suggests the closest connector id for a typo (exit 2)', async () => {
    const result = await run(['lineer', 'linear-ok.json']);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err.split('\n')[0]).toBe('connector-compiler check-credentials: Unknown connector `lineer`. Did you mean `linear`? Known connectors: `apollo`, `clayhr`, `datadog`, `hive`, `linear`, `polymer`.');
  });

  it('suggests the closest auth method for a typo (exit 2)', async () => {
    const result = await run(['linear', '--method', 'apikey', 'linear-ok.json']);
    expect(result.code).toBe(2);
    expect(result.err.split('\n')[0]).toBe('connector-compiler check-credentials: Linear has no auth method `apikey`. Did you mean `api-key`? Its methods: `api-key`, `oauth2`.');
  });

  it('treats missing arguments, a missing file and unknown options as usage errors (exit 2)', async () => {
    expect((await run(['linear'])).err.split('\n')[0]).toBe('connector-compiler check-credentials: Expected a connector id and a credentials file.');
    expect((await run(['linear', 'a.json', 'b.json'])).err.split('\n')[0]).toBe('connector-compiler check-credentials: Unexpected argument `b.json`.');
    const missing = await run(['linear', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.err.split('\n')[0]).toBe('connector-compiler check-credentials: No such file: `nope.json`.');
    const format = await run(['linear', 'linear-ok.json', '--format', 'yaml']);
    expect(format.code).toBe(2);
    expect(format.err.split('\n')[0]).toBe('connector-compiler check-credentials: Unknown --format `yaml`; use `text` or `json`.');
    expect((await run(['linear', 'linear-ok.json', '--verbose'])).code).toBe(2);
  });

  it('shows why when the connector\'s own spec has errors (exit 1)', async () => {
    const specs = path.join(dir, 'specs');
    rmSync(specs, { recursive: true, force: true });
    mkdirSync(specs);
    writeFileSync(path.join(specs, 'acme-desk.yaml'), 'specVersion: 1\nid: acme-desk\nname: Acme Desk\n');
    const io = captureIo(undefined, dir);
    const code = await runCli(['check-credentials', 'acme-desk', 'linear-ok.json', '--specs', specs], io);
    expect(code).toBe(1);
    expect(io.err()).toContain('The spec for `acme-desk` has errors; fix them before checking credentials against it.\n');
    expect(io.err()).toMatch(/^specs\/acme-desk\.yaml:1:1 - error CC2002:/);
  });

  it('checks against fixture specs given with --specs, for every method', async () => {
    file('acme.json', JSON.stringify({ instanceUrl: 'https://acme.example.com', password: 'correct horse battery' }));
    const io = captureIo(undefined, dir);
    const code = await runCli(['check-credentials', 'acme-desk', '--method', 'basic', 'acme.json', '--specs', path.join(FIXTURES, 'rules/input')], io);
    expect({ code, out: io.out(), err: io.err() }).toEqual({ code: 0, out: 'acme.json: valid credentials for Acme Desk — Email and Password.\n', err: '' });
  });

  it('has help', async () => {
    const io = captureIo();
    expect(await runCli(['check-credentials', '--help'], io)).toBe(0);
    expect(io.out().startsWith('Usage: connector-compiler check-credentials <connector> <credentials.json> [options]\n')).toBe(true);
  });
});
