import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli.js';

/**
 * `generated/` is committed so users can read and import the shipped artefacts
 * without building. This keeps it honest: the committed files must be exactly
 * what the compiler produces from `connectors/` today. `--no-cache` makes it
 * compile every spec (no local record of the code that generated the output),
 * so a change to a spec, an emitter or a template shows as a file to write.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

it('the committed generated/ is what `build` produces from connectors/', async () => {
  const result = await runCliInProcess(ROOT, ['build', '--check', '--no-cache']);
  expect(result.stderr + result.stdout).toMatch(/generated\/ is up to date/);
  expect(result.code).toBe(0);
});

it('the committed manifest names the compiler by its package version only, so refactoring the compiler leaves generated/ as it is', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../generated/.connector-compiler/manifest.json', import.meta.url), 'utf8')) as { compiler: unknown };
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(manifest.compiler).toBe(pkg.version);
});
