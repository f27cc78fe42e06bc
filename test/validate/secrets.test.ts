import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/load/read-spec.js';
import { findPrefixedKey } from '../../src/validate/secret-text.js';
import { looksLikeRealSecret } from '../../src/validate/semantic-rules.js';
import { compileSpecs, createCompileContext } from '../../src/pipeline/compile-spec.js';
import { readFileSync } from 'node:fs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(ROOT, 'dist/cli/main.js');
const SMALL = readFileSync(fileURLToPath(new URL('../hardening/fixtures/small.yaml', import.meta.url)), 'utf8');

describe('example values that look like real credentials (CC3018)', () => {
  // Shaped like real keys: long, random, mixed character classes. (These are made up.)
  const realLooking = [
    'sk_live_51HqLyjWDarjtT1zdp7dcQ4x9',
    'lin_api_8fK2mQ9xL4pR7tV1wZ3yB6nC0dE5gH',
    'ghp_R8tY2uI9oP3aS7dF1gH5jK0lZ4xC6vB2nM8q',
    'AKIA2E0A8F3B244C9986',
    '3f8a9c2e7b1d4f6a8c0e2b4d6f8a0c2e',
    'xoxb-2048923759-5830184720391-AbCdEfGh7IjKlMnOpQrStUvWx',
    'pk_4b7Qz9Lm2Xw8Rt5Yv1Nc6Hs3',
    'Bearer 8fK2mQ9xL4pR7tV1wZ3yB6nC0dE5gH',
  ];
  // Obviously fake, or too short to be a key.
  const placeholders = [
    'lin_api_xxxxxxxxxxxxxxxxxxxx',
    'sk_test_your_key_here_please',
    '<your-api-key-goes-here>',
    'YOUR_API_KEY_GOES_HERE_PLEASE',
    'sk_live_************************',
    'paste-your-key-here-please-now',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345',
    'abcdefghijklmnopqrstuvwxyz',
    '0123456789abcdef0123456789abcdef',
    'AKIAIOSFODNN7EXAMPLE',
    '00000000-0000-0000-0000-000000000000',
    'sk_live_1234',
    'acmecompany',
    'lin_api_...',
    'Paste your Apollo API key',
    '"; process.exit(1); " */ ${x}',
  ];
  for (const value of realLooking) it(`flags ${value}`, () => expect(looksLikeRealSecret(value)).toBe(true));
  for (const value of placeholders) it(`accepts ${value}`, () => expect(looksLikeRealSecret(value)).toBe(false));

  it('checks the placeholder of a secret field as well as its example, and never non-secret fields', () => {
    const context = createCompileContext();
    const diagnose = (source: string) => compileSpecs([parseSpecText('small.yaml', source)], context).diagnostics.map((d) => [d.code, d.severity, d.line, d.message]);
    const withPlaceholder = SMALL.replace('    example: sk_xxxx\n', '    example: sk_xxxx\n    placeholder: sk_8fK2mQ9xL4pR7tV1wZ3yB6nC\n').replace('pattern: ^sk_[a-z0-9]+$', 'pattern: ^sk_[A-Za-z0-9]+$');
    expect(diagnose(withPlaceholder)).toEqual([['CC3018', 'warning', 13, 'The placeholder for secret field `apiKey` looks like a real credential.']]);
    const notSecret = SMALL.replace('    required: false\n', '    required: false\n    example: 8fK2mQ9xL4pR7tV1wZ3yB6nC0dE5gH\n');
    expect(diagnose(notSecret)).toEqual([]);
  });
});

// Each case spawns node; running them side by side keeps the file fast.
describe.concurrent('credential values never reach output', () => {
  const temp = mkdtempSync(path.join(tmpdir(), 'cc-secrets-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  const SECRET = 'lin_api_TOPSECRETvalue0123ZZZ';

  async function checkCredentials(name: string, credentials: string, ...args: string[]) {
    if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` before these tests.');
    const file = path.join(temp, `${name}.json`);
    writeFileSync(file, credentials);
    const child = spawn(process.execPath, [CLI, 'check-credentials', 'linear', file, '--specs', path.join(ROOT, 'connectors'), ...args], { cwd: temp, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const status = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
    return { status, output };
  }

  for (const [label, credentials] of [
    ['a value that breaks the pattern', JSON.stringify({ apiKey: SECRET.replace('lin_api_', 'lin_apx_') })],
    ['a valid value', JSON.stringify({ apiKey: SECRET })],
    ['an unknown field', JSON.stringify({ apiKey: 'x', secretToken: SECRET })],
    ['a value of the wrong type', JSON.stringify({ apiKey: [SECRET] })],
    ['malformed JSON around the value', `{ "apiKey": "${SECRET}", }`],
    ['malformed JSON right at the value', `{ "apiKey": ${SECRET} }`],
  ] as const) {
    // JSON output is checked where a value is most likely to be echoed: a failed pattern and malformed input.
    for (const format of label.startsWith('malformed JSON right') || label.includes('pattern') ? ['text', 'json'] : ['text']) {
      it(`check-credentials, ${label} (${format}): no trace of the value in stdout or stderr`, async () => {
        const result = await checkCredentials(`${label.replace(/\W+/g, '-')}-${format}`, credentials, '--format', format);
        expect([0, 1]).toContain(result.status);
        expect(result.output).not.toContain(SECRET.slice(8));
        expect(result.output).not.toContain(SECRET.slice(8, 16));
        expect(result.output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      });
    }
  }
});

describe('known key prefixes (CC3018 outside secret fields)', () => {
  it('flags a prefix followed by key material, even cut short, and points at it', () => {
    expect(findPrefixedKey('sk_live_51Hq…1234')).toEqual({ index: 0, length: 12, what: 'a `sk_live_…` key' });
    expect(findPrefixedKey('use `ghp_Ab12Cd34Ef56` here')).toEqual({ index: 5, length: 16, what: 'a `ghp_…` key' });
    expect(findPrefixedKey('AKIAZ7Q2LMNOPQRS3T4U')).toEqual({ index: 0, length: 20, what: 'a `AKIA…` key' });
  });

  it('leaves fillers, bare prefixes, words and look-alikes alone', () => {
    for (const text of ['lin_api_…', 'starts with `lin_api_`', 'sk_live_xxxxxxxx', 'sk_test_YOUR_KEY', 'ghp_1234', 'AKIAIOSFODNN7EXAMPLE', 'ASIAPACIFIC2024', 'the ASIA2024 summit', 'mask_live_51HqAbCd', 'https://example.com/sk_live_docs']) {
      expect([text, findPrefixedKey(text)]).toEqual([text, undefined]);
    }
  });
});
