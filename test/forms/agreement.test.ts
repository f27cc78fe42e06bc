/**
 * The one property that matters: for any rules and any credentials, the form
 * schema (validated by ajv + ajv-formats + ajv-errors, as a consumer would)
 * accepts exactly what `checkCredentials` accepts, with the same messages.
 */
import fc from 'fast-check';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialRulesFor } from '../../src/emit/forms/credential-rules.js';
import { credentialSchema } from '../../src/emit/forms/form-schema.js';
import { checkCredentials, type CredentialFormat, type CredentialRule } from '../../src/runtime/credentials.js';
import { ajvMessages, compileForms, consumerAjv, messageSet, ROOT, RULES_SPECS, rjsfValidator, SEED_SPECS } from './helpers.js';

const FORMATS: readonly CredentialFormat[] = ['uri', 'email', 'hostname', 'uuid'];
const PATTERNS = ['^lin_api_[A-Za-z0-9]+$', '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$', '\\d', '^\\p{Lu}', '^.{3}$', 'ab|^$', '^[^\\s]+$', '^\\S{2,5}$', 'é'];
/**
 * Field keys are lowerCamelCase identifiers. Names inherited from
 * Object.prototype are left out: ajv (without `ownProperties`) sees
 * `{}.toString` as present, the runtime does not. See docs/forms.md.
 */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
const fieldKey = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,7}$/).filter((key) => !PROTOTYPE_NAMES.has(key));
const label = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('API Key', 'User ID', 'Key ${/apiKey}', 'a "quoted" \\ label', 'Région', 'Line\u2028Break'));

const rule: fc.Arbitrary<Omit<CredentialRule, 'key'>> = fc
  .record(
    {
      label,
      required: fc.boolean(),
      secret: fc.boolean(),
      pattern: fc.constantFrom(...PATTERNS),
      patternMessage: fc.oneof(fc.constant('must start with lin_api_'), fc.string({ maxLength: 10 }), fc.constant('ends a sentence.')),
      format: fc.constantFrom(...FORMATS),
      minLength: fc.nat({ max: 12 }),
      maxLength: fc.integer({ min: 1, max: 40 }),
    },
    { requiredKeys: ['label', 'required', 'secret'] },
  )
  .filter((r) => r.minLength === undefined || r.maxLength === undefined || r.minLength <= r.maxLength)
  .filter((r) => r.pattern !== undefined || r.patternMessage === undefined);

const rules: fc.Arbitrary<CredentialRule[]> = fc
  .uniqueArray(fc.tuple(fieldKey, rule), { selector: ([key]) => key, minLength: 0, maxLength: 5 })
  .map((entries) => entries.map(([key, r]) => ({ key, ...r })));

/** Strings near every rule's edge: valid-looking and broken URLs, emails, hosts, UUIDs, prefixes, empty, astral. */
const text = fc.oneof(
  fc.string({ maxLength: 14 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.webUrl(),
  fc.emailAddress(),
  fc.domain(),
  fc.uuid(),
  fc.constantFrom('', ' ', 'lin_api_Abc123', 'lin_api_', 'https://', 'a@b', 'urn:uuid:123e4567-e89b-12d3-a456-426614174000', 'x.-y', '😀😀😀', 'ab', 'Ab1', 'http://[::1]:80/x', 'mailto:a@b.c'),
  fc.tuple(fc.constantFrom('lin_api_', 'https://', 'A', '1'), fc.string({ maxLength: 8 })).map(([a, b]) => a + b),
);
const anyValue = fc.oneof({ weight: 6, arbitrary: text }, fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }));

/** Strings in a format's shape, and near misses made by cutting or extending them. */
function formatted(format: CredentialFormat): fc.Arbitrary<string> {
  const base = { uri: fc.webUrl({ withFragments: true, withQueryParameters: true }), email: fc.emailAddress(), hostname: fc.domain(), uuid: fc.uuid() }[format];
  return fc.oneof({ weight: 5, arbitrary: base }, fc.tuple(base, fc.nat({ max: 40 }), fc.constantFrom('', ' ', '-', '.', ':', '/', '@', '%')).map(([value, cut, extra]) => value.slice(0, cut) + extra));
}

/**
 * A value likely to satisfy the rule (so valid credentials come up often):
 * shaped by its format or pattern, then padded or cut to its lengths. It may
 * still break a rule; the oracle decides, this only steers coverage.
 */
function likelyValid(r: CredentialRule): fc.Arbitrary<string> {
  const base = r.format !== undefined ? formatted(r.format) : r.pattern !== undefined ? fc.stringMatching(new RegExp(r.pattern)) : fc.string({ minLength: 1, maxLength: 16 });
  return base.map((value) => {
    const length = [...value].length;
    if (r.minLength !== undefined && length < r.minLength) return value + 'a'.repeat(r.minLength - length);
    if (r.maxLength !== undefined && length > r.maxLength) return [...value].slice(0, r.maxLength).join('');
    return value;
  });
}

