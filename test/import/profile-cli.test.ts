/**
 * `connector-compiler import <dir>` over a build's docs/ holding both kinds of
 * page of one connector: one spec, and `build` with the same config writes the
 * connector-profile page back byte for byte.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { compile } from '../../src/compile.js';
import { caseSpecs } from '../emit/docs/cases.js';
import { captureIo } from '../emit/forms/helpers.js';

const SITE = { platformName: 'StackOne Hub', docsUrl: 'https://docs.stackone.com', oauthRedirectUrl: 'https://api.stackone.com/connect/oauth2/{connector}/callback' };

describe('connector-compiler import of a docs/ directory with connector-profile pages', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cc-import-profile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('yields one spec per connector, which builds the profile page back', async () => {
    writeFileSync(path.join(dir, 'connector-compiler.config.json'), JSON.stringify({ site: { oauthRedirectUrl: SITE.oauthRedirectUrl }, outDir: 'rebuilt', targets: ['docs'], allowIncomplete: true, cacheDir: false }));
    const { files } = compile({ specs: caseSpecs('oauth2-redirect'), targets: ['docs'], emit: { site: SITE } });
    for (const [file, contents] of files) {
      mkdirSync(path.dirname(path.join(dir, 'site', file)), { recursive: true });
      writeFileSync(path.join(dir, 'site', file), contents);
    }
    const io = captureIo(undefined, dir);
    expect(await runCli(['import', 'site/docs', '--allow-incomplete'], io)).toBe(0);
    expect(readdirSync(path.join(dir, 'connectors'))).toEqual(['linear.yaml']);
    expect(io.out().split('\n').slice(0, 2)).toEqual([
      'Imported 2 pages into 1 spec: 0 errors, 4 warnings.',
      '  connectors/linear.yaml ← site/docs/connectors/linear/guides/link-account/api-key.mdx, site/docs/connectors/linear/guides/connector-profile/oauth2.mdx',
    ]);

    expect(await runCli(['build'], captureIo(undefined, dir))).toBe(0);
    for (const page of ['guides/connector-profile/oauth2.mdx', 'guides/connector-profile/oauth2.md', 'guides/link-account/api-key.mdx', 'guides/link-account/api-key.md']) {
      const file = `docs/connectors/linear/${page}`;
      expect(readFileSync(path.join(dir, 'rebuilt', file), 'utf8'), file).toBe(files.get(file));
    }
  });
});
