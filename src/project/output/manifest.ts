import { compareStrings } from '../../diagnostics/diagnostic.js';
import { unsafeOutputPath } from './plan.js';

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
  /**
   * The compiler's package version, nothing else: the file is committed, and a
   * hash of the compiler's code here made every refactor of the compiler a
   * change to `generated/`. A new version regenerates everything; so does new
   * code under the same version, through the fingerprint the local cache keeps
   * (`BuildState.generated`), and without that record, by compiling every spec.
   */
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
  /** The `files` table last written, its lines in `fileOrder`, and each file's place there (see `changed`). */
  private lastFiles: ReadonlyMap<string, string> | undefined;
  private fileTexts: string[] = [];
  private filePlace = new Map<string, number>();
  private readonly specJoiner = new BlockJoiner();
  private readonly fileJoiner = new BlockJoiner();

  /**
   * `changed`: when `manifest.files` is the very table this writer wrote
   * last, updated in place since, the paths whose entry changed. Only their
   * lines are looked at, unless one was added or removed (the order changes).
   * The caller must say so whenever it updates the table in place (or call
   * `forget`): the writer cannot tell.
   */
  serialize(manifest: Manifest, changed?: Iterable<string>): string {
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
    if (!(changed && manifest.files === this.lastFiles && this.updateLines(manifest.files, changed))) this.writeLines(manifest.files);
    this.lastFiles = manifest.files;
    const files = this.fileTexts;
    return (
      '{\n' +
      `  "version": ${json(manifest.version)},\n` +
      `  "compiler": ${json(manifest.compiler)},\n` +
      `  "options": ${json(manifest.options)},\n` +
      (specs.length === 0 ? '  "specs": {},\n' : `  "specs": {\n${this.specJoiner.join(specs, ',\n')}\n  },\n`) +
      `  "index": ${stringArray([...manifest.index].sort(compareStrings), '  ')},\n` +
      (files.length === 0 ? '  "files": {}\n' : `  "files": {\n${this.fileJoiner.join(files, ',\n')}\n  }\n`) +
      '}\n'
    );
  }

  /** Makes the next `serialize` look at every file (the table it wrote last was changed without telling it). */
  forget(): void {
    this.lastFiles = undefined;
  }

  /** Rewrites the lines of `changed` in place; false (nothing done) when one was added or removed. */
  private updateLines(files: ReadonlyMap<string, string>, changed: Iterable<string>): boolean {
    const updates: [number, string, string][] = [];
    for (const file of changed) {
      const place = this.filePlace.get(file);
      const hash = files.get(file);
      if (place === undefined || hash === undefined) return false;
      updates.push([place, file, hash]);
    }
    for (const [place, file, hash] of updates) this.fileTexts[place] = this.fileLine(file, hash);
    return true;
  }

  private writeLines(files: ReadonlyMap<string, string>): void {
    if (!sameKeys(this.fileOrder, files)) {
      this.fileOrder = [...files.keys()].sort(compareStrings);
      this.filePlace = new Map(this.fileOrder.map((file, place) => [file, place]));
      // Forget the lines of files no longer listed.
      const kept = new Map<string, { readonly hash: string; readonly text: string }>();
      for (const file of this.fileOrder) {
        const line = this.fileLines.get(file);
        if (line) kept.set(file, line);
      }
      this.fileLines = kept;
    }
    this.fileTexts = this.fileOrder.map((file) => this.fileLine(file, files.get(file)!));
  }

  private fileLine(file: string, hash: string): string {
    let line = this.fileLines.get(file);
    if (line?.hash !== hash) {
      line = { hash, text: `    ${JSON.stringify(file)}: ${JSON.stringify(hash)}` };
      this.fileLines.set(file, line);
    }
    return line.text;
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
    // Concatenated, not `join`ed: `+` makes a rope in O(1), and the text is copied once, when written.
    let joined = '';
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
      joined = block === 0 ? this.blocks[block]!.text : joined + separator + this.blocks[block]!.text;
    }
    this.blocks.length = Math.ceil(items.length / BLOCK);
    return joined;
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
  const read = readManifestText(text);
  return 'manifest' in read ? read.manifest : undefined;
}

