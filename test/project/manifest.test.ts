/**
 * The manifest is committed, so its text must not depend on how it is
 * written: `serializeManifest` writes it out by hand (it runs on every watch
 * rebuild) and must give exactly what `JSON.stringify(…, null, 2)` gives for
 * the same data as sorted plain objects.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MANIFEST_PATH, MANIFEST_VERSION, ManifestWriter, parseManifest, readManifestText, serializeManifest, unownedFiles, type Manifest } from '../../src/project/output/manifest.js';
import { unsafeOutputPath } from '../../src/project/output/plan.js';
import { fcOptions } from '../helpers/fast-check.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function byStringify(manifest: Manifest): string {
  const sorted = <T>(entries: Iterable<[string, T]>) => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const specs = Object.fromEntries(sorted(manifest.specs).map(([file, spec]) => [file, { id: spec.id, hash: spec.hash, outputs: [...spec.outputs].sort() }]));
  const files = Object.fromEntries(sorted(manifest.files));
  const plain = { version: manifest.version, compiler: manifest.compiler, options: manifest.options, specs, index: [...manifest.index].sort(), files };
  return `${JSON.stringify(plain, null, 2)}\n`;
}

// Paths with quotes, backslashes, control and non-ASCII characters; never integer-like
// (plain objects list those first, which is exactly what sorting by hand avoids).
const text = fc.string({ unit: fc.constantFrom('a', 'Z', '/', '.', '"', '\\', '\n', '\u2028', 'é', '😀', ' ', '-') , maxLength: 12 }).map((s) => `p${s}`);
const manifest: fc.Arbitrary<Manifest> = fc.record({
  compiler: fc.string(),
  options: fc.string(),
  specs: fc.uniqueArray(fc.tuple(text, fc.record({ id: text, hash: fc.string(), outputs: fc.array(text, { maxLength: 4 }) })), { selector: ([file]) => file, maxLength: 6 }),
  index: fc.array(text, { maxLength: 4 }),
  files: fc.uniqueArray(fc.tuple(text, fc.string()), { selector: ([file]) => file, maxLength: 8 }),
}).map((m) => ({ version: MANIFEST_VERSION, compiler: m.compiler, options: m.options, specs: new Map(m.specs), index: m.index, files: new Map(m.files) }));

/**
 * A manifest as a build leaves it: every output listed in `files`, claimed once; other files unowned;
 * every path one the build could have written (the others are what `readManifestText` refuses).
 */
const consistentManifest: fc.Arbitrary<Manifest> = manifest.map((m) => {
  const files = new Map([...m.files].filter(([file]) => unsafeOutputPath(file) === undefined));
  const claimed = new Set<string>();
  const claim = (outputs: readonly string[]) => outputs.filter((file) => unsafeOutputPath(file) === undefined && !claimed.has(file) && claimed.add(file)).map((file) => (files.has(file) || files.set(file, 'h'), file));
  const specs = new Map([...m.specs].map(([file, spec]) => [file, { ...spec, outputs: claim(spec.outputs) }]));
  return { ...m, specs, index: claim(m.index), files };
});

