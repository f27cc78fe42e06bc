import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Slow tests: property tests with many runs, real-process CLI tests (the bin,
 * signals, watch, locks, concurrency), tsc runs and bench-like measurements.
 * `npm run test:fast` (the `fast` project) leaves them out for a quick inner
 * loop; `npm test` runs both projects.
 */
const SLOW = [
  // Real-process CLI tests.
  'test/e2e/**/*.test.ts',
  'test/cli/build.test.ts',
  'test/emit/client/js-output.test.ts',
  'test/emit/client/typecheck.test.ts',
  'test/emit/docs/escape.test.ts',
  'test/emit/docs/page-injection.test.ts',
  'test/emit/forms/agreement.test.ts',
  'test/emit/forms/agreement-kinds.test.ts',
  'test/emit/docs/redirect-url.test.ts',
  'test/emit/index-memo.test.ts',
  'test/emit/injection.test.ts',
  'test/import/markdown-writer.test.ts',
  'test/import/property.test.ts',
  'test/load/indentation.test.ts',
  'test/load/plain-yaml.test.ts',
  'test/model/markdown-fast-path.test.ts',
  'test/pipeline/fuzz.test.ts',
  'test/project/builder.test.ts',
  'test/project/incremental-property.test.ts',
  'test/project/manifest.test.ts',
  'test/project/no-op-stamp.test.ts',
  'test/project/output-safety.test.ts',
  'test/project/writer.test.ts',
  'test/runtime/redaction-property.test.ts',
  'test/validate/secrets.test.ts',
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
