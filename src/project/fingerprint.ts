import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareStrings } from '../diagnostics/diagnostic.js';
import { nodeBuildFs, type StatEvidence } from './fs.js';
import { hashParts } from './hash.js';

/**
 * Identifies the compiler that produced an output: its package version plus a
 * hash of its own code (`dist/**.js`, or `src/**.ts` when run from source),
 * built-in templates and schema. The same release gives the same fingerprint
 * on every machine; any change to the compiler invalidates every cache entry,
 * so a developer rebuilding the compiler never gets stale output.
 */
export function compilerFingerprint(cached?: CachedFingerprint): { readonly fingerprint: CachedFingerprint; readonly evidence: readonly StatEvidence[] } {
  const codeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const packageRoot = path.dirname(codeRoot);
  const fromSource = path.basename(codeRoot) === 'src';
  const files: string[] = [];
  // Every directory listed and every file hashed, with its stat: what the fingerprint depends on.
  const evidence: StatEvidence[] = [];
  const add = (root: string, accept: (name: string) => boolean) => {
    const listed = listFiles(root, accept);
    evidence.push(...listed.dirs);
    files.push(...listed.files);
  };
  add(codeRoot, (name) => (fromSource ? name.endsWith('.ts') && !name.endsWith('.d.ts') : name.endsWith('.js')));
  add(path.join(packageRoot, 'templates'), () => true);
  add(path.join(packageRoot, 'schema'), (name) => name.endsWith('.json'));
  files.push(path.join(packageRoot, 'package.json'));
  // Stats are cheaper than reads: when no file's size, mtime or inode changed, the last hash stands.
  const signatureParts: string[] = [];
  for (const file of files) {
    const entry = statEvidence(file);
    evidence.push(entry);
    signatureParts.push(file, entry[1] ? `${entry[1].size}:${entry[1].mtimeMs}:${entry[1].ino}` : '-');
  }
  const signature = hashParts(signatureParts);
  if (cached?.signature === signature) return { fingerprint: cached, evidence };
  const parts = files.filter((file) => !file.endsWith('package.json')).flatMap((file) => [path.relative(packageRoot, file).split(path.sep).join('/'), readFileSync(file, 'utf8')]);
  return { fingerprint: { signature, fingerprint: `${packageVersion(packageRoot)}+${hashParts(parts).slice(0, 16)}` }, evidence };
}

/** The fingerprint with the stat signature of the files it was computed from (machine-local, kept in the cache). */
export interface CachedFingerprint {
  readonly signature: string;
  readonly fingerprint: string;
}

function statEvidence(file: string): StatEvidence {
  return [file, nodeBuildFs.stat(file)];
}

/**
 * The compiler's package version: all the committed manifest records of the
 * compiler, so refactoring it leaves `generated/` as it is (the code
 * fingerprint stays in the machine-local cache; see `BuildState.generated`).
 */
export function compilerVersion(): string {
  return packageVersion(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'));
}

function packageVersion(packageRoot: string): string {
  try {
    const data = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof data.version === 'string' ? data.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Absolute paths of the accepted files under `root`, sorted by relative path,
 * and the stat of every directory listed, taken before listing it (so an
 * entry added meanwhile shows in its mtime); none when `root` does not exist.
 */
function listFiles(root: string, accept: (name: string) => boolean): { files: string[]; dirs: StatEvidence[] } {
  const files: { full: string; relative: string }[] = [];
  const dirs: StatEvidence[] = [];
  const walk = (dir: string, relative: string) => {
    const evidence = statEvidence(dir);
    if (!evidence[1]?.isDirectory) return;
    dirs.push(evidence);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(full, childRelative);
      else if (entry.isFile() && accept(entry.name)) files.push({ full, relative: childRelative });
    }
  };
  walk(root, '');
  files.sort((a, b) => compareStrings(a.relative, b.relative));
  return { files: files.map((file) => file.full), dirs };
}
