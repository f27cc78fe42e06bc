/**
 * Building named specs (issue #18, blocker 1): those are built, every other
 * connector's output is left alone and still indexed, and only a full build
 * removes the output of deleted specs.
 */
import { readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProject, type BuildOptions } from '../../src/project/builder.js';
import { MANIFEST_PATH } from '../../src/project/output/manifest.js';
import { runCliInProcess } from '../helpers/cli.js';
import { cleanup, fakeEmitters, mtimes, snapshot, tempProject, validSpec, writeSpec } from './helpers.js';

const SEEDS = path.resolve(__dirname, '../../connectors');
const SEED_IDS = ['apollo', 'clayhr', 'hive', 'linear', 'polymer'];

describe('build <paths> (CLI)', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach(cleanup));

  it('builds the named spec, leaves the other connectors\' files alone and indexed, and removes nothing', async () => {
    const root = tempProject('cc-subset-');
    roots.push(root);
    for (const id of SEED_IDS) writeSpec(root, `connectors/${id}.yaml`, readFileSync(path.join(SEEDS, `${id}.yaml`), 'utf8'));
    const out = path.join(root, 'generated');
    expect((await runCliInProcess(root, ['build'])).code).toBe(0);
    const before = mtimes(out);

    const hive = path.join(root, 'connectors/hive.yaml');
    writeFileSync(hive, readFileSync(hive, 'utf8').replace('name: Hive', 'name: Hive Renamed'));
    const subset = await runCliInProcess(root, ['build', 'connectors/hive.yaml', '--verbose']);
    expect(subset.stderr).toBe('');
    expect(subset.code).toBe(0);
    const listed = [...subset.stdout.matchAll(/^ {2}wrote generated\/(.+)$/gm)].map((m) => m[1]!);
    expect(subset.stdout.split('\n').at(-2)).toMatch(new RegExp(`^Built 1 spec \\(1 compiled\\) in [\\d.]+ m?s: ${listed.length} written, \\d+ unchanged, 0 removed\\.$`));
    // Only Hive's files and the index files changed (the manifest with them)…
    const after = mtimes(out);
    const changed = Object.keys(after).filter((file) => after[file] !== before[file]).sort();
    expect(changed).toEqual([...listed, '.connector-compiler/manifest.json'].sort());
    expect(listed.every((file) => /hive|index|llms/.test(file))).toBe(true);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    // …and generated/ is now exactly what a full build makes: every connector still indexed, the manifest complete.
    const full = await runCliInProcess(root, ['build', '--check']);
    expect([full.code, full.stderr]).toEqual([0, '']);
    expect(Object.keys(JSON.parse(readFileSync(path.join(out, MANIFEST_PATH), 'utf8')).specs)).toEqual(SEED_IDS.map((id) => `connectors/${id}.yaml`));

    // --check on a subset looks at the named specs only.
    const linear = path.join(root, 'connectors/linear.yaml');
    writeFileSync(linear, readFileSync(linear, 'utf8').replace('name: Linear', 'name: Linear Renamed'));
    const hiveOnly = await runCliInProcess(root, ['build', '--check', 'connectors/hive.yaml']);
    expect([hiveOnly.code, hiveOnly.stderr]).toEqual([0, '']);
    expect(hiveOnly.stdout).toMatch(/^Checked 1 spec in \d+ ms: generated\/ is up to date\.\n$/);
    const linearOnly = await runCliInProcess(root, ['build', '--check', 'connectors/linear.yaml']);
    expect(linearOnly.code).toBe(1);
    const wouldWrite = [...linearOnly.stdout.matchAll(/^ {2}would write generated\/(.+)$/gm)].map((m) => m[1]!);
    expect(wouldWrite.length).toBeGreaterThan(0);
    expect(wouldWrite.every((file) => /linear|index|llms/.test(file))).toBe(true);
    expect(linearOnly.stdout).not.toMatch(/would remove/);
    expect((await runCliInProcess(root, ['build', 'connectors/linear.yaml'])).code).toBe(0);
    const INDEX_FILES = ['clients/index.ts', 'forms/index.json', 'docs/llms.txt'];
    const indexes = INDEX_FILES.map((file) => readFileSync(path.join(out, file), 'utf8'));

    // A deleted spec: a subset build keeps its output (and indexes it); a full build removes it.
    const apolloFiles = Object.keys(snapshot(out)).filter((file) => file.includes('apollo'));
    unlinkSync(path.join(root, 'connectors/apollo.yaml'));
    // A change to Hive that no index file shows: the index files are rendered again, from every model.
    writeFileSync(hive, `${readFileSync(hive, 'utf8')}# touched\n`);
    const kept = await runCliInProcess(root, ['build', 'connectors/hive.yaml']);
    expect([kept.code, kept.stderr]).toEqual([0, '']);
    expect(Object.keys(snapshot(out)).filter((file) => file.includes('apollo'))).toEqual(apolloFiles);
    expect(kept.stdout).toMatch(/^Built 1 spec \(1 compiled\) in [\d.]+ m?s: 0 written, \d+ unchanged, 0 removed\.\n$/);
    // Apollo still listed: the index files are as they were.
    expect(INDEX_FILES.map((file) => readFileSync(path.join(out, file), 'utf8'))).toEqual(indexes);
    // A full build (naming exactly the project's input directory is one) removes Apollo's files.
    const removed = await runCliInProcess(root, ['build', 'connectors', '--verbose']);
    expect(removed.code).toBe(0);
    expect([...removed.stdout.matchAll(/^ {2}removed generated\/(.+)$/gm)].map((m) => m[1]!)).toEqual(apolloFiles);
    expect(readFileSync(path.join(out, 'clients/index.ts'), 'utf8')).not.toMatch(/apollo/);
  }, 60_000);
});

