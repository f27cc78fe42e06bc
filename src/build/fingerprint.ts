import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareStrings } from '../diagnostics/diagnostic.js';
import { hashParts } from './hash.js';

/**
 * Identifies the compiler that produced an output: its package version plus a
 * hash of its own code (`dist/**.js`, or `src/**.ts` when run from source),
 * built-in templates and schema. The same release gives the same fingerprint
 * on every machine; any change to the compiler invalidates every cache entry,
 * so a developer rebuilding the compiler never gets stale output.
 */
export function compilerFingerprint(cached?: CachedFingerprint): CachedFingerprint {
  const codeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const packageRoot = path.dirname(codeRoot);
  const fromSource = path.basename(codeRoot) === 'src';
  const files: string[] = [];
  const add = (root: string, accept: (name: string) => boolean) => {
    for (const file of listFiles(root, accept)) files.push(path.join(root, file));
  };
  add(codeRoot, (name) => (fromSource ? name.endsWith('.ts') && !name.endsWith('.d.ts') : name.endsWith('.js')));
  add(path.join(packageRoot, 'templates'), () => true);
  add(path.join(packageRoot, 'schema'), (name) => name.endsWith('.json'));
  files.push(path.join(packageRoot, 'package.json'));
  // Stats are cheaper than reads: when no file's size, mtime or inode changed, the last hash stands.
  const signature = hashParts(files.flatMap((file) => {
    const info = statSync(file, { throwIfNoEntry: false });
    return [file, info ? `${info.size}:${info.mtimeMs}:${info.ino}` : '-'];
  }));
  if (cached?.signature === signature) return cached;
  const parts = files.filter((file) => !file.endsWith('package.json')).flatMap((file) => [path.relative(packageRoot, file).split(path.sep).join('/'), readFileSync(file, 'utf8')]);
  return { signature, fingerprint: `${packageVersion(packageRoot)}+${hashParts(parts).slice(0, 16)}` };
}

/** The fingerprint with the stat signature of the files it was computed from (machine-local, kept in the cache). */
export interface CachedFingerprint {
  readonly signature: string;
  readonly fingerprint: string;
}

function packageVersion(packageRoot: string): string {
  try {
    const data = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof data.version === 'string' ? data.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Relative `/`-separated paths of the files under `root`, sorted; `[]` when it does not exist. */
function listFiles(root: string, accept: (name: string) => boolean): string[] {
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && accept(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath ?? root, entry.name)).split(path.sep).join('/'))
    .sort(compareStrings);
}
