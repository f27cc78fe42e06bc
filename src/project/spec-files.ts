import { lstatSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareStrings, diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { decodeSpecBytes } from '../load/decode.js';
import { symlinkDiagnostic } from '../load/symlinks.js';
import { specDisappeared, specUnreadable } from './build-messages.js';
import { errnoCode, nodeBuildFs, toFileStat, type BuildFs, type StatEvidence } from './fs.js';

/** A spec file found on disk. */
export interface SpecFile {
  /** Display path: relative to the project root, `/`-separated (absolute when outside the root). */
  readonly file: string;
  readonly absolute: string;
}

/** A spec found by a build's scan, with its text once something has read it. */
export interface ScannedSpec {
  readonly spec: SpecFile;
  source?: string;
}

/** A scanned spec with its content hash. */
export interface HashedSpec extends ScannedSpec {
  readonly hash: string;
}

const SPEC_EXTENSION = /\.ya?ml$/i;
const GLOB_CHARS = /[*?[\]{}!]/;
/** Never searched inside a spec directory. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/**
 * Resolves the build's inputs — spec files, directories (searched recursively
 * for `*.yaml`/`*.yml`) or globs — relative to `root`. Sorted by display path,
 * so the build never depends on directory-listing order. Globs load
 * `tinyglobby`; plain paths (the default) stay on a cheap `readdir`.
 */
export async function findSpecs(inputs: readonly string[], root: string, exclude: readonly string[] = []): Promise<FoundSpecs> {
  const found = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  let searched: StatEvidence[] | undefined = [];
  const excluded = exclude.map((dir) => path.resolve(root, dir) + path.sep);
  const add = (absolute: string) => {
    if (excluded.some((dir) => absolute.startsWith(dir))) return;
    found.set(displayPath(absolute, root), absolute);
  };
  for (const input of inputs) {
    if (GLOB_CHARS.test(input)) {
      const { glob } = await import('tinyglobby');
      const matches = await glob(input, { cwd: root, absolute: true, onlyFiles: true, dot: false, ignore: ['**/node_modules/**'], expandDirectories: false });
      // Links are not followed to specs (see load/symlinks.ts): a matched link is skipped with a warning.
      const links = new Set(matches.filter((file) => SPEC_EXTENSION.test(file) && lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()));
      for (const link of links) diagnostics.push(symlinkDiagnostic(displayPath(link, root), false));
      const specs = matches.filter((file) => SPEC_EXTENSION.test(file) && !links.has(file));
      if (specs.length === 0) diagnostics.push(diagnostic('CC1006', 'error', `No connector specs (\`*.yaml\`) match \`${input}\`.`, { file: input }, 'Check the `input` globs in the config, or create a spec with `connector-compiler new <id>`.'));
      for (const file of specs) add(path.normalize(file));
      // Which directories a glob walked is tinyglobby's business: such a result has no `searched` list.
      searched = undefined;
      continue;
    }
    const absolute = path.resolve(root, input);
    const info = statSync(absolute, { throwIfNoEntry: false });
    if (!info?.isDirectory() && lstatSync(absolute, { throwIfNoEntry: false })?.isSymbolicLink()) {
      diagnostics.push(symlinkDiagnostic(displayPath(absolute, root), true));
    } else if (!info) {
      diagnostics.push(diagnostic('CC1001', 'error', `No such file or directory: \`${input}\`.`, { file: input }, 'Check the path; specs live in `connectors/` by default.'));
    } else if (info.isDirectory()) {
      const specs = listSpecs(absolute, searched, (link) => diagnostics.push(symlinkDiagnostic(displayPath(link, root), false)));
      if (specs.length === 0) diagnostics.push(diagnostic('CC1006', 'error', `No connector specs (\`*.yaml\`) found in \`${input}\`.`, { file: input }, 'Create one with `connector-compiler new <id>`.'));
      for (const file of specs) add(file);
    } else {
      searched?.push([absolute, toFileStat(info)]);
      add(absolute);
    }
  }
  const specs = [...found].map(([file, absolute]) => ({ file, absolute })).sort((a, b) => compareStrings(a.file, b.file));
  return { specs, diagnostics, ...(searched ? { searched } : {}) };
}

export interface FoundSpecs {
  readonly specs: SpecFile[];
  readonly diagnostics: Diagnostic[];
  /**
   * Every directory listed to find the specs, and every spec named as a
   * file, with its stat (absent when a glob was used): while none of them
   * changes (a directory's mtime moves when an entry is added, removed or
   * renamed), the same specs would be found.
   */
  readonly searched?: readonly StatEvidence[];
}

function listSpecs(directory: string, searched: StatEvidence[] | undefined, skippedLink: (file: string) => void): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    // Taken before listing, so a spec added meanwhile shows in the directory's mtime.
    searched?.push([dir, nodeBuildFs.stat(dir)]);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (searchesDirectory(entry.name)) walk(full);
      } else if (entry.isFile() && SPEC_EXTENSION.test(entry.name)) {
        out.push(full);
      } else if (entry.isSymbolicLink() && SPEC_EXTENSION.test(entry.name)) {
        skippedLink(full);
      }
    }
  };
  walk(directory);
  return out;
}

/** Whether a directory of this name inside a spec directory is searched for specs. */
export function searchesDirectory(name: string): boolean {
  return !name.startsWith('.') && !SKIPPED_DIRS.has(name);
}

/** Relative to `root` and `/`-separated when inside it; absolute otherwise. */
export function displayPath(absolute: string, root: string): string {
  // Specs under the root (nearly all) skip `path.relative`, which was most of the cost of listing 1,000 specs.
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  if (absolute.startsWith(prefix) && !absolute.includes(`${path.sep}..${path.sep}`)) return path.sep === '/' ? absolute.slice(prefix.length) : absolute.slice(prefix.length).split(path.sep).join('/');
  const relative = path.relative(root, absolute);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
  return shown.split(path.sep).join('/');
}

/** Directories to watch for a set of inputs: each directory input, the static prefix of each glob, each file's directory. */
export function watchRoots(inputs: readonly string[], root: string): string[] {
  const roots = new Set<string>();
  for (const input of inputs) {
    if (GLOB_CHARS.test(input)) {
      const parts = input.split('/');
      const index = parts.findIndex((part) => GLOB_CHARS.test(part));
      roots.add(path.resolve(root, parts.slice(0, index).join('/') || '.'));
    } else {
      const absolute = path.resolve(root, input);
      const info = statSync(absolute, { throwIfNoEntry: false });
      roots.add(info?.isDirectory() ? absolute : path.dirname(absolute));
    }
  }
  return [...roots].sort(compareStrings);
}

/** Reads a spec; a file that vanished or cannot be read becomes a diagnostic. */
export function readSpec(fs: BuildFs, spec: SpecFile): { bytes: Buffer; source: string } | Diagnostic {
  try {
    const bytes = fs.readFile(spec.absolute);
    const decoded = decodeSpecBytes(spec.file, bytes);
    return decoded.problem ?? { bytes, source: decoded.source };
  } catch (error) {
    const code = errnoCode(error);
    return code === 'ENOENT' ? specDisappeared(spec.file) : specUnreadable(spec.file, code ?? (error as Error).message);
  }
}
