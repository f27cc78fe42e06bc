import { readFileSync, readdirSync } from 'node:fs';
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
export function compilerFingerprint(): string {
  const codeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const packageRoot = path.dirname(codeRoot);
  const fromSource = path.basename(codeRoot) === 'src';
  const parts: string[] = [];
  const add = (root: string, label: string, accept: (name: string) => boolean) => {
    for (const file of listFiles(root, accept)) {
      parts.push(`${label}/${file}`, readFileSync(path.join(root, file), 'utf8'));
    }
  };
  add(codeRoot, 'code', (name) => (fromSource ? name.endsWith('.ts') && !name.endsWith('.d.ts') : name.endsWith('.js')));
  add(path.join(packageRoot, 'templates'), 'templates', () => true);
  add(path.join(packageRoot, 'schema'), 'schema', (name) => name.endsWith('.json'));
  return `${packageVersion(packageRoot)}+${hashParts(parts).slice(0, 16)}`;
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
