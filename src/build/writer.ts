import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { compareStrings } from '../diagnostics/diagnostic.js';
import { errnoCode, type BuildFs } from './fs.js';
import { META_DIR } from './manifest.js';

/** Output-relative path of the journal that makes a commit recoverable after a crash. */
export const JOURNAL_PATH = `${META_DIR}/journal.json`;
const TEMP_SUFFIX = '.cc-tmp';

/** One build's changes to the output directory; paths are output-relative and `/`-separated. */
export interface Transaction {
  readonly writes: readonly { readonly path: string; readonly contents: string }[];
  readonly removes: readonly string[];
}

/** A commit that could not be carried out. `generated/` is as it was unless `partial` is set. */
export class WriteError extends Error {
  constructor(
    /** What was being done, e.g. `write`, `rename into place`. */
    readonly action: string,
    /** Why it failed, e.g. `ENOSPC: no space left on the device`. */
    readonly reason: string,
    /** Output-relative path the failing operation was about. */
    readonly file: string,
    /** errno code such as `ENOSPC`, when the operating system gave one. */
    readonly code: string | undefined,
    /** True when renames had begun: the journal stays and the next build completes the commit. */
    readonly partial: boolean,
  ) {
    super(`Could not ${action} \`${file}\` (${reason}).`);
  }
}

interface Journal {
  readonly version: 1;
  /** `staging`: temps are being written, the old output is untouched. `committing`: renames have begun. */
  readonly state: 'staging' | 'committing';
  readonly writes: readonly (readonly [temp: string, target: string])[];
  readonly removes: readonly string[];
  /** Directories this commit creates; removed again (when empty) on roll-back. */
  readonly createdDirs: readonly string[];
}

/**
 * Applies a transaction so that the output directory goes from fully old to
 * fully new. Every new file is first staged as a temp file next to its target
 * (same directory, so the rename is atomic); only when all of them are on disk
 * are they renamed into place, then stale files are removed. A journal
 * records the staged temps before anything is touched, so a crash (power
 * loss aside, see docs/build.md) is rolled back (during staging) or completed
 * (during renames) by the next build's `recoverJournal`.
 *
 * Fully synchronous, so no signal handler or other callback runs in between.
 */
export function commitTransaction(outDir: string, transaction: Transaction, fs: BuildFs): void {
  if (transaction.writes.length === 0 && transaction.removes.length === 0) return;
  const abs = (relative: string) => path.join(outDir, ...relative.split('/'));
  const token = `${process.pid.toString(36)}-${randomBytes(4).toString('hex')}`;
  const writes = transaction.writes.map((w) => [`${w.path}.${token}${TEMP_SUFFIX}`, w.path] as const);
  const createdDirs: string[] = [];
  let journal: Journal = { version: 1, state: 'staging', writes, removes: [...transaction.removes], createdDirs };
  let staged = 0;

  const rollBack = (error: unknown, file: string, action: string): never => {
    for (const [temp] of writes.slice(0, staged + 1)) attempt(() => fs.unlink(abs(temp)));
    removeDirs(createdDirs, outDir, fs);
    attempt(() => fs.unlink(abs(JOURNAL_PATH)));
    throw writeError(error, file, action, false);
  };

  try {
    fs.mkdir(abs(META_DIR));
  } catch (error) {
    throw writeError(error, META_DIR, 'create the directory', false);
  }
  // Directories to create are journalled before they exist, so a crash right after creating one is undone too.
  for (const dir of [...new Set(writes.map(([, target]) => path.posix.dirname(target)))].sort()) {
    for (let d = dir; d !== '.' && !createdDirs.includes(d) && !fs.stat(abs(d)); d = path.posix.dirname(d)) createdDirs.push(d);
  }
  try {
    writeFileAtomic(fs, abs(JOURNAL_PATH), serializeJournal(journal));
  } catch (error) {
    rollBack(error, JOURNAL_PATH, 'write');
  }
  for (const dir of [...createdDirs].sort((a, b) => a.length - b.length)) {
    try {
      fs.mkdir(abs(dir));
    } catch (error) {
      rollBack(error, dir, 'create the directory');
    }
  }
  for (const [index, [temp, target]] of writes.entries()) {
    staged = index;
    try {
      fs.writeFile(abs(temp), transaction.writes[index]!.contents);
    } catch (error) {
      rollBack(error, target, 'write');
    }
  }
  staged = writes.length;

  // The commit point: from here on the journal says "finish me", not "undo me".
  journal = { ...journal, state: 'committing' };
  try {
    writeFileAtomic(fs, abs(JOURNAL_PATH), serializeJournal(journal));
  } catch (error) {
    rollBack(error, JOURNAL_PATH, 'write');
  }
  for (const [temp, target] of writes) {
    try {
      fs.rename(abs(temp), abs(target));
    } catch (error) {
      throw writeError(error, target, 'rename into place', true);
    }
  }
  for (const file of transaction.removes) {
    try {
      fs.unlink(abs(file));
    } catch (error) {
      throw writeError(error, file, 'remove', true);
    }
  }
  removeEmptyParents(transaction.removes, outDir, fs);
  attempt(() => fs.unlink(abs(JOURNAL_PATH)));
}

/** What `recoverJournal` found and did. */
export type Recovery = { readonly action: 'none' } | { readonly action: 'rolled-back' | 'completed'; readonly files: number } | { readonly action: 'unreadable' };

