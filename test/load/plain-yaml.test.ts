/**
 * The loader reads most specs with js-yaml (`plain-yaml.ts`) and leaves the
 * rest to `yaml` (`parseWithPositions`). Whatever the fast path accepts must
 * be a document `yaml` reads without any diagnostic, to exactly the same data,
 * key order included (it decides output order).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readPlainYaml } from '../../src/load/plain-yaml.js';
import { DEFAULT_LOAD_LIMITS, parseSpecText, parseWithPositions } from '../../src/load/read-spec.js';
import { synthSpec } from '../../scripts/synth-specs.js';
import { fcOptions } from '../helpers/fast-check.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNS = fcOptions(1500);
const MAX_DEPTH = DEFAULT_LOAD_LIMITS.maxDepth;

/** Counts how often the fast path was taken, so the properties are known to exercise it. */
const taken = { fast: 0, full: 0 };

function expectAgreement(source: string): void {
  const fast = readPlainYaml(source, MAX_DEPTH);
  if (fast === undefined) {
    taken.full++;
    return;
  }
  taken.fast++;
  const full = parseWithPositions('spec.yaml', source, DEFAULT_LOAD_LIMITS);
  expect(full.diagnostics).toEqual([]);
  expect(differences(fast, full.data)).toEqual([]);
}

/**
 * Where two values differ: type, prototype, own keys in order, values. (Not
 * `toStrictEqual`, which compares `constructor` properties and so cannot
 * tell two objects with a key named `constructor` apart.)
 */
function differences(a: unknown, b: unknown, at = '$'): string[] {
  if (typeof a !== typeof b || (a === null) !== (b === null) || Array.isArray(a) !== Array.isArray(b)) return [`${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
  if (typeof a !== 'object' || a === null) return Object.is(a, b) ? [] : [`${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return [`${at}: prototypes differ`];
  const keysA = Reflect.ownKeys(a);
  const keysB = Reflect.ownKeys(b as object);
  if (JSON.stringify(keysA.map(String)) !== JSON.stringify(keysB.map(String))) return [`${at}: keys ${keysA.map(String).join(',')} vs ${keysB.map(String).join(',')}`];
  return keysA.flatMap((key) => differences((a as Record<PropertyKey, unknown>)[key], (b as Record<PropertyKey, unknown>)[key], `${at}.${String(key)}`));
}

/** Scalars on which YAML 1.1, 1.2 and the two libraries could disagree. */
const TRICKY = [
  '0b101', '1_000', '0o17', '017', '.5', '+1', '-1', '1e3', '1E+3', '0x1F', '0X1F', '-0x1', '+0o7', '~', 'null', 'Null', 'NULL', 'yes', 'No', 'on', 'off', 'y', 'TRUE', 'True', 'tRue',
  '.inf', '-.Inf', '+.inf', '.NaN', '.nan', '1.', '-0', '+0.5e-3', '2024-01-01', '2024-01-01T10:00:00Z', '12:30:00', '1:20', '0.1_2', '09', '08.5', '1e', 'e3', '.e3', '0', '00', '-', '--', '=', '<<',
  '"1"', "'1'", '"a\\x41"', '"\\N\\_\\L\\P\\e\\0\\/\\t"', '"\\u00e9\\U0001F600"', "'a''b'", 'a #b', 'a#b', 'a: b', '"a: b"', '[1, 2]', '{a: 1}', '[]', '{}', '!!int "3"', '!!str 3', '!!float 1', '!foo x', '! 12',
  '&a 1', '*a', '&b [1]', '@x', '`x', '"multi\n  line"', "'multi\n\n  line'", 'plain\n  continued', '|\n  a\n  b\n', '>-\n  a\n\n  b\n', '|+\n  a\n\n', '>2\n   a\n', '|-\n  x\n', '>\n  x\n   y\n  z\n', '""', "''",
  'é', '😀', '\u00a0x', 'x\u2028y', 'a\tb', '"\\"q\\""', '# c', '? a', '- - x', 'https://a.b/c?d=e#f', '{a: [1, {b: c}]}',
];

const key = fc.oneof(fc.constantFrom('id', 'name', 'a', 'b', 'k', 'with space', 'ünï', '__proto__', 'constructor', 'toString', '1', '0x1', 'true', 'null', '~', '"quoted"', "'single'", '? complex', '[1, 2]'), fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/));

/** A small YAML document written by hand from tricky pieces, in block style with flow inside. */
const handWritten = fc
  .array(fc.tuple(key, fc.constantFrom(...TRICKY), fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 6 })
  .map((entries) =>
    entries
      .map(([k, v, shape]) => {
        const nested = (value: string, indent: string) => value.replace(/\n(?=.)/g, `\n${indent}`);
        switch (shape) {
          case 0:
            return `${k}:\n  - ${nested(v, '    ')}\n  - x`;
          case 1:
            return `${k}:\n  inner: ${nested(v, '    ')}`;
          case 2:
            return `${k}: [${v.split('\n')[0]}, z]`;
          case 3:
            return `${k}:\n  - a: ${nested(v, '      ')}\n    b: 2`;
          default:
            return `${k}: ${nested(v, '  ')}`;
        }
      })
      .join('\n') + '\n',
  );

/** JSON-like values written by `yaml.stringify` in many styles: quoting, folding, flow and block. */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\t', ':', '#', '-', '"', "'", '\\', '|', '>', '[', '{', '1', '.', 'é', '😀', '\u2028', 'x'), maxLength: 20 }), fc.constantFrom(...TRICKY), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 4 })),
})).value;
const styled = fc
  .tuple(fc.dictionary(fc.string({ maxLength: 8 }), jsonValue, { minKeys: 1, maxKeys: 5 }), fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'), fc.boolean(), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 0, max: 30 }))
  .map(([data, stringType, flow, indent, lineWidth]) => stringify(data, { defaultStringType: stringType as 'PLAIN', collectionStyle: flow ? 'flow' : 'block', indent, lineWidth: lineWidth < 10 ? 0 : lineWidth, minContentWidth: 0 }));

/** Real specs with a few characters inserted or removed. */
const SEEDS = readdirSync(path.join(ROOT, 'connectors')).map((file) => readFileSync(path.join(ROOT, 'connectors', file), 'utf8'));
const MUTATION_CHARACTERS = [' ', '  ', '\t', '\n', ':', '-', '#', '"', "'", '|', '>', '[', ']', '{', '}', ',', '&', '*', '!', '%', '?', 'a', '0', '\\', '~'];
const mutated = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.constantFrom(...MUTATION_CHARACTERS)), { minLength: 1, maxLength: 3 }))
  .map(([seed, edits]) => edits.reduce((text, [at, insert, character]) => {
    const i = at % (text.length + 1);
    return insert ? text.slice(0, i) + character + text.slice(i) : text.slice(0, i) + text.slice(i + 1);
  }, seed));

