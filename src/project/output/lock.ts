import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, linkSync, mkdirSync, openSync, readFileSync, readdirSync, rmdirSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { META_DIR } from './manifest.js';

/** Output-relative path of the lock file. */
export const LOCK_PATH = `${META_DIR}/lock`;
/**
 * A lock whose file has not been touched for this long is stale, whoever
 * holds it: its holder refreshes the file's mtime every `REFRESH_MS` while it
 * runs, so only a holder that died (or hangs) stops doing so. This is what
 * recovers a lock from another machine (a shared or cached `generated/`),
 * whose pid cannot be checked here.
 */
export const STALE_LOCK_MS = 5 * 60_000;
const REFRESH_MS = 30_000;

/** Who holds a lock, as its file says. */
export interface LockHolder {
  readonly pid: number;
  /** `os.hostname()` of the holder; a lock written by an older compiler (a bare pid) counts as this machine's. */
  readonly host: string;
}

export interface HeldLock {
  /** Removes the lock file (and the directories taking it created, if still empty). Idempotent. */
  readonly release: () => void;
}

/**
 * An exclusive lock on an output directory, held for a whole build (not
 * `--check`, which only looks at it): while one build reads, compiles and
 * commits, another on the same directory fails at once with "another build is
 * running" instead of reading a manifest that is about to change.
 *
 * The lock is `<out>/.connector-compiler/lock`, created with its contents in
 * one step (written aside, then hard-linked into place: `link` fails if the
 * name exists). It is **stale**, and taken over, when its holder is on this
 * machine and its pid is not alive (a build killed with `kill -9`), or when it
 * is older than `STALE_LOCK_MS` (unrefreshed: see there). A takeover removes
 * the stale file only if it is still the very file judged stale (same inode
 * and mtime).
 */
export function acquireOutputLock(outDir: string, now: () => number = Date.now): HeldLock | { readonly heldBy: LockHolder } {
  const file = path.join(outDir, ...LOCK_PATH.split('/'));
  const created = mkdirSync(path.dirname(file), { recursive: true });
  const host = hostname();
  const contents = `${JSON.stringify({ pid: process.pid, host })}\n`;
  const temp = `${file}.${process.pid.toString(36)}-${randomBytes(4).toString('hex')}.cc-tmp`;
  writeFileSync(temp, contents);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(temp, file);
        return held(file, created, outDir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const found = readLock(file);
      if (!found) continue; // Gone meanwhile: try again.
      if (!isStale(found, host, now())) return { heldBy: found.holder };
      const current = statOrUndefined(file);
      if (current && current.ino === found.ino && current.mtimeMs === found.mtimeMs) {
        unlinkQuietly(file);
        if (found.holder.host === host) removeTempsOf(file, found.holder.pid);
      }
    }
    return { heldBy: readLock(file)?.holder ?? { pid: 0, host } };
  } finally {
    unlinkQuietly(temp);
  }
}

/**
 * Whether another build holds the lock right now (for `--check`, which takes
 * none). A stale lock does not count.
 */
export function liveLockHolder(outDir: string, now: () => number = Date.now): LockHolder | undefined {
  const found = readLock(path.join(outDir, ...LOCK_PATH.split('/')));
  return found && !isStale(found, hostname(), now()) ? found.holder : undefined;
}

function held(file: string, created: string | undefined, outDir: string): HeldLock {
  let released = false;
  // Keeps the lock fresh while a long build runs (see `STALE_LOCK_MS`); never keeps the process alive.
  const refresh = setInterval(() => {
    try {
      const at = new Date();
      utimesSync(file, at, at);
    } catch {
      // Released meanwhile, or taken over after a hang: nothing to refresh.
    }
  }, REFRESH_MS);
  refresh.unref();
  return {
    release() {
      if (released) return;
      released = true;
      clearInterval(refresh);
      unlinkQuietly(file);
      // A first build that failed leaves no output directory behind (see `StagingArea.discard`).
      if (created === undefined) return;
      const stop = path.dirname(path.resolve(created));
      for (let dir = path.dirname(file); dir !== stop && dir.length >= path.resolve(outDir, '..').length; dir = path.dirname(dir)) {
        try {
          if (readdirSync(dir).length > 0) break;
          rmdirSync(dir);
        } catch {
          break;
        }
      }
    },
  };
}

interface FoundLock {
  readonly holder: LockHolder;
  readonly ino: number;
  readonly mtimeMs: number;
}

/** The lock file's holder and identity; `undefined` when there is no lock file. */
function readLock(file: string): FoundLock | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    const text = readFileSync(fd, 'utf8');
    return { holder: parseHolder(text), ino: info.ino, mtimeMs: info.mtimeMs };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** `{"pid":…,"host":…}`, or a bare pid (older compilers, this machine); anything else holds nothing (pid 0). */
function parseHolder(text: string): LockHolder {
  const here = hostname();
  if (/^\s*\d+\s*$/.test(text)) return { pid: Number.parseInt(text, 10), host: here };
  try {
    const data = JSON.parse(text) as { pid?: unknown; host?: unknown };
    if (typeof data.pid === 'number' && Number.isInteger(data.pid) && typeof data.host === 'string') return { pid: data.pid, host: data.host };
  } catch {
    // Unreadable: see below.
  }
  return { pid: 0, host: here };
}

/** The rule in `acquireOutputLock`'s comment. */
function isStale(found: FoundLock, host: string, now: number): boolean {
  if (now - found.mtimeMs > STALE_LOCK_MS) return true;
  if (found.holder.host !== host) return false;
  const { pid } = found.holder;
  return !(pid > 0 && pid !== process.pid && isAlive(pid));
}

function statOrUndefined(file: string): { ino: number; mtimeMs: number } | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** The temporary lock files a killed holder left (it dies between writing one and removing it). */
function removeTempsOf(file: string, pid: number): void {
  const prefix = `${path.basename(file)}.${pid.toString(36)}-`;
  try {
    for (const name of readdirSync(path.dirname(file))) if (name.startsWith(prefix) && name.endsWith('.cc-tmp')) unlinkQuietly(path.join(path.dirname(file), name));
  } catch {
    // The directory went away: nothing left to remove.
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

/** Whether a process with this pid exists (EPERM: it does, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
