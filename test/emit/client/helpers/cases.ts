/**
 * The client fixture cases and how to compile them. `seeds` reads the
 * repository's own `connectors/` (its expected files are what `generated/`
 * holds); the other cases keep their specs under `input/`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type CompileResult } from '../../../../src/compile.js';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const FIXTURES = join(ROOT, 'test/fixtures/clients');

export interface FixtureCase {
  readonly name: string;
  /** Directory of the spec files, relative to the repository root. */
  readonly inputDir: string;
  /** Directory of the expected output (mirrors the output dir: `clients/…`). */
  readonly expectedDir: string;
}

export const CASES: readonly FixtureCase[] = [
  { name: 'seeds', inputDir: 'connectors', expectedDir: join(FIXTURES, 'seeds/expected') },
  ...['multi-auth', 'hostile', 'name-clash', 'oauth2', 'oauth2-tenant', 'scopes', 'field-kinds'].map((name) => ({ name, inputDir: `test/fixtures/clients/${name}/input`, expectedDir: join(FIXTURES, name, 'expected') })),
];

/** Reads a case's specs with repository-relative, `/`-separated paths (they appear in generated headers). */
export function readSpecs(fixture: FixtureCase): { file: string; source: string }[] {
  const dir = join(ROOT, fixture.inputDir);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ file: relative(ROOT, join(dir, name)).split('\\').join('/'), source: readFileSync(join(dir, name), 'utf8') }));
}

export function compileCase(fixture: FixtureCase): CompileResult {
  return compile({ specs: readSpecs(fixture), targets: ['clients'] });
}
