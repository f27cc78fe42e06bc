import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { findMisplacedKey } from '../../src/load/indentation.js';
import { parseSpecText } from '../../src/load/read-spec.js';
import { fcOptions } from '../helpers/fast-check.js';

const ROOT = path.join(import.meta.dirname, '../..');
const RUNS = fcOptions(500);

/** Every way of moving one key line of `source` by one or two spaces, with the errors `validate` reports. */
function shiftedKeys(source: string): { line: number; errors: { line: number; message: string }[] }[] {
  const lines = source.split('\n');
  const out: { line: number; errors: { line: number; message: string }[] }[] = [];
  lines.forEach((text, index) => {
    if (!/^\s*(- )?[A-Za-z]+:/.test(text)) return;
    const indent = text.length - text.trimStart().length;
    for (const delta of [-2, -1, 1, 2]) {
      if (indent + delta < 0) continue;
      const moved = [...lines];
      moved[index] = ' '.repeat(indent + delta) + text.trimStart();
      const errors = parseSpecText('spec.yaml', moved.join('\n')).diagnostics.filter((d) => d.severity === 'error');
      out.push({ line: index + 1, errors: errors.map((d) => ({ line: d.line ?? 0, message: d.message })) });
    }
  });
  return out;
}

describe('a key at the wrong indentation', () => {
  it('is reported once, at the key, instead of a cascade over the correct lines after it', () => {
    const source = readFileSync(path.join(ROOT, 'test/fixtures/load/indentation/linear.yaml'), 'utf8');
    const cases = shiftedKeys(source).filter((c) => c.errors.length > 0);
    const atTheKey = cases.filter((c) => c.errors.length === 1 && (c.errors[0]!.line === c.line || c.errors[0]!.line === c.line + 1));
    // Before the indentation reader: 76 of 226 broken files had one error at the moved line; 78 had several.
    expect({ broken: cases.length, atTheKey: atTheKey.length, several: cases.filter((c) => c.errors.length > 1).length }).toEqual({ broken: 226, atTheKey: 220, several: 3 });
    expect(cases.every((c) => c.errors.length <= 2)).toBe(true);
  });

  it('names the key and its sibling, and points at the key', () => {
    const source = 'fields:\n  - key: apiKey\n    label: API Key\n   secret: true\n';
    expect(findMisplacedKey(source)).toEqual({
      line: 4,
      column: 4,
      key: 'secret',
      message: '`secret` is indented 3 spaces, but `label` (line 3) is indented 4 spaces, so it belongs to no mapping around it.',
      hint: 'Line `secret` up with the keys of the mapping it belongs to; indent with spaces only.',
    });
    const diagnostics = parseSpecText('spec.yaml', 'id: acme\nfields:\n  - key: apiKey\n     label: API Key\n    secret: true\nname: Acme\n').diagnostics;
    expect(diagnostics.map((d) => [d.code, d.line, d.column, d.endColumn, d.message])).toEqual([
      ['CC1004', 4, 6, 11, '`label` is indented 5 spaces, but `key` (line 3) is indented 4 spaces, so it belongs to no mapping around it.'],
    ]);
  });

  it('is never claimed in valid YAML: the shipped specs, and any document yaml writes', () => {
    for (const name of readdirSync(path.join(ROOT, 'connectors'))) {
      expect(findMisplacedKey(readFileSync(path.join(ROOT, 'connectors', name), 'utf8')), name).toBeUndefined();
    }
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_ -]{0,12}$/);
    const scalar = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.boolean(), fc.constant(null), fc.lorem({ maxCount: 12, mode: 'sentences' }));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 5 })),
    }));
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }), fc.constantFrom(2, 4), (document, indent) => {
        const text = stringify(document, { indent, lineWidth: 40 });
        expect(findMisplacedKey(text)).toBeUndefined();
      }),
      RUNS,
    );
  });
});
