import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { Document, Scalar, parse as parseYaml, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile, EMITTERS, resolveEmitOptions } from '../../src/compile.js';
import { DIAGNOSTIC_CODES, hasErrors, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { codeFrame, formatDiagnosticsJson, formatDiagnosticsText } from '../../src/diagnostics/format.js';
import { ALL_TARGETS } from '../../src/emit/emitter.js';
import { parseSpecText } from '../../src/load/read-spec.js';
import { scalarSourceOffset } from '../../src/load/source-map.js';
import { compileSpecs, createCompileContext } from '../../src/pipeline/compile-spec.js';
import { fcOptions } from '../helpers/fast-check.js';

/**
 * Property tests: whatever the input, the pipeline ends in diagnostics or in
 * valid output, never an exception. Runs are sized to keep this file to a few
 * seconds on two cores; `FC_RUNS=10` runs ten times as many cases (test/helpers/fast-check.ts).
 */

const read = (name: string) => readFileSync(fileURLToPath(new URL(name, import.meta.url)), 'utf8');
const SMALL = read('../hardening/fixtures/small.yaml');
const HIVE = read('../../connectors/hive.yaml');

// One validation context and one prepared emitter per target, as in a build.
const context = createCompileContext();
const emitters = ALL_TARGETS.map((target) => EMITTERS[target].prepare(resolveEmitOptions()));

/** Outcomes, so a test can show it exercised both paths (diagnostics, and output from every generator). */
const outcomes = { valid: 0, invalid: 0 };

/** The whole pipeline on one spec, checking every invariant a caller relies on. */
function check(file: string, source: string): readonly Diagnostic[] {
  const parsed = parseSpecText(file, source);
  const { models, diagnostics } = compileSpecs([parsed], context);
  for (const d of diagnostics) {
    expect(d.code in DIAGNOSTIC_CODES).toBe(true);
    expect(d.file).toBe(file);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.message.length).toBeGreaterThan(0);
  }
  // Formatting never throws, whatever the message or position.
  formatDiagnosticsText(diagnostics, { sources: new Map([[file, source]]) });
  JSON.parse(formatDiagnosticsJson(diagnostics));
  if (parsed.data === undefined) expect(hasErrors(diagnostics)).toBe(true);
  if (hasErrors(diagnostics)) {
    expect(models).toEqual([]);
    outcomes.invalid++;
    return diagnostics;
  }
  outcomes.valid++;
  expect(models.length).toBe(1);
  expect(JSON.parse(JSON.stringify(models[0]))).toEqual(models[0]);
  for (const emitter of emitters) {
    const results = [emitter.emitConnector(models[0]!), emitter.emitIndex(models)];
    for (const result of results) {
      for (const output of result.files) {
        expect(output.path).toMatch(/^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[^\\]+$/);
        expect(output.contents.endsWith('\n')).toBe(true);
        expect(output.contents).not.toContain('\r');
        if (output.path.endsWith('.json')) JSON.parse(output.contents);
      }
    }
  }
  return diagnostics;
}

const yamlish = fc
  .array(fc.constantFrom('a', 'id', ':', ': ', ' ', '  ', '\n', '- ', '[', ']', '{', '}', ',', '"', "'", '&a ', '*a', '# c', '|', '>', '\t', '\u0000', '!!str ', '!x ', '%YAML 1.2\n', '@', '`', '---\n', '...\n', '? ', '日本', '😀', '\u2028', '\r\n', '\\', 'null', '1e9', '<<: ', 'fields', 'auth', 'api'), { maxLength: 60 })
  .map((parts) => parts.join(''));

