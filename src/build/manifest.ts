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
 * can be committed with `generated/`. In memory its tables are maps: a watch
 * rebuild walks them in full, and objects with thousands of keys are several
 * times slower to copy and iterate.
 */
export interface Manifest {
  readonly version: typeof MANIFEST_VERSION;
  /** `<package version>+<hash of the compiler's own code>`: a new compiler regenerates everything. */
  readonly compiler: string;
  /** Hash of everything besides the specs that shapes the output: targets, emit options, templates. */
  readonly options: string;
  /** By spec path, relative to the project root, `/`-separated. */
  readonly specs: ReadonlyMap<string, ManifestSpec>;
  /** Files from the cross-connector step (`emitIndex`), sorted. */
  readonly index: readonly string[];
  /** Every file the compiler wrote and owns, with its content hash. Nothing else is ever deleted. */
  readonly files: ReadonlyMap<string, string>;
}

export function emptyManifest(compiler: string, options: string): Manifest {
  return { version: MANIFEST_VERSION, compiler, options, specs: new Map(), index: [], files: new Map() };
}

/**
 * Stable text form: sorted keys, two-space indent, LF, final newline — the
 * text `JSON.stringify(…, null, 2)` gives for the same data as plain objects.
 */
export function serializeManifest(manifest: Manifest): string {
  return new ManifestWriter().serialize(manifest);
}

/**
 * Writes manifests out by hand, remembering each spec's block and each
 * file's line: a watch session rewrites the manifest on every rebuild, and
 * all but a few of its 8,000 entries are the same as last time.
 */
export class ManifestWriter {
  /** Spec entries of unchanged specs are the same objects from build to build. */
  private specBlocks = new WeakMap<ManifestSpec, { readonly file: string; readonly text: string }>();
  private fileLines = new Map<string, { readonly hash: string; readonly text: string }>();
  /** Last build's sorted keys: reused while the set of specs (files) is the same, as it is on most rebuilds. */
  private specOrder: readonly string[] = [];
  private fileOrder: readonly string[] = [];
  private readonly specJoiner = new BlockJoiner();
  private readonly fileJoiner = new BlockJoiner();

  serialize(manifest: Manifest): string {
    const json = JSON.stringify;
    const specOrder = (this.specOrder = sameKeys(this.specOrder, manifest.specs) ? this.specOrder : [...manifest.specs.keys()].sort(compareStrings));
    const specs = specOrder.map((file) => {
      const spec = manifest.specs.get(file)!;
      const known = this.specBlocks.get(spec);
      if (known?.file === file) return known.text;
      const outputs = stringArray([...spec.outputs].sort(compareStrings), '      ');
      const text = `    ${json(file)}: {\n      "id": ${json(spec.id)},\n      "hash": ${json(spec.hash)},\n      "outputs": ${outputs}\n    }`;
      this.specBlocks.set(spec, { file, text });
      return text;
    });
    if (!sameKeys(this.fileOrder, manifest.files)) {
      this.fileOrder = [...manifest.files.keys()].sort(compareStrings);
      // Forget the lines of files no longer listed.
      const kept = new Map<string, { readonly hash: string; readonly text: string }>();
      for (const file of this.fileOrder) {
        const line = this.fileLines.get(file);
        if (line) kept.set(file, line);
      }
      this.fileLines = kept;
    }
    const files = this.fileOrder.map((file) => {
      const hash = manifest.files.get(file)!;
      let line = this.fileLines.get(file);
      if (line?.hash !== hash) {
        line = { hash, text: `    ${json(file)}: ${json(hash)}` };
        this.fileLines.set(file, line);
      }
      return line.text;
    });
    return [
      '{',
      `  "version": ${json(manifest.version)},`,
      `  "compiler": ${json(manifest.compiler)},`,
      `  "options": ${json(manifest.options)},`,
      specs.length === 0 ? '  "specs": {},' : `  "specs": {\n${this.specJoiner.join(specs, ',\n')}\n  },`,
      `  "index": ${stringArray([...manifest.index].sort(compareStrings), '  ')},`,
      files.length === 0 ? '  "files": {}' : `  "files": {\n${this.fileJoiner.join(files, ',\n')}\n  }`,
      '}',
      '',
    ].join('\n');
  }
}

/**
 * `items.join(separator)` that remembers the joined text of each run of
 * `BLOCK` items and re-joins only the runs where an item changed: on a watch
 * rebuild one spec's lines change out of thousands, and joining all of them
 * again cost more than the rest of the manifest.
 */
class BlockJoiner {
  private static readonly BLOCK = 128;
  private blocks: { readonly items: readonly string[]; readonly text: string }[] = [];

  join(items: readonly string[], separator: string): string {
    const { BLOCK } = BlockJoiner;
    const texts: string[] = [];
    for (let block = 0; block * BLOCK < items.length; block++) {
      const start = block * BLOCK;
      const end = Math.min(items.length, start + BLOCK);
      const known = this.blocks[block];
      let same = known !== undefined && known.items.length === end - start;
      for (let i = start; same && i < end; i++) same = known!.items[i - start] === items[i];
      if (!same) {
        const run = items.slice(start, end);
        this.blocks[block] = { items: run, text: run.join(separator) };
      }
      texts.push(this.blocks[block]!.text);
    }
    this.blocks.length = texts.length;
    return texts.join(separator);
  }
}

/** Whether `keys` (sorted, without duplicates) are exactly the keys of `map`. */
function sameKeys(keys: readonly string[], map: ReadonlyMap<string, unknown>): boolean {
  if (keys.length !== map.size) return false;
  for (const key of keys) if (!map.has(key)) return false;
  return true;
}

/** A JSON array of strings as `JSON.stringify(…, null, 2)` lays it out at `indent`. */
function stringArray(items: readonly string[], indent: string): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((item) => `${indent}  ${JSON.stringify(item)}`).join(',\n')}\n${indent}]`;
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
  const files = new Map<string, string>();
  for (const [file, hash] of Object.entries(data.files)) {
    if (typeof hash !== 'string') return undefined;
    files.set(file, hash);
  }
  const specs = new Map<string, ManifestSpec>();
  for (const [file, spec] of Object.entries(data.specs)) {
    if (!isRecord(spec) || typeof spec.id !== 'string' || typeof spec.hash !== 'string' || !isStringArray(spec.outputs)) return undefined;
    specs.set(file, { id: spec.id, hash: spec.hash, outputs: spec.outputs });
  }
  return { version: MANIFEST_VERSION, compiler: data.compiler, options: data.options, specs, index: data.index, files };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
