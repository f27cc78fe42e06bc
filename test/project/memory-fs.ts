import path from 'node:path';
import type { BuildFs, FileStat } from '../../src/project/fs.js';

function fail(code: string, file: string): never {
  throw Object.assign(new Error(`${code}: ${file}`), { code });
}

/**
 * An in-memory `BuildFs` with POSIX semantics for the operations the writer
 * uses (atomic rename, ENOENT/ENOTEMPTY/EEXIST), so property tests can try
 * thousands of crash points quickly.
 */
export class MemoryFs implements BuildFs {
  readonly files = new Map<string, string>();
  readonly dirs = new Set<string>(['/']);
  /**
   * Directories whose entries cannot be created, renamed or removed (EACCES),
   * as after `chmod a-w` — for any user, root included, which a real chmod does not stop.
   */
  readonly readOnly = new Set<string>();
  private ino = 1;
  private readonly inodes = new Map<string, number>();

  constructor(initial: Record<string, string> = {}) {
    for (const [file, contents] of Object.entries(initial)) {
      this.mkdir(path.posix.dirname(file));
      this.writeFile(file, contents);
    }
  }

  readFile(file: string): Buffer {
    const contents = this.files.get(file);
    if (contents === undefined) fail('ENOENT', file);
    return Buffer.from(contents);
  }
  stat(file: string): FileStat | undefined {
    if (this.dirs.has(file)) return { size: 0, mtimeMs: 0, ino: 0, ctimeMs: 0, isFile: false, isDirectory: true };
    const contents = this.files.get(file);
    if (contents === undefined) return undefined;
    return { size: contents.length, mtimeMs: 1, ino: this.inodes.get(file) ?? 0, ctimeMs: 1, isFile: true, isDirectory: false };
  }
  writeFile(file: string, data: string | Uint8Array): void {
    if (!this.dirs.has(path.posix.dirname(file))) fail('ENOENT', file);
    this.deny(file);
    if (this.dirs.has(file)) fail('EISDIR', file);
    this.files.set(file, typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
    this.inodes.set(file, this.ino++);
  }
  rename(from: string, to: string): void {
    const contents = this.files.get(from);
    if (contents === undefined) fail('ENOENT', from);
    if (!this.dirs.has(path.posix.dirname(to))) fail('ENOENT', to);
    this.deny(from);
    this.deny(to);
    this.files.delete(from);
    this.files.set(to, contents);
    this.inodes.set(to, this.inodes.get(from) ?? 0);
  }
  unlink(file: string): void {
    if (this.files.has(file)) this.deny(file);
    this.files.delete(file);
  }
  mkdir(dir: string): string | undefined {
    let first: string | undefined;
    const missing: string[] = [];
    for (let d = dir; !this.dirs.has(d); d = path.posix.dirname(d)) {
      if (this.files.has(d)) fail('EEXIST', d);
      missing.unshift(d);
    }
    for (const d of missing) {
      this.deny(d);
      this.dirs.add(d);
      first ??= d;
    }
    return first;
  }
  rmdir(dir: string): void {
    if (!this.dirs.has(dir)) fail('ENOENT', dir);
    if (this.readdir(dir).length > 0) fail('ENOTEMPTY', dir);
    this.deny(dir);
    this.dirs.delete(dir);
  }
  writable(dir: string): boolean {
    return !this.readOnly.has(dir);
  }
  /** EACCES when `entry`'s directory is read-only. */
  private deny(entry: string): void {
    if (this.readOnly.has(path.posix.dirname(entry))) fail('EACCES', entry);
  }
  readdir(dir: string): string[] {
    if (!this.dirs.has(dir)) return [];
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const names = new Set<string>();
    for (const entry of [...this.files.keys(), ...this.dirs]) {
      if (entry.startsWith(prefix) && entry !== dir) names.add(entry.slice(prefix.length).split('/')[0]!);
    }
    return [...names].sort();
  }
  /** Files under `root` by relative path, sorted. */
  snapshot(root: string): Record<string, string> {
    const out: [string, string][] = [];
    for (const [file, contents] of this.files) if (file.startsWith(`${root}/`)) out.push([file.slice(root.length + 1), contents]);
    return Object.fromEntries(out.sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  /** Directories under `root` (relative), sorted. */
  directories(root: string): string[] {
    return [...this.dirs].filter((d) => d.startsWith(`${root}/`)).map((d) => d.slice(root.length + 1)).sort();
  }
}
