import { constants } from 'node:fs';
import { lstat, open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { decodeSpecBytes } from './decode.js';
import { symlinkDiagnostic } from './symlinks.js';
import { checkFileSize, DEFAULT_LOAD_LIMITS, parseSpecText, type LoadLimits, type ParsedSpec } from './read-spec.js';

export interface SpecSource {
  /** Display path: relative to the working directory, `/`-separated. */
  readonly file: string;
  readonly source: string;
  /** The file is not valid UTF-8 (CC1011); `source` then shows the bad bytes as U+FFFD. */
  readonly problem?: Diagnostic;
}

export interface LoadOptions {
  /** Base for relative paths and for display paths. Defaults to `process.cwd()`. */
  readonly cwd?: string;
  readonly limits?: LoadLimits;
}

export interface LoadResult {
  readonly specs: readonly ParsedSpec[];
  /** Problems with the paths themselves (missing file, empty directory). */
  readonly diagnostics: readonly Diagnostic[];
}

const SPEC_EXTENSION = /\.ya?ml$/i;

/**
 * Finds and reads spec files: each path may be a file or a directory (searched
 * recursively for `*.yaml` / `*.yml`). Never throws for bad input.
 */
export async function findSpecFiles(paths: readonly string[], options: LoadOptions = {}): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const cwd = options.cwd ?? process.cwd();
  const files = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let info;
    try {
      info = await lstat(absolute);
      // A link to a directory is a root the user chose; a link to anything else (or nothing) is not followed.
      const target = info.isSymbolicLink() ? await stat(absolute).catch(() => undefined) : undefined;
      if (info.isSymbolicLink() && !target?.isDirectory()) {
        diagnostics.push(symlinkDiagnostic(displayPath(absolute, cwd), true));
        continue;
      }
      if (target) info = target;
    } catch {
      diagnostics.push(diagnostic('CC1001', 'error', `No such file or directory: \`${given}\`.`, { file: given }, 'Check the path; specs live in `connectors/` by default.'));
      continue;
    }
    if (info.isDirectory()) {
      let found: string[];
      try {
        const listed = await listSpecsIn(absolute);
        found = listed.files;
        for (const link of listed.links) diagnostics.push(symlinkDiagnostic(displayPath(link, cwd), false));
      } catch (error) {
        diagnostics.push(diagnostic('CC1002', 'error', `Cannot read directory \`${given}\`: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, { file: given }, 'Check the directory permissions.'));
        continue;
      }
      if (found.length === 0) {
        diagnostics.push(diagnostic('CC1006', 'error', `No connector specs (\`*.yaml\`) found in \`${given}\`.`, { file: given }, 'Create one with `connector-compiler new <id>`.'));
      }
      for (const file of found) files.add(file);
    } else {
      files.add(absolute);
    }
  }
  return { files: [...files].sort(), diagnostics };
}

/** Spec files under `directory`, and the symbolic links named like specs, which are skipped (see `symlinks.ts`). */
async function listSpecsIn(directory: string): Promise<{ files: string[]; links: string[] }> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  const named = entries.filter((entry) => SPEC_EXTENSION.test(entry.name) && !entry.name.startsWith('.'));
  const full = (entry: (typeof entries)[number]) => path.join(entry.parentPath ?? directory, entry.name);
  return {
    files: named.filter((entry) => entry.isFile()).map(full).sort(),
    links: named.filter((entry) => entry.isSymbolicLink()).map(full).sort(),
  };
}

/**
 * Reads one file; unreadable, missing, oversized or non-regular files become
 * diagnostics. The size is checked on the open handle before reading, so a
 * huge file never reaches memory.
 */
export async function readSpecSource(absolute: string, cwd: string, limits: LoadLimits = DEFAULT_LOAD_LIMITS): Promise<SpecSource | Diagnostic> {
  const file = displayPath(absolute, cwd);
  let handle;
  try {
    // Non-blocking, so a FIFO or device answers at once instead of waiting for a writer.
    // No-follow: a file replaced by a link after it was listed is refused too (ELOOP).
    handle = await open(absolute, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    return readFailure(file, error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return diagnostic('CC1002', 'error', `\`${file}\` is not a regular file.`, { file }, 'Pass spec files (`*.yaml`) or directories that contain them.');
    const tooLarge = checkFileSize(file, info.size, limits);
    if (tooLarge) return tooLarge;
    const decoded = decodeSpecBytes(file, await handle.readFile());
    return decoded.problem ? { file, source: decoded.source, problem: decoded.problem } : { file, source: decoded.source };
  } catch (error) {
    return readFailure(file, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function readFailure(file: string, error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return diagnostic('CC1001', 'error', `Spec file \`${file}\` disappeared while reading it.`, { file }, 'Run the command again once files have stopped changing.');
  if (code === 'EISDIR') return diagnostic('CC1002', 'error', `\`${file}\` is a directory.`, { file });
  if (code === 'ELOOP') return symlinkDiagnostic(file, true);
  return diagnostic('CC1002', 'error', `Cannot read \`${file}\`: ${code ?? (error as Error).message}.`, { file }, code === 'EACCES' || code === 'EPERM' ? 'Check the file permissions.' : undefined);
}

/** Loads and parses specs from files and directories. */
export async function loadSpecs(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const cwd = options.cwd ?? process.cwd();
  const found = await findSpecFiles(paths, options);
  const diagnostics: Diagnostic[] = [...found.diagnostics];
  const specs: ParsedSpec[] = [];
  const limits = options.limits ?? DEFAULT_LOAD_LIMITS;
  const sources = await Promise.all(found.files.map((file) => readSpecSource(file, cwd, limits)));
  for (const source of sources) {
    if ('code' in source) diagnostics.push(source);
    else if (source.problem) specs.push({ file: source.file, source: source.source, data: undefined, sourceMap: undefined, diagnostics: [source.problem] });
    else specs.push(parseSpecText(source.file, source.source, limits));
  }
  return { specs, diagnostics };
}

export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
  return shown.split(path.sep).join('/');
}

/** UTF-8 with the BOM stripped; invalid sequences become U+FFFD (`readSpecSource` reports them, CC1011). */
export function decodeUtf8(bytes: Uint8Array): string {
  return decodeSpecBytes('', bytes).source;
}
