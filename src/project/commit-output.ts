/** The build's sixth stage, "commit" (see `commitOutput`): all the planned changes, or none. */
import type { ConnectorModel } from '../model/connector-model.js';
import type { BuildResult } from './build-api.js';
import { changedWhileBuilding, interrupted, writeFailure } from './build-messages.js';
import type { BuildRun } from './build-run.js';
import type { BuilderMemory } from './builder-memory.js';
import type { Compiled } from './compile-specs.js';
import { sameFile } from './fs.js';
import { META_DIR, MANIFEST_PATH } from './output/manifest.js';
import { WriteError, writeError, type StagingArea, type StagedWrite } from './output/writer.js';
import { INDEX_OWNER, type Planned } from './plan-output.js';
import type { Scan } from './scan-inputs.js';
import type { CompiledSpec, Engine } from './spec-compiler.js';

/** Commit: all or nothing (a journal lets the next build finish a commit cut short). `undefined` once committed. */
export function commitOutput(run: BuildRun, memory: BuilderMemory, scan: Scan, { compiled, models }: Compiled, planned: Planned): BuildResult | undefined {
  const { fs, out, staging } = run;
  const { plan, stagedAs, ownerOf, outcome } = planned;
  if (run.signal?.aborted) {
    run.diagnostics.push(interrupted(out));
    return run.result('interrupted', outcome);
  }
  if (plan.writes.length === 0 && plan.removes.length === 0 && !outcome.manifestChanged) return undefined;
  const area = staging.area!;
  let writes: StagedWrite[];
  try {
    stageMissing(memory.engine!, plan.writes, stagedAs, ownerOf, compiled, models, area);
    writes = plan.writes.map((file) => ({ path: file, staged: stagedAs.get(file)! }));
    if (outcome.manifestChanged) writes.push({ path: MANIFEST_PATH, staged: area.put(planned.nextManifestText) });
  } catch (error) {
    return run.fail(writeFailure(out, error instanceof WriteError ? error : writeError(error, META_DIR, 'create the directory', false)), outcome);
  }
  try {
    // The lock is held, so only something other than a build (a checkout, a hand edit) can have changed it.
    if (!sameFile(fs.stat(run.outFile(MANIFEST_PATH)), scan.manifestStat)) return run.fail(changedWhileBuilding(out), outcome);
    // From here the commit cleans up after itself, or leaves its journal for the next build to finish.
    staging.area = undefined;
    area.commit(writes, plan.removes);
  } catch (error) {
    return run.fail(writeFailure(out, error), { ...outcome, ...(error instanceof WriteError && error.partial ? { partial: true } : {}) });
  }
  return undefined;
}

/**
 * Stages the files to write that were generated with the hash the manifest
 * records and so not staged (see `CompileJob.known`): their disk copy is
 * missing, or edited and overwritten with `--force`. Generates their spec's
 * (or the index's) files again; rare, so simply.
 */
function stageMissing(engine: Engine, writes: readonly string[], stagedAs: Map<string, string>, ownerOf: ReadonlyMap<string, string>, compiled: ReadonlyMap<string, CompiledSpec>, models: readonly ConnectorModel[], area: StagingArea): void {
  const owners = new Set(writes.filter((file) => !stagedAs.has(file)).map((file) => ownerOf.get(file)!));
  for (const owner of owners) {
    const staged = owner === INDEX_OWNER ? engine.stageIndex(models, area) : engine.stageConnector(compiled.get(owner)!.model!, area);
    for (const file of staged.files) if (!stagedAs.has(file.path)) stagedAs.set(file.path, file.staged!);
  }
}
