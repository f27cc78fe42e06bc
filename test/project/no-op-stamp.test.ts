import { readdirSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Builder, buildProject } from '../../src/project/builder.js';
import { nodeBuildFs } from '../../src/project/fs.js';
import { writeNoOpStamp } from '../../src/project/no-op-stamp.js';
import { cleanup, requireBuiltCli, runCli, snapshot, tempProject, validSpec, writeSpec } from './helpers.js';

/** Runs the real CLI with the stamp's verdict on stderr (`no-op stamp: …`). */
function run(cwd: string, args: string[]) {
  const result = runCli(cwd, args, { CONNECTOR_COMPILER_DEBUG: '1' });
  return { ...result, verdict: /^no-op stamp: (.*)$/m.exec(result.stderr)?.[1] };
}

/** Builds until the stamp answers: the first build writes, the second is a no-op that writes the stamp. */
function buildTillStamped(root: string, args: string[] = ['build']) {
  for (let i = 0; i < 3; i++) {
    const result = run(root, args);
    expect(result.code, result.stderr).toBe(0);
    if (result.verdict === 'nothing changed') return result;
  }
  throw new Error('the no-op stamp never answered');
}

function project(ids = ['alpha', 'beta']): string {
  const root = tempProject('cc-stamp-');
  roots.push(root);
  for (const id of ids) writeSpec(root, `connectors/${id}.yaml`, validSpec(id));
  return root;
}

const roots: string[] = [];
beforeAll(requireBuiltCli);
afterAll(() => roots.forEach(cleanup));