/** A credentials object for these rules: each field absent, likely valid or anything, plus maybe unknown keys. */
function credentialsFor(list: readonly CredentialRule[]): fc.Arbitrary<unknown> {
  const known = fc.tuple(
    ...list.map((r) =>
      fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 16, arbitrary: likelyValid(r) }, { weight: 3, arbitrary: anyValue }),
    ),
  );
  const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), anyValue, { maxKeys: 2 });
  const object = fc.tuple(known, fc.oneof({ weight: 5, arbitrary: fc.constant({}) }, extra)).map(([values, unknown]) => {
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(unknown)) {
      // defineProperty: a generated `__proto__` key must become an own property, as JSON.parse makes it.
      if (!list.some((r) => r.key === key)) Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
    }
    list.forEach((r, index) => {
      if (values[index] !== undefined) data[r.key] = values[index];
    });
    return data;
  });
  return fc.oneof({ weight: 16, arbitrary: object }, fc.constant(null), fc.constant([]), fc.string(), fc.integer());
}

const ajv = consumerAjv();

function schemaFor(list: readonly CredentialRule[]) {
  return credentialSchema(list, { title: 'Connect Test — API Key', description: 'Test form.' });
}

/** Checks one case; returns whether it was valid, so tests can show both outcomes were exercised. */
function assertAgreement(list: readonly CredentialRule[], data: unknown, schema: object = schemaFor(list)): boolean {
  const problems = checkCredentials(list, data).map((problem) => problem.message);
  const fromAjv = ajvMessages(ajv, schema, data);
  expect(fromAjv.length === 0).toBe(problems.length === 0);
  expect(messageSet(fromAjv)).toEqual(messageSet(problems));
  return problems.length === 0;
}

/** Runs a property and asserts that both valid and invalid credentials came up often enough to mean something. */
function assertBothOutcomes(arbitrary: fc.Arbitrary<boolean>, numRuns: number): void {
  const outcomes = { valid: 0, invalid: 0 };
  fc.assert(fc.property(arbitrary, (valid) => void (valid ? outcomes.valid++ : outcomes.invalid++)), { numRuns });
  expect(outcomes.valid).toBeGreaterThan(numRuns / 40);
  expect(outcomes.invalid).toBeGreaterThan(numRuns / 40);
}

describe('form schema and checkCredentials agree', () => {
  it('for random rules and random credentials (ajv + ajv-formats full + ajv-errors)', () => {
    const cases = rules.chain((list) => fc.tuple(fc.constant(list), credentialsFor(list)));
    assertBothOutcomes(cases.map(([list, data]) => assertAgreement(list, data)), 400);
  });

  const models = [...compileForms(SEED_SPECS).models, ...compileForms(RULES_SPECS).models];
  for (const model of models) {
    for (const method of model.authMethods) {
      it(`for ${model.id} / ${method.id}: its rules, random credentials`, () => {
        const list = credentialRulesFor(method);
        const schema = JSON.parse(compileForms(model.id === 'acme-desk' ? RULES_SPECS : SEED_SPECS).files.get(`forms/${model.id}.${method.id}.schema.json`) ?? 'null') as object;
        assertBothOutcomes(credentialsFor(list).map((data) => assertAgreement(list, data, schema)), 150);
      });
    }
  }

  it('through @rjsf/validator-ajv8 as well (fewer runs: rjsf recompiles per schema)', () => {
    const validator = rjsfValidator();
    fc.assert(
      fc.property(rules.chain((list) => fc.tuple(fc.constant(list), credentialsFor(list))), ([list, data]) => {
        const problems = checkCredentials(list, data).map((problem) => problem.message);
        const { errors } = validator.validateFormData(data, schemaFor(list));
        expect(messageSet(errors.map((error) => error.message ?? ''))).toEqual(messageSet(problems));
      }),
      { numRuns: 60 },
    );
  });
});

describe('format definitions', () => {
  it('are ajv-formats full-mode definitions, character for character', () => {
    // Drift guard: if ajv-formats changes a definition, this fails before users see a disagreement.
    const source = readFileSync(path.join(ROOT, 'src/runtime/credentials.ts'), 'utf8');
    const ours = (name: string) => new RegExp(`^const ${name} = (/.*/i);$`, 'm').exec(source)?.[1];
    expect(ours('EMAIL')).toBe(String(fullFormats.email));
    expect(ours('HOSTNAME')).toBe(String(fullFormats.hostname));
    expect(ours('UUID')).toBe(String(fullFormats.uuid));
    const uriSource = readFileSync(path.join(ROOT, 'node_modules/ajv-formats/dist/formats.js'), 'utf8');
    expect(ours('URI')).toBe(/^const URI = (\/.*\/i);$/m.exec(uriSource)?.[1]);
    expect(String(fullFormats.uri)).toContain('NOT_URI_FRAGMENT.test(str) && URI.test(str)');
  });

  it('accept and reject the same strings as ajv-formats, per format', () => {
    for (const format of FORMATS) {
      const samples = fc.oneof(text, formatted(format), fc.ipV4(), fc.ipV6().map((ip) => `http://[${ip}]/`), fc.ipV6());
      const list: CredentialRule[] = [{ key: 'value', label: 'Value', required: true, secret: false, format }];
      const schema = schemaFor(list);
      assertBothOutcomes(samples.map((value) => assertAgreement(list, { value }, schema)), 300);
    }
  });
});