describe('the front end never throws', () => {
  it('on random text', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), yamlish), (text) => void check('x.yaml', text)), fcOptions(1200));
  });

  it('on specs with text-level mutations (deleted, duplicated, re-indented lines; inserted bytes)', () => {
    const lines = SMALL.split('\n');
    const mutation = fc.oneof(
      fc.record({ op: fc.constant('delete' as const), line: fc.nat(lines.length - 1) }),
      fc.record({ op: fc.constant('duplicate' as const), line: fc.nat(lines.length - 1) }),
      fc.record({ op: fc.constant('indent' as const), line: fc.nat(lines.length - 1), by: fc.integer({ min: -4, max: 4 }) }),
      fc.record({ op: fc.constant('insert' as const), line: fc.nat(lines.length - 1), text: fc.oneof(yamlish, fc.string({ unit: 'grapheme', maxLength: 20 })) }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const out = [...lines];
        for (const m of mutations) {
          const at = Math.min(m.line, out.length - 1);
          if (m.op === 'delete') out.splice(at, 1);
          else if (m.op === 'duplicate') out.splice(at, 0, out[at]!);
          else if (m.op === 'indent') out[at] = m.by >= 0 ? `${' '.repeat(m.by)}${out[at]}` : out[at]!.slice(-m.by);
          else out[at] = `${out[at]!.slice(0, out[at]!.length >> 1)}${m.text}${out[at]!.slice(out[at]!.length >> 1)}`;
        }
        check('small.yaml', out.join('\n'));
      }),
      fcOptions(200),
    );
    expect(outcomes.valid).toBeGreaterThan(0);
    expect(outcomes.invalid).toBeGreaterThan(0);
  });

  it('on specs with data-level mutations (wrong types, deleted keys, huge strings, deep nesting, unicode, NUL)', () => {
    const base = parseYaml(SMALL) as unknown;
    const paths = allPaths(base);
    const hostileValue = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('', '\u0000', 'a\u0000b', '\u2028\u2029', '*/', '${x}', '</Step>', '{x}', '<script>', 'javascript:alert(1)', '__proto__', 'constructor', 'x'.repeat(30_000)),
      fc.integer({ min: 1, max: 200 }).map((depth) => nest(depth)),
      fc.constantFrom(null, true, 0, -1, 1.5, [], {}),
    );
    const mutation = fc.record({ path: fc.nat(paths.length - 1), op: fc.constantFrom('set', 'delete', 'wrap', 'add-key'), value: hostileValue, key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'secert', 'tpye', '$schema', ''), fc.string({ maxLength: 8 })) });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const spec = structuredClone(base);
        for (const m of mutations) mutate(spec, paths[m.path]!, m.op, m.value, m.key);
        check('small.yaml', stringify(spec, { aliasDuplicateObjects: false }));
      }),
      fcOptions(200),
    );
  });

  it('on a real seed through compile() itself, generators included', () => {
    const lines = HIVE.split('\n');
    fc.assert(
      fc.property(fc.nat(lines.length - 1), fc.constantFrom('delete', 'duplicate', 'blank-value'), (line, op) => {
        const out = [...lines];
        if (op === 'delete') out.splice(line, 1);
        else if (op === 'duplicate') out.splice(line, 0, out[line]!);
        else out[line] = out[line]!.replace(/:\s.*$/, ':');
        const result = compile({ specs: [{ file: 'connectors/hive.yaml', source: out.join('\n') }] });
        if (hasErrors(result.diagnostics)) expect(result.files.size).toBe(0);
        else expect(result.files.size).toBeGreaterThan(0);
      }),
      fcOptions(5),
    );
  });
});

describe('positions inside strings', () => {
  const styles = ['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;
  it('map every visible character of a value back to that character in the file, in every scalar style', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '  ', '\n', '\n\n', '\t', '"', "'", '\\', '#', ':', '-', '日', '😀', '[', ']', 'é', '\u0007'), maxLength: 60 });
    fc.assert(
      fc.property(text, fc.constantFrom(...styles), fc.integer({ min: 20, max: 80 }), (value, style, lineWidth) => {
        const document = new Document({ list: [{ key: new Scalar(value) }] });
        const scalar = (document.getIn(['list', 0, 'key'], true) as Scalar);
        scalar.type = style;
        const source = document.toString({ lineWidth });
        const parsed = parseSpecText('x.yaml', source);
        const node = parsed.sourceMap?.nodeAt(['list', 0, 'key']);
        if (!(node instanceof Scalar) || node.value !== value || !node.range) return; // The library chose another style or cannot round-trip it.
        for (let i = 0; i < value.length; i++) {
          const ch = value[i]!;
          if (/\s/.test(ch) || (ch >= '\ud800' && ch <= '\udfff')) continue;
          const offset = scalarSourceOffset(source, value, node.type, node.range[0], node.range[1], i);
          const found = source[offset];
          const escaped = node.type === 'QUOTE_DOUBLE' && found === '\\';
          expect(found === ch || escaped, `${JSON.stringify(value)} as ${String(node.type)}: index ${i}`).toBe(true);
        }
      }),
      fcOptions(300),
    );
  });

  it('code frames never throw and always end with a caret line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.nat(20), fc.nat(400), fc.option(fc.nat(400)), (source, line, column, endColumn) => {
        const frame = codeFrame(source, { line: line + 1, column: column + 1, endLine: line + 1, ...(endColumn === null ? {} : { endColumn: endColumn + 1 }) });
        if (frame !== '') expect(frame.split('\n').pop()).toMatch(/^ +\| [ \t]*\^+$/);
      }),
      fcOptions(200),
    );
  });
});

function nest(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

type Path = (string | number)[];

function allPaths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...allPaths(item, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) out.push(...allPaths(item, [...prefix, key]));
  return out;
}

function mutate(root: unknown, path: Path, op: string, value: unknown, key: string): void {
  if (path.length === 0) return;
  let parent = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) {
    const next = parent?.[segment];
    if (next === null || typeof next !== 'object') return;
    parent = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (!(last in parent)) return;
  if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (op === 'wrap') {
    parent[last] = [parent[last]];
  } else if (op === 'add-key') {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  } else {
    parent[last] = value;
  }
}
