/**
 * A builder that lives across builds (`build --watch`, or a build tool
 * holding one) updates its manifest table and stat records in place, edit
 * after edit. Whatever the edits, each of its builds must leave exactly what
 * a fresh build of the same specs leaves, and records that are the files'
 * current stats.
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Builder, buildProject } from '../../src/project/builder.js';
import { BuildCache } from '../../src/project/cache.js';
import { nodeBuildFs } from '../../src/project/fs.js';
import { MANIFEST_PATH, parseManifest } from '../../src/project/output/manifest.js';
import { cleanup, fakeEmitters, snapshot, tempProject, validSpec, writeSpec } from './helpers.js';
import { fcOptions } from '../helpers/fast-check.js';

const IDS = ['alpha', 'beta', 'gamma', 'delta'] as const;

type Edit =
  | { readonly kind: 'write'; readonly id: (typeof IDS)[number]; readonly name: string }
  | { readonly kind: 'remove'; readonly id: (typeof IDS)[number] }
  | { readonly kind: 'delete-output'; readonly id: (typeof IDS)[number] };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), id: fc.constantFrom(...IDS), name: fc.constantFrom('One', 'Two', 'Three') }),
  fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom(...IDS) }),
  fc.record({ kind: fc.constant('delete-output' as const), id: fc.constantFrom(...IDS) }),
);

const projects: string[] = [];
afterAll(() => projects.forEach(cleanup));

function project(): string {
  const dir = tempProject('cc-incremental-');
  projects.push(dir);
  writeSpec(dir, 'connectors/alpha.yaml', validSpec('alpha'));
  return dir;
}

function apply(dir: string, step: Edit): void {
  const spec = path.join(dir, 'connectors', `${step.id}.yaml`);
  if (step.kind === 'write') writeSpec(dir, `connectors/${step.id}.yaml`, validSpec(step.id, `${step.id} ${step.name}`));
  // Keep one spec: a build without any is an error, which other tests cover.
  if (step.kind === 'remove' && step.id !== 'alpha') rmSync(spec, { force: true });
  if (step.kind === 'delete-output') rmSync(path.join(dir, 'generated/clients', `${step.id}.txt`), { force: true });
}

describe('a builder kept across builds', () => {
  for (const watching of [false, true]) {
    it(`leaves what a fresh build leaves, after any series of edits (${watching ? 'watch mode' : 'plain builds'})`, async () => {
      await fc.assert(
        // Each step is a few edits, then a build.
        fc.asyncProperty(fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }), async (steps) => {
          const kept = project();
          const fresh = project();
          const { emitters } = fakeEmitters();
          const builder = new Builder({ root: kept, emitters, compilerId: 'test', watching });
          try {
            await builder.build();
            for (const step of steps) {
              for (const change of step) {
                // Watch mode trusts the outputs of unchanged specs (as tsc --watch does): deleting one is not its case.
                if (watching && change.kind === 'delete-output') continue;
                apply(kept, change);
                apply(fresh, change);
              }
              const result = await builder.build();
              expect(result.diagnostics).toEqual([]);
              rmSync(path.join(fresh, 'generated'), { recursive: true, force: true });
              await buildProject({ root: fresh, emitters: fakeEmitters().emitters, compilerId: 'test' });
              expect(snapshot(path.join(kept, 'generated'))).toEqual(snapshot(path.join(fresh, 'generated')));
              // The cache is written right after the result (at once when not watching).
              await new Promise((resolve) => setImmediate(resolve));
              const state = new BuildCache(builder.settings.cacheDir, nodeBuildFs).readState()!;
              const manifest = parseManifest(readFileSync(path.join(kept, 'generated', MANIFEST_PATH), 'utf8'))!;
              expect(state.manifest).toBeDefined();
              expect([...state.files.keys()].sort()).toEqual([...manifest.files.keys()].sort());
              for (const [file, [size, mtimeMs, ino, hash]] of state.files) {
                const output = path.join(kept, 'generated', file);
                expect(existsSync(output)).toBe(true);
                const stat = statSync(output);
                expect([size, mtimeMs, ino, hash]).toEqual([stat.size, stat.mtimeMs, stat.ino, manifest.files.get(file)]);
              }
            }
          } finally {
            await builder.close();
            cleanup(kept);
            cleanup(fresh);
          }
        }),
        fcOptions(25),
      );
    }, 120_000);
  }
});
