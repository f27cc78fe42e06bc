/**
 * The generated clients of every fixture case, type-checked by `tsc` in one
 * strict program with the type tests (a slow test: it runs tsc).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES, compileCase, ROOT } from './helpers/cases.js';
import { typecheck } from './helpers/typecheck.js';

describe('generated clients type-check', () => {
  it('all cases and the type tests, in one strict program', async () => {
    const files = new Map<string, string>();
    for (const fixture of CASES) for (const [path, contents] of compileCase(fixture).files) files.set(`${fixture.name}/${path}`, contents);
    // The type tests import the golden files, so wrong-parameter errors are checked against them too.
    const result = await typecheck(files, [join(ROOT, 'test/emit/client/types.test.ts'), join(ROOT, 'test/emit/client/default-method.test.ts'), join(ROOT, 'test/emit/client/operation-scopes.test.ts'), join(ROOT, 'test/emit/client/field-kinds-types.test.ts')]);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });
});
