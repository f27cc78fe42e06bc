/**
 * `forms/index.json` is assembled from entries printed once per model (a
 * watch rebuild re-prints one connector's). The assembly must give exactly
 * what printing the whole document at once gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printFormsIndex, printIndexEntry } from '../../../src/emit/forms/index.js';
import { printJson, type JsonValue } from '../../../src/emit/forms/json.js';
import { fcOptions } from '../../helpers/fast-check.js';

// Strings with line breaks, quotes, backslashes and the separators printJson escapes.
const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '\n', '"', '\\', '\u2028', '\u2029', 'é', '{', '[', ',') });
const value = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(text, tie('value'), { maxKeys: 3 })),
})).value as fc.Arbitrary<JsonValue>;
const entry = fc.dictionary(text, value, { maxKeys: 5 });

describe('forms/index.json', () => {
  it('assembled from printed entries, equals the whole document printed at once', () => {
    fc.assert(
      fc.property(text, fc.array(entry, { maxLength: 5 }), (comment, entries) => {
        expect(printFormsIndex(comment, entries.map(printIndexEntry))).toBe(printJson({ $comment: comment, forms: entries }));
      }),
      fcOptions(500),
    );
  });
});
