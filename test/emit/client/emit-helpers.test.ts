/**
 * The emitter's two trust boundaries: quoting (spec text → code) and
 * identifiers (spec ids → names). Property tests evaluate the output with
 * the JavaScript parser itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commentText, docLines, lineCommentText, literal, literalKey, literalType, propertyName, quoteString } from '../../../src/emit/client/quote.js';
import { CLIENT_MEMBERS, connectorTypeName, namespaceName, parameterKeys, pascalFromKebab } from '../../../src/emit/client/identifiers.js';
import type { Operation, Parameter } from '../../../src/model/connector-model.js';
import { fcOptions } from '../../helpers/fast-check.js';

const evaluate = (expression: string): unknown => new Function(`"use strict"; return (${expression});`)();
const LINE_BREAKS = /[\n\r\u2028\u2029]/;
/** Strings full of the characters that matter: quotes, backslashes, `*\/`, `${`, line separators, astral symbols. */
const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('"', "'", '`', '\\', '*', '/', '$', '{', '}', '\n', '\r', '\u2028', '\u2029', '\0', 'a', ' ', '😀', '\uD800'), maxLength: 20 }),
);

describe('quoteString', () => {
  it('evaluates back to the same string and stays on one line', () => {
    fc.assert(
      fc.property(nasty, (value) => {
        const quoted = quoteString(value);
        expect(LINE_BREAKS.test(quoted)).toBe(false);
        expect(evaluate(quoted)).toBe(value);
      }),
      fcOptions(500),
    );
  });

  it('escapes the line separators JSON leaves raw', () => {
    expect(quoteString('a\u2028b\u2029c"`${x}`')).toBe('"a\\u2028b\\u2029c\\"`${x}`"');
  });
});

describe('comments', () => {
  it('cannot close a block comment, so the code after it still runs', () => {
    fc.assert(
      fc.property(nasty, (value) => {
        const lines = docLines(commentText(value) || 'x');
        expect(evaluate(`(() => {\n${lines.join('\n')}\nreturn 42; })()`)).toBe(42);
      }),
      fcOptions(500),
    );
  });

  it('keeps line comments on one line', () => {
    fc.assert(
      fc.property(nasty, (value) => {
        expect(LINE_BREAKS.test(lineCommentText(value))).toBe(false);
        expect(evaluate(`(() => {\n// ${lineCommentText(value)}\nreturn 42; })()`)).toBe(42);
      }),
    );
  });

  it('normalises line breaks and breaks up `*/`', () => {
    expect(commentText('\nend */ here\r\nnext\u2028last  \n')).toBe('end *\\/ here\nnext\nlast');
    expect(docLines('one')).toEqual(['/** one */']);
    expect(docLines('one\n\ntwo')).toEqual(['/**', ' * one', ' *', ' * two', ' */']);
  });
});

