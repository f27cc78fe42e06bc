import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProject, Builder, type BuildOptions } from '../../src/project/builder.js';
import { compile } from '../../src/compile.js';
import { nodeBuildFs, type BuildFs } from '../../src/project/fs.js';
import { MANIFEST_PATH, parseManifest } from '../../src/project/output/manifest.js';
import { BuildCache } from '../../src/project/cache.js';
import { contentHash } from '../../src/project/hash.js';
import { diagnostic, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { cleanup, fakeEmitters, mtimes, snapshot, tempProject, validSpec, writeSpec } from './helpers.js';

let root: string;
let out: string;
beforeEach(() => {
  root = tempProject();
  out = path.join(root, 'generated');
  writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha'));
  writeSpec(root, 'connectors/beta.yaml', validSpec('beta'));
});
afterEach(() => cleanup(root));

function build(extra: Partial<BuildOptions> = {}) {
  const { emitters, calls } = fakeEmitters();
  return buildProject({ root, emitters, compilerId: 'test', ...extra }).then((result) => ({ result, calls }));
}

/** Everything but the manifest. */
function outputs(): Record<string, string> {
  const files = snapshot(out);
  delete files[MANIFEST_PATH];
  return files;
}

describe('buildProject', () => {
  it('writes every output, then nothing on a second build, keeping timestamps', async () => {
    const first = await build();
    expect(first.result.status).toBe('ok');
    expect(first.result.written).toEqual(['clients/alpha.txt', 'clients/beta.txt', 'clients/index.txt', 'forms/alpha.txt', 'forms/beta.txt', 'forms/index.txt']);
    expect(outputs()['clients/index.txt']).toBe('alpha\nbeta\n');
    const before = mtimes(out);

    const second = await build();
    expect(second.result).toMatchObject({ status: 'ok', upToDate: true, compiled: 0, written: [], removed: [], unchanged: 6 });
    // A no-op build never prepares an emitter, let alone runs one.
    expect(second.calls).toEqual({ connector: [], index: 0, prepare: 0 });
    expect(mtimes(out)).toEqual(before);
  });

  it('re-emits only the changed spec and the index, and rewrites only files whose bytes changed', async () => {
    await build();
    const before = mtimes(out);
    writeSpec(root, 'connectors/beta.yaml', validSpec('beta', 'Beta Renamed'));
    const { result, calls } = await build();
    expect(calls.connector).toEqual(['clients:beta', 'forms:beta']);
    expect(result).toMatchObject({ compiled: 1, written: ['clients/beta.txt', 'forms/beta.txt'], removed: [], unchanged: 4 });
    const after = mtimes(out);
    expect(after['clients/alpha.txt']).toBe(before['clients/alpha.txt']);
    // The index was regenerated but its bytes are the same, so it was not rewritten.
    expect(after['clients/index.txt']).toBe(before['clients/index.txt']);
    expect(readFileSync(path.join(out, 'clients/beta.txt'), 'utf8')).toBe('Beta Renamed via connector-compiler/runtime\n');
  });

  it('removes the files of a deleted spec but never a file it did not write', async () => {
    await build();
    writeFileSync(path.join(out, 'clients/README.md'), 'mine\n');
    unlinkSync(path.join(root, 'connectors/beta.yaml'));
    const { result } = await build();
    expect(result).toMatchObject({ status: 'ok', written: ['clients/index.txt', 'forms/index.txt'], removed: ['clients/beta.txt', 'forms/beta.txt'] });
    expect(Object.keys(outputs())).toEqual(['clients/README.md', 'clients/alpha.txt', 'clients/index.txt', 'forms/alpha.txt', 'forms/index.txt']);
    const manifest = JSON.parse(readFileSync(path.join(out, MANIFEST_PATH), 'utf8'));
    expect(Object.keys(manifest.specs)).toEqual(['connectors/alpha.yaml']);
    expect(Object.keys(manifest.files)).not.toContain('clients/README.md');
  });

  it('removes emptied directories of deleted connectors', async () => {
    const nested: Record<'clients', import('../../src/emit/emitter.js').Emitter> = {
      clients: {
        target: 'clients',
        prepare: () => ({
          emitConnector: (model) => ({ files: [{ path: `clients/${model.id}/index.ts`, contents: `// ${model.id}\n` }], diagnostics: [] }),
          emitIndex: () => ({ files: [], diagnostics: [] }),
        }),
      },
    };
    await buildProject({ root, emitters: nested, compilerId: 'test' });
    unlinkSync(path.join(root, 'connectors/beta.yaml'));
    await buildProject({ root, emitters: nested, compilerId: 'test' });
    expect(existsSync(path.join(out, 'clients/beta'))).toBe(false);
    expect(existsSync(path.join(out, 'clients/alpha/index.ts'))).toBe(true);
  });

  it('writes nothing when any spec has an error, and leaves the previous output intact', async () => {
    await build();
    const before = snapshot(out);
    writeSpec(root, 'connectors/beta.yaml', validSpec('beta', 'Beta 2'));
    writeSpec(root, 'connectors/gamma.yaml', 'specVersion: 1\nid: gamma\n');
    const { result } = await build();
    expect(result.status).toBe('failed');
    expect(result.diagnostics.some((d) => d.file === 'connectors/gamma.yaml' && d.severity === 'error')).toBe(true);
    expect(result.sources.get('connectors/gamma.yaml')).toBe('specVersion: 1\nid: gamma\n');
    expect(snapshot(out)).toEqual(before);
  });

  it('reports duplicate ids across files, also when one of them comes from the cache', async () => {
    await build();
    writeSpec(root, 'connectors/more/alpha.yaml', validSpec('alpha'));
    const { result } = await build();
    expect(result.status).toBe('failed');
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line, d.message])).toEqual([['CC3004', 'connectors/more/alpha.yaml', 6, 'Connector id `alpha` is already declared in `connectors/alpha.yaml`.']]);
  });

  it('reports a generated file edited by hand instead of overwriting it; --force overwrites', async () => {
    await build();
    writeFileSync(path.join(out, 'clients/beta.txt'), 'hand edit\n');
    writeSpec(root, 'connectors/beta.yaml', validSpec('beta', 'Beta 2'));
    const { result } = await build();
    expect(result.status).toBe('failed');
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([['CC5002', 'generated/clients/beta.txt']]);
    expect(readFileSync(path.join(out, 'clients/beta.txt'), 'utf8')).toBe('hand edit\n');
    const forced = await build({ force: true });
    expect(forced.result.status).toBe('ok');
    expect(readFileSync(path.join(out, 'clients/beta.txt'), 'utf8')).toBe('Beta 2 via connector-compiler/runtime\n');
  });

  it('restores a deleted output file and refuses to overwrite a file it did not write', async () => {
    await build();
    rmSync(path.join(out, 'forms/alpha.txt'));
    const restored = await build();
    expect(restored.result.written).toEqual(['forms/alpha.txt']);
    writeSpec(root, 'connectors/gamma.yaml', validSpec('gamma'));
    writeFileSync(path.join(out, 'clients/gamma.txt'), 'somebody else\n');
    const { result } = await build();
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['CC5002', '`generated/clients/gamma.txt` exists but was not written by connector-compiler; the build would overwrite it.']]);
  });

  it('stages only the files it writes: outputs generated with their recorded hash are not staged, and are generated again when needed', async () => {
    const staged: string[] = [];
    const fs: BuildFs = { ...nodeBuildFs, writeFile: (file, data) => (file.includes(`${path.sep}staging-`) && staged.push(file), nodeBuildFs.writeFile(file, data)) };
    await buildProject({ root, fs });
    const built = snapshot(out);
    const client = Object.keys(built).find((file) => file.startsWith('clients/alpha'))!;
    const alpha = path.join(root, 'connectors/alpha.yaml');
    const reword = (from: string, to: string) => writeFileSync(alpha, readFileSync(alpha, 'utf8').replace(from, to));

    // A guide step reworded: its pages change, its client does not.
    reword('Copy the key and paste', 'Copy the new key and paste');
    staged.length = 0;
    const reworded = await buildProject({ root, fs });
    expect(reworded.status).toBe('ok');
    expect(reworded.written.length).toBeGreaterThan(0);
    expect(reworded.written).not.toContain(client);
    expect(staged.length).toBe(reworded.written.length + 1); // and the manifest

    // The client deleted, and the spec reworded again: the client comes out unchanged, so it was not staged; it is generated again.
    rmSync(path.join(out, client));
    reword('Copy the new key', 'Copy the newest key');
    const restored = await buildProject({ root, fs });
    expect(restored.written).toContain(client);
    expect(readFileSync(path.join(out, client), 'utf8')).toBe(built[client]);

    // A new compiler regenerates everything, and stages only what comes out different (here: nothing;
    // the manifest records the package version, not the compiler's code).
    staged.length = 0;
    const upgraded = await buildProject({ root, fs, compilerId: 'next' });
    expect(upgraded.compiled).toBe(2);
    expect(upgraded.written).toEqual([]);
    expect(staged.length).toBe(0);

    // Edited by hand: refused, then overwritten with --force, from a client generated again.
    writeFileSync(path.join(out, client), 'hand edit\n');
    reword('Copy the newest key', 'Copy the key');
    expect((await buildProject({ root, fs, compilerId: 'next' })).status).toBe('failed');
    const forced = await buildProject({ root, fs, compilerId: 'next', force: true });
    expect(forced.status).toBe('ok');
    expect(readFileSync(path.join(out, client), 'utf8')).toBe(built[client]);
  });

  it('a compiler whose code changed under the same version regenerates everything; the committed manifest records the version only', async () => {
    const version = (JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;
    /** The fake emitters, with the clients printed differently: new compiler code. */
    const reworked = () => {
      const { emitters } = fakeEmitters();
      const prepare = emitters.clients.prepare;
      const clients = { ...emitters.clients, prepare: (options: Parameters<typeof prepare>[0]) => {
        const prepared = prepare(options);
        return { ...prepared, emitConnector: (model: Parameters<typeof prepared.emitConnector>[0]) => {
          const emitted = prepared.emitConnector(model);
          return { ...emitted, files: emitted.files.map((file) => ({ ...file, contents: `// v2\n${file.contents}` })) };
        } };
      } };
      return { ...emitters, clients };
    };
    const manifestText = () => readFileSync(path.join(out, MANIFEST_PATH), 'utf8');

    await build({ compilerId: 'code-1' });
    expect(parseManifest(manifestText())!.compiler).toBe(version);
    const first = manifestText();

    // New code, same version: every spec is compiled again and the changed files are written.
    const changed = await buildProject({ root, emitters: reworked(), compilerId: 'code-2' });
    expect([changed.status, changed.compiled, changed.written]).toEqual(['ok', 2, ['clients/alpha.txt', 'clients/beta.txt']]);
    expect(readFileSync(path.join(out, 'clients/alpha.txt'), 'utf8')).toBe('// v2\nALPHA via connector-compiler/runtime\n');
    expect(parseManifest(manifestText())!.compiler).toBe(version);
    const second = manifestText();
    expect(second).not.toBe(first);

    // A refactor (new code, same output): everything compiled in memory, nothing written, the committed manifest unchanged.
    const refactored = await buildProject({ root, emitters: reworked(), compilerId: 'code-3' });
    expect([refactored.status, refactored.compiled, refactored.written, refactored.manifestChanged]).toEqual(['ok', 2, [], false]);
    expect(manifestText()).toBe(second);

    // A fresh clone (no cache, so no record of the code that generated the output) compiles every spec and writes only what differs.
    const fresh = await buildProject({ root, emitters: reworked(), compilerId: 'code-3', cacheDir: false });
    expect([fresh.status, fresh.compiled, fresh.written, fresh.manifestChanged]).toEqual(['ok', 2, [], false]);
    const stale = await buildProject({ root, emitters: fakeEmitters().emitters, compilerId: 'code-4', cacheDir: false });
    expect([stale.status, stale.compiled, stale.written]).toEqual(['ok', 2, ['clients/alpha.txt', 'clients/beta.txt']]);
    expect(manifestText()).toBe(first);
  });

  it('leaves a hand-edited file of a deleted connector in place, with a warning', async () => {
    await build();
    writeFileSync(path.join(out, 'clients/beta.txt'), 'kept\n');
    unlinkSync(path.join(root, 'connectors/beta.yaml'));
    const { result } = await build();
    expect(result.status).toBe('ok');
    expect(result.abandoned).toEqual(['clients/beta.txt']);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([['CC5002', 'warning']]);
    expect(readFileSync(path.join(out, 'clients/beta.txt'), 'utf8')).toBe('kept\n');
  });

  it('check mode writes nothing and lists what would change', async () => {
    const dry = await build({ check: true });
    expect(dry.result).toMatchObject({ status: 'ok', check: true, upToDate: false });
    expect(dry.result.written).toHaveLength(6);
    expect(existsSync(out)).toBe(false);
    await build();
    expect((await build({ check: true })).result.upToDate).toBe(true);
    unlinkSync(path.join(root, 'connectors/alpha.yaml'));
    const after = await build({ check: true });
    expect(after.result).toMatchObject({ upToDate: false, removed: ['clients/alpha.txt', 'forms/alpha.txt'], written: ['clients/index.txt', 'forms/index.txt'] });
  });

  it('regenerates everything when an emit option changes, writing only what differs', async () => {
    await build();
    const { result, calls } = await build({ emit: { runtimeImport: '@acme/runtime' } });
    expect(calls.connector).toHaveLength(4);
    expect(result.written).toEqual(['clients/alpha.txt', 'clients/beta.txt', 'forms/alpha.txt', 'forms/beta.txt']);
  });

  it('produces byte-identical output whatever the order of the spec files', async () => {
    await build({ inputs: ['connectors/beta.yaml', 'connectors/alpha.yaml'] });
    const first = snapshot(out);
    cleanup(out);
    cleanup(path.join(root, '.connector-compiler-cache'));
    // Recreate the files in the other order, so directory order differs too.
    const alpha = readFileSync(path.join(root, 'connectors/alpha.yaml'), 'utf8');
    unlinkSync(path.join(root, 'connectors/alpha.yaml'));
    writeSpec(root, 'connectors/alpha.yaml', alpha);
    await build({ inputs: ['connectors/alpha.yaml', 'connectors/beta.yaml'] });
    expect(snapshot(out)).toEqual(first);
  });

  it('in a fresh clone (new timestamps, no cache), compiles every spec in memory and writes nothing that is up to date', async () => {
    await build();
    const later = new Date(Date.now() + 60_000);
    for (const file of ['connectors/alpha.yaml', 'connectors/beta.yaml']) utimesSync(path.join(root, file), later, later);
    cleanup(path.join(root, '.connector-compiler-cache'));
    // No record of the code that generated the output (the manifest names only the version): compiled again.
    const { result, calls } = await build();
    expect([result.upToDate, result.compiled, result.written, result.manifestChanged]).toEqual([true, 2, [], false]);
    expect(calls.prepare).toBe(2);
    // Which this machine now records: the next build is a no-op that loads nothing.
    const again = await build();
    expect([again.result.upToDate, again.result.compiled, again.calls.prepare]).toEqual([true, 0, 0]);
  });

  it('replays the warnings of unchanged specs on a no-op build', async () => {
    const warned = validSpec('alpha').replace('    secret: true', '    secret: true\n    example: sk_live_4eC39HqLyjWDarjtT1zdp7dc');
    writeSpec(root, 'connectors/alpha.yaml', warned);
    const first = await build();
    const codes = first.result.diagnostics.map((d) => d.code);
    expect(codes).toContain('CC3018');
    const second = await build();
    expect(second.result.compiled).toBe(0);
    expect(second.result.diagnostics).toEqual(first.result.diagnostics);
    expect(second.result.sources.get('connectors/alpha.yaml')).toBe(warned);
  });

  it('proves a no-op by stats alone: neither the manifest nor any spec is read', async () => {
    await build();
    const reads: string[] = [];
    const fs: BuildFs = {
      ...nodeBuildFs,
      readFile(file) {
        const bytes = nodeBuildFs.readFile(file);
        reads.push(path.relative(root, file));
        return bytes;
      },
    };
    const { result } = await build({ fs });
    expect(result).toMatchObject({ status: 'ok', upToDate: true, unchanged: 6 });
    expect(reads.filter((file) => !file.startsWith('.connector-compiler-cache'))).toEqual([]);

    // A manifest replaced behind the compiler's back (same bytes, new file) is read again, and still agrees.
    const manifestFile = path.join(out, MANIFEST_PATH);
    const text = readFileSync(manifestFile);
    unlinkSync(manifestFile);
    writeFileSync(manifestFile, text);
    reads.length = 0;
    const again = await build({ fs });
    expect(again.result).toMatchObject({ status: 'ok', upToDate: true });
    expect(reads).toContain(path.join('generated', MANIFEST_PATH));
    // …and the build after that is back on stats alone.
    reads.length = 0;
    await build({ fs });
    expect(reads.filter((file) => !file.startsWith('.connector-compiler-cache'))).toEqual([]);
  });

  it('leaves the stats-only path as soon as a spec is added or an output goes missing', async () => {
    await build();
    writeSpec(root, 'connectors/gamma.yaml', validSpec('gamma'));
    const added = await build();
    expect(added.result).toMatchObject({ compiled: 1, written: ['clients/gamma.txt', 'clients/index.txt', 'forms/gamma.txt', 'forms/index.txt'] });
    unlinkSync(path.join(out, 'forms/alpha.txt'));
    const restored = await build();
    expect(restored.result.written).toEqual(['forms/alpha.txt']);
    expect((await build()).result.upToDate).toBe(true);
  });

  it('places emitter diagnostics given by JSON path at that node of the spec, and replays them placed', async () => {
    const { emitters } = fakeEmitters();
    const pathOnly = (file: string, message: string) => diagnostic('CC3023', 'warning', message, { file, path: '/name' });
    const withWarnings: typeof emitters = {
      ...emitters,
      clients: {
        target: 'clients',
        prepare: (options) => {
          const inner = emitters.clients.prepare(options);
          return {
            emitConnector: (model) => ({ ...inner.emitConnector(model), diagnostics: [pathOnly(model.sourceFile, 'from the connector')] }),
            emitIndex: (models) => ({ ...inner.emitIndex(models), diagnostics: [pathOnly(models[0]!.sourceFile, 'from the index')] }),
          };
        },
      },
    };
    const nameLine = validSpec('alpha').split('\n').findIndex((line) => line.startsWith('name:')) + 1;
    const placed = (result: { diagnostics: readonly Diagnostic[] }) => result.diagnostics.map((d) => [d.message, d.file, d.line, d.column]);
    const expected = [
      ['from the connector', 'connectors/alpha.yaml', nameLine, 7],
      ['from the index', 'connectors/alpha.yaml', nameLine, 7],
      ['from the connector', 'connectors/beta.yaml', nameLine, 7],
    ];
    const first = await buildProject({ root, emitters: withWarnings, compilerId: 'test' });
    expect(placed(first)).toEqual(expected);
    // A no-op build replays them from the cache, still placed, those of the index too (it is not re-emitted).
    const second = await buildProject({ root, emitters: withWarnings, compilerId: 'test' });
    expect(second).toMatchObject({ upToDate: true, compiled: 0 });
    expect(placed(second)).toEqual(expected);
    // The same without the stats-only path (a touched spec is hashed and found unchanged).
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, 'connectors/beta.yaml'), later, later);
    const third = await buildProject({ root, emitters: withWarnings, compilerId: 'test' });
    expect(third).toMatchObject({ upToDate: true, compiled: 0 });
    expect(placed(third)).toEqual(expected);
  });

  it('keeps models and prepared emitters between builds in one Builder (watch mode) while the options are unchanged', async () => {
    const { emitters, calls } = fakeEmitters();
    const builder = new Builder({ root, emitters, compilerId: 'test' });
    await builder.build();
    writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha', 'Alpha 2'));
    const second = await builder.build();
    await builder.close();
    expect(second.compiled).toBe(1);
    // Two emitters, prepared by the first build only.
    expect(calls.prepare).toBe(2);
    expect(calls.index).toBe(4);
  });

  it('in one Builder, finds a spec added, removed or named as a file gone, although it reuses the last search while nothing moved', async () => {
    const { emitters } = fakeEmitters();
    const watching = new Builder({ root, emitters, compilerId: 'test', watching: true });
    expect((await watching.build()).specs).toBe(2);
    expect((await watching.build()).specs).toBe(2);
    writeSpec(root, 'connectors/nested/gamma.yaml', validSpec('gamma'));
    expect((await watching.build()).specs).toBe(3);
    rmSync(path.join(root, 'connectors/nested/gamma.yaml'));
    expect((await watching.build()).specs).toBe(2);
    await watching.close();

    const named = new Builder({ root, emitters, compilerId: 'test', watching: true, inputs: ['connectors/alpha.yaml'] });
    expect((await named.build()).specs).toBe(1);
    rmSync(path.join(root, 'connectors/alpha.yaml'));
    const gone = await named.build();
    expect(gone.diagnostics.map((d) => d.code)).toEqual(['CC1001']);
    await named.close();
  });

  it('after a warm-up (which renders the index files and writes the manifest out once), rebuilds exactly what a fresh build writes', async () => {
    const twin = tempProject();
    try {
      for (const dir of [root, twin]) for (const id of ['alpha', 'beta', 'gamma']) writeSpec(dir, `connectors/${id}.yaml`, validSpec(id));
      const watching = new Builder({ root, watching: true });
      await watching.build();
      await watching.build();
      await watching.warmUp();
      for (const dir of [root, twin]) {
        const beta = path.join(dir, 'connectors/beta.yaml');
        writeFileSync(beta, readFileSync(beta, 'utf8').replace('name: "BETA"', 'name: "Beta Renamed"').replace('Copy the key and paste', 'Copy the new key and paste'));
      }
      const rebuilt = await watching.build();
      await watching.close();
      expect(rebuilt.compiled).toBe(1);
      await buildProject({ root: twin });
      expect(snapshot(out)).toEqual(snapshot(path.join(twin, 'generated')));
    } finally {
      cleanup(twin);
    }
  });

  it('in a watch session, leaves the output, the manifest and its stat records as fresh builds leave them, edit after edit', async () => {
    const twin = tempProject();
    try {
      const edits: ((dir: string) => void)[] = [
        (dir) => writeSpec(dir, 'connectors/beta.yaml', validSpec('beta', 'Beta Reworded')),
        // A new id (and file): every output path of the connector changes.
        (dir) => {
          rmSync(path.join(dir, 'connectors/alpha.yaml'));
          writeSpec(dir, 'connectors/alpha-two.yaml', validSpec('alpha-two'));
        },
        (dir) => writeSpec(dir, 'connectors/gamma.yaml', validSpec('gamma')),
        (dir) => rmSync(path.join(dir, 'connectors/beta.yaml')),
        () => undefined,
        (dir) => writeSpec(dir, 'connectors/gamma.yaml', validSpec('gamma', 'Gamma Reworded')),
      ];
      writeSpec(twin, 'connectors/alpha.yaml', validSpec('alpha'));
      writeSpec(twin, 'connectors/beta.yaml', validSpec('beta'));
      const watching = new Builder({ root, watching: true });
      await watching.build();
      for (const edit of edits) {
        edit(root);
        edit(twin);
        const rebuilt = await watching.build();
        expect(rebuilt.diagnostics).toEqual([]);
        await buildProject({ root: twin });
        expect(snapshot(out)).toEqual(snapshot(path.join(twin, 'generated')));
        // The cache is written right after the result; then every record is the file's current stat and manifest hash.
        await new Promise((resolve) => setImmediate(resolve));
        const state = new BuildCache(watching.settings.cacheDir, nodeBuildFs).readState()!;
        const manifest = parseManifest(readFileSync(path.join(out, MANIFEST_PATH), 'utf8'))!;
        expect(state.manifest).toBeDefined();
        expect([...state.files.keys()].sort()).toEqual([...manifest.files.keys()].sort());
        for (const [file, [size, mtimeMs, ino, hash]] of state.files) {
          const stat = statSync(path.join(out, file));
          expect([size, mtimeMs, ino, hash]).toEqual([stat.size, stat.mtimeMs, stat.ino, manifest.files.get(file)]);
        }
      }
      await watching.close();
    } finally {
      cleanup(twin);
    }
  });

  it('removes a file the manifest lists without an owner (a manifest from elsewhere) once it rebuilds, as it removes any file it no longer generates', async () => {
    await build();
    const manifestFile = path.join(out, MANIFEST_PATH);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { files: Record<string, string> };
    writeFileSync(path.join(out, 'stale.txt'), 'stale\n');
    manifest.files = Object.fromEntries(Object.entries({ ...manifest.files, 'stale.txt': contentHash(Buffer.from('stale\n')) }).sort(([a], [b]) => (a < b ? -1 : 1)));
    writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha', 'Alpha 2'));
    const { result } = await build();
    expect(result.removed).toEqual(['stale.txt']);
    expect(existsSync(path.join(out, 'stale.txt'))).toBe(false);
    expect(readFileSync(manifestFile, 'utf8')).not.toContain('stale.txt');
  });

  it('puts back what a build updated ahead of a commit it did not make: failed or checked builds leave the next one exact', async () => {
    // Not watching, so that the next build notices the deleted output and generates it again.
    const builder = new Builder({ root });
    await builder.build();
    const beta = Object.keys(outputs()).find((file) => file.startsWith('clients/') && file.includes('beta'))!;
    const manifestBefore = readFileSync(path.join(out, MANIFEST_PATH), 'utf8');
    writeFileSync(path.join(out, beta), 'edited by hand\n');
    writeSpec(root, 'connectors/beta.yaml', validSpec('beta', 'Beta Reworded'));
    // Twice: the second failure must see the same manifest as the first.
    for (let i = 0; i < 2; i++) expect((await builder.build()).diagnostics.map((d) => d.code)).toEqual(['CC5002']);
    expect(readFileSync(path.join(out, MANIFEST_PATH), 'utf8')).toBe(manifestBefore);
    // The edit is given up: the manifest's entries for beta are what they were.
    writeSpec(root, 'connectors/beta.yaml', validSpec('beta'));
    rmSync(path.join(out, beta));
    expect((await builder.build()).written).toEqual([beta]);
    await builder.close();
    const rebuilt = snapshot(out);
    rmSync(out, { recursive: true });
    await buildProject({ root });
    expect(rebuilt).toEqual(snapshot(out));

    // A build blocked at its commit (another build holds the lock) has planned and written out
    // the next manifest; given up, the next build, of another spec, must not carry any of it.
    const again = new Builder({ root });
    await again.build();
    const lock = path.join(out, '.connector-compiler/lock');
    writeSpec(root, 'connectors/beta.yaml', validSpec('beta', 'Beta Blocked'));
    writeFileSync(lock, String(process.ppid));
    expect((await again.build()).diagnostics.map((d) => d.code)).toEqual(['CC5001']);
    rmSync(lock);
    writeSpec(root, 'connectors/beta.yaml', validSpec('beta'));
    writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha', 'Alpha Later'));
    expect((await again.build()).status).toBe('ok');
    await again.close();
    const afterBlocked = snapshot(out);
    rmSync(out, { recursive: true });
    await buildProject({ root });
    expect(afterBlocked).toEqual(snapshot(out));

    // A checking builder never commits: the same answer every time.
    writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha', 'Alpha Reworded'));
    const checking = new Builder({ root, check: true });
    const first = await checking.build();
    const second = await checking.build();
    await checking.close();
    expect(first.written.length).toBeGreaterThan(0);
    expect({ ...second, durationMs: 0 }).toEqual({ ...first, durationMs: 0 });
  });

  it('in watch mode, stats only the specs the watcher named, when it named only specs', async () => {
    const stats: string[] = [];
    const fs: BuildFs = { ...nodeBuildFs, stat: (file) => (stats.push(file), nodeBuildFs.stat(file)) };
    const watching = new Builder({ root, fs, watching: true });
    await watching.build();
    const alpha = path.join(root, 'connectors/alpha.yaml');
    const beta = path.join(root, 'connectors/beta.yaml');
    const edit = (file: string, name: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(/^name: .*$/m, `name: "${name}"`));

    edit(alpha, 'Alpha 2');
    stats.length = 0;
    expect((await watching.build({ changed: new Set([alpha]) })).compiled).toBe(1);
    expect(stats).toContain(alpha);
    expect(stats).not.toContain(beta);

    // An edit the watcher did not name is trusted away, as with tsc --watch...
    edit(beta, 'Beta 2');
    expect((await watching.build({ changed: new Set([alpha]) })).compiled).toBe(0);
    // ...but any path that is not a known spec (a template, a new file, a directory) means every spec is stat-ed.
    stats.length = 0;
    const rebuilt = await watching.build({ changed: new Set([alpha, path.join(root, 'connectors/notes.txt')]) });
    expect(rebuilt.compiled).toBe(1);
    expect(stats).toContain(beta);
    // So does a build told nothing.
    edit(beta, 'Beta 3');
    expect((await watching.build()).compiled).toBe(1);
    await watching.close();
    expect(readFileSync(path.join(out, 'clients/beta.ts'), 'utf8')).toContain('Beta 3');
  });

  it('in watch mode still refuses to overwrite a hand-edited output of the spec it rebuilds', async () => {
    const { emitters } = fakeEmitters();
    const builder = new Builder({ root, emitters, compilerId: 'test', watching: true });
    expect((await builder.build()).status).toBe('ok');
    const file = Object.keys(outputs()).find((f) => f.includes('alpha'))!;
    writeFileSync(path.join(out, file), 'edited by hand\n');
    writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha', 'Alpha 2'));
    const second = await builder.build();
    await builder.close();
    expect(second.diagnostics.map((d) => [d.code, d.severity])).toEqual([['CC5002', 'error']]);
    expect(readFileSync(path.join(out, file), 'utf8')).toBe('edited by hand\n');
  });

  it('writes exactly the file map compile() returns', async () => {
    const { emitters } = fakeEmitters();
    await build({ targets: ['clients', 'forms'] });
    const specs = ['connectors/alpha.yaml', 'connectors/beta.yaml'].map((file) => ({ file, source: readFileSync(path.join(root, file), 'utf8') }));
    const compiled = compile({ specs, targets: ['clients', 'forms'], emitters });
    expect(outputs()).toEqual(Object.fromEntries(compiled.files));
  });

  it('stops before writing when interrupted', async () => {
    await build();
    const before = snapshot(out);
    writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha', 'Alpha 2'));
    const controller = new AbortController();
    controller.abort();
    const { result } = await build({ signal: controller.signal });
    expect(result.status).toBe('interrupted');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['CC5005']);
    expect(snapshot(out)).toEqual(before);
  });
});

