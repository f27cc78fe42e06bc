import path from 'node:path';
import type { BuildFs } from '../fs.js';

/**
 * Why `file` is not a normalised output-relative path, or `undefined` when it
 * is one: relative, `/`-separated, no empty, `.` or `..` segment, no NUL. The
 * one rule for every path the build takes from data — an emitter's output
 * (`unsafeOutputPath`), the manifest and the journal — so none of them can
 * point outside the output directory.
 */
export function relativePathProblem(file: string): string | undefined {
  if (file === '' || file.startsWith('/') || file.includes('\\') || /^[a-zA-Z]:/.test(file)) return 'must be a relative `/`-separated path';
  if (file.includes('\0')) return 'must not contain a NUL character';
  if (file.split('/').some((part) => part === '' || part === '.' || part === '..')) return 'must not contain empty, `.` or `..` segments';
  return undefined;
}

/**
 * The first directory on the way from `outDir` to `file` (output-relative,
 * `outDir` itself excluded) that is a symbolic link, or `undefined`. Writing
 * or deleting through such a link could reach outside the output directory,
 * so the build refuses to. The file itself may be a link: renaming over it or
 * unlinking it replaces the link, never what it points to. `seen` memoises
 * directories across the files of one commit.
 */
export function linkOnPath(outDir: string, file: string, fs: BuildFs, seen = new Map<string, boolean>()): string | undefined {
  if (!fs.isSymbolicLink) return undefined;
  const parts = file.split('/');
  let dir = '';
  for (let i = 0; i < parts.length - 1; i++) {
    dir = dir === '' ? parts[i]! : `${dir}/${parts[i]}`;
    let link = seen.get(dir);
    if (link === undefined) {
      link = fs.isSymbolicLink(path.join(outDir, ...dir.split('/')));
      seen.set(dir, link);
    }
    if (link) return dir;
  }
  return undefined;
}