/**
 * Finishes or undoes a commit that a crash (SIGKILL, power loss, OOM) cut
 * short: a `staging` journal is rolled back (temps deleted, old output kept), a
 * `committing` one is rolled forward (remaining temps renamed, stale files removed).
 */
export function recoverJournal(outDir: string, fs: BuildFs): Recovery {
  const abs = (relative: string) => path.join(outDir, ...relative.split('/'));
  // A crash while the journal itself was being written leaves only its temp file: nothing had started yet.
  for (const name of fs.readdir(abs(META_DIR))) {
    if (name.startsWith('journal.json.') && name.endsWith(TEMP_SUFFIX)) fs.unlink(abs(`${META_DIR}/${name}`));
  }
  let text: string;
  try {
    text = fs.readFile(abs(JOURNAL_PATH)).toString('utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return { action: 'none' };
    throw writeError(error, JOURNAL_PATH, 'read', false);
  }
  const journal = parseJournal(text);
  if (!journal) {
    fs.unlink(abs(JOURNAL_PATH));
    return { action: 'unreadable' };
  }
  if (journal.state === 'staging') {
    for (const [temp] of journal.writes) fs.unlink(abs(temp));
    removeDirs(journal.createdDirs, outDir, fs);
    fs.unlink(abs(JOURNAL_PATH));
    return { action: 'rolled-back', files: journal.writes.length };
  }
  for (const [temp, target] of journal.writes) {
    if (fs.stat(abs(temp))) fs.rename(abs(temp), abs(target));
  }
  for (const file of journal.removes) fs.unlink(abs(file));
  removeEmptyParents(journal.removes, outDir, fs);
  fs.unlink(abs(JOURNAL_PATH));
  return { action: 'completed', files: journal.writes.length + journal.removes.length };
}

/** Writes one file via temp + rename, for bookkeeping files outside a transaction (the cache). */
export function writeFileAtomic(fs: BuildFs, file: string, contents: string): void {
  const temp = `${file}.${process.pid.toString(36)}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  try {
    fs.writeFile(temp, contents);
    fs.rename(temp, file);
  } catch (error) {
    attempt(() => fs.unlink(temp));
    throw error;
  }
}

function serializeJournal(journal: Journal): string {
  return `${JSON.stringify(journal)}\n`;
}

function parseJournal(text: string): Journal | undefined {
  try {
    const data = JSON.parse(text) as Partial<Journal>;
    const okPairs = Array.isArray(data.writes) && data.writes.every((w) => Array.isArray(w) && w.length === 2 && w.every((p) => typeof p === 'string' && isSafeRelative(p)));
    const okList = (list: unknown) => Array.isArray(list) && list.every((p) => typeof p === 'string' && isSafeRelative(p));
    if (data.version !== 1 || (data.state !== 'staging' && data.state !== 'committing') || !okPairs || !okList(data.removes) || !okList(data.createdDirs)) return undefined;
    return data as Journal;
  } catch {
    return undefined;
  }
}

/** A journal is data from disk: never let it point outside the output directory. */
function isSafeRelative(p: string): boolean {
  return p !== '' && !p.startsWith('/') && !p.includes('\\') && !p.split('/').some((part) => part === '..' || part === '');
}

/** Removes directories a failed commit created, deepest first; non-empty ones stay. */
function removeDirs(dirs: readonly string[], outDir: string, fs: BuildFs): void {
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) {
    // `mkdir -p` reports only the first directory it created; remove its new descendants too.
    removeEmptyTree(path.join(outDir, ...dir.split('/')), fs);
  }
}

function removeEmptyTree(dir: string, fs: BuildFs): void {
  for (const name of fs.readdir(dir)) {
    const child = path.join(dir, name);
    if (fs.stat(child)?.isDirectory) removeEmptyTree(child, fs);
  }
  attempt(() => fs.rmdir(dir));
}

/** After removing a deleted connector's files, drop the directories they leave empty (never `outDir` itself). */
function removeEmptyParents(files: readonly string[], outDir: string, fs: BuildFs): void {
  const dirs = new Set<string>();
  for (const file of files) {
    for (let dir = path.posix.dirname(file); dir !== '.' && dir !== META_DIR; dir = path.posix.dirname(dir)) dirs.add(dir);
  }
  for (const dir of [...dirs].sort((a, b) => b.split('/').length - a.split('/').length || compareStrings(a, b))) {
    const absolute = path.join(outDir, ...dir.split('/'));
    if (fs.readdir(absolute).length === 0) attempt(() => fs.rmdir(absolute));
  }
}

/** Wraps an fs error as a `WriteError` with a message that says what failed and why. */
export function writeError(error: unknown, file: string, action: string, partial: boolean): WriteError {
  const code = errnoCode(error);
  const reason = code ? `${code}: ${describeErrno(code)}` : error instanceof Error ? error.message : String(error);
  return new WriteError(action, reason, file, code, partial);
}

function describeErrno(code: string): string {
  switch (code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOTDIR':
      return 'a parent path is a file, not a directory';
    case 'EEXIST':
      return 'a file is in the way of a directory';
    case 'EISDIR':
      return 'a directory is in the way of the file';
    case 'EDQUOT':
      return 'disk quota exceeded';
    default:
      return 'operating system error';
  }
}

function attempt(action: () => void): void {
  try {
    action();
  } catch {
    // Best effort while cleaning up after another error; that error is the one reported.
  }
}