describe('buildProject({ subset })', () => {
  let root: string;
  beforeEach(() => {
    root = tempProject('cc-subset-');
    for (const id of ['alpha', 'beta', 'gamma']) writeSpec(root, `connectors/${id}.yaml`, validSpec(id));
  });
  afterEach(() => cleanup(root));
  const build = (extra: Partial<BuildOptions> = {}) => buildProject({ root, emitters: fakeEmitters().emitters, compilerId: 'test', ...extra });
  const only = (file: string): Partial<BuildOptions> => ({ inputs: [path.join(root, file)], subset: true });

  it('adds a new named spec to the index files beside the kept ones', async () => {
    await build();
    writeSpec(root, 'connectors/delta.yaml', validSpec('delta'));
    const result = await build(only('connectors/delta.yaml'));
    expect(result).toMatchObject({ status: 'ok', specs: 1, compiled: 1, written: ['clients/delta.txt', 'clients/index.txt', 'forms/delta.txt', 'forms/index.txt'], removed: [] });
    expect(readFileSync(path.join(root, 'generated/clients/index.txt'), 'utf8')).toBe('alpha\nbeta\ndelta\ngamma\n');
    expect((await build()).upToDate).toBe(true);
  });

  it('takes a kept spec\'s model from its file when the cache has none, and refuses one it can have neither way', async () => {
    await build();
    writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha', 'Alpha 2'));
    const cache = path.join(root, '.connector-compiler-cache');
    /** The cached models go; the record of the compiler that generated the output stays (see the next test). */
    const dropModels = () => {
      for (const dir of readdirSync(cache)) rmSync(path.join(cache, dir, 'models'), { recursive: true, force: true });
    };
    dropModels();
    expect(await build(only('connectors/alpha.yaml'))).toMatchObject({ status: 'ok', compiled: 1, written: ['clients/alpha.txt', 'forms/alpha.txt'] });

    dropModels();
    writeSpec(root, 'connectors/beta.yaml', validSpec('beta', 'Beta 2'));
    unlinkSync(path.join(root, 'connectors/gamma.yaml'));
    writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha', 'Alpha 3'));
    const before = snapshot(path.join(root, 'generated'));
    const result = await build(only('connectors/alpha.yaml'));
    expect(result.diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([
      ['CC5006', '`connectors/beta.yaml` is not among the specs named, and has changed since `generated` was built, so the index files cannot list it as its generated files are.', 'Nothing was written. Name it too, or run `connector-compiler build` without paths (a full build).'],
      ['CC5006', '`connectors/gamma.yaml` is not among the specs named, and no longer exists since `generated` was built, so the index files cannot list it as its generated files are.', 'Nothing was written. Name it too, or run `connector-compiler build` without paths (a full build).'],
    ]);
    expect(snapshot(path.join(root, 'generated'))).toEqual(before);
  });

  it('is refused when the compiler or the options changed since the last build, or this machine has no record of it', async () => {
    const refused = [['CC5006', 'The compiler or the build options changed since `generated` was built (or this machine has no record of building it), so every connector must be generated again; a build of named specs leaves the others as they are.']];
    await build();
    const result = await build({ ...only('connectors/alpha.yaml'), compilerId: 'newer' });
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual(refused);
    // A fresh clone: the committed manifest names the compiler's version, not its code.
    await build();
    rmSync(path.join(root, '.connector-compiler-cache'), { recursive: true });
    const fresh = await build(only('connectors/alpha.yaml'));
    expect(fresh.diagnostics.map((d) => [d.code, d.message])).toEqual(refused);
  });
});
