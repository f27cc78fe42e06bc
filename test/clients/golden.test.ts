/**
 * The generated clients: exact golden files per case, byte-identical output
 * run to run, and the whole set type-checked by `tsc` in one program.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { join } from 'node:path';
import { CASES, compileCase, readSpecs, ROOT } from './helpers/cases.js';
import { expectDir } from '../helpers/golden.js';
import { typecheck } from './helpers/typecheck.js';

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

describe('generated clients type-check', () => {
  it('all cases and the type tests, in one strict program', async () => {
    const files = new Map<string, string>();
    for (const fixture of CASES) for (const [path, contents] of compileCase(fixture).files) files.set(`${fixture.name}/${path}`, contents);
    // The type tests import the golden files, so wrong-parameter errors are checked against them too.
    const result = await typecheck(files, [join(ROOT, 'test/clients/types.test.ts')]);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });
});
