import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Slow tests: property tests with many runs, real-process CLI tests (the bin,
 * signals, watch, locks, concurrency), tsc runs and bench-like measurements.
 * `npm run test:fast` (the `fast` project) leaves them out for a quick inner
 * loop; `npm test` runs both projects.
 */
const SLOW = [
  'test/adoption/js-output.test.ts',
  'test/adoption/monorepo.test.ts',
  'test/clients/redaction-property.test.ts',
  'test/clients/typecheck.test.ts',
  'test/docs/escape.test.ts',
  'test/docs/page-injection.test.ts',
  'test/emit/index-memo.test.ts',
  'test/forms/agreement.test.ts',
  'test/foundation/cli-validate.test.ts',
  'test/hardening/fuzz.test.ts',
  'test/hardening/injection.test.ts',
  'test/hardening/secrets.test.ts',
  'test/import/markdown-writer.test.ts',
  'test/import/property.test.ts',
  'test/project/builder.test.ts',
  'test/project/cli-concurrency.test.ts',
  'test/project/cli-more.test.ts',
  'test/project/cli.test.ts',
  'test/project/incremental-property.test.ts',
  'test/project/manifest.test.ts',
  'test/project/no-op-stamp.test.ts',
  'test/project/output-safety.test.ts',
  'test/project/watch.test.ts',
  'test/project/writer.test.ts',
  'test/unit/indentation.test.ts',
  'test/unit/markdown-fast-path.test.ts',
  'test/unit/plain-yaml.test.ts',
];

export default defineConfig({
  resolve: {
    // Generated clients import their runtime by package name; tests run it from source.
    alias: { 'connector-compiler/runtime': fileURLToPath(new URL('./src/runtime/index.ts', import.meta.url)) },
  },
  test: {
    // One fast-check configuration (`FC_RUNS`, `FC_SEED`, `FC_PATH`): test/helpers/fast-check.ts.
    setupFiles: ['test/helpers/fast-check-setup.ts'],
    // `UPDATE=1` is `-u`: rewrite golden files (test/helpers/golden.ts) deliberately.
    ...(process.env['UPDATE'] === '1' ? { update: true } : {}),
    // Property tests and tsc runs are CPU-bound; two workers match the CI machine.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: SLOW } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
