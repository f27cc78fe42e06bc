import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientEmitter } from '../../src/emit/client/index.js';
import { docsEmitter } from '../../src/emit/docs/index.js';
import { DEFAULT_EMIT_OPTIONS, type Emitter } from '../../src/emit/emitter.js';
import { formsEmitter } from '../../src/emit/forms/index.js';
import { parseSpecText } from '../../src/load/read-spec.js';
import type { ConnectorModel } from '../../src/model/connector-model.js';
import { compileSpec, createCompileContext } from '../../src/pipeline/compile-spec.js';
import { fcOptions } from '../helpers/fast-check.js';

const CONNECTORS = path.resolve(__dirname, '../../connectors');
const context = createCompileContext();
const seeds: ConnectorModel[] = readdirSync(CONNECTORS)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => {
    const file = `connectors/${name}`;
    const model = compileSpec(parseSpecText(file, readFileSync(path.join(CONNECTORS, name), 'utf8')), context).model;
    if (!model) throw new Error(`${file} does not validate`);
    return model;
  });

/** The result, or the error: a model the validator would refuse (an empty id) may make both throw, alike. */
function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

type Path = (string | number)[];
/** Every string leaf of a model, as a path. */
function stringPaths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value === 'string') return [prefix];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, [...prefix, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...prefix, key]));
  return [];
}
function setAt(root: unknown, at: Path, value: string): void {
  let node = root as Record<string | number, unknown>;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at[at.length - 1]!] = value;
}

/** A change to one model, as a watch session sees it: a new object for that model, the same objects for the others. */
const change = fc.record({ model: fc.nat(), leaf: fc.nat(), value: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('Hive', 'clay-hr', 'API Key', '{name}')), incomplete: fc.boolean(), drop: fc.boolean(), rename: fc.boolean() });

describe.each([
  ['clients', clientEmitter],
  ['forms', formsEmitter],
  ['docs', docsEmitter],
] as [string, Emitter][])('memoised %s index', (_name, emitter) => {
  it('equals a fresh emitter\'s index after any sequence of one-model changes', () => {
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 6 }), (changes) => {
        const warm = emitter.prepare(DEFAULT_EMIT_OPTIONS);
        let models = [...seeds];
        expect(outcome(() => warm.emitIndex(models))).toEqual(outcome(() => emitter.prepare(DEFAULT_EMIT_OPTIONS).emitIndex(models)));
        for (const c of changes) {
          const index = c.model % models.length;
          if (c.drop && models.length > 1) {
            models = models.filter((_, i) => i !== index);
          } else {
            const next = structuredClone(models[index]!) as ConnectorModel;
            const leaves = stringPaths(next);
            setAt(next, leaves[c.leaf % leaves.length]!, c.value);
            // Another connector's name: the clients index then exports both as namespaces.
            if (c.rename) (next as { name: string }).name = seeds[(index + 1) % seeds.length]!.name;
            if (c.incomplete) (next.api as { incomplete?: boolean }).incomplete = true;
            models = models.map((model, i) => (i === index ? next : model));
          }
          expect(outcome(() => warm.emitIndex(models))).toEqual(outcome(() => emitter.prepare(DEFAULT_EMIT_OPTIONS).emitIndex(models)));
        }
      }),
      fcOptions(60),
    );
  });
});
