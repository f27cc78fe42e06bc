/**
 * The one golden-file runner. Every golden comparison in the suite goes
 * through `expectFile` (one file) or `expectDir` (a directory of files),
 * both built on vitest's `toMatchFileSnapshot`, which compares the text
 * exactly (no trimming, no serialisation).
 *
 * Updating: `npx vitest run -u <files>` (or `UPDATE=1 npx vitest run <files>`,
 * which vitest.config.ts turns into `-u`) rewrites the golden files from the
 * current output, and `expectDir` removes the expected files the output no
 * longer has. Review the diff before committing it.
 *
 * Without `-u`: a golden file that differs fails; an expected file the output
 * lacks fails; a golden file that does not exist yet is written (vitest's
 * "new snapshot"), except under `CI=1` (or `--ci`), where it fails.
 */
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

/** Every file under `dir`, as `/`-separated paths relative to it, sorted; `[]` when `dir` does not exist. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (current: string, prefix: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(current, entry.name), `${prefix}${entry.name}/`);
      else out.push(`${prefix}${entry.name}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** Whether this run rewrites golden files (`vitest -u`, or `UPDATE=1`). */
export function updatingGoldens(): boolean {
  const state = expect.getState() as { snapshotState?: { snapshotUpdateState?: string } };
  return state.snapshotState?.snapshotUpdateState === 'all';
}

/** `actual` equals the golden `file` exactly (an absolute path). */
export async function expectFile(actual: string, file: string): Promise<void> {
  await expect(actual, path.basename(file)).toMatchFileSnapshot(file);
}

/**
 * The generated `actual` files (path relative to `expectedDir` → contents)
 * equal `expectedDir` exactly: the same set of files, each byte for byte.
 */
export async function expectDir(actual: ReadonlyMap<string, string>, expectedDir: string): Promise<void> {
  const stale = listFiles(expectedDir).filter((file) => !actual.has(file));
  if (updatingGoldens()) {
    for (const file of stale) rmSync(path.join(expectedDir, file));
    removeEmptyDirs(expectedDir);
  } else {
    expect(stale, `expected files in ${expectedDir} that the output lacks`).toEqual([]);
  }
  for (const file of [...actual.keys()].sort()) {
    await expect(actual.get(file), file).toMatchFileSnapshot(path.join(expectedDir, file));
  }
}

function removeEmptyDirs(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) removeEmptyDirs(path.join(dir, entry.name));
  if (readdirSync(dir).length === 0) rmdirSync(dir);
}
