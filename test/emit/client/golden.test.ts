/**
 * The generated clients: exact golden files per case and byte-identical output
 * run to run (typecheck.test.ts type-checks the whole set with `tsc`).
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/compile.js';
import { CASES, compileCase, readSpecs } from './helpers/cases.js';
import { expectDir } from '../../helpers/golden.js';

describe.each(CASES)('client fixture `$name`', (fixture) => {
  it('matches the expected files exactly', async () => {
    const result = compileCase(fixture);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect([...result.files.keys()]).toEqual([...result.files.keys()].sort());
    await expectDir(result.files, fixture.expectedDir);
  });

  it('is byte-identical across runs and spec orders', () => {
    const specs = readSpecs(fixture);
    const first = compile({ specs, targets: ['clients'] });
    const second = compile({ specs: [...specs].reverse(), targets: ['clients'] });
    expect([...second.files]).toEqual([...first.files]);
    for (const contents of first.files.values()) {
      expect(contents.endsWith('\n') && !contents.endsWith('\n\n')).toBe(true);
      expect(contents.includes('\r')).toBe(false);
    }
  });
});

describe('client diagnostics', () => {
  it('warns once per renamed parameter, at the parameter\'s name in the spec', () => {
    const result = compileCase(CASES.find((c) => c.name === 'multi-auth')!);
    expect(result.diagnostics).toEqual([
      {
        code: 'CC3023',
        severity: 'warning',
        message: 'Parameter `id` (in query) of `getContact` clashes with another parameter or the body; the client calls it `idQuery`.',
        file: 'test/fixtures/clients/multi-auth/input/workbench.yaml',
        line: 81,
        column: 17,
        endLine: 81,
        endColumn: 19,
        path: '/api/operations/0/parameters/1/name',
        hint: 'Rename one of them in the spec to keep the names the API documents.',
      },
      {
        code: 'CC3023',
        severity: 'warning',
        message: 'Parameter `body` (in query) of `updateContact` clashes with another parameter or the body; the client calls it `bodyQuery`.',
        file: 'test/fixtures/clients/multi-auth/input/workbench.yaml',
        line: 138,
        column: 17,
        endLine: 138,
        endColumn: 21,
        path: '/api/operations/1/parameters/1/name',
        hint: 'Rename one of them in the spec to keep the names the API documents.',
      },
    ]);
  });
});
