import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * `generated/` is committed so users can read and import the shipped artefacts
 * without building. This keeps it honest: the committed files must be exactly
 * what the compiler produces from `connectors/` today.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

it('the committed generated/ is what `build` produces from connectors/', () => {
  const result = spawnSync(process.execPath, [CLI, 'build', '--check', '--no-cache'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  expect(result.stderr + result.stdout).toMatch(/generated\/ is up to date/);
  expect(result.status).toBe(0);
});