describe('serializeManifest', () => {
  it('writes what JSON.stringify(…, null, 2) writes for the sorted data', () => {
    fc.assert(fc.property(manifest, (m) => {
      expect(serializeManifest(m)).toBe(byStringify(m));
    }), fcOptions(500));
  });

  it('gives the same text when one writer serializes a series of manifests sharing entries (a watch session)', () => {
    const writer = new ManifestWriter();
    fc.assert(
      fc.property(manifest, manifest, fc.boolean(), (first, second, share) => {
        expect(writer.serialize(first)).toBe(byStringify(first));
        // The second shares the first's spec objects, as unchanged specs do, and maybe its files too.
        const next: Manifest = { ...second, specs: new Map([...first.specs, ...second.specs]), files: share ? new Map([...first.files, ...second.files]) : second.files };
        expect(writer.serialize(next)).toBe(byStringify(next));
      }),
      fcOptions(300),
    );
  });

  it('stays exact over a long watch session on a manifest of hundreds of entries (one writer, small edits)', () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('rehash' as const), at: fc.nat(), hash: fc.string({ maxLength: 4 }) }),
      fc.record({ kind: fc.constant('add' as const), file: text }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('respec' as const), at: fc.nat(), hash: fc.string({ maxLength: 4 }) }),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
        const writer = new ManifestWriter();
        const files = new Map(Array.from({ length: 700 }, (_, i) => [`docs/c-${String(i).padStart(4, '0')}.mdx`, `h${i}`]));
        const specs = new Map(Array.from({ length: 300 }, (_, i) => [`connectors/c-${String(i).padStart(4, '0')}.yaml`, { id: `c-${i}`, hash: `s${i}`, outputs: [`docs/c-${i}.mdx`] }]));
        let current: Manifest = { version: MANIFEST_VERSION, compiler: 'c', options: 'o', specs, index: ['llms.txt'], files };
        expect(writer.serialize(current)).toBe(byStringify(current));
        // A second writer is given one files table, updated in place and the changed paths named, as the builder does.
        const inPlaceWriter = new ManifestWriter();
        const live = new Map(files);
        expect(inPlaceWriter.serialize({ ...current, files: live })).toBe(byStringify(current));
        for (const step of edits) {
          const nextFiles = new Map(current.files);
          const nextSpecs = new Map(current.specs);
          const fileKeys = [...nextFiles.keys()];
          const specKeys = [...nextSpecs.keys()];
          if (step.kind === 'rehash' && fileKeys.length > 0) nextFiles.set(fileKeys[step.at % fileKeys.length]!, step.hash);
          if (step.kind === 'add') nextFiles.set(step.file, 'new');
          if (step.kind === 'remove' && fileKeys.length > 0) nextFiles.delete(fileKeys[step.at % fileKeys.length]!);
          if (step.kind === 'respec') {
            const file = specKeys[step.at % specKeys.length]!;
            nextSpecs.set(file, { ...nextSpecs.get(file)!, hash: step.hash });
          }
          current = { ...current, files: nextFiles, specs: nextSpecs };
          expect(writer.serialize(current)).toBe(byStringify(current));
          const changed = [...new Set([...live.keys(), ...nextFiles.keys()])].filter((file) => live.get(file) !== nextFiles.get(file));
          for (const file of changed) {
            if (nextFiles.has(file)) live.set(file, nextFiles.get(file)!);
            else live.delete(file);
          }
          expect(inPlaceWriter.serialize({ ...current, files: live }, changed)).toBe(byStringify(current));
        }
      }),
      fcOptions(60),
    );
  });

  it('round-trips through parseManifest', () => {
    fc.assert(fc.property(consistentManifest, (m) => {
      const text = serializeManifest(m);
      expect(serializeManifest(parseManifest(text)!)).toBe(text);
    }), fcOptions(200));
  });

  it('lists the files no spec and not the index claims', () => {
    fc.assert(fc.property(consistentManifest, (m) => {
      const claimed = new Set([...m.index, ...[...m.specs.values()].flatMap((spec) => spec.outputs)]);
      expect(unownedFiles(m).sort()).toEqual([...m.files.keys()].filter((file) => !claimed.has(file)).sort());
    }), fcOptions(200));
  });

  it('gives back the committed manifest byte for byte', () => {
    const committed = readFileSync(path.join(ROOT, 'generated', MANIFEST_PATH), 'utf8');
    expect(serializeManifest(parseManifest(committed)!)).toBe(committed);
  });

  it('refuses a manifest with a non-string hash or a malformed spec entry', () => {
    const base = { version: MANIFEST_VERSION, compiler: 'c', options: 'o', specs: {}, index: [], files: {} };
    expect(parseManifest(JSON.stringify({ ...base, files: { 'a.ts': 1 } }))).toBeUndefined();
    expect(parseManifest(JSON.stringify({ ...base, specs: { 'a.yaml': { id: 'a', hash: 'h' } } }))).toBeUndefined();
    expect(parseManifest('{')).toBeUndefined();
    // Outputs must be listed files, each claimed by one spec or the index only.
    const files = { 'a.ts': 'h', 'b.ts': 'h' };
    expect(parseManifest(JSON.stringify({ ...base, files, specs: { 'a.yaml': { id: 'a', hash: 'h', outputs: ['c.ts'] } } }))).toBeUndefined();
    expect(parseManifest(JSON.stringify({ ...base, files, specs: { 'a.yaml': { id: 'a', hash: 'h', outputs: ['a.ts'] }, 'b.yaml': { id: 'b', hash: 'h', outputs: ['a.ts'] } } }))).toBeUndefined();
    expect(parseManifest(JSON.stringify({ ...base, files, specs: { 'a.yaml': { id: 'a', hash: 'h', outputs: ['a.ts'] } }, index: ['a.ts'] }))).toBeUndefined();
    expect(parseManifest(JSON.stringify({ ...base, files, specs: { 'a.yaml': { id: 'a', hash: 'h', outputs: ['a.ts'] } }, index: ['b.ts'] }))).toBeDefined();
    expect(parseManifest(JSON.stringify(base))).toMatchObject({ specs: new Map(), files: new Map() });
  });

  it('refuses every path that is not a normalised path inside the output directory, wherever the manifest lists it', () => {
    const base = { version: MANIFEST_VERSION, compiler: 'c', options: 'o', specs: {}, index: [] as string[], files: {} as Record<string, string> };
    const crafted: [string, string][] = [
      ['../IMPORTANT.txt', 'must not contain empty, `.` or `..` segments'],
      ['clients/../../IMPORTANT.txt', 'must not contain empty, `.` or `..` segments'],
      ['/etc/passwd', 'must be a relative `/`-separated path'],
      ['C:/Windows/win.ini', 'must be a relative `/`-separated path'],
      ['clients\\..\\..\\IMPORTANT.txt', 'must be a relative `/`-separated path'],
      ['./clients/a.ts', 'must not contain empty, `.` or `..` segments'],
      ['clients//a.ts', 'must not contain empty, `.` or `..` segments'],
      ['clients/a.ts/', 'must not contain empty, `.` or `..` segments'],
      ['clients/a\0.ts', 'must not contain a NUL character'],
      ['', 'must be a relative `/`-separated path'],
      ['.connector-compiler/manifest.json', "is reserved for the compiler's manifest"],
      ['clients/a.ts.cc-tmp', 'uses the suffix reserved for temp files'],
    ];
    for (const [file, reason] of crafted) {
      const problem = { problem: { kind: 'unsafe', path: file, reason } };
      // Listed in `files` (owned, so a build would delete it once no longer generated)…
      expect(readManifestText(JSON.stringify({ ...base, files: { 'ok.ts': 'h', [file]: 'h' } }))).toEqual(problem);
      // …or only named as a spec's output or an index file.
      expect(readManifestText(JSON.stringify({ ...base, specs: { 'a.yaml': { id: 'a', hash: 'h', outputs: [file] } } }))).toEqual(problem);
      expect(readManifestText(JSON.stringify({ ...base, index: [file] }))).toEqual(problem);
      expect(parseManifest(JSON.stringify({ ...base, files: { [file]: 'h' } }))).toBeUndefined();
    }
    expect(readManifestText('{')).toEqual({ problem: { kind: 'malformed' } });
    expect(readManifestText(JSON.stringify({ ...base, files: { 'clients/a.ts': 'h', 'llms.txt': 'h' } }))).toMatchObject({ manifest: { files: new Map([['clients/a.ts', 'h'], ['llms.txt', 'h']]) } });
  });
});
