/**
 * The output directory is the only place a build writes or deletes in, whatever
 * the committed manifest says and whatever links sit inside `generated/`
 * (issue #15, item 3).
 */
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProject, type BuildOptions } from '../../src/project/builder.js';
import { nodeBuildFs, type BuildFs } from '../../src/project/fs.js';
import { summaryLine } from '../../src/cli/summary-line.js';
import { contentHash } from '../../src/project/hash.js';
import { MANIFEST_PATH } from '../../src/project/output/manifest.js';
import { relativePathProblem } from '../../src/project/output/safe-path.js';
import { cleanup, fakeEmitters, snapshot, tempProject, validSpec, writeSpec } from './helpers.js';
import { fcOptions } from '../helpers/fast-check.js';

let root: string;
let out: string;
beforeEach(() => {
  root = tempProject('cc-safety-');
  out = path.join(root, 'generated');
  writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha'));
  writeSpec(root, 'connectors/beta.yaml', validSpec('beta'));
});
afterEach(() => cleanup(root));

function build(extra: Partial<BuildOptions> = {}) {
  const { emitters } = fakeEmitters();
  return buildProject({ root, emitters, compilerId: 'test', ...extra });
}

/** Every file and link under `dir` except `skip` (relative), links as `-> target`, without following them. */
function tree(dir: string, skip: readonly string[]): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const name of readdirSync(path.join(dir, relative)).sort()) {
      const child = relative ? `${relative}/${name}` : name;
      if (skip.includes(child)) continue;
      const info = lstatSync(path.join(dir, child));
      if (info.isSymbolicLink()) found[child] = '-> link';
      else if (info.isDirectory()) walk(child);
      else found[child] = readFileSync(path.join(dir, child), 'utf8');
    }
  };
  walk('');
  return found;
}

/** Everything outside the output directory (the machine-local cache aside, which the build owns). */
const outside = () => tree(root, ['generated', '.connector-compiler-cache']);

function editManifest(edit: (manifest: { files: Record<string, string>; index: string[]; specs: Record<string, { outputs: string[] }> }) => void): void {
  const file = path.join(out, MANIFEST_PATH);
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  edit(manifest);
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

describe('a crafted manifest', () => {
  it('is refused, with what to do, instead of deleting a file outside the output directory', async () => {
    await build();
    writeFileSync(path.join(root, 'IMPORTANT.txt'), 'keep me\n');
    // The hash of the file's own bytes: a build that trusted the manifest would take it for a stale output and delete it.
    editManifest((manifest) => void (manifest.files['../IMPORTANT.txt'] = contentHash(Buffer.from('keep me\n'))));
    writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha', 'Alpha 2'));
    const before = snapshot(out);
    const result = await build();
    expect(result.status).toBe('failed');
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.file, d.message, d.hint])).toEqual([
      [
        'CC5002',
        'error',
        'generated/.connector-compiler/manifest.json',
        '`generated/.connector-compiler/manifest.json` lists `../IMPORTANT.txt`, which is not a path the compiler can have written (it must not contain empty, `.` or `..` segments); the compiler will not act on this manifest.',
        'Nothing was written. The manifest was edited by hand or by a change under review: restore it from version control, or delete it and run `connector-compiler build --force` to regenerate the output.',
      ],
    ]);
    expect(readFileSync(path.join(root, 'IMPORTANT.txt'), 'utf8')).toBe('keep me\n');
    expect(snapshot(out)).toEqual(before);

    // `--force` ignores the manifest: the generated paths are taken over, nothing is removed.
    const forced = await build({ force: true });
    expect(forced.status).toBe('ok');
    expect(forced.diagnostics.map((d) => [d.code, d.severity])).toEqual([['CC5002', 'warning']]);
    expect(forced.removed).toEqual([]);
    expect(readFileSync(path.join(root, 'IMPORTANT.txt'), 'utf8')).toBe('keep me\n');
    expect(Object.keys(JSON.parse(readFileSync(path.join(out, MANIFEST_PATH), 'utf8')).files)).toEqual(['clients/alpha.txt', 'clients/beta.txt', 'clients/index.txt', 'forms/alpha.txt', 'forms/beta.txt', 'forms/index.txt']);
    expect((await build()).upToDate).toBe(true);
  });

  it('never writes or removes anything outside the output directory, whatever paths it lists and wherever links inside it lead', async () => {
    const segment = fc.constantFrom('..', '.', '', 'clients', 'forms', 'victim.txt', 'a\0b');
    const crafted = fc.oneof(
      fc.tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.constantFrom('/', '\\')).map(([parts, sep]) => [...parts, 'victim.txt'].join(sep)),
      fc.constantFrom('../victim.txt', '../../victim.txt', 'clients/../../victim.txt', './../victim.txt', 'clients//../../victim.txt', '..\\victim.txt'),
      fc.constant('<absolute>'),
    );
    const where = fc.constantFrom('files', 'outputs', 'index');
    const link = fc.constantFrom(undefined, 'clients', 'forms', '.connector-compiler');
    const change = fc.constantFrom('edit', 'delete', 'both');
    // One project built once, copied for each run: the build under test is the second.
    const built = path.join(root, 'built');
    for (const id of ['alpha', 'beta']) writeSpec(built, `connectors/${id}.yaml`, validSpec(id));
    const { emitters } = fakeEmitters();
    expect((await buildProject({ root: built, emitters, compilerId: 'test', cacheDir: false })).status).toBe('ok');
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(crafted, where, link, change, fc.boolean(), async (listed, place, linked, what, force) => {
        const project = path.join(root, `run-${runs++}`);
        const projectOut = path.join(project, 'generated');
        cpSync(built, project, { recursive: true });
        const options = { root: project, emitters, compilerId: 'test', cacheDir: false as const };
        // Files outside the output directory that a crafted path or a link could reach, with the hashes that make them look owned.
        writeFileSync(path.join(project, 'victim.txt'), 'victim\n');
        mkdirSync(path.join(project, 'elsewhere'));
        const file = listed === '<absolute>' ? path.join(project, 'victim.txt') : listed;
        const manifestFile = path.join(projectOut, MANIFEST_PATH);
        const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
        manifest.files[file] = contentHash(Buffer.from('victim\n'));
        if (place === 'outputs') manifest.specs['connectors/beta.yaml'].outputs.push(file);
        if (place === 'index') manifest.index.push(file);
        writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
        if (linked) {
          // The directory moves out of `generated/` and a link takes its place.
          renameSync(path.join(projectOut, linked), path.join(project, 'elsewhere', linked));
          symlinkSync(path.join(project, 'elsewhere', linked), path.join(projectOut, linked));
        }
        if (what !== 'delete') writeSpec(project, 'connectors/alpha.yaml', validSpec('alpha', 'Alpha 2'));
        if (what !== 'edit') unlinkSync(path.join(project, 'connectors/beta.yaml'));
        const before = tree(project, ['generated']);
        const result = await buildProject({ ...options, force });
        expect(tree(project, ['generated'])).toEqual(before);
        const unsafe = relativePathProblem(file) !== undefined;
        if (unsafe && !force) {
          expect(result.status).toBe('failed');
          expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([linked === '.connector-compiler' ? ['CC5001', 'error'] : ['CC5002', 'error']]);
        }
        if (linked && result.status === 'ok') expect(result.written.concat(result.removed).filter((f) => f.startsWith(`${linked}/`))).toEqual([]);
        rmSync(project, { recursive: true, force: true });
      }),
      fcOptions(20),
    );
  });
});

