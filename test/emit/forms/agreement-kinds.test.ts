/**
 * The agreement property of test/emit/forms/agreement.test.ts for the field kinds
 * of issue #17 part 3: number, whole-number and boolean fields (type and
 * bounds) and conditional fields (`showWhen`: required only while the other
 * field has one of some values, or any value). For random rules and random
 * credentials, the form schema (ajv + ajv-formats + ajv-errors, and
 * @rjsf/validator-ajv8), `check-credentials` and a client built on the
 * runtime accept exactly the same credentials, with the same messages.
 */
import fc from 'fast-check';
import { fcOptions } from '../../helpers/fast-check.js';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialRulesFor } from '../../../src/model/credential-rules.js';
import { credentialSchema } from '../../../src/emit/forms/form-schema.js';
import { checkCredentials, conditionHolds, valueText, type ConditionValue, type CredentialRule } from '../../../src/runtime/credentials.js';
import { checkText } from '../../../src/cli/commands/check-credentials.js';
import { describeConnector } from '../../../src/emit/client/description.js';
import { BaseClient, CredentialsError } from 'connector-compiler/runtime';
import { ajvMessages, compileForms, consumerAjv, FIXTURES, messageSet, readSpecDir, rjsfValidator } from './helpers.js';

const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
const fieldKey = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,5}$/).filter((key) => !PROTOTYPE_NAMES.has(key));
const label = fc.constantFrom('Port', 'Sandbox', 'Région', 'Key ${/x}', 'Rate');
const bound = fc.oneof(fc.integer({ min: -5, max: 20 }), fc.constantFrom(0.5, 2.5, -1.25));

/** A rule without key and condition: text (with an optional select), number, whole number or boolean. */
const kindRule: fc.Arbitrary<Omit<CredentialRule, 'key' | 'showWhen'>> = fc.oneof(
  fc.record({ label, required: fc.boolean(), secret: fc.constant(false), type: fc.constantFrom('number' as const, 'integer' as const), minimum: bound, maximum: bound }, { requiredKeys: ['label', 'required', 'secret', 'type'] }).filter(
    (r) => r.minimum === undefined || r.maximum === undefined || r.minimum <= r.maximum,
  ),
  fc.record({ label, required: fc.boolean(), secret: fc.constant(false), type: fc.constant('boolean' as const) }),
  fc.record({ label, required: fc.boolean(), secret: fc.boolean(), minLength: fc.nat({ max: 3 }), options: fc.uniqueArray(fc.constantFrom('us', 'eu', 'ap', ''), { minLength: 1, maxLength: 3 }) }, { requiredKeys: ['label', 'required', 'secret'] }),
);

/** Values a condition compares with, of every type, so conditions on text, numbers and booleans come up. */
const conditionValue: fc.Arbitrary<ConditionValue> = fc.constantFrom<ConditionValue>('us', 'eu', '', 'x', 0, 1, 2.5, 443, true, false);

/** Rules whose conditions name an earlier rule (so no cycles), with one value, several, or none (any value). */
const rules: fc.Arbitrary<CredentialRule[]> = fc
  .uniqueArray(fc.tuple(fieldKey, kindRule, fc.option(fc.tuple(fc.nat(), fc.option(fc.uniqueArray(conditionValue, { minLength: 1, maxLength: 3 }), { nil: undefined, freq: 2 })), { nil: undefined })), {
    selector: ([key]) => key,
    minLength: 1,
    maxLength: 5,
  })
  .map((entries) =>
    entries.map(([key, r, condition], index) => {
      if (condition === undefined || index === 0) return { key, ...r };
      const [target, values] = condition;
      return { key, ...r, showWhen: { key: entries[target % index]![0], ...(values !== undefined ? { values } : {}) } };
    }),
  );

