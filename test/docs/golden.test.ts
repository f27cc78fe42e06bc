/**
 * Golden files for the guide pages: every case's generated docs and
 * diagnostics equal `expected/` byte for byte. `UPDATE=1 npx vitest run
 * test/docs` rewrites them deliberately.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES, compileCase, FIXTURES, listFiles, UPDATE } from './cases.js';

const DIAGNOSTICS = 'diagnostics.json';

describe('golden guide pages', () => {
  it('covers the seeds, every construct and hostile text', () => {
    expect(CASES).toEqual(expect.arrayContaining(['seeds', 'every-construct', 'hostile']));
  });

  for (const name of CASES) {
    it(`${name}: generated docs match expected/`, () => {
      const result = compileCase(name);
      // The front end's own findings (e.g. raw HTML shown as text) are its tests' business; errors would stop the build.
      expect(result.diagnostics.filter((d) => d.severity === 'error' && !d.code.startsWith('CC5'))).toEqual([]);
      const outputs = new Map(result.files);
      outputs.set(DIAGNOSTICS, `${JSON.stringify(result.diagnostics.filter((d) => d.code.startsWith('CC5')), null, 2)}\n`);
      const expectedDir = path.join(FIXTURES, name, 'expected');
      if (UPDATE) {
        rmSync(expectedDir, { recursive: true, force: true });
        for (const [file, contents] of outputs) {
          mkdirSync(path.dirname(path.join(expectedDir, file)), { recursive: true });
          writeFileSync(path.join(expectedDir, file), contents);
        }
      }
      const expected = listFiles(expectedDir).sort();
      expect([...outputs.keys()].sort()).toEqual(expected);
      for (const file of expected) expect(outputs.get(file), file).toBe(readFileSync(path.join(expectedDir, file), 'utf8'));
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
