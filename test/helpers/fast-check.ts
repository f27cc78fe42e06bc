/**
 * The one fast-check configuration of the suite. Every property test passes
 * `fcOptions(n)` (n = the runs it is sized for, so the whole suite stays within
 * its time budget); asserts without options get the same settings through
 * `fc.configureGlobal` (test/helpers/fast-check-setup.ts, a vitest setup file).
 *
 * - `FC_RUNS=10` runs every property ten times as hard (`FC_RUNS=0.1` a tenth,
 *   at least one run): a multiplier of each property's own count.
 * - A failure prints fast-check's `{ seed, path }`; `FC_SEED=<seed> FC_PATH=<path>`
 *   replays exactly that counterexample (with the test name filter, `-t`).
 */

/** Settings every property test passes to `fc.assert`. */
export interface FcOptions {
  readonly numRuns: number;
  readonly seed?: number;
  readonly path?: string;
}

const SCALE = Number(process.env['FC_RUNS'] ?? '1');
if (!Number.isFinite(SCALE) || SCALE <= 0) throw new Error(`FC_RUNS must be a positive number (a multiplier of each property's runs), not ${process.env['FC_RUNS']}`);
const SEED = process.env['FC_SEED'];
const PATH = process.env['FC_PATH'];

/** `defaultRuns` scaled by `FC_RUNS`, plus the replay seed and path if set, plus `extra` (e.g. `endOnFailure`). */
export function fcOptions<E extends object = object>(defaultRuns: number, extra?: E): FcOptions & E {
  return {
    numRuns: Math.max(1, Math.round(defaultRuns * SCALE)),
    ...(SEED !== undefined ? { seed: Number(SEED) } : {}),
    ...(PATH !== undefined ? { path: PATH } : {}),
    ...(extra as E),
  };
}