describe('links inside the output directory', () => {
  it('are never written through: a linked directory fails the build before anything changes', async () => {
    await build();
    mkdirSync(path.join(root, 'elsewhere'));
    renameSync(path.join(out, 'forms'), path.join(root, 'elsewhere/forms'));
    symlinkSync(path.join(root, 'elsewhere/forms'), path.join(out, 'forms'));
    writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha', 'Alpha 2'));
    const before = outside();
    const result = await build();
    expect(result.diagnostics.map((d) => [d.code, d.file, d.message, d.hint])).toEqual([
      [
        'CC5001',
        'generated/forms/alpha.txt',
        'Could not write `generated/forms/alpha.txt` (`forms` is a symbolic link, and the compiler never writes or deletes through one).',
        'Nothing in the output directory was changed. Replace the symbolic link with a real directory, or choose another output directory with `--out-dir`.',
      ],
    ]);
    expect(result.partial).toBeUndefined();
    expect(outside()).toEqual(before);
    expect(readFileSync(path.join(out, 'clients/alpha.txt'), 'utf8')).toBe('ALPHA via connector-compiler/runtime\n');
  });

  it('are never deleted through: removing a deleted connector\'s files behind a link fails the build', async () => {
    await build();
    mkdirSync(path.join(root, 'elsewhere'));
    renameSync(path.join(out, 'clients'), path.join(root, 'elsewhere/clients'));
    symlinkSync(path.join(root, 'elsewhere/clients'), path.join(out, 'clients'));
    unlinkSync(path.join(root, 'connectors/beta.yaml'));
    const before = outside();
    const result = await build();
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['CC5001', 'Could not write `generated/clients/index.txt` (`clients` is a symbolic link, and the compiler never writes or deletes through one).']]);
    expect(outside()).toEqual(before);
    expect(readFileSync(path.join(root, 'elsewhere/clients/beta.txt'), 'utf8')).toBe('BETA via connector-compiler/runtime\n');
  });

  it('the compiler\'s own directory as a link is refused before anything is touched', async () => {
    await build();
    mkdirSync(path.join(root, 'elsewhere'));
    renameSync(path.join(out, '.connector-compiler'), path.join(root, 'elsewhere/meta'));
    symlinkSync(path.join(root, 'elsewhere/meta'), path.join(out, '.connector-compiler'));
    writeFileSync(path.join(root, 'elsewhere/meta/journal.json'), JSON.stringify({ version: 2, state: 'committing', writes: [], removes: ['x.txt'], createdDirs: [] }));
    writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha', 'Alpha 2'));
    const before = outside();
    const result = await build();
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['CC5001', '`generated/.connector-compiler` is a symbolic link, and the compiler never writes or deletes through one.']]);
    expect(outside()).toEqual(before);
  });
});

