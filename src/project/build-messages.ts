/**
 * Every diagnostic the project build itself reports (CC5001–CC5006, and the
 * spec read failures CC1001/CC1002), in one place: the builder says what
 * happened, this file says it to the user. Errno reasons and hints come from
 * the one errno table, `output/errno.ts`.
 */
import { hostname } from 'node:os';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { errnoCode } from './fs.js';
import { errnoHint } from './output/errno.js';
import { JOURNAL_PATH, WriteError } from './output/writer.js';
import { LOCK_PATH, STALE_LOCK_MS, type LockHolder } from './output/lock.js';
import { META_DIR, MANIFEST_PATH, type ManifestProblem } from './output/manifest.js';
import type { ConflictReason } from './output/plan.js';
import type { Recovery } from './output/writer.js';

/** The output directory as users see it: `dir` itself, and `shown(relative)` for a path inside it. */
export interface ShownOutput {
  readonly dir: string;
  shown(relative: string): string;
}

export function outputIsAFile(out: ShownOutput): Diagnostic {
  return diagnostic('CC5001', 'error', `The output directory \`${out.dir}\` is a file.`, { file: out.dir }, 'Nothing was changed. Move the file, or choose another output directory with `--out-dir`.');
}

export function metaDirIsALink(out: ShownOutput): Diagnostic {
  return diagnostic('CC5001', 'error', `\`${out.shown(META_DIR)}\` is a symbolic link, and the compiler never writes or deletes through one.`, { file: out.shown(META_DIR) }, 'Nothing was changed. Replace the link with a directory (or delete it; the next build then owns nothing and asks for `--force`).');
}

export function lockedAgainstCheck(out: ShownOutput, holder: LockHolder): Diagnostic {
  return diagnostic('CC5001', 'error', `Another build (${describeHolder(holder)}) is writing \`${out.dir}\` right now, so it cannot be checked.`, { file: out.shown(LOCK_PATH) }, 'Run the check again once that build has finished.');
}

export function lockedByAnotherBuild(out: ShownOutput, holder: LockHolder): Diagnostic {
  return diagnostic(
    'CC5001',
    'error',
    `Another build (${describeHolder(holder)}) is running on \`${out.dir}\`; nothing was written.`,
    { file: out.shown(LOCK_PATH) },
    `Run the build again once it has finished. A lock left by a build that died is taken over by the next build (at once on the same machine, after ${STALE_LOCK_MS / 60_000} minutes otherwise); to take it over now, delete \`${out.shown(LOCK_PATH)}\`.`,
  );
}

export function changedWhileBuilding(out: ShownOutput): Diagnostic {
  return diagnostic('CC5001', 'error', `Another build changed \`${out.dir}\` while this one was running; nothing was written.`, { file: out.dir }, 'Run the build again.');
}

export function journalLeft(out: ShownOutput): Diagnostic {
  return diagnostic('CC5005', 'error', `An interrupted build left \`${out.shown(JOURNAL_PATH)}\`; the output may be incomplete.`, { file: out.shown(JOURNAL_PATH) }, 'Run `connector-compiler build` to complete or roll back that build.');
}

/** What recovering an interrupted build's journal did, if anything. */
export function recovered(out: ShownOutput, action: Recovery['action']): Diagnostic | undefined {
  if (action === 'completed') return diagnostic('CC5005', 'info', 'Completed the commit of an earlier build that was interrupted while writing.', { file: out.shown(JOURNAL_PATH) });
  if (action === 'rolled-back') return diagnostic('CC5005', 'info', 'Removed the temp files of an earlier build that was interrupted before it wrote anything.', { file: out.shown(JOURNAL_PATH) });
  return undefined;
}

export function interrupted(out: ShownOutput): Diagnostic {
  return diagnostic('CC5005', 'error', 'The build was interrupted before it wrote anything; the output directory is unchanged.', { file: out.shown('') }, 'Run the build again.');
}

export function missingTemplates(shownDir: string, file: string): Diagnostic {
  return diagnostic('CC5004', 'error', `Template directory \`${shownDir}\` does not exist.`, { file }, 'Fix `templatesDir` in the config or `--templates`, or remove it to use the built-in templates.');
}

export function unreadableManifest(out: ShownOutput): Diagnostic {
  return diagnostic('CC5002', 'warning', `\`${out.shown(MANIFEST_PATH)}\` is unreadable, so the compiler cannot tell which files it wrote.`, { file: out.shown(MANIFEST_PATH) }, 'Existing files at generated paths are reported instead of overwritten; delete the output directory or pass `--force` to regenerate it.');
}

