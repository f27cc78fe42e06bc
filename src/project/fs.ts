import * as nodeFs from 'node:fs';

/** The stat fields the build trusts to detect unchanged files without reading them. */
export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  /**
   * Inode change time: moves on every write, and unlike mtime cannot be set
   * back (`touch -d`, `cp -p`, `rsync -t` restore mtimes), so a file rewritten
   * in place with the same size and a restored mtime is still seen to change.
   */
  readonly ctimeMs: number;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
}

/**
 * Every disk operation of the build goes through this small synchronous
 * surface, so tests can inject faults (a full disk midway, a spec deleted
 * mid-build) and check that `generated/` stays consistent.
 *
 * Synchronous on purpose: the commit phase runs as one uninterrupted
 * stretch of the event loop, so a SIGINT handler can never run between
 * two renames (see docs/build.md, "Atomicity").
 */
export interface BuildFs {
  readFile(path: string): Buffer;
  /** `undefined` when the path does not exist (also when a parent is a file). */
  stat(path: string): FileStat | undefined;
  writeFile(path: string, data: string | Uint8Array): void;
  rename(from: string, to: string): void;
  /** Removes a file; a missing file is not an error. */
  unlink(path: string): void;
  /** `mkdir -p`; returns the first directory it had to create, if any. */
  mkdir(path: string): string | undefined;
  /** Removes an empty directory; throws when it is not empty. */
  rmdir(path: string): void;
  /** Names of the entries of a directory; `[]` when it does not exist (or is a file). */
  readdir(path: string): string[];
  /**
   * Whether the path itself is a symbolic link (not followed); false when it
   * does not exist. Optional for injected file systems without links: the
   * build then cannot refuse to write through one (see `linkOnPath`).
   */
  isSymbolicLink?(path: string): boolean;
  /**
   * Whether this process may create, rename and remove entries in the
   * directory (`access(W_OK | X_OK)`). Checked for every directory a commit
   * touches before its commit point; optional for injected file systems
   * (then assumed writable, and a failure midway is reported as such).
   */
  writable?(dir: string): boolean;
}

export const nodeBuildFs: BuildFs = {
  readFile: (path) => nodeFs.readFileSync(path),
  stat(path) {
    let info;
    try {
      info = nodeFs.statSync(path, { throwIfNoEntry: false });
    } catch (error) {
      // A file where a parent directory should be: this path does not exist either.
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw error;
    }
    return toFileStat(info);
  },
  writeFile: (path, data) => nodeFs.writeFileSync(path, data),
  rename: (from, to) => nodeFs.renameSync(from, to),
  unlink(path) {
    try {
      nodeFs.unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  },
  mkdir: (path) => nodeFs.mkdirSync(path, { recursive: true }),
  rmdir: (path) => nodeFs.rmdirSync(path),
  readdir(path) {
    try {
      return nodeFs.readdirSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw error;
    }
  },
  isSymbolicLink(path) {
    try {
      return nodeFs.lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
    } catch {
      return false;
    }
  },
  writable(dir) {
    try {
      nodeFs.accessSync(dir, nodeFs.constants.W_OK | nodeFs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
};

export function toFileStat(info: nodeFs.Stats | undefined): FileStat | undefined {
  return info && { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino, ctimeMs: info.ctimeMs, isFile: info.isFile(), isDirectory: info.isDirectory() };
}

/** A path and its stat (`undefined`: it did not exist) when a result was derived from it. */
export type StatEvidence = readonly [path: string, stat: FileStat | undefined];

/**
 * `fs` that also notes every path it stats, lists or reads, with its stat:
 * what a result computed through it depends on.
 */
export function recordingFs(fs: BuildFs, evidence: StatEvidence[]): BuildFs {
  const note = (path: string) => evidence.push([path, fs.stat(path)]);
  return {
    ...fs,
    stat(path) {
      const stat = fs.stat(path);
      evidence.push([path, stat]);
      return stat;
    },
    readdir(path) {
      note(path);
      return fs.readdir(path);
    },
    readFile(path) {
      note(path);
      return fs.readFile(path);
    },
  };
}

/** Whether two stats (or a stat and a recorded one) describe the same, unchanged file: size, mtime, inode and ctime. */
export function sameStat(a: Pick<FileStat, 'size' | 'mtimeMs' | 'ino' | 'ctimeMs'>, b: Pick<FileStat, 'size' | 'mtimeMs' | 'ino' | 'ctimeMs'>): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.ctimeMs === b.ctimeMs;
}

/** The errno code of a Node fs error, e.g. `ENOSPC`. */
export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Same file, unchanged (`undefined` for a missing file). */
export function sameFile(a: FileStat | undefined, b: FileStat | undefined): boolean {
  return a && b ? sameStat(a, b) : a === b;
}
