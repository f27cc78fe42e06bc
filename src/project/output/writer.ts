/**
 * The output directory's commit protocol: staging, the journal, the commit
 * and crash recovery. Over 400 lines because they share the journal format
 * and the removal helpers, and the crash-safety argument reads best in one place.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import { errnoCode, type BuildFs } from '../fs.js';
import { SYMLINK_CODE, errnoReason } from './errno.js';
import { isAlive } from './lock.js';
import { META_DIR } from './manifest.js';
import { linkOnPath, relativePathProblem } from './safe-path.js';

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
  /** 1: temps next to their targets (older compilers); 2: temps in a staging directory. */
  readonly version: 1 | 2;
  /** `staging`: the old output is untouched. `committing`: renames have begun. */
  readonly state: 'staging' | 'committing';
  /** Output-relative staging directory (version 2), removed once the commit is done or undone. */
  readonly staging?: string;
  readonly writes: readonly (readonly [temp: string, target: string])[];
  readonly removes: readonly string[];
  /** Directories this commit creates; removed again (when empty) on roll-back. */
  readonly createdDirs: readonly string[];
}

const STAGING_PREFIX = 'staging-';

/** A file put in a staging area, and where it goes when the build commits. */
export interface StagedWrite {
  /** Output-relative target path. */
  readonly path: string;
  /** Name of the staged file inside the staging directory. */
  readonly staged: string;
}

/**
 * Where one build puts the files it will write, before it knows whether it
 * will commit: `<out>/.connector-compiler/staging-<token>/`, flat names. Files
 * are staged as soon as they are generated (by any thread, each with its own
 * name prefix), so a build never holds all of its output in memory and the
 * disk work overlaps the compiling; nothing outside the staging directory is
 * touched until `commit`.
 */
export class StagingArea {
  private counter = 0;

  constructor(
    private readonly outDir: string,
    /** Output-relative staging directory. */
    readonly dir: string,
    private readonly fs: BuildFs,
    /** Keeps the names of threads staging into the same directory apart. */
    private readonly prefix = 'm',
    /** Directory `open` had to create for the staging directory (e.g. a first build's output directory). */
    private readonly createdParent?: string,
  ) {}

  /** Creates a fresh staging directory for one build. */
  static open(outDir: string, fs: BuildFs): StagingArea {
    const dir = `${META_DIR}/${STAGING_PREFIX}${process.pid.toString(36)}-${randomBytes(4).toString('hex')}`;
    let created: string | undefined;
    try {
      created = fs.mkdir(path.join(outDir, ...dir.split('/')));
    } catch (error) {
      throw writeError(error, dir, 'create the directory', false);
    }
    return new StagingArea(outDir, dir, fs, 'm', created);
  }

  /** The same staging directory, for another thread (`prefix` keeps the names apart). */
  static join(outDir: string, dir: string, fs: BuildFs, prefix: string): StagingArea {
    return new StagingArea(outDir, dir, fs, prefix);
  }

  /** Stages `contents`; returns the staged file's name. */
  put(contents: string): string {
    const name = `${this.prefix}${(this.counter++).toString(36)}`;
    try {
      this.fs.writeFile(path.join(this.outDir, ...this.dir.split('/'), name), contents);
    } catch (error) {
      throw writeError(error, `${this.dir}/${name}`, 'write', false);
    }
    return name;
  }

  /**
   * Removes the staging directory and whatever is left in it (best effort),
   * and the directories `open` created for it when they are empty: a failed
   * first build leaves no output directory behind.
   */
  discard(): void {
    removeStaging(this.outDir, this.dir, this.fs);
    if (this.createdParent === undefined) return;
    const stop = path.resolve(this.createdParent, '..');
    for (let dir = path.join(this.outDir, META_DIR); dir !== stop && dir.length >= this.createdParent.length; dir = path.dirname(dir)) {
      if (this.fs.readdir(dir).length > 0) break;
      attempt(() => this.fs.rmdir(dir));
    }
  }

