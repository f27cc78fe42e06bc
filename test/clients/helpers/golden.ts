/**
 * Golden files: compares generated files with `expected/`, exactly. With
 * `UPDATE=1` it rewrites `expected/` instead (and removes files no longer
 * generated), so changes to the output are deliberate and reviewed as diffs.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const UPDATE = process.env['UPDATE'] === '1';

/** Every file under `dir`, as `/`-separated relative paths, sorted. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Writes `files` to `dir` in update mode; returns what is on disk afterwards for the caller to compare. */
export function syncGolden(dir: string, files: ReadonlyMap<string, string>): Map<string, string> {
  if (UPDATE) {
    for (const stale of listFiles(dir).filter((path) => !files.has(path))) rmSync(join(dir, stale));
    for (const [path, contents] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), contents);
    }
  }
  return new Map(listFiles(dir).map((path) => [path, readFileSync(join(dir, path), 'utf8')]));
}