/** Why a manifest cannot be used: malformed, or it names a path the build must never touch. */
export interface ManifestProblem {
  /** `malformed`: not a manifest of this version. `unsafe`: a listed path is not a normalised path inside the output directory. */
  readonly kind: 'malformed' | 'unsafe';
  /** For `unsafe`: the path, and what is wrong with it. */
  readonly path?: string;
  readonly reason?: string;
}

/**
 * Reads a manifest's text, or says why it cannot be used. The manifest is
 * committed, so its contents are as untrusted as a pull request: every path in
 * `files`, `index` and the specs' `outputs` must be one the build could have
 * written (`unsafeOutputPath`: relative, normalised, inside the output
 * directory, not the compiler's own files), or the build will not act on it.
 */
export function readManifestText(text: string): { readonly manifest: Manifest } | { readonly problem: ManifestProblem } {
  const malformed = { problem: { kind: 'malformed' } } as const;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return malformed;
  }
  if (!isRecord(data) || data.version !== MANIFEST_VERSION) return malformed;
  if (typeof data.compiler !== 'string' || typeof data.options !== 'string') return malformed;
  if (!isRecord(data.specs) || !isRecord(data.files) || !isStringArray(data.index)) return malformed;
  const files = new Map<string, string>();
  for (const [file, hash] of Object.entries(data.files)) {
    if (typeof hash !== 'string') return malformed;
    const reason = unsafeOutputPath(file);
    if (reason) return { problem: { kind: 'unsafe', path: file, reason } };
    files.set(file, hash);
  }
  const specs = new Map<string, ManifestSpec>();
  // Every output is a file the manifest lists, claimed by one spec or the index only: a build
  // then keeps the files of unchanged specs without looking at them (see `unownedFiles`).
  // Being listed, each has passed `unsafeOutputPath` above.
  const claimed = new Set<string>();
  const claim = (outputs: readonly string[]) => outputs.every((file) => files.has(file) && !claimed.has(file) && claimed.add(file));
  for (const [file, spec] of Object.entries(data.specs)) {
    if (!isRecord(spec) || typeof spec.id !== 'string' || typeof spec.hash !== 'string' || !isStringArray(spec.outputs)) return malformed;
    const unlisted = spec.outputs.find((output) => !files.has(output));
    const reason = unlisted === undefined ? undefined : unsafeOutputPath(unlisted);
    if (reason) return { problem: { kind: 'unsafe', path: unlisted, reason } };
    if (!claim(spec.outputs)) return malformed;
    specs.set(file, { id: spec.id, hash: spec.hash, outputs: spec.outputs });
  }
  const unlisted = data.index.find((output) => !files.has(output));
  const reason = unlisted === undefined ? undefined : unsafeOutputPath(unlisted);
  if (reason) return { problem: { kind: 'unsafe', path: unlisted, reason } };
  if (!claim(data.index)) return malformed;
  return { manifest: { version: MANIFEST_VERSION, compiler: data.compiler, options: data.options, specs, index: data.index, files } };
}

/**
 * Files the manifest lists that neither a spec nor the index claims. A build
 * never leaves such files (each file it writes has one owner), but a manifest
 * from elsewhere may list them; they go unless generated again. Assumes what
 * `parseManifest` checks: outputs are listed files, each claimed once.
 */
export function unownedFiles(manifest: Manifest): string[] {
  let claimed = manifest.index.length;
  for (const spec of manifest.specs.values()) claimed += spec.outputs.length;
  if (claimed === manifest.files.size) return [];
  const owners = new Set(manifest.index);
  for (const spec of manifest.specs.values()) for (const file of spec.outputs) owners.add(file);
  return [...manifest.files.keys()].filter((file) => !owners.has(file));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