  /**
   * Moves the staged `writes` into place and removes `removes`, all or nothing
   * (see `commitTransaction`); staged files not named in `writes` are dropped.
   */
  commit(writes: readonly StagedWrite[], removes: readonly string[]): void {
    const { fs, outDir } = this;
    const abs = (relative: string) => path.join(outDir, ...relative.split('/'));
    if (writes.length === 0 && removes.length === 0) return removeStaging(outDir, this.dir, fs);
    const pairs = writes.map((w) => [`${this.dir}/${w.staged}`, w.path] as const);
    // A concurrent build's recovery could have mistaken this staging directory for a crashed one.
    const present = new Set(fs.readdir(abs(this.dir)));
    const missing = writes.find((w) => !present.has(w.staged));
    if (missing) {
      this.discard();
      throw new WriteError('stage', 'the staged file disappeared; is another build running on this output directory?', missing.path, undefined, false);
    }
    const createdDirs: string[] = [];
    let journal: Journal = { version: 2, state: 'staging', staging: this.dir, writes: pairs, removes: [...removes], createdDirs };
    const rollBack = (error: unknown, file: string, action: string): never => {
      removeDirs(createdDirs, outDir, fs);
      removeStaging(outDir, this.dir, fs);
      attempt(() => fs.unlink(abs(JOURNAL_PATH)));
      throw error instanceof WriteError ? error : writeError(error, file, action, false);
    };

    // Never through a symbolic link: a directory inside the output directory that links out of it
    // (a committed symlink, say) would have files written or deleted elsewhere.
    const links = new Map<string, boolean>();
    for (const [file, action] of [...writes.map((w) => [w.path, 'write'] as const), ...removes.map((file) => [file, 'remove'] as const)]) {
      const link = linkOnPath(outDir, file, fs, links);
      if (link !== undefined) rollBack(symlinkError(action, file, link), file, action);
    }
    // Directories to create are journalled before they exist, so a crash right after creating one is undone too.
    const checked = new Set<string>();
    for (const write of writes) {
      for (let d = path.posix.dirname(write.path); d !== '.' && !checked.has(d); d = path.posix.dirname(d)) {
        checked.add(d);
        const stat = fs.stat(abs(d));
        // A file where a directory must go: fail now, while nothing outside the staging area has changed.
        if (stat && !stat.isDirectory) rollBack(Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR' }), write.path, 'write');
        if (!stat) createdDirs.push(d);
      }
    }
    createdDirs.sort();
    // Every existing directory that receives a file or loses one must be writable, checked now, before
    // the commit point: a read-only `forms/` found halfway through the renames would leave the output
    // half new. (Directories this commit creates are made before the commit point.)
    if (fs.writable) {
      const created = new Set(createdDirs);
      const verified = new Set<string>();
      for (const [file, action] of [...writes.map((w) => [w.path, 'write'] as const), ...removes.map((file) => [file, 'remove'] as const)]) {
        const dir = path.posix.dirname(file);
        if (created.has(dir) || verified.has(dir)) continue;
        verified.add(dir);
        if (!fs.writable(dir === '.' ? outDir : abs(dir))) rollBack(Object.assign(new Error('EACCES'), { code: 'EACCES' }), file, action);
      }
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

    // The commit point: from here on the journal says "finish me", not "undo me".
    journal = { ...journal, state: 'committing' };
    try {
      writeFileAtomic(fs, abs(JOURNAL_PATH), serializeJournal(journal));
    } catch (error) {
      rollBack(error, JOURNAL_PATH, 'write');
    }
    for (const [temp, target] of pairs) {
      try {
        fs.rename(abs(temp), abs(target));
      } catch (error) {
        throw writeError(error, target, 'rename into place', true);
      }
    }
    for (const file of removes) {
      try {
        fs.unlink(abs(file));
      } catch (error) {
        throw writeError(error, file, 'remove', true);
      }
    }
    removeEmptyParents(removes, outDir, fs);
    removeStaging(outDir, this.dir, fs);
    attempt(() => fs.unlink(abs(JOURNAL_PATH)));
  }
}

/**
 * Applies a transaction so that the output directory goes from fully old to
 * fully new. Every new file is first staged (see `StagingArea`); only when
 * all of them are on disk are they renamed into place (one file system, so
 * each rename is atomic), then stale files are removed. A journal records the
 * commit before anything outside the staging directory is touched, so a crash
 * (power loss aside, see docs/build.md) is rolled back (before the renames) or
 * completed (during them) by the next build's `recoverJournal`.
 *
 * Fully synchronous, so no signal handler or other callback runs in between.
 */
export function commitTransaction(outDir: string, transaction: Transaction, fs: BuildFs): void {
  if (transaction.writes.length === 0 && transaction.removes.length === 0) return;
  try {
    fs.mkdir(path.join(outDir, META_DIR));
  } catch (error) {
    throw writeError(error, META_DIR, 'create the directory', false);
  }
  const staging = StagingArea.open(outDir, fs);
  let staged: StagedWrite[];
  try {
    staged = transaction.writes.map((w) => ({ path: w.path, staged: staging.put(w.contents) }));
  } catch (error) {
    staging.discard();
    throw error;
  }
  staging.commit(staged, transaction.removes);
}

/** What `recoverJournal` found and did. */
export type Recovery = { readonly action: 'none' } | { readonly action: 'rolled-back' | 'completed'; readonly files: number } | { readonly action: 'unreadable' };

/**
 * Finishes or undoes a commit that a crash (SIGKILL, power loss, OOM) cut
 * short: a `staging` journal is rolled back (temps deleted, old output kept), a
 * `committing` one is rolled forward (remaining temps renamed, stale files
 * removed). Staging directories of builds that died before committing are removed.
 */
export function recoverJournal(outDir: string, fs: BuildFs): Recovery {
  const abs = (relative: string) => path.join(outDir, ...relative.split('/'));
  // A crash while the journal itself was being written leaves only its temp file: nothing had started yet.
  for (const name of fs.readdir(abs(META_DIR))) {
    if (name.startsWith('journal.json.') && name.endsWith(TEMP_SUFFIX)) fs.unlink(abs(`${META_DIR}/${name}`));
  }
  let text: string | undefined;
  try {
    text = fs.readFile(abs(JOURNAL_PATH)).toString('utf8');
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT' && errnoCode(error) !== 'ENOTDIR') throw writeError(error, JOURNAL_PATH, 'read', false);
  }
  if (text === undefined) {
    removeAbandonedStaging(outDir, fs);
    return { action: 'none' };
  }
  const journal = parseJournal(text);
  if (!journal) {
    fs.unlink(abs(JOURNAL_PATH));
    return { action: 'unreadable' };
  }
  if (journal.state === 'staging') {
    for (const [temp] of journal.writes) fs.unlink(abs(temp));
    removeDirs(journal.createdDirs, outDir, fs);
    if (journal.staging !== undefined) removeStaging(outDir, journal.staging, fs);
    fs.unlink(abs(JOURNAL_PATH));
    removeAbandonedStaging(outDir, fs);
    return { action: 'rolled-back', files: journal.writes.length };
  }
  // Rolling forward can fail as the commit did (a directory made read-only meanwhile): the output is
  // then still part old, part new, and the journal stays for the next attempt.
  const links = new Map<string, boolean>();
  for (const [temp, target] of journal.writes) {
    const link = linkOnPath(outDir, target, fs, links);
    if (link !== undefined) throw symlinkError('write', target, link, true);
    try {
      if (fs.stat(abs(temp))) fs.rename(abs(temp), abs(target));
    } catch (error) {
      throw writeError(error, target, 'rename into place', true);
    }
  }
  for (const file of journal.removes) {
    const link = linkOnPath(outDir, file, fs, links);
    if (link !== undefined) throw symlinkError('remove', file, link, true);
    try {
      fs.unlink(abs(file));
    } catch (error) {
      throw writeError(error, file, 'remove', true);
    }
  }
  removeEmptyParents(journal.removes, outDir, fs);
  if (journal.staging !== undefined) removeStaging(outDir, journal.staging, fs);
  fs.unlink(abs(JOURNAL_PATH));
  removeAbandonedStaging(outDir, fs);
  return { action: 'completed', files: journal.writes.length + journal.removes.length };
}

/**
 * Staging directories left by builds that stopped before committing (crash,
 * Ctrl-C, an error). A directory of a live process other than this one
 * belongs to a build still running and is left alone.
 */
function removeAbandonedStaging(outDir: string, fs: BuildFs): void {
  for (const name of fs.readdir(path.join(outDir, META_DIR))) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const pid = Number.parseInt(name.slice(STAGING_PREFIX.length).split('-')[0] ?? '', 36);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) continue;
    removeStaging(outDir, `${META_DIR}/${name}`, fs);
  }
}

