import { compareStrings } from '../diagnostics/diagnostic.js';

/** Directory inside the output directory that the compiler keeps its bookkeeping in. */
export const META_DIR = '.connector-compiler';
/** Output-relative path of the manifest: committed with the outputs, so a fresh clone knows what it owns. */
export const MANIFEST_PATH = `${META_DIR}/manifest.json`;
export const MANIFEST_VERSION = 1;

/** What one spec produced in the last successful build. */
export interface ManifestSpec {
  readonly id: string;
  /** Content hash of the spec file (see `contentHash`). */
  readonly hash: string;
  /** Output-relative paths of the files `emitConnector` produced for it, sorted. */
  readonly outputs: readonly string[];
}

/**
 * The record of the last successful build. Deterministic (no times, no
 * absolute paths, sorted keys), so it is byte-identical on every machine and
 * can be committed with `generated/`.
 */
export interface Manifest {
  readonly version: typeof MANIFEST_VERSION;
  /** `<package version>+<hash of the compiler's own code>`: a new compiler regenerates everything. */
  readonly compiler: string;
  /** Hash of everything besides the specs that shapes the output: targets, emit options, templates. */
  readonly options: string;
  /** By spec path, relative to the project root, `/`-separated. */
  readonly specs: Readonly<Record<string, ManifestSpec>>;
  /** Files from the cross-connector step (`emitIndex`), sorted. */
  readonly index: readonly string[];
  /** Every file the compiler wrote and owns, with its content hash. Nothing else is ever deleted. */
  readonly files: Readonly<Record<string, string>>;
}

export function emptyManifest(compiler: string, options: string): Manifest {
  return { version: MANIFEST_VERSION, compiler, options, specs: {}, index: [], files: {} };
}

/** Stable text form: sorted keys, two-space indent, LF, final newline. */
export function serializeManifest(manifest: Manifest): string {
  const specs: Record<string, ManifestSpec> = {};
  for (const file of Object.keys(manifest.specs).sort(compareStrings)) {
    const spec = manifest.specs[file]!;
    specs[file] = { id: spec.id, hash: spec.hash, outputs: [...spec.outputs].sort(compareStrings) };
  }
  const files: Record<string, string> = {};
  for (const file of Object.keys(manifest.files).sort(compareStrings)) files[file] = manifest.files[file]!;
  const ordered: Manifest = {
    version: manifest.version,
    compiler: manifest.compiler,
    options: manifest.options,
    specs,
    index: [...manifest.index].sort(compareStrings),
    files,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/**
 * Reads a manifest's text. Anything malformed yields `undefined`: the build
 * then owns nothing and refuses to overwrite files it did not write.
 */
export function parseManifest(text: string): Manifest | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(data) || data.version !== MANIFEST_VERSION) return undefined;
  if (typeof data.compiler !== 'string' || typeof data.options !== 'string') return undefined;
  if (!isRecord(data.specs) || !isRecord(data.files) || !isStringArray(data.index)) return undefined;
  for (const hash of Object.values(data.files)) if (typeof hash !== 'string') return undefined;
  for (const spec of Object.values(data.specs)) {
    if (!isRecord(spec) || typeof spec.id !== 'string' || typeof spec.hash !== 'string' || !isStringArray(spec.outputs)) return undefined;
  }
  return data as unknown as Manifest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