describe('property names and literals', () => {
  it('name exactly one own property, `__proto__` included', () => {
    fc.assert(
      fc.property(fc.oneof(nasty, fc.constantFrom('__proto__', 'constructor', 'class', 'delete', '0', '', 'a-b')), (key) => {
        const object = evaluate(`{ ${literalKey(key)}: 1 }`) as object;
        expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
        expect(Object.keys(object)).toEqual([key]);
      }),
      fcOptions(300),
    );
  });

  it('keeps identifier names bare and quotes the rest', () => {
    expect(['apiKey', 'delete', '$where', '_id', 'page[size]', 'x-id', '1st', ''].map(propertyName)).toEqual([
      'apiKey',
      'delete',
      '$where',
      '_id',
      '"page[size]"',
      '"x-id"',
      '"1st"',
      '""',
    ]);
  });

  it('renders JSON values that evaluate back to themselves', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        expect(evaluate(literal(value, ''))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      fcOptions(300),
    );
    const withProto = JSON.parse('{"__proto__": {"polluted": true}, "a": [1, {"b": null}]}') as unknown;
    const back = evaluate(literal(withProto)) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('prints short flat objects on one line and the rest one property per line', () => {
    expect(literal({ a: [{ type: 'text', value: 'x' }], b: [] })).toBe('{\n  a: [\n    { type: "text", value: "x" },\n  ],\n  b: [],\n}');
    expect(literal([-0, Infinity, Number.NaN])).toBe('[0, Number.POSITIVE_INFINITY, Number.NaN]');
  });

  it('gives literal types only to finite values', () => {
    expect([literalType('a"b'), literalType(-1.5), literalType(true), literalType(null), literalType(Infinity)]).toEqual(['"a\\"b"', '-1.5', 'true', 'null', undefined]);
  });
});

describe('identifiers', () => {
  const kebabId = fc.stringMatching(/^[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4}){0,3}$/);

  it('PascalCase of ids is a valid identifier and injective', () => {
    fc.assert(
      fc.property(kebabId, kebabId, (a, b) => {
        expect(pascalFromKebab(a)).toMatch(/^[A-Z][A-Za-z0-9_]*$/);
        if (a !== b) expect(pascalFromKebab(a)).not.toBe(pascalFromKebab(b));
      }),
      fcOptions(1000),
    );
    expect([pascalFromKebab('a-1b'), pascalFromKebab('a1b'), pascalFromKebab('api-key'), pascalFromKebab('oauth2')]).toEqual(['A_1b', 'A1b', 'ApiKey', 'Oauth2']);
  });

  it('uses the display name when it is the id in other clothes, the id otherwise', () => {
    const names = [
      { id: 'clayhr', name: 'ClayHR' },
      { id: 'google-drive', name: 'Google Drive' },
      { id: 'monday-com', name: 'monday.com' },
      { id: 'hive', name: 'Hive' },
      { id: 'evil-co', name: 'Evil "Co" */' },
      { id: 'eight-by-eight', name: '8x8' },
      { id: 'class', name: 'class' },
    ].map(connectorTypeName);
    expect(names).toEqual(['ClayHR', 'GoogleDrive', 'MondayCom', 'Hive', 'EvilCo', 'EightByEight', 'Class']);
    expect([namespaceName('clay-hr'), namespaceName('class'), namespaceName('v-2')]).toEqual(['clayHr', 'class_', 'v_2']);
  });

  it('keeps parameter names, renames clashes by location rank, independent of order', () => {
    const parameter = (name: string, location: Parameter['in']): Parameter => ({ name, in: location, required: location === 'path', schema: { type: 'string' } });
    const operation = (parameters: Parameter[], body: boolean): Operation => ({
      id: 'op',
      method: 'POST',
      path: '/x/{id}',
      pathParts: [],
      scopes: [],
      idempotent: false,
      parameters,
      ...(body ? { body: { required: true, schema: { type: 'object' } } } : {}),
      response: {},
    });
    const list = [parameter('id', 'header'), parameter('id', 'query'), parameter('body', 'query'), parameter('id', 'path'), parameter('idQuery', 'header')];
    const keysOf = (ps: Parameter[]) => Object.fromEntries(parameterKeys(operation(ps, true)).map((k) => [`${k.parameter.in}:${k.parameter.name}`, k.key]));
    const expected = { 'path:id': 'id', 'query:id': 'idQueryQuery', 'header:id': 'idHeader', 'query:body': 'bodyQuery', 'header:idQuery': 'idQuery' };
    expect(keysOf(list)).toEqual(expected);
    fc.assert(
      fc.property(fc.shuffledSubarray(list, { minLength: list.length }), (shuffled) => {
        expect(keysOf(shuffled)).toEqual(expected);
      }),
    );
    expect(parameterKeys(operation([parameter('body', 'query')], false)).map((k) => k.key)).toEqual(['body']);
  });

  it('knows the base client members operation methods must not shadow', () => {
    expect([...CLIENT_MEMBERS].sort()).toEqual(['constructor', 'credentials', 'options', 'request', 'then', 'toJSON', 'toString', 'valueOf', 'verify']);
  });
});