function removeStaging(outDir: string, dir: string, fs: BuildFs): void {
  const absolute = path.join(outDir, ...dir.split('/'));
  for (const name of fs.readdir(absolute)) attempt(() => fs.unlink(path.join(absolute, name)));
  attempt(() => fs.rmdir(absolute));
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
    if ((data.version !== 1 && data.version !== 2) || (data.state !== 'staging' && data.state !== 'committing') || !okPairs || !okList(data.removes) || !okList(data.createdDirs)) return undefined;
    // A staging directory is only ever one inside the compiler's own directory.
    if (data.staging !== undefined && (typeof data.staging !== 'string' || !isSafeRelative(data.staging) || !data.staging.startsWith(`${META_DIR}/${STAGING_PREFIX}`) || data.staging.split('/').length !== 2)) return undefined;
    return data as Journal;
  } catch {
    return undefined;
  }
}

/** A journal is data from disk: never let it point outside the output directory (the manifest's paths pass the same rule). */
function isSafeRelative(p: string): boolean {
  return relativePathProblem(p) === undefined;
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

/** Refusing to write or delete `file` because `link` (a directory on its way) is a symbolic link. */
function symlinkError(action: string, file: string, link: string, partial = false): WriteError {
  return new WriteError(action, `\`${link}\` is a symbolic link, and the compiler never writes or deletes through one`, file, SYMLINK_CODE, partial);
}


/** Wraps an fs error as a `WriteError` with a message that says what failed and why. */
export function writeError(error: unknown, file: string, action: string, partial: boolean): WriteError {
  const code = errnoCode(error);
  const reason = code ? `${code}: ${errnoReason(code)}` : error instanceof Error ? error.message : String(error);
  return new WriteError(action, reason, file, code, partial);
}

function attempt(action: () => void): void {
  try {
    action();
  } catch {
    // Best effort while cleaning up after another error; that error is the one reported.
  }
}
