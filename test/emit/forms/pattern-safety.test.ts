/**
 * Item 4 of issue #15 (ReDoS): patterns whose matching time grows faster than
 * linearly are refused at validation (CC3030) with their position, before any
 * value — not even the spec's own example — is run through them. And patterns
 * match the whole value (item 6c).
 */
import { describe, expect, it } from 'vitest';
import { checkCredentials, wholeValuePattern } from '../../../src/runtime/credentials.js';
import { credentialRuleFor } from '../../../src/model/credential-rules.js';
import { checkPatternSafety } from '../../../src/validate/pattern-safety.js';
import { DEFAULT_LOAD_LIMITS, parseSpecText } from '../../../src/load/read-spec.js';
import { compileSpecs } from '../../../src/pipeline/compile-spec.js';
import { compileForms, RULES_SPECS, SEED_SPECS } from './helpers.js';

/** Known-evil patterns, each with the repetition recheck blames (`[start, end)` in the pattern as written). */
const EVIL: readonly [pattern: string, complexity: 'exponential' | 'polynomial', start: number, end: number][] = [
  ['^(a+)+$', 'exponential', 2, 3],
  ['^(a|a)*$', 'exponential', 2, 3],
  ['^(a|aa)+$', 'exponential', 2, 3],
  ['^(a*)*$', 'exponential', 2, 3],
  ['^(\\w+\\s?)*$', 'exponential', 2, 4],
  ['^(\\s*,?\\s*)*$', 'exponential', 2, 4],
  ['^(x+x+)+y$', 'exponential', 2, 3],
  ['^\\d+\\d+$', 'polynomial', 1, 3],
  ['^.*.*x$', 'polynomial', 1, 2],
  // Unanchored: checked as it is run, `^(?:(a+)+)$`; positions are still in the text as written.
  ['(a+)+', 'exponential', 1, 2],
];

function spec(pattern: string, example: string): string {
  return `specVersion: 1
id: acme
name: Acme
fields:
  - key: apiKey
    label: API Key
    pattern: ${JSON.stringify(pattern)}
    example: ${JSON.stringify(example)}
auth:
  - id: api-key
    type: api-key
    apply:
      - type: bearer
        value: "{apiKey}"
api:
  baseUrl: https://api.acme.com
  operations:
    - id: me
      method: GET
      path: /me
`;
}

function validate(source: string) {
  return compileSpecs([parseSpecText('acme.yaml', source, DEFAULT_LOAD_LIMITS)]);
}

describe('super-linear patterns', () => {
  it.each(EVIL)('%s is refused as %s at [%i, %i)', (pattern, complexity, start, end) => {
    const anchored = wholeValuePattern(pattern);
    const shift = anchored === pattern ? 0 : 4;
    expect(checkPatternSafety(anchored)).toEqual({ safe: false, complexity, start: start + shift, end: end + shift });
  });

  it('the issue’s case: `^(a+)+$` with a hostile example is one CC3030 at the repetition, and no example check', () => {
    const { models, diagnostics } = validate(spec('^(a+)+$', `${'a'.repeat(60)}!`));
    expect(models).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.line, d.column, d.endColumn, d.path])).toEqual([['CC3030', 7, 17, 18, '/fields/0/pattern']]);
  });

  it('every pattern of the shipped connectors and the form fixtures is accepted', () => {
    const patterns = [...compileForms(SEED_SPECS).models, ...compileForms(RULES_SPECS).models].flatMap((model) => model.fields.flatMap((field) => (field.pattern === undefined ? [] : [field.pattern])));
    expect(patterns).toEqual(['^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$', '^lin_api_[A-Za-z0-9]+$', '^adt_[A-Za-z0-9]+$']);
    for (const pattern of patterns) expect(checkPatternSafety(wholeValuePattern(pattern))).toEqual({ safe: true });
  });

  it('ordinary key patterns are accepted', () => {
    for (const pattern of ['^sk_(live|test)_[0-9a-zA-Z]{24,64}$', '^[A-Za-z0-9+/]{40}={0,2}$', '^\\p{Lu}\\S{2,5}$', '^[^\\s:]+$', 'é', '^xoxb-[0-9]+-[0-9]+-[A-Za-z0-9]+$']) {
      expect([pattern, checkPatternSafety(wholeValuePattern(pattern))]).toEqual([pattern, { safe: true }]);
    }
  });
});

describe('patterns match the whole value', () => {
  it.each([
    ['^lin_api_[A-Za-z0-9]+$', '^lin_api_[A-Za-z0-9]+$'],
    ['lin_api_[A-Za-z0-9]+', '^(?:lin_api_[A-Za-z0-9]+)$'],
    ['^a$|^b$', '^(?:^a$|^b$)$'],
    ['^a|b$', '^(?:^a|b$)$'],
    ['^(a|b)$', '^(a|b)$'],
    ['^[|]$', '^[|]$'],
    ['^a\\$', '^(?:^a\\$)$'],
    ['^a\\\\$', '^a\\\\$'],
    ['^[\\]|]$', '^[\\]|]$'],
  ])('%s runs as %s', (pattern, expected) => {
    expect(wholeValuePattern(pattern)).toBe(expected);
  });

  it('an unanchored spec pattern no longer accepts text around a key', () => {
    const rule = credentialRuleFor({ key: 'apiKey', label: 'API Key', required: true, secret: true, pattern: 'lin_api_[A-Za-z0-9]+', patternMessage: 'must start with lin_api_' });
    expect(checkCredentials([rule], { apiKey: 'junk lin_api_abc\n<script>' })).toEqual([{ key: 'apiKey', code: 'pattern', message: 'API Key must start with lin_api_.' }]);
    expect(checkCredentials([rule], { apiKey: 'lin_api_abc' })).toEqual([]);
  });

  it('the example is checked against the whole-value pattern (CC3019)', () => {
    const { diagnostics } = validate(spec('sk_[a-z]+', 'my sk_abc'));
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['CC3019', 8]]);
  });
});
