import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Generated clients import their runtime by package name; tests run it from source.
    alias: { 'connector-compiler/runtime': fileURLToPath(new URL('./src/runtime/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // One fast-check configuration (`FC_RUNS`, `FC_SEED`, `FC_PATH`): test/helpers/fast-check.ts.
    setupFiles: ['test/helpers/fast-check-setup.ts'],
    // `UPDATE=1` is `-u`: rewrite golden files (test/helpers/golden.ts) deliberately.
    ...(process.env['UPDATE'] === '1' ? { update: true } : {}),
    // Property tests and tsc runs are CPU-bound; two workers match the CI machine.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
