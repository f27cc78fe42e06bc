/**
 * The docs fixture cases: test/fixtures/docs/<case>/ with `input/*.yaml`
 * (the `seeds` case has no input/ and compiles the repo's connectors/),
 * an optional `options.json` (`{ "emit": { "site": …, "templatesDir": "templates" } }`,
 * `templatesDir` relative to the case) and `expected/` output.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type CompileResult } from '../../../src/compile.js';
import type { EmitOptions } from '../../../src/emit/emitter.js';
import type { SpecSource } from '../../../src/load/load-specs.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = path.join(ROOT, 'test/fixtures/docs');

export const CASES = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** Spec sources of a directory, with display paths relative to the repo root (stable across machines). */
export function readSpecs(dir: string): SpecSource[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ file: path.relative(ROOT, path.join(dir, name)).split(path.sep).join('/'), source: readFileSync(path.join(dir, name), 'utf8') }));
}

export function caseSpecs(name: string): SpecSource[] {
  const input = path.join(FIXTURES, name, 'input');
  return readSpecs(existsSync(input) ? input : path.join(ROOT, 'connectors'));
}

interface CaseOptions {
  readonly emit?: Partial<Omit<EmitOptions, 'site'>> & { readonly site?: Partial<EmitOptions['site']> };
}

/** Emit options of a case; `templatesDir` becomes repo-relative so diagnostics read the same everywhere. */
export function caseEmitOptions(name: string): Partial<EmitOptions> {
  const file = path.join(FIXTURES, name, 'options.json');
  if (!existsSync(file)) return {};
  const { emit = {} } = JSON.parse(readFileSync(file, 'utf8')) as CaseOptions;
  const templatesDir = emit.templatesDir === undefined ? undefined : path.relative(ROOT, path.join(FIXTURES, name, emit.templatesDir));
  return {
    ...(emit.site ? { site: { platformName: 'StackOne Hub', docsUrl: 'https://docs.stackone.com', ...emit.site } } : {}),
    ...(templatesDir !== undefined ? { templatesDir } : {}),
  };
}

/** Compiles a case's docs as `build` would (cwd = repo root, where vitest runs). */
export function compileCase(name: string): CompileResult {
  return compile({ specs: caseSpecs(name), targets: ['docs'], emit: caseEmitOptions(name) });
}