describe('the fast YAML path', () => {
  it('agrees with yaml on hand-written documents full of tricky scalars, keys and styles', () => {
    fc.assert(fc.property(handWritten, (source) => expectAgreement(source)), RUNS);
  });

  it('agrees with yaml on documents yaml.stringify writes in every scalar and collection style', () => {
    fc.assert(fc.property(styled, (source) => expectAgreement(source)), RUNS);
  });

  it('leaves a tab among leading blanks to yaml, which refuses it after a block scalar where js-yaml ends the scalar', () => {
    const source = 'a:\n  b: |\n    text\n\t  # note\n  c: 1\n';
    expect(readPlainYaml(source, MAX_DEPTH)).toBeUndefined();
    expect(parseWithPositions('spec.yaml', source, DEFAULT_LOAD_LIMITS).diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['CC1004', 4, 1]]);
  });

  it('agrees with yaml on real specs with random edits', () => {
    fc.assert(fc.property(mutated, (source) => expectAgreement(source)), RUNS);
  });

  it('reads the shipped and synthetic specs itself, and parseSpecText gives the same data with or without it', () => {
    const specs = [...SEEDS, ...Array.from({ length: 20 }, (_, i) => synthSpec(i))];
    for (const source of specs) {
      const fast = readPlainYaml(source, MAX_DEPTH);
      expect(fast).toBeDefined();
      expect(differences(parseSpecText('spec.yaml', source).data, parseWithPositions('spec.yaml', source, DEFAULT_LOAD_LIMITS).data)).toEqual([]);
    }
  });

  it('leaves to yaml what it must: aliases, tags, directives, several documents, ambiguous keys, deep nesting', () => {
    const cases = [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: !custom x\n',
      '%YAML 1.1\n---\na: yes\n',
      'a: 1\n---\nb: 2\n',
      '~: x\n',
      '? [a, b]\n: x\n',
      'k: [\n  a\n]\n',
      '- a\n- b\n',
      'just a string\n',
      `${Array.from({ length: MAX_DEPTH }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} 1\n`,
    ];
    for (const source of cases) expect(readPlainYaml(source, MAX_DEPTH)).toBeUndefined();
  });

  it('exercised the fast path in a fair share of the random cases', () => {
    // Runs last in this file: the counters include every property above.
    expect(taken.fast).toBeGreaterThan(RUNS.numRuns * 0.8);
    expect(taken.full).toBeGreaterThan(RUNS.numRuns * 0.3);
  });
});

describe('positions of a spec read by the fast path', () => {
  it('are computed on demand and are the ones the full reader gives', () => {
    const source = SEEDS[0]!;
    const fast = parseSpecText('connectors/x.yaml', source);
    const full = parseWithPositions('connectors/x.yaml', source, DEFAULT_LOAD_LIMITS);
    for (const at of [['id'], ['fields', 0, 'key'], ['auth', 0, 'guide'], ['name']] as const) {
      expect(fast.sourceMap!.valueRange(at)).toEqual(full.sourceMap!.valueRange(at));
      expect(fast.sourceMap!.keyRange(at)).toEqual(full.sourceMap!.keyRange(at));
    }
  });
});