describe('the no-op stamp', () => {
  it('answers an unchanged build with the same summary the full no-op build prints, for build and build --check', () => {
    const root = project();
    const first = run(root, ['build']);
    expect(first.verdict).toMatch(/^no stamp for this command line/);
    expect(first.stdout).toMatch(/^Built 2 specs/);
    // Written by the build that wrote the files: the very next build is answered by it.
    const stamped = run(root, ['build']);
    expect(stamped.verdict).toBe('nothing changed');
    expect(stamped.code).toBe(0);
    // The full no-op path, for comparison: a spec touched (not changed) sends the build past the stamp.
    const alpha = path.join(root, 'connectors/alpha.yaml');
    utimesSync(alpha, new Date(), new Date(Date.now() + 5_000));
    const full = run(root, ['build']);
    expect(full.verdict).toBe('`connectors/alpha.yaml` changed');
    expect(full.stdout).toMatch(/^2 specs up to date in \d+ ms \(\d+ files unchanged\)\.\n$/);
    expect(run(root, ['build']).stdout.replace(/\d+ ms/, 'N ms')).toBe(full.stdout.replace(/\d+ ms/, 'N ms'));
    const check = run(root, ['build', '--check']);
    expect(check.verdict).toBe('nothing changed');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^Checked 2 specs in \d+ ms: generated\/ is up to date\.\n$/);
  });

  it('gives way to a full build when a spec, a generated file, the spec directory or the config changes', () => {
    const root = project();
    const out = path.join(root, 'generated');
    buildTillStamped(root);
    const built = snapshot(out);

    // A spec edited: rebuilt.
    const alpha = path.join(root, 'connectors/alpha.yaml');
    writeFileSync(alpha, readFileSync(alpha, 'utf8').replace('name: "ALPHA"', 'name: "ALPHA Renamed"'));
    const edited = run(root, ['build']);
    expect(edited.verdict).toBe('`connectors/alpha.yaml` changed');
    expect(edited.stdout).toMatch(/^Built 2 specs \(1 compiled\)/);
    buildTillStamped(root);

    // A generated file deleted: restored.
    const form = Object.keys(built).find((file) => file.startsWith('forms/beta'))!;
    unlinkSync(path.join(out, form));
    const restored = run(root, ['build']);
    expect(restored.verdict).toBe(`\`generated/${form}\` is gone`);
    expect(restored.stdout).toMatch(/1 written/);
    expect(readFileSync(path.join(out, form), 'utf8')).toBe(built[form]);
    buildTillStamped(root);

    // A generated file edited in place, its size unchanged: reported like any hand edit.
    const client = Object.keys(built).find((file) => file.startsWith('clients/alpha'))!;
    const clientPath = path.join(out, client);
    const original = readFileSync(clientPath, 'utf8');
    writeFileSync(clientPath, original.replace('export', 'EXPORT'));
    const handEdited = run(root, ['build']);
    expect(handEdited.verdict).toBe(`\`generated/${client}\` changed`);
    expect(handEdited.stdout + handEdited.stderr).toContain(client);
    writeFileSync(clientPath, original);
    buildTillStamped(root);

    // A new spec: the directory listing changed.
    writeSpec(root, 'connectors/gamma.yaml', validSpec('gamma'));
    const added = run(root, ['build']);
    expect(added.verdict).toBe('`connectors` changed');
    expect(added.stdout).toMatch(/^Built 3 specs \(1 compiled\)/);
    buildTillStamped(root);

    // A config file appears, then is edited.
    const config = path.join(root, 'connector-compiler.config.json');
    writeFileSync(config, JSON.stringify({ targets: ['clients', 'forms', 'docs'] }));
    expect(run(root, ['build']).verdict).toBe('`connector-compiler.config.json` appeared');
    buildTillStamped(root);
    writeFileSync(config, JSON.stringify({ targets: ['clients', 'forms'] }));
    const reconfigured = run(root, ['build']);
    expect(reconfigured.verdict).toBe('`connector-compiler.config.json` changed');
    expect(reconfigured.stdout).toMatch(/[1-9]\d* removed/);
  });

  it('sees a spec rewritten in place with the same size and its mtime set back (ctime moves; size, mtime and inode do not)', () => {
    const root = project();
    const alpha = path.join(root, 'connectors/alpha.yaml');
    // An mtime that `utimes` sets exactly, and set back exactly after the edit, as `cp -p` or `rsync -t` would.
    const mtime = new Date('2020-01-01T00:00:00.123Z');
    utimesSync(alpha, mtime, mtime);
    buildTillStamped(root);
    const before = statSync(alpha);
    const text = readFileSync(alpha, 'utf8');
    writeFileSync(alpha, text.replace('name: "ALPHA"', 'name: "ALPHX"'));
    utimesSync(alpha, mtime, mtime);
    const after = statSync(alpha);
    expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    expect(after.ctimeMs).not.toBe(before.ctimeMs);
    const rebuilt = run(root, ['build']);
    expect(rebuilt.verdict).toBe('`connectors/alpha.yaml` changed');
    expect(rebuilt.stdout).toMatch(/^Built 2 specs \(1 compiled\) in [\d.]+ m?s: [1-9]\d* written, \d+ unchanged, 0 removed\.\n$/);
    // The output is now that of the edited spec: a check that re-reads it (its stat is new to the cache) finds nothing to do.
    // Without a cache it compiles every spec in memory (nothing records which compiler code wrote generated/), so it may take seconds.
    rmSync(path.join(root, '.connector-compiler-cache'), { recursive: true });
    expect(run(root, ['build', '--check']).stdout).toMatch(/^Checked 2 specs in [\d.]+ m?s: generated\/ is up to date\.\n$/);
  });

  it('gives way when a template override changes', () => {
    const root = project(['alpha']);
    const templates = path.join(root, 'templates');
    writeSpec(root, 'templates/.keep', '');
    buildTillStamped(root, ['build', '--templates', 'templates']);
    writeSpec(root, 'templates/notes.txt', 'not a template, but in the directory\n');
    expect(run(root, ['build', '--templates', 'templates']).verdict).toBe('`templates` changed');
    expect(readdirSync(templates)).toContain('notes.txt');
  });

  it('answers only the command line it was written for', () => {
    const root = project(['alpha']);
    buildTillStamped(root);
    expect(run(root, ['build', '--targets', 'clients,forms,docs']).verdict).toMatch(/^no stamp for this command line/);
    expect(run(root, ['build', '--format', 'json']).verdict).toMatch(/^no stamp for this command line/);
    expect(run(root, ['build']).verdict).toBe('nothing changed');
  });

  it('is never written when the build reports something, uses a glob, a config module, no cache or another cache directory', () => {
    const neverStamped = (root: string, args: string[]) => {
      for (let i = 0; i < 3; i++) {
        const result = run(root, args);
        expect(result.code, result.stderr).toBe(0);
        expect(result.verdict).toMatch(/^no stamp for this command line/);
      }
    };
    const warned = project(['alpha']);
    // Two config files: the second is ignored with a warning, printed on every build.
    writeFileSync(path.join(warned, 'connector-compiler.config.json'), '{}');
    writeFileSync(path.join(warned, 'connector-compiler.config.mjs'), 'export default {};\n');
    neverStamped(warned, ['build']);

    neverStamped(project(['alpha']), ['build', 'connectors/*.yaml']);
    neverStamped(project(['alpha']), ['build', '--no-cache']);
    neverStamped(project(['alpha']), ['build', '--cache-dir', 'elsewhere']);

    const moduleConfig = project(['alpha']);
    writeFileSync(path.join(moduleConfig, 'connector-compiler.config.mjs'), 'export default { outDir: "out" };\n');
    neverStamped(moduleConfig, ['build']);
  });
});

