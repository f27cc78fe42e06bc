/**
 * The one errno table: for each operating-system error a write can meet, what
 * it means (the reason in `WriteError`'s message) and what to do about it (the
 * hint of the CC5001 diagnostic). `writer.ts` and `build-messages.ts` both read it.
 */

/** `WriteError.code` of a refusal to write through a symbolic link: not an errno, the compiler's own. */
export const SYMLINK_CODE = 'ESYMLINK';

interface ErrnoEntry {
  /** Why the operation failed, e.g. `no space left on the device`. */
  readonly reason: string;
  /** What to do, after "Nothing in the output directory was changed." */
  readonly hint: string;
}

const NO_SPACE: ErrnoEntry['hint'] = 'Free some disk space and run the build again.';
const NOT_WRITABLE: ErrnoEntry['hint'] = 'Make the output directory writable (or choose another with `--out-dir`) and run the build again.';
const IN_THE_WAY: ErrnoEntry['hint'] = 'A file or directory is in the way: move it, or choose another output directory with `--out-dir`.';

const ERRNO: ReadonlyMap<string, ErrnoEntry> = new Map(Object.entries({
  ENOSPC: { reason: 'no space left on the device', hint: NO_SPACE },
  EDQUOT: { reason: 'disk quota exceeded', hint: NO_SPACE },
  EACCES: { reason: 'permission denied', hint: NOT_WRITABLE },
  EPERM: { reason: 'permission denied', hint: NOT_WRITABLE },
  EROFS: { reason: 'read-only file system', hint: NOT_WRITABLE },
  ENOTDIR: { reason: 'a parent path is a file, not a directory', hint: IN_THE_WAY },
  EEXIST: { reason: 'a file is in the way of a directory', hint: IN_THE_WAY },
  EISDIR: { reason: 'a directory is in the way of the file', hint: IN_THE_WAY },
  [SYMLINK_CODE]: { reason: 'a symbolic link is on the way', hint: 'Replace the symbolic link with a real directory, or choose another output directory with `--out-dir`.' },
}));

const UNKNOWN: ErrnoEntry = { reason: 'operating system error', hint: 'Fix the cause and run the build again.' };

/** What an errno code means, e.g. `ENOSPC` → `no space left on the device`. */
export function errnoReason(code: string): string {
  return (ERRNO.get(code) ?? UNKNOWN).reason;
}

/** What to do about a write that failed with `code` (any code, or none). */
export function errnoHint(code: string | undefined): string {
  return ((code !== undefined && ERRNO.get(code)) || UNKNOWN).hint;
}

/** A file system that cannot be written at all (permissions, read-only mount): a build with nothing to write may still succeed. */
export function isNotWritable(code: string | undefined): boolean {
  return code !== undefined && ERRNO.get(code)?.hint === NOT_WRITABLE;
}
