/**
 * Golden files for the guide pages: every case's generated docs and
 * diagnostics equal `expected/` byte for byte. `npx vitest run -u test/emit/docs`
 * rewrites them deliberately (test/helpers/golden.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectDir, listFiles } from '../../helpers/golden.js';
import { CASES, compileCase, FIXTURES } from './cases.js';

const DIAGNOSTICS = 'diagnostics.json';

describe('golden guide pages', () => {
  it('covers the seeds, every construct and hostile text', () => {
    expect(CASES).toEqual(expect.arrayContaining(['seeds', 'every-construct', 'hostile']));
  });

  for (const name of CASES) {
    it(`${name}: generated docs match expected/`, async () => {
      const result = compileCase(name);
      // The front end's own findings (e.g. raw HTML shown as text) are its tests' business; errors would stop the build.
      expect(result.diagnostics.filter((d) => d.severity === 'error' && !d.code.startsWith('CC5'))).toEqual([]);
      const outputs = new Map(result.files);
      outputs.set(DIAGNOSTICS, `${JSON.stringify(result.diagnostics.filter((d) => d.code.startsWith('CC5')), null, 2)}\n`);
      await expectDir(outputs, path.join(FIXTURES, name, 'expected'));
    });
  }
});

describe('the five seed pages', () => {
  const seeds = listFiles(path.join(FIXTURES, 'seeds')).filter((file) => /^[a-z0-9-]+__api-key\.md$/.test(file));

  it('are all there', () => {
    expect(seeds.sort()).toEqual(['apollo__api-key.md', 'clayhr__api-key.md', 'hive__api-key.md', 'linear__api-key.md', 'polymer__api-key.md']);
  });

  const { files, diagnostics } = compileCase('seeds');
  for (const seed of seeds) {
    const id = seed.slice(0, -'__api-key.md'.length);
    it(`${id}: the generated api-key.md is byte-identical to the seed`, () => {
      expect(diagnostics).toEqual([]);
      expect(files.get(`docs/connectors/${id}/guides/link-account/api-key.md`)).toBe(readFileSync(path.join(FIXTURES, 'seeds', seed), 'utf8'));
    });
  }
});