/** A value for a rule: often of its type and near its bounds, sometimes anything. */
function valueFor(rule: CredentialRule): fc.Arbitrary<unknown> {
  const anything = fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -10, max: 30 }), fc.double({ min: -10, max: 30, noNaN: true }), fc.boolean(), fc.constant(null), fc.constant(''), fc.constant([1]));
  const typed =
    rule.type === 'boolean'
      ? fc.boolean()
      : rule.type !== undefined
        ? fc.oneof(fc.integer({ min: -6, max: 22 }), fc.constantFrom(0.5, 2.5, -1.25, 1.5, 443), fc.double({ min: -6, max: 22, noNaN: true }))
        : rule.options !== undefined
          ? fc.constantFrom(...rule.options)
          : fc.constantFrom('us', 'eu', 'abc', '', '');
  return fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 8, arbitrary: typed }, { weight: 2, arbitrary: anything });
}

function credentialsFor(list: readonly CredentialRule[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(...list.map(valueFor)).map((values) => {
    const data: Record<string, unknown> = {};
    list.forEach((r, index) => {
      if (values[index] !== undefined) data[r.key] = values[index];
    });
    return data;
  });
}

const ajv = consumerAjv();
const schemaFor = (list: readonly CredentialRule[]) => credentialSchema(list, { title: 'Connect Test — API Key', description: 'Test form.' });

function assertAll(arbitrary: fc.Arbitrary<boolean>, numRuns: number): void {
  const outcomes = { valid: 0, invalid: 0 };
  fc.assert(fc.property(arbitrary, (valid) => void (valid ? outcomes.valid++ : outcomes.invalid++)), { ...fcOptions(numRuns), numRuns });
  expect(outcomes.valid).toBeGreaterThan(numRuns / 40);
  expect(outcomes.invalid).toBeGreaterThan(numRuns / 40);
}

describe('number, boolean and conditional fields: form schema and checkCredentials agree', () => {
  it('for random rules and random credentials (ajv + ajv-formats full + ajv-errors)', () => {
    assertAll(
      rules.chain((list) => fc.tuple(fc.constant(list), credentialsFor(list))).map(([list, data]) => {
        const problems = messageSet(checkCredentials(list, data).map((problem) => problem.message));
        expect(messageSet(ajvMessages(ajv, schemaFor(list), data))).toEqual(problems);
        // check-credentials reads the same credentials from JSON text (no `undefined`, no -0: JSON has neither).
        expect(messageSet(checkText(JSON.stringify(data), 'creds.json', list).map((d) => d.message))).toEqual(problems);
        return problems.length === 0;
      }),
      300,
    );
  });

  it('through @rjsf/validator-ajv8 as well', () => {
    const validator = rjsfValidator();
    fc.assert(
      fc.property(rules.chain((list) => fc.tuple(fc.constant(list), credentialsFor(list))), ([list, data]) => {
        const { errors } = validator.validateFormData(data, schemaFor(list));
        expect(messageSet(errors.map((error) => error.message ?? ''))).toEqual(messageSet(checkCredentials(list, data).map((problem) => problem.message)));
      }),
      fcOptions(40),
    );
  });

  it('a conditional field is required exactly while its condition holds', () => {
    const list: CredentialRule[] = [
      { key: 'region', label: 'Region', required: true, secret: false, options: ['us', 'eu', 'ap'] },
      { key: 'residencyKey', label: 'Data Residency Key', required: true, secret: false, showWhen: { key: 'region', values: ['eu', 'ap'] } },
      { key: 'sandbox', label: 'Sandbox', required: false, secret: false, type: 'boolean' },
      { key: 'sandboxToken', label: 'Sandbox Token', required: true, secret: true, showWhen: { key: 'sandbox', values: [true] } },
      { key: 'tenant', label: 'Tenant', required: false, secret: false },
      { key: 'workspace', label: 'Workspace', required: true, secret: false, showWhen: { key: 'tenant' } },
    ];
    const messages = (data: Record<string, unknown>) => checkCredentials(list, data).map((problem) => problem.message);
    expect(messages({ region: 'us' })).toEqual([]);
    expect(messages({ region: 'eu' })).toEqual(['Data Residency Key is required.']);
    expect(messages({ region: 'ap', residencyKey: 'k', sandbox: true })).toEqual(['Sandbox Token is required.']);
    // `"true"` is not `true`: the condition compares with strict equality, as JSON Schema's `const` does.
    expect(messages({ region: 'us', sandbox: 'true' })).toEqual(['Sandbox must be true or false.']);
    expect(messages({ region: 'us', tenant: '' })).toEqual([]);
    expect(messages({ region: 'us', tenant: 'acme' })).toEqual(['Workspace is required.']);
    // Hidden, a value given anyway is still checked by its rules.
    expect(messages({ region: 'us', residencyKey: 7 })).toEqual(['Data Residency Key must be text.']);
    expect(conditionHolds({ key: 'tenant' }, { tenant: null })).toBe(true);
  });

  it('a number or boolean is sent as its ECMAScript text', () => {
    expect([443, -2.5, 0, 1e21, true, false, '', 'x', Number.NaN, null].map(valueText)).toEqual(['443', '-2.5', '0', '1e+21', 'true', 'false', undefined, 'x', undefined, undefined]);
  });
});

/**
 * The field-kinds fixture (test/fixtures/forms/field-kinds): a whole-number
 * port in the base URL, a whole number sent as a JSON number, a decimal and a
 * checkbox in headers and the query, conditional fields. Its form, its
 * `check-credentials` rules and a client built from its description agree.
 */
describe('the field-kinds fixture: form, check-credentials and client agree', () => {
  const compiled = compileForms(readSpecDir(path.join(FIXTURES, 'field-kinds/input')));
  for (const model of compiled.models) {
    const description = describeConnector(model);
    for (const method of model.authMethods) {
      it(`${model.id} / ${method.id}`, () => {
        const list = credentialRulesFor(model, method);
        const schema = JSON.parse(compiled.files.get(`forms/${model.id}.${method.id}.schema.json`) ?? 'null') as object;
        class FixtureClient extends BaseClient {
          constructor(data: unknown) {
            super(description, method.id, data);
          }
        }
        const good: Record<string, fc.Arbitrary<unknown>> = {
          region: fc.constantFrom('us', 'eu', 'ap'),
          port: fc.constantFrom(443, 8443, 1, 65535),
          apiKey: fc.constantFrom('fw_abc', 'fw_X1'),
          residencyKey: fc.constantFrom('res-1', 'r'),
          userId: fc.constantFrom(1, 42, 999999999999),
          rateLimit: fc.constantFrom(0.5, 2.5, 10),
          sandbox: fc.boolean(),
          sandboxToken: fc.constantFrom('sbx_1', 'tok'),
          tenant: fc.constantFrom('acme', ''),
          workspace: fc.constantFrom('main', 'w 1'),
        };
        const bad = fc.oneof(fc.constantFrom('', 'x', 'line\nbreak', 0, -1, 65536, 0.25, 1.5, 1e21, 11, true, 'true', '443', null), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
        const credentials = fc.tuple(...list.map((rule) => fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 12, arbitrary: good[rule.key] ?? fc.constant('x') }, { weight: 2, arbitrary: bad }))).map((values) => {
          const data: Record<string, unknown> = {};
          list.forEach((rule, index) => {
            if (values[index] !== undefined) data[rule.key] = values[index];
          });
          // As JSON carries it: a client reads the same object the form and check-credentials read.
          return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
        });
        assertAll(
          credentials.map((data) => {
            const form = messageSet(ajvMessages(ajv, schema, data));
            const cli = messageSet(checkText(JSON.stringify(data), 'creds.json', list).map((d) => d.message));
            let client: string[] = [];
            try {
              new FixtureClient(data);
            } catch (error) {
              if (!(error instanceof CredentialsError)) throw error;
              client = messageSet(error.problems.map((problem) => problem.message));
            }
            expect({ cli, client }).toEqual({ cli: form, client: form });
            return form.length === 0;
          }),
          200,
        );
      });
    }
  }
});
