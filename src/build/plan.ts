import { compareStrings } from '../diagnostics/diagnostic.js';

/** What is on disk in the output directory, by output-relative path (memoised by the caller). */
export type DiskHash = (path: string) => string | undefined;

export interface PlanInput {
  /** Files the last build wrote (the manifest's `files`), with their hashes. */
  readonly owned: ReadonlyMap<string, string>;
  /** Outputs of specs that were not re-emitted: already on disk as the manifest says. */
  readonly kept: ReadonlyMap<string, string>;
  /** Hashes of the outputs produced in this build, by path. */
  readonly emitted: ReadonlyMap<string, string>;
  /** Overwrite and delete files even when they were edited by hand or not written by the compiler. */
  readonly force: boolean;
}

export type ConflictReason = 'edited' | 'not-owned';

export interface Plan {
  /** Files to create or replace, sorted. */
  readonly writes: readonly string[];
  /** Owned files no longer generated, sorted. */
  readonly removes: readonly string[];
  /** Generated files whose bytes on disk are already right. */
  readonly unchanged: number;
  /** No longer generated but edited by hand: left in place and disowned. */
  readonly abandoned: readonly string[];
  /** Paths the build would have to overwrite although someone else's bytes are there. */
  readonly conflicts: readonly { readonly path: string; readonly reason: ConflictReason }[];
  /** The new manifest's `files`. */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * Diffs the wanted output against the disk. Only changed files are written, so
 * unchanged files keep their timestamps. The compiler overwrites or deletes a
 * file only when its bytes are the ones it wrote last time (hash in the
 * manifest); anything else — a generated file edited by hand, or a user's file
 * at a path that is now generated — is a conflict unless `force` is set.
 */
export function planOutput(input: PlanInput, diskHash: DiskHash): Plan {
  const writes: string[] = [];
  const conflicts: { path: string; reason: ConflictReason }[] = [];
  const files = new Map(input.kept);
  let unchanged = input.kept.size;
  for (const [file, hash] of input.emitted) {
    files.set(file, hash);
    const onDisk = diskHash(file);
    if (onDisk === hash) {
      unchanged++;
    } else if (onDisk === undefined || onDisk === input.owned.get(file) || input.force) {
      writes.push(file);
    } else {
      conflicts.push({ path: file, reason: input.owned.has(file) ? 'edited' : 'not-owned' });
    }
  }
  const removes: string[] = [];
  const abandoned: string[] = [];
  for (const [file, hash] of input.owned) {
    if (files.has(file)) continue;
    const onDisk = diskHash(file);
    if (onDisk === undefined) continue;
    if (onDisk === hash || input.force) removes.push(file);
    else abandoned.push(file);
  }
  writes.sort(compareStrings);
  return { writes, removes: removes.sort(compareStrings), unchanged, abandoned: abandoned.sort(compareStrings), conflicts: conflicts.sort((a, b) => compareStrings(a.path, b.path)), files };
}

/** Emitter paths are data: refuse anything that could escape the output directory or touch the compiler's own files. */
export function unsafeOutputPath(file: string): string | undefined {
  if (file === '' || file.startsWith('/') || file.includes('\\') || /^[a-zA-Z]:/.test(file)) return 'must be a relative `/`-separated path';
  if (file.split('/').some((part) => part === '' || part === '.' || part === '..')) return 'must not contain empty, `.` or `..` segments';
  if (file === '.connector-compiler' || file.startsWith('.connector-compiler/')) return 'is reserved for the compiler\'s manifest';
  if (file.endsWith('.cc-tmp')) return 'uses the suffix reserved for temp files';
  return undefined;
}
