/**
 * The pattern-safety fast path (`isPlainlyLinear`) answers "safe" without
 * loading recheck for the simple shapes most field patterns have. It must
 * never call safe what recheck would refuse.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcOptions } from '../helpers/fast-check.js';
import { wholeValuePattern } from '../../src/runtime/credentials.js';
import { checkPatternSafety, isPlainlyLinear, recheckPatternSafety } from '../../src/validate/pattern-safety.js';

const ATOMS = ['a', 'b', '_', '.', '\\d', '\\w', '\\s', '\\.', '\\-', '[a-z]', '[^:]', '[A-Za-z0-9_-]', '[\\]x]', '(a)', '(?:ab)', 'a|b', '\\1', '\\b'];
const QUANTIFIERS = ['', '', '*', '+', '?', '{2}', '{1,3}', '+?', '*+'];

const pattern = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom(...ATOMS), fc.constantFrom(...QUANTIFIERS)), { minLength: 1, maxLength: 6 }), fc.boolean(), fc.boolean())
  .map(([atoms, start, end]) => `${start ? '^' : ''}${atoms.map(([atom, quantifier]) => atom + quantifier).join('')}${end ? '$' : ''}`)
  .filter((source) => {
    try {
      new RegExp(source, 'u');
      return true;
    } catch {
      return false;
    }
  });

describe('pattern-safety fast path', () => {
  it('says safe only where recheck says safe', () => {
    fc.assert(
      fc.property(pattern, (source) => {
        const anchored = wholeValuePattern(source);
        if (isPlainlyLinear(anchored)) expect([anchored, recheckPatternSafety(anchored)]).toEqual([anchored, { safe: true }]);
      }),
      fcOptions(300),
    );
  });

  it('takes the shapes real fields have, and leaves the rest to recheck', () => {
    const plain = ['^lin_api_[A-Za-z0-9]+$', '^[a-z0-9-]+$', '^(?:[a-z0-9-]+)$', '^\\d{0}$'.replace('{0}', '+'), '^https://[^/]+\\.example\\.com$', '^[A-Z]{2}$'.replace('{2}', '?')];
    expect(plain.map((source) => [source, isPlainlyLinear(source)])).toEqual(plain.map((source) => [source, true]));
    const other = ['^\\d+\\d+$', '^(a+)+$', '^.*.*x$', '[a-z]+$', '^a{2,}$', '^(?:a|b)$', '^a+?$', '^\\p{L}+$', '^\\bx$'];
    expect(other.map((source) => [source, isPlainlyLinear(source)])).toEqual(other.map((source) => [source, false]));
    // The refused ones still get recheck's verdict through the one entry point.
    expect(checkPatternSafety('^\\d+\\d+$')).toEqual({ safe: false, complexity: 'polynomial', start: 1, end: 3 });
  });
});
