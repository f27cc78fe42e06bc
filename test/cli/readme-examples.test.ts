import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/cli.js';

const README = readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8');

/** The fenced block that follows `lead` in the README. */
function blockAfter(lead: string): string {
  const start = README.indexOf(lead);
  expect(start).toBeGreaterThan(-1);
  const match = /```[a-z]*\n([\s\S]*?)```/.exec(README.slice(start));
  return match![1]!;
}

/** The README's mistake: a header template naming `{apiKye}` in an otherwise valid spec. */
const MISTAKE = `specVersion: 1
id: acme
name: Acme
fields:
  - key: apiKey
    label: API Key
    secret: true
auth:
  - id: api-key
    type: api-key
    apply:
      - type: header
        name: X-Key
        value: "{apiKye}"
    guide:
      sections:
        - heading: Get your key
          steps:
            - title: Open settings
              body: Go to **Settings**.
api:
  baseUrl: https://api.acme.com
  verify:
    operation: me
  operations:
    - id: me
      method: GET
      path: /me
`;

describe('README examples', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('shows the error validate really prints for a misspelt template field, position and caret included', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cc-readme-'));
    mkdirSync(path.join(dir, 'connectors'));
    writeFileSync(path.join(dir, 'connectors/acme.yaml'), MISTAKE);
    const io = captureIo(undefined, dir);
    expect(await runCli(['validate'], io)).toBe(1);
    expect(io.err()).toBe(`${blockAfter('A mistake is reported where it is')}\n1 spec checked: 1 error, 0 warnings.\n`);
  });
});