describe('a read-only directory in the output (issue #15, item 5)', () => {
  /**
   * The real disk, except that entries of `dirs` cannot be created, renamed or removed, as after
   * `chmod a-w` for an ordinary user (root ignores a real chmod). `honest`: `writable` tells.
   */
  function readOnly(dirs: readonly string[], honest: boolean): BuildFs {
    const deny = (file: string) => {
      if (dirs.includes(path.dirname(file))) throw Object.assign(new Error(`EACCES: ${file}`), { code: 'EACCES' });
    };
    return {
      ...nodeBuildFs,
      writeFile: (file, data) => (deny(file), nodeBuildFs.writeFile(file, data)),
      rename: (from, to) => (deny(from), deny(to), nodeBuildFs.rename(from, to)),
      unlink: (file) => (deny(file), nodeBuildFs.unlink(file)),
      rmdir: (dir) => (deny(dir), nodeBuildFs.rmdir(dir)),
      writable: honest ? (dir) => !dirs.includes(dir) && nodeBuildFs.writable!(dir) : () => true,
    };
  }

  it('is found before the commit point: nothing is written, and the summary says so truthfully', async () => {
    await build();
    for (const id of ['alpha', 'beta']) writeSpec(root, `connectors/${id}.yaml`, validSpec(id, `${id} 2`));
    const before = snapshot(out);
    const result = await build({ fs: readOnly([path.join(out, 'forms')], true) });
    expect(result.diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([
      ['CC5001', 'Could not write `generated/forms/alpha.txt` (EACCES: permission denied).', 'Nothing in the output directory was changed. Make the output directory writable (or choose another with `--out-dir`) and run the build again.'],
    ]);
    expect(result.partial).toBeUndefined();
    expect(snapshot(out)).toEqual(before);
    expect(summaryLine({ ...result, durationMs: 5 })).toBe('Build failed with 1 error in 5 ms; nothing was written to generated/.');
    expect((await build()).written).toEqual(['clients/alpha.txt', 'clients/beta.txt', 'forms/alpha.txt', 'forms/beta.txt']);
  });

  it('found only halfway through the renames, is reported as a partly written output, which the next build completes', async () => {
    await build();
    for (const id of ['alpha', 'beta']) writeSpec(root, `connectors/${id}.yaml`, validSpec(id, `${id} 2`));
    const result = await build({ fs: readOnly([path.join(out, 'forms')], false) });
    expect(result.status).toBe('failed');
    expect(result.partial).toBe(true);
    expect(result.diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([
      ['CC5001', 'Could not rename into place `generated/forms/alpha.txt` (EACCES: permission denied).', 'The build stopped while moving files into place. Its journal is kept: run `connector-compiler build` again to complete it.'],
    ]);
    expect(summaryLine({ ...result, durationMs: 5 })).toBe('Build failed with 1 error in 5 ms; generated/ is partly written (some files new, some old): run `connector-compiler build` again to complete it.');
    expect(readFileSync(path.join(out, 'clients/alpha.txt'), 'utf8')).toBe('alpha 2 via connector-compiler/runtime\n');
    expect(readFileSync(path.join(out, 'forms/alpha.txt'), 'utf8')).toBe('ALPHA via connector-compiler/runtime\n');
    // Still read-only: the recovery fails the same way and says the output is still partly written.
    const still = await build({ fs: readOnly([path.join(out, 'forms')], false) });
    expect([still.status, still.partial, still.diagnostics[0]?.message]).toEqual(['failed', true, 'Could not rename into place `generated/forms/alpha.txt` (EACCES: permission denied).']);
    const next = await build();
    expect([next.status, next.recovered, next.upToDate]).toEqual(['ok', 'completed', true]);
    expect(readFileSync(path.join(out, 'forms/alpha.txt'), 'utf8')).toBe('alpha 2 via connector-compiler/runtime\n');
  });

  it.skipIf(process.getuid?.() === 0)('on the real disk (chmod, as a non-root user): nothing is written', async () => {
    await build();
    for (const id of ['alpha', 'beta']) writeSpec(root, `connectors/${id}.yaml`, validSpec(id, `${id} 2`));
    const before = snapshot(out);
    chmodSync(path.join(out, 'forms'), 0o555);
    try {
      const result = await build();
      expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['CC5001', 'Could not write `generated/forms/alpha.txt` (EACCES: permission denied).']]);
      expect(snapshot(out)).toEqual(before);
      expect(existsSync(path.join(out, '.connector-compiler/journal.json'))).toBe(false);
    } finally {
      chmodSync(path.join(out, 'forms'), 0o755);
    }
  });
});