describe('faults', () => {
  /** The real fs, except that the `failAt`-th file write (1-based) fails with `code`. */
  function failingFs(failAt: number, code: string): BuildFs & { writes: number } {
    const fs = {
      ...nodeBuildFs,
      writes: 0,
      writeFile(file: string, data: string | Uint8Array) {
        fs.writes++;
        if (fs.writes === failAt) throw Object.assign(new Error(`${code}: simulated`), { code });
        // A real full disk leaves a truncated file behind.
        nodeBuildFs.writeFile(file, data);
      },
    };
    return fs;
  }

  it('a disk that fills up midway leaves the old output, no temp files, and says what to do', async () => {
    await build();
    const before = snapshot(out);
    for (const id of ['alpha', 'beta']) writeSpec(root, `connectors/${id}.yaml`, validSpec(id, `${id} 2`));
    for (const failAt of [1, 2, 3, 4]) {
      const { result } = await build({ fs: failingFs(failAt, 'ENOSPC') });
      expect(result.status).toBe('failed');
      const [problem] = result.diagnostics;
      expect(problem?.code).toBe('CC5001');
      expect(problem?.message).toMatch(/ENOSPC: no space left on the device/);
      expect(problem?.hint).toBe('Nothing in the output directory was changed. Free some disk space and run the build again.');
      expect(snapshot(out)).toEqual(before);
    }
    expect((await build()).result.written).toEqual(['clients/alpha.txt', 'clients/beta.txt', 'forms/alpha.txt', 'forms/beta.txt']);
  });

  it('a first build into an unwritable location creates nothing', async () => {
    const { result } = await build({ fs: failingFs(2, 'EACCES') });
    expect(result.diagnostics[0]?.hint).toMatch(/Make the output directory writable/);
    expect(snapshot(out)).toEqual({});
  });

  it('a file in the way of an output directory fails the build before anything is written', async () => {
    await build();
    writeSpec(root, 'connectors/beta.yaml', validSpec('beta', 'Beta 2'));
    rmSync(path.join(out, 'forms'), { recursive: true });
    writeFileSync(path.join(out, 'forms'), 'in the way\n');
    const before = snapshot(out);
    const { result } = await build();
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([['CC5001', 'generated/forms/alpha.txt']]);
    expect(result.diagnostics[0]?.message).toBe('Could not write `generated/forms/alpha.txt` (ENOTDIR: a parent path is a file, not a directory).');
    expect(result.diagnostics[0]?.hint).toMatch(/A file or directory is in the way/);
    expect(snapshot(out)).toEqual(before);
  });

  it('a spec deleted during the build fails it without writing', async () => {
    await build();
    const before = snapshot(out);
    writeSpec(root, 'connectors/beta.yaml', validSpec('beta', 'Beta 2'));
    const fs: BuildFs = {
      ...nodeBuildFs,
      readFile(file) {
        if (file.endsWith('beta.yaml')) unlinkSync(file);
        return nodeBuildFs.readFile(file);
      },
    };
    const { result } = await build({ fs });
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['CC1001', 'Spec file `connectors/beta.yaml` disappeared during the build.']]);
    expect(snapshot(out)).toEqual(before);
  });

  it('a rename failing midway keeps the journal, and the next build completes the commit', async () => {
    await build();
    for (const id of ['alpha', 'beta']) writeSpec(root, `connectors/${id}.yaml`, validSpec(id, `${id} 2`));
    let renames = 0;
    const fs: BuildFs = {
      ...nodeBuildFs,
      rename(from, to) {
        // Renames 1 and 2 are the journal's own; fail on the second output file.
        if (!to.endsWith('journal.json') && ++renames === 2) throw Object.assign(new Error('EIO'), { code: 'EIO' });
        nodeBuildFs.rename(from, to);
      },
    };
    const { result } = await build({ fs });
    expect(result.status).toBe('failed');
    expect(result.diagnostics[0]?.hint).toMatch(/run `connector-compiler build` again to complete it/);
    expect(existsSync(path.join(out, '.connector-compiler/journal.json'))).toBe(true);
    const next = await build();
    expect(next.result.recovered).toBe('completed');
    expect(next.result.upToDate).toBe(true);
    expect(readFileSync(path.join(out, 'forms/beta.txt'), 'utf8')).toBe('beta 2 via connector-compiler/runtime\n');
    expect(Object.keys(snapshot(out)).filter((f) => f.includes('.cc-tmp') || f.endsWith('journal.json'))).toEqual([]);
  });

  it('a stale lock of a dead process is taken over; a live one blocks the commit', async () => {
    await build();
    writeSpec(root, 'connectors/beta.yaml', validSpec('beta', 'Beta 2'));
    const lock = path.join(out, '.connector-compiler/lock');
    writeFileSync(lock, String(process.ppid));
    const blocked = await build();
    expect(blocked.result.diagnostics.map((d) => d.code)).toEqual(['CC5001']);
    writeFileSync(lock, '999999999');
    expect((await build()).result.status).toBe('ok');
    expect(existsSync(lock)).toBe(false);
  });

  it('survives a corrupt cache', async () => {
    await build();
    const cacheRoot = path.join(root, '.connector-compiler-cache');
    const [dir] = readdirSync(cacheRoot);
    writeFileSync(path.join(cacheRoot, dir!, 'state.json'), '{not json');
    writeSpec(root, 'connectors/beta.yaml', validSpec('beta', 'Beta 2'));
    const { result } = await build();
    expect(result.written).toEqual(['clients/beta.txt', 'forms/beta.txt']);

    // Valid JSON of the right version, wrong shapes: taken as no cache, or its bad parts ignored.
    const stateFile = path.join(cacheRoot, dir!, 'state.json');
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
    for (const broken of [
      { ...state, specs: [1, 2, 3] },
      { ...state, files: { 'a.txt': 1 } },
      { ...state, warnings: [['connectors/alpha.yaml', { hash: 'x', diagnostics: 'nope' }], 7] },
      { ...state, indexWarnings: { length: 1 } },
      { ...state, manifest: 'linked' },
    ]) {
      writeFileSync(stateFile, JSON.stringify(broken));
      const again = await build();
      expect(again.result).toMatchObject({ status: 'ok', upToDate: true });
    }
  });
});

describe('manifest ownership across a moved spec', () => {
  it('treats a renamed spec file as a removal plus an addition', async () => {
    await build();
    renameSync(path.join(root, 'connectors/beta.yaml'), path.join(root, 'connectors/gamma.yaml'));
    writeSpec(root, 'connectors/gamma.yaml', validSpec('gamma'));
    const { result } = await build();
    expect(result.removed).toEqual(['clients/beta.txt', 'forms/beta.txt']);
    expect(result.written).toContain('clients/gamma.txt');
    expect(statSync(path.join(out, 'clients/gamma.txt')).isFile()).toBe(true);
  });
});
