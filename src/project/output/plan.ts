import { compareStrings } from '../../diagnostics/diagnostic.js';
import { relativePathProblem } from './safe-path.js';

/** What is on disk in the output directory, by output-relative path (memoised by the caller). */
export type DiskHash = (path: string) => string | undefined;

export interface PlanInput {
  /** Files the last build wrote (the manifest's `files`), with their hashes. */
  readonly owned: ReadonlyMap<string, string>;
  /**
   * The owned files that may change: those of the specs re-emitted or
   * removed, of the index, and any no spec claims. The rest of `owned` is the
   * output of unchanged specs, kept as the manifest records it (and not looked
   * at: a watch rebuild plans one spec's files, not all 8,000).
   */
  readonly replaced: ReadonlySet<string>;
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
  /** How the manifest's `files` change: a path's new hash, or `undefined` when it is no longer owned. */
  readonly changes: ReadonlyMap<string, string | undefined>;
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
  const changes = new Map<string, string | undefined>();
  let replacedOwned = 0;
  for (const file of input.replaced) if (input.owned.has(file)) replacedOwned++;
  // Files of unchanged specs are on disk as the manifest records them.
  let unchanged = input.owned.size - replacedOwned;
  for (const [file, hash] of input.emitted) {
    if (input.owned.get(file) !== hash) changes.set(file, hash);
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
  for (const file of input.replaced) {
    const hash = input.owned.get(file);
    if (hash === undefined || input.emitted.has(file)) continue;
    changes.set(file, undefined);
    const onDisk = diskHash(file);
    if (onDisk === undefined) continue;
    if (onDisk === hash || input.force) removes.push(file);
    else abandoned.push(file);
  }
  writes.sort(compareStrings);
  return { writes, removes: removes.sort(compareStrings), unchanged, abandoned: abandoned.sort(compareStrings), conflicts: conflicts.sort((a, b) => compareStrings(a.path, b.path)), changes };
}

/** Applies `changes` to `files` in place; returns what undoes it. */
export function applyChanges(files: Map<string, string>, changes: ReadonlyMap<string, string | undefined>): () => void {
  const before = new Map<string, string | undefined>();
  for (const [file, hash] of changes) {
    before.set(file, files.get(file));
    if (hash === undefined) files.delete(file);
    else files.set(file, hash);
  }
  return () => {
    for (const [file, hash] of before) {
      if (hash === undefined) files.delete(file);
      else files.set(file, hash);
    }
  };
}

/** Emitter paths are data: refuse anything that could escape the output directory or touch the compiler's own files. */
export function unsafeOutputPath(file: string): string | undefined {
  const problem = relativePathProblem(file);
  if (problem) return problem;
  if (file === '.connector-compiler' || file.startsWith('.connector-compiler/')) return 'is reserved for the compiler\'s manifest';
  if (file.endsWith('.cc-tmp')) return 'uses the suffix reserved for temp files';
  return undefined;
}
