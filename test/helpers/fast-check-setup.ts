/** Setup file: fast-check's defaults (100 runs) follow `FC_RUNS` / `FC_SEED` too (test/helpers/fast-check.ts). */
import fc from 'fast-check';
import { fcOptions } from './fast-check.js';

fc.configureGlobal(fcOptions(100));
