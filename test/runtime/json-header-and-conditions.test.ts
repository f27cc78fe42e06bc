/**
 * The two spec-format additions the real providers needed, at the runtime's
 * level: a header whose value is a JSON object built from credential fields
 * (ClayHR), and `verify` conditions on the response body (Apollo, Linear).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareAuth } from '../../src/runtime/auth.js';
import { describeCondition, describeUnmet, meetsCondition } from '../../src/runtime/body-conditions.js';
import type { PlacementDescription, TemplatePart } from '../../src/runtime/description.js';
import { fcOptions } from '../helpers/fast-check.js';

const field = (key: string): TemplatePart[] => [{ type: 'field', key }];
const labels = { userId: 'User ID', apiKey: 'API Key', tenant: 'Tenant' };
const clay: PlacementDescription = {
  type: 'json-header',
  name: 'Authorization',
  members: [
    { name: 'userId', value: field('userId'), as: 'number' },
    { name: 'apiKey', value: field('apiKey'), as: 'string' },
  ],
};

describe('JSON-valued header placement', () => {
  it('builds the object in member order, numbers as JSON numbers, and lists what to redact', () => {
    expect(prepareAuth([clay], { userId: '42', apiKey: 'k-123' }, labels)).toEqual({
      auth: {
        headers: [['Authorization', '{"userId":42,"apiKey":"k-123"}']],
        query: [],
        sensitive: ['{"userId":42,"apiKey":"k-123"}', '42', '42', 'k-123', 'k-123'],
        // Each member's value is redacted after its name too (`"apiKey":"ab"`), however short.
        named: [['Authorization', '{"userId":42,"apiKey":"k-123"}'], ['userId', '42'], ['apiKey', 'k-123']],
      },
    });
  });

  it('writes non-ASCII as \\u escapes, so the header is plain ASCII and the redactor gets the escaped form', () => {
    const result = prepareAuth([clay], { userId: '7', apiKey: 'é\u2028\u{1F511}\n"' }, labels);
    expect(result).toEqual({
      auth: {
        headers: [['Authorization', '{"userId":7,"apiKey":"\\u00e9\\u2028\\ud83d\\udd11\\n\\""}']],
        query: [],
        sensitive: ['{"userId":7,"apiKey":"\\u00e9\\u2028\\ud83d\\udd11\\n\\""}', '7', '7', 'é\u2028\u{1F511}\n"', '\\u00e9\\u2028\\ud83d\\udd11\\n\\"'],
        named: [['Authorization', '{"userId":7,"apiKey":"\\u00e9\\u2028\\ud83d\\udd11\\n\\""}'], ['userId', '7'], ['apiKey', 'é\u2028\u{1F511}\n"']],
      },
    });
  });

  // Exponents and more than 15 integer digits are refused too: the form and check-credentials apply the same `json-number` rule.
  it.each(['0x10', '1e400', '2E3', '1234567890123456', ' 1', '1 ', '+1', '01', '12345678901234567890', 'NaN', 'Infinity', '4,2', 'u-42'])('refuses %j for a number member, naming the field and not the value', (userId) => {
    expect(prepareAuth([clay], { userId, apiKey: 'k' }, labels)).toEqual({
      problems: [{ key: 'userId', code: 'format', message: 'User ID must be a number: it is sent as a JSON number in an HTTP header.' }],
    });
  });

  it.each([
    ['-3', '{"userId":-3,"apiKey":"k"}'],
    ['1.50', '{"userId":1.5,"apiKey":"k"}'],
    ['0', '{"userId":0,"apiKey":"k"}'],
  ])('accepts the JSON number %j', (userId, header) => {
    const result = prepareAuth([clay], { userId, apiKey: 'k' }, labels);
    expect('auth' in result && result.auth.headers).toEqual([['Authorization', header]]);
  });

  it('leaves the header out when a member’s field is empty (an optional field), as plain headers do', () => {
    expect(prepareAuth([clay], { userId: undefined, apiKey: 'k' }, labels)).toEqual({ auth: { headers: [], query: [], sensitive: [], named: [] } });
  });

  it('keeps a member called `__proto__` as an ordinary key, and text around a field', () => {
    const placement: PlacementDescription = { type: 'json-header', name: 'X-Auth', members: [{ name: '__proto__', value: [{ type: 'text', value: 'tenant:' }, ...field('tenant')], as: 'string' }] };
    const result = prepareAuth([placement], { tenant: 'acme' }, labels);
    expect('auth' in result && result.auth.headers).toEqual([['X-Auth', '{"__proto__":"tenant:acme"}']]);
  });

  it('round-trips any key: JSON.parse of the header gives back exactly the members (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat({ max: 2 ** 40 }), (apiKey, userId) => {
        fc.pre(apiKey !== '');
        const result = prepareAuth([clay], { userId: String(userId), apiKey }, labels);
        if (!('auth' in result)) return false;
        const [[name, value]] = result.auth.headers as [[string, string]];
        expect(name).toBe('Authorization');
        expect(/^[\x20-\x7e]*$/.test(value)).toBe(true);
        expect(JSON.parse(value)).toEqual({ userId, apiKey });
        return true;
      }),
      fcOptions(300),
    );
  });
});

describe('verify body conditions', () => {
  const body = { is_logged_in: false, 'a/b': { '~c': 1 }, errors: [{ extensions: { code: 'AUTHENTICATION_ERROR' } }], nothing: null };

  it.each([
    [{ pointer: '/is_logged_in', equals: false }, true],
    [{ pointer: '/is_logged_in', equals: true }, false],
    [{ pointer: '/is_logged_in', equals: 'false' }, false],
    [{ pointer: '/a~1b/~0c', equals: 1 }, true],
    [{ pointer: '/errors/0/extensions/code', equals: 'AUTHENTICATION_ERROR' }, true],
    [{ pointer: '/errors', present: true }, true],
    [{ pointer: '/errors/1', present: true }, false],
    [{ pointer: '/errors/01', present: true }, false],
    [{ pointer: '/errors/length', present: true }, false],
    [{ pointer: '/constructor', present: true }, false],
    [{ pointer: '/toString', present: false }, true],
    [{ pointer: '/nothing', equals: null }, true],
    [{ pointer: '/missing', equals: null }, false],
    [{ pointer: '/nothing', present: true }, true],
    [{ pointer: '', present: true }, true],
  ] as const)('%j on the body → %s', (condition, expected) => {
    expect(meetsCondition(condition, body)).toBe(expected);
  });

  it('on a body that is not an object, only the whole-body pointer finds something', () => {
    expect([meetsCondition({ pointer: '/x', present: true }, 'text'), meetsCondition({ pointer: '', equals: 'text' }, 'text'), meetsCondition({ pointer: '/x', present: false }, undefined)]).toEqual([false, true, true]);
  });

  it('describes a condition and its negation in the spec’s own terms', () => {
    expect([
      describeCondition({ pointer: '/errors', present: true }),
      describeUnmet({ pointer: '/is_logged_in', equals: true }),
      describeUnmet({ pointer: '', present: true }),
      describeCondition({ pointer: '/code', equals: 'AUTH' }),
    ]).toEqual(['`/errors` is present', '`/is_logged_in` is not `true`', 'the body is absent', '`/code` is `"AUTH"`']);
  });
});
