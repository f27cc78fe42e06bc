/** The build's fourth stage, "index" (see `indexFiles`), and what it hands on (`Index`). */
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { BuildResult } from './build-api.js';
import { writeFailure } from './build-messages.js';
import type { BuildRun } from './build-run.js';
import type { BuilderMemory } from './builder-memory.js';
import { knownHashes, type Compiled } from './compile-specs.js';
import { WriteError } from './output/writer.js';
import type { Scan } from './scan-inputs.js';
import type { StagedFiles } from './spec-compiler.js';

/** What "index" hands on: the cross-connector files and their warnings. */
export interface Index {
  readonly files: StagedFiles;
  readonly warnings: readonly Diagnostic[];
}

/** Index: the cross-connector files, from every model in id order (not file order: determinism). */
export async function indexFiles(run: BuildRun, memory: BuilderMemory, scan: Scan, { models, counts }: Compiled): Promise<Index | BuildResult> {
  const engine = await memory.prepareEngine();
  let files: StagedFiles;
  try {
    files = engine.stageIndex(models, run.staging.area, scan.manifest ? knownHashes(scan.manifest.index, scan.owned) : undefined);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    return run.fail(writeFailure(run.out, error), counts);
  }
  const warnings = memory.locateInSpecs(files.diagnostics, scan.scanned);
  run.diagnostics.push(...warnings);
  if (hasErrors(run.diagnostics)) {
    memory.addSources(run, scan.scanned);
    return run.result('failed', counts);
  }
  return { files, warnings };
}
