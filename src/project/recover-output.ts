/**
 * The build's first stage, "recover output": before anything else, the output
 * directory must be usable, this build must hold it alone, and a commit an
 * earlier build left half done must be completed or undone.
 */
import { journalLeft, lockedAgainstCheck, lockedByAnotherBuild, metaDirIsALink, outputIsAFile, recovered, writeFailure } from './build-messages.js';
import type { BuildRun } from './build-run.js';
import type { BuildResult } from './build-api.js';
import { errnoCode } from './fs.js';
import { isNotWritable } from './output/errno.js';
import { LOCK_PATH, acquireOutputLock, liveLockHolder } from './output/lock.js';
import { META_DIR } from './output/manifest.js';
import { JOURNAL_PATH, WriteError, recoverJournal, writeError } from './output/writer.js';

/** Prepares the output directory for `run`; a `BuildResult` when the build cannot go on. */
export function recoverOutput(run: BuildRun): BuildResult | undefined {
  const { fs, settings, out } = run;
  // The output must be able to be a directory, and the compiler's own directory (staging area,
  // journal, lock, manifest) must not be a link out of it.
  const outStat = fs.stat(settings.outDir);
  if (outStat && !outStat.isDirectory) return run.fail(outputIsAFile(out));
  if (fs.isSymbolicLink?.(run.outFile(META_DIR))) return run.fail(metaDirIsALink(out));

  // One build at a time per output directory, for the whole build: one that read the manifest
  // while another committed would take that one's files for hand edits.
  if (run.check) {
    const holder = liveLockHolder(settings.outDir);
    if (holder) return run.fail(lockedAgainstCheck(out, holder));
  } else {
    let lock: ReturnType<typeof acquireOutputLock> | undefined;
    try {
      lock = acquireOutputLock(settings.outDir);
    } catch (error) {
      // A read-only output (a checkout CI only verifies) cannot be locked, nor written: a build with
      // nothing to write still succeeds, and one with something to write fails at its commit, saying why.
      if (!isNotWritable(errnoCode(error))) return run.fail(writeFailure(out, writeError(error, LOCK_PATH, 'create', false)));
    }
    if (lock && 'heldBy' in lock) return run.fail(lockedByAnotherBuild(out, lock.heldBy));
    if (lock) run.staging.lock = lock;
  }

  // A commit cut short by a crash is completed or undone before anything else.
  if (run.check) {
    if (fs.stat(run.outFile(JOURNAL_PATH))) run.diagnostics.push(journalLeft(out));
    return undefined;
  }
  try {
    run.recovered = recoverJournal(settings.outDir, fs).action;
  } catch (error) {
    return run.fail(writeFailure(out, error), error instanceof WriteError && error.partial ? { partial: true } : {});
  }
  const done = recovered(out, run.recovered);
  if (done) run.diagnostics.push(done);
  return undefined;
}