/** A committed manifest that lists a path the compiler cannot have written: refused, or (with `--force`) ignored. */
export function unsafeManifest(out: ShownOutput, problem: ManifestProblem, force: boolean): Diagnostic {
  const listed = JSON.stringify(problem.path).slice(1, -1);
  return diagnostic(
    'CC5002',
    force ? 'warning' : 'error',
    `\`${out.shown(MANIFEST_PATH)}\` lists \`${listed}\`, which is not a path the compiler can have written (it ${problem.reason}); the compiler will not act on this manifest.`,
    { file: out.shown(MANIFEST_PATH) },
    force
      ? 'The manifest was ignored (`--force`): the build took over the generated paths and removed nothing.'
      : 'Nothing was written. The manifest was edited by hand or by a change under review: restore it from version control, or delete it and run `connector-compiler build --force` to regenerate the output.',
  );
}

export function subsetAfterCompilerChange(out: ShownOutput): Diagnostic {
  return diagnostic('CC5006', 'error', `The compiler or the build options changed since \`${out.dir}\` was built (or this machine has no record of building it), so every connector must be generated again; a build of named specs leaves the others as they are.`, { file: out.shown(MANIFEST_PATH) }, 'Nothing was written. Run `connector-compiler build` without paths (a full build) once, then build named specs again.');
}

export function keptSpecUnavailable(out: ShownOutput, file: string, gone: boolean): Diagnostic {
  return diagnostic('CC5006', 'error', `\`${file}\` is not among the specs named, and ${gone ? 'no longer exists' : 'has changed'} since \`${out.dir}\` was built, so the index files cannot list it as its generated files are.`, { file: out.shown(MANIFEST_PATH) }, 'Nothing was written. Name it too, or run `connector-compiler build` without paths (a full build).');
}

export function outputConflict(out: ShownOutput, conflict: { readonly path: string; readonly reason: ConflictReason }): Diagnostic {
  return conflict.reason === 'edited'
    ? diagnostic('CC5002', 'error', `\`${out.shown(conflict.path)}\` was edited by hand since connector-compiler wrote it; the build would overwrite the edit.`, { file: out.shown(conflict.path) }, 'Move the change into the spec or a template override, then delete the file (or pass `--force` to overwrite it).')
    : diagnostic('CC5002', 'error', `\`${out.shown(conflict.path)}\` exists but was not written by connector-compiler; the build would overwrite it.`, { file: out.shown(conflict.path) }, 'Move the file out of the output directory, or pass `--force` to let the compiler take it over.');
}

export function abandonedFile(out: ShownOutput, file: string): Diagnostic {
  return diagnostic('CC5002', 'warning', `\`${out.shown(file)}\` is no longer generated but was edited by hand, so it was left in place.`, { file: out.shown(file) }, 'Delete it if you no longer need it; the compiler has stopped tracking it.');
}

/** A failed write (a `WriteError`, or any other error met while writing) as a CC5001 with what to do. */
export function writeFailure(out: ShownOutput, error: unknown): Diagnostic {
  if (!(error instanceof WriteError)) {
    const code = errnoCode(error);
    return diagnostic('CC5001', 'error', `Could not write the output: ${code ?? (error instanceof Error ? error.message : String(error))}.`, { file: out.shown('') }, 'Check that the output directory is writable and the disk has space.');
  }
  const hint = error.partial ? 'The build stopped while moving files into place. Its journal is kept: run `connector-compiler build` again to complete it.' : `Nothing in the output directory was changed. ${errnoHint(error.code)}`;
  return diagnostic('CC5001', 'error', `Could not ${error.action} \`${out.shown(error.file)}\` (${error.reason}).`, { file: out.shown(error.file) }, hint);
}

export function specDisappeared(file: string): Diagnostic {
  return diagnostic('CC1001', 'error', `Spec file \`${file}\` disappeared during the build.`, { file }, 'Nothing was written; run the build again once files have stopped changing.');
}

export function specUnreadable(file: string, reason: string): Diagnostic {
  return diagnostic('CC1002', 'error', `Cannot read \`${file}\`: ${reason}.`, { file }, 'Check the file permissions.');
}

/** `process 123` on this machine, `process 123 on ci-runner-7` on another. */
function describeHolder(holder: LockHolder): string {
  return holder.host === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
}
