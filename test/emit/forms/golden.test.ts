/**
 * Golden files for the generated forms. Each case under test/fixtures/forms/
 * has `input/` specs (the `seeds` case reads the repo's connectors/) and
 * `expected/` output. `npx vitest run -u test/emit/forms` rewrites them (test/helpers/golden.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/compile.js';
import { expectDir } from '../../helpers/golden.js';
import { compileForms, FIXTURES, readSpecDir, ROOT, SEED_SPECS } from './helpers.js';

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function inputOf(name: string) {
  const input = path.join(FIXTURES, name, 'input');
  return existsSync(input) ? readSpecDir(input) : SEED_SPECS;
}

describe('golden forms', () => {
  it('has the seeds case and at least one fixture case', () => {
    expect(cases).toContain('seeds');
    expect(cases.length).toBeGreaterThan(1);
  });

  for (const name of cases) {
    it(`${name}: generated forms match expected/`, async () => {
      // The real pipeline, as `build` runs it.
      const result = compile({ specs: inputOf(name), targets: ['forms'] });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const { files } = result;
      // Same output as the forms emitter alone, which the other tests use.
      expect([...compileForms(inputOf(name)).files.entries()].sort()).toEqual([...files.entries()].sort());
      expect([...files.keys()]).toEqual([...files.keys()].sort());
      await expectDir(files, path.join(FIXTURES, name, 'expected'));
    });
  }
});

describe('determinism', () => {
  it('emits byte-identical forms run to run and whatever order the specs come in', () => {
    const specs = [...SEED_SPECS, ...readSpecDir(path.join(FIXTURES, 'rules/input'))];
    const first = compile({ specs, targets: ['forms'] }).files;
    const second = compile({ specs: [...specs].reverse(), targets: ['forms'] }).files;
    expect([...second.entries()]).toEqual([...first.entries()]);
    for (const [file, contents] of first) {
      expect(contents.endsWith('}\n'), file).toBe(true);
      expect(contents.includes('\r'), file).toBe(false);
      // Stable key order is part of the output: re-printing the parsed JSON changes nothing.
      expect(`${JSON.stringify(JSON.parse(contents), null, 2)}\n`, file).toBe(contents);
    }
  });

  it('writes one schema and one UI schema per connector and auth method (and connector profile), plus forms/index.json', () => {
    const { models, files } = compileForms(SEED_SPECS);
    const expected = models.flatMap((model) =>
      model.authMethods.flatMap((method) => [
        `forms/${model.id}.${method.id}.schema.json`,
        `forms/${model.id}.${method.id}.ui.json`,
        ...(method.profile !== undefined ? [`forms/${model.id}.${method.id}.profile.schema.json`, `forms/${model.id}.${method.id}.profile.ui.json`] : []),
      ]),
    );
    expect([...files.keys()].sort()).toEqual([...expected, 'forms/index.json'].sort());
    expect(path.relative(ROOT, FIXTURES)).toBe(path.join('test', 'fixtures', 'forms'));
  });
});