describe('noOpEvidence', () => {
  it('lists the compiler, the searched directory, the specs, the outputs and the manifest, each with its stat as it is now', async () => {
    const root = project(['alpha']);
    const built = await buildProject({ root });
    const noOp = await buildProject({ root });
    expect(noOp.upToDate).toBe(true);
    for (const result of [built, noOp]) {
      const evidence = new Map(result.noOpEvidence!.stats);
      const paths = [...evidence.keys()];
      expect(paths).toContain(path.join(root, 'connectors'));
      expect(paths).toContain(path.join(root, 'generated'));
      expect(paths).toContain(path.join(root, 'generated/.connector-compiler/manifest.json'));
      expect(paths.some((file) => file.endsWith(`${path.sep}package.json`))).toBe(true);
      expect(paths.some((file) => /[/\\](src|dist)[/\\]project[/\\]builder\.(ts|js)$/.test(file))).toBe(true);
      const outputs = paths.filter((file) => file.startsWith(path.join(root, 'generated') + path.sep) && !file.includes('.connector-compiler'));
      expect(outputs.length).toBe(result.noOpEvidence!.files);
      // Every stat is the file's current one, so the stamp holds until something changes.
      for (const [file, stat] of evidence) {
        const now = statSync(file, { throwIfNoEntry: false });
        expect(stat === undefined ? undefined : [stat.size, stat.mtimeMs, stat.ino], file).toEqual(now && [now.size, now.mtimeMs, now.ino]);
      }
    }
  });

  it('follows a watch session: the state it leaves lets the next build prove a no-op by stats alone', async () => {
    const root = project(['alpha', 'beta']);
    const watching = new Builder({ root, watching: true });
    await watching.build();
    const alpha = path.join(root, 'connectors/alpha.yaml');
    writeFileSync(alpha, readFileSync(alpha, 'utf8').replace('name: "ALPHA"', 'name: "ALPHA Renamed"'));
    expect((await watching.build()).compiled).toBe(1);
    await watching.close();
    // Only the stats-only path gets by without reading the manifest.
    const read: string[] = [];
    const next = await buildProject({ root, fs: { ...nodeBuildFs, readFile: (file) => (read.push(file), nodeBuildFs.readFile(file)) } });
    expect(next.upToDate).toBe(true);
    expect(read.filter((file) => file.endsWith('manifest.json'))).toEqual([]);
  });

  it('is absent with --check that finds changes, after a failed build, in watch mode, or when a fixed compiler id stands in for the fingerprint', async () => {
    const root = project(['alpha']);
    expect((await buildProject({ root, check: true })).noOpEvidence).toBeUndefined();
    expect((await buildProject({ root, compilerId: 'test' })).noOpEvidence).toBeUndefined();
    const watching = new Builder({ root, watching: true });
    expect((await watching.build()).noOpEvidence).toBeUndefined();
    await watching.close();
    writeSpec(root, 'connectors/broken.yaml', 'id: [');
    const failed = await buildProject({ root });
    expect(failed.status).toBe('failed');
    expect(failed.noOpEvidence).toBeUndefined();
  });
});

describe('writeNoOpStamp', () => {
  const stat = (mtimeMs: number) => ({ size: 1, mtimeMs, ino: 1, ctimeMs: 1_699_999_990_000.5, isFile: true, isDirectory: false });
  it('refuses a whole-second mtime less than two seconds old, which a later edit in the same second could hide behind', () => {
    const root = tempProject('cc-stamp-');
    roots.push(root);
    const now = 1_700_000_000_500;
    expect(writeNoOpStamp(root, ['build'], { specs: 1, unchanged: 1, outDir: 'generated' }, [[path.join(root, 'a'), stat(1_700_000_000_000)]], now)).toBe(false);
    expect(writeNoOpStamp(root, ['build'], { specs: 1, unchanged: 1, outDir: 'generated' }, [[path.join(root, 'a'), stat(1_700_000_000_123.5)]], now)).toBe(true);
    expect(writeNoOpStamp(root, ['build'], { specs: 1, unchanged: 1, outDir: 'generated' }, [[path.join(root, 'a'), stat(1_699_999_990_000)]], now)).toBe(true);
  });

  it('refuses a path with a line break, which its format cannot hold', () => {
    const root = tempProject('cc-stamp-');
    roots.push(root);
    expect(writeNoOpStamp(root, ['build'], { specs: 1, unchanged: 1, outDir: 'generated' }, [[path.join(root, 'a\nb'), stat(1_699_999_990_000.5)]])).toBe(false);
  });
});
