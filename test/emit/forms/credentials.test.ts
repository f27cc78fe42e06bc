/**
 * For each seed connector (and the fixture connector that uses every rule), a
 * valid credential set passes and each kind of invalid one fails with the exact
 * expected messages in all four places: checkCredentials (what generated
 * clients run), plain ajv on the schema, react-jsonschema-form's validator, and
 * the `check-credentials` CLI. No output anywhere contains a value.
 */
import type { UiSchema } from '@rjsf/utils';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { credentialRulesFor } from '../../../src/model/credential-rules.js';
import { assertCredentials, checkCredentials, CredentialsError } from '../../../src/runtime/credentials.js';
import { captureIo } from '../../helpers/cli.js';
import { ajvMessages, compileForms, consumerAjv, FIXTURES, messageSet, ROOT, RULES_SPECS, rjsfValidator, SEED_SPECS, transformErrors } from './helpers.js';

/** Looks like a live key; must never appear in any message or output. */
const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';

interface Case {
  readonly name: string;
  readonly credentials: unknown;
  /** In checkCredentials order: rules in field order, then unknown keys. */
  readonly messages: readonly string[];
  /** Diagnostic codes the CLI reports, in the same order. */
  readonly codes: readonly string[];
}

interface ConnectorCases {
  readonly connector: string;
  readonly method: string;
  /** Directory of seed specs, or the fixture spec file. */
  readonly specs: string;
  readonly cases: readonly Case[];
}

const NOT_AN_OBJECT = 'Credentials must be an object with one property per field.';
const valid = (credentials: object): Case => ({ name: 'valid', credentials, messages: [], codes: [] });

const SEEDS = path.join(ROOT, 'connectors');
const RULES = path.join(FIXTURES, 'rules/input/acme-desk.yaml');

const DATADOG_SITES = 'Datadog Site must be one of `datadoghq.com`, `us3.datadoghq.com`, `us5.datadoghq.com`, `datadoghq.eu`, `ap1.datadoghq.com`, `ddog-gov.com`.';

const TABLE: readonly ConnectorCases[] = [
  {
    connector: 'linear',
    method: 'api-key',
    specs: SEEDS,
    cases: [
      valid({ apiKey: 'lin_api_Abc123' }),
      { name: 'missing', credentials: {}, messages: ['API Key is required.'], codes: ['CC6001'] },
      { name: 'empty', credentials: { apiKey: '' }, messages: ['API Key is required.', 'API Key must start with lin_api_.'], codes: ['CC6001', 'CC6002'] },
      { name: 'wrong type', credentials: { apiKey: 12345 }, messages: ['API Key must be text.'], codes: ['CC6005'] },
      { name: 'null', credentials: { apiKey: null }, messages: ['API Key must be text.'], codes: ['CC6005'] },
      { name: 'pattern', credentials: { apiKey: SECRET }, messages: ['API Key must start with lin_api_.'], codes: ['CC6002'] },
      { name: 'unknown key', credentials: { apiKey: 'lin_api_Abc123', apiSecret: SECRET }, messages: ['Only these credential fields are allowed: `apiKey` (API Key).'], codes: ['CC6004'] },
      { name: 'not an object', credentials: [SECRET], messages: [NOT_AN_OBJECT], codes: ['CC6005'] },
    ],
  },
  {
    // A select field (issue #17): the value must be one of the option values, whatever its type.
    connector: 'datadog',
    method: 'api-key',
    specs: SEEDS,
    cases: [
      valid({ site: 'datadoghq.eu', apiKey: SECRET, applicationKey: SECRET }),
      { name: 'missing', credentials: { apiKey: SECRET, applicationKey: SECRET }, messages: ['Datadog Site is required.'], codes: ['CC6001'] },
      { name: 'not an option', credentials: { site: 'evil.com', apiKey: SECRET, applicationKey: SECRET }, messages: [DATADOG_SITES], codes: ['CC6003'] },
      { name: 'a label, not a value', credentials: { site: 'EU', apiKey: SECRET, applicationKey: SECRET }, messages: [DATADOG_SITES], codes: ['CC6003'] },
      { name: 'empty', credentials: { site: '', apiKey: SECRET, applicationKey: SECRET }, messages: ['Datadog Site is required.', DATADOG_SITES], codes: ['CC6001', 'CC6003'] },
      { name: 'wrong type', credentials: { site: 1, apiKey: SECRET, applicationKey: SECRET }, messages: ['Datadog Site must be text.', DATADOG_SITES], codes: ['CC6005', 'CC6003'] },
    ],
  },
  {
    connector: 'clayhr',
    method: 'api-key',
    specs: SEEDS,
    cases: [
      valid({ subdomain: 'acmecompany', apiKey: SECRET, userId: '1042' }),
      { name: 'missing', credentials: { subdomain: 'acmecompany', apiKey: SECRET }, messages: ['User ID is required.'], codes: ['CC6001'] },
      { name: 'wrong type', credentials: { subdomain: 'acmecompany', apiKey: SECRET, userId: 1042 }, messages: ['User ID must be text.'], codes: ['CC6005'] },
      {
        name: 'pattern',
        credentials: { subdomain: 'https://acmecompany.clayhr.com', apiKey: SECRET, userId: '1042' },
        // The spec's own pattern, and the rule of its place in the base URL (a host label): both broken.
        messages: ['Company Subdomain must be only the subdomain (letters, digits and hyphens), e.g. acmecompany.', 'Company Subdomain must be a single host name label (letters, digits and hyphens) to be part of the API address.'],
        codes: ['CC6002', 'CC6003'],
      },
      {
        name: 'unknown key',
        credentials: { subdomain: 'acmecompany', api_key: SECRET, userId: '1042' },
        messages: ['API Key is required.', 'Only these credential fields are allowed: `subdomain` (Company Subdomain), `apiKey` (API Key), `userId` (User ID).'],
        codes: ['CC6001', 'CC6004'],
      },
    ],
  },
  {
    connector: 'hive',
    method: 'api-key',
    specs: SEEDS,
    cases: [
      valid({ apiKey: SECRET, userId: 'u_123' }),
      { name: 'missing', credentials: { apiKey: SECRET }, messages: ['User ID is required.'], codes: ['CC6001'] },
      { name: 'empty', credentials: { apiKey: SECRET, userId: '' }, messages: ['User ID is required.'], codes: ['CC6001'] },
      { name: 'wrong type', credentials: { apiKey: true, userId: 'u_123' }, messages: ['API Key must be text.'], codes: ['CC6005'] },
      { name: 'unknown key', credentials: { apiKey: SECRET, userId: 'u_123', token: SECRET }, messages: ['Only these credential fields are allowed: `apiKey` (API Key), `userId` (User ID).'], codes: ['CC6004'] },
    ],
  },
  {
    connector: 'polymer',
    method: 'api-key',
    specs: SEEDS,
    cases: [
      valid({ apiKey: SECRET }),
      { name: 'missing', credentials: {}, messages: ['API Key is required.'], codes: ['CC6001'] },
      { name: 'wrong type', credentials: { apiKey: { value: SECRET } }, messages: ['API Key must be text.'], codes: ['CC6005'] },
      { name: 'unknown key', credentials: { apiKey: SECRET, APIKEY: SECRET }, messages: ['Only these credential fields are allowed: `apiKey` (API Key).'], codes: ['CC6004'] },
    ],
  },
  {
    connector: 'apollo',
    method: 'api-key',
    specs: SEEDS,
    cases: [
      valid({ apiKey: SECRET }),
      { name: 'missing', credentials: { api_key: SECRET }, messages: ['API Key is required.', 'Only these credential fields are allowed: `apiKey` (API Key).'], codes: ['CC6001', 'CC6004'] },
      { name: 'wrong type', credentials: { apiKey: [SECRET] }, messages: ['API Key must be text.'], codes: ['CC6005'] },
    ],
  },
  {
    // The seeds use no format or length rules; this fixture connector uses all of them.
    connector: 'acme-desk',
    method: 'api-token',
    specs: RULES,
    cases: [
      valid({ instanceUrl: 'https://acme.example.com', apiToken: 'adt_0123456789ab', tenantId: '123e4567-e89b-12d3-a456-426614174000' }),
      valid({ instanceUrl: 'https://acme.example.com/desk', apiToken: 'adt_0123456789ab', adminEmail: 'admin@example.com', mailHost: 'mail.example.com', tenantId: '123E4567-E89B-12D3-A456-426614174000' }),
      {
        name: 'format',
        credentials: { instanceUrl: 'acme.example.com', apiToken: 'adt_0123456789ab', adminEmail: `${SECRET}@`, mailHost: 'mail_host', tenantId: '123e4567-e89b-12d3-a456-42661417400g' },
        messages: [
          'Instance URL must be a full URL such as https://example.com.',
          'Admin Email must be an email address.',
          'Mail Host must be a host name such as example.com.',
          'Tenant ID must be a UUID.',
        ],
        codes: ['CC6003', 'CC6003', 'CC6003', 'CC6003'],
      },
      {
        name: 'length',
        credentials: { instanceUrl: 'https://acme.example.com', apiToken: 'adt_short', mailHost: `${'a'.repeat(60)}.${'b'.repeat(60)}`, tenantId: '123e4567-e89b-12d3-a456-4266141740001' },
        messages: ['API Token must be at least 12 characters long.', 'Mail Host must be at most 100 characters long.', 'Tenant ID must be at most 36 characters long.', 'Tenant ID must be a UUID.'],
        codes: ['CC6006', 'CC6006', 'CC6006', 'CC6003'],
      },
      {
        name: 'pattern and length at once',
        credentials: { instanceUrl: 'https://acme.example.com', apiToken: SECRET.slice(0, 8), tenantId: '123e4567-e89b-12d3-a456-426614174000' },
        messages: ['API Token must be at least 12 characters long.', 'API Token must start with adt_.'],
        codes: ['CC6006', 'CC6002'],
      },
      {
        name: 'optional field left empty is still checked',
        credentials: { instanceUrl: 'https://acme.example.com', apiToken: 'adt_0123456789ab', adminEmail: '', tenantId: '123e4567-e89b-12d3-a456-426614174000' },
        messages: ['Admin Email must be an email address.'],
        codes: ['CC6003'],
      },
    ],
  },
  {
    connector: 'acme-desk',
    method: 'basic',
    specs: RULES,
    cases: [
      valid({ instanceUrl: 'https://acme.example.com', password: SECRET }),
      { name: 'empty required field with minLength > 1', credentials: { instanceUrl: 'https://acme.example.com', password: '' }, messages: ['Password must be at least 8 characters long.'], codes: ['CC6006'] },
      { name: 'length', credentials: { instanceUrl: 'https://acme.example.com', password: 'hunter2' }, messages: ['Password must be at least 8 characters long.'], codes: ['CC6006'] },
      {
        name: 'a field of the other method is unknown here',
        credentials: { instanceUrl: 'https://acme.example.com', password: SECRET, apiToken: 'adt_0123456789ab' },
        messages: ['Only these credential fields are allowed: `instanceUrl` (Instance URL), `adminEmail` (Admin Email), `password` (Password), `signingKey` (Signing Key).'],
        codes: ['CC6004'],
      },
    ],
  },
];

const compiled = { seeds: compileForms(SEED_SPECS), rules: compileForms(RULES_SPECS) };
const ajv = consumerAjv();
const validator = rjsfValidator();

function formFor(connector: string, method: string) {
  const { models, files } = connector === 'acme-desk' ? compiled.rules : compiled.seeds;
  const model = models.find((m) => m.id === connector);
  const authMethod = model?.authMethods.find((m) => m.id === method);
  if (!model || !authMethod) throw new Error(`no ${connector}/${method}`);
  return {
    rules: credentialRulesFor(model, authMethod),
    schema: JSON.parse(files.get(`forms/${connector}.${method}.schema.json`) ?? '') as object,
    uiSchema: JSON.parse(files.get(`forms/${connector}.${method}.ui.json`) ?? '') as UiSchema,
  };
}

describe('credential checks agree in every place', () => {
  it('covers every seed connector', () => {
    expect(new Set(TABLE.map((entry) => entry.connector))).toEqual(new Set([...compiled.seeds.models.map((m) => m.id), 'acme-desk']));
  });

  for (const entry of TABLE) {
    describe(`${entry.connector} / ${entry.method}`, () => {
      const form = formFor(entry.connector, entry.method);
      for (const c of entry.cases) {
        it(`${c.name}: checkCredentials and assertCredentials`, () => {
          const problems = checkCredentials(form.rules, c.credentials);
          expect(problems.map((p) => p.message)).toEqual(c.messages);
          expect(JSON.stringify(problems)).not.toContain(SECRET);
          if (c.messages.length === 0) {
            expect(() => assertCredentials(form.rules, c.credentials)).not.toThrow();
            return;
          }
          let thrown: unknown;
          try {
            assertCredentials(form.rules, c.credentials);
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(CredentialsError);
          const error = thrown as CredentialsError;
          expect(error.problems).toEqual(problems);
          for (const text of [error.message, String(error), error.stack ?? '', JSON.stringify(error)]) expect(text).not.toContain(SECRET);
        });

        it(`${c.name}: ajv on the generated schema`, () => {
          const messages = ajvMessages(ajv, form.schema, c.credentials);
          expect(messageSet(messages)).toEqual(messageSet(c.messages));
          expect(JSON.stringify(messages)).not.toContain(SECRET);
        });

        it(`${c.name}: @rjsf/validator-ajv8, as a react-jsonschema-form consumer`, () => {
          const { errors, errorSchema } = validator.validateFormData(c.credentials, form.schema, undefined, transformErrors, form.uiSchema);
          expect(messageSet(errors.map((e) => e.message ?? ''))).toEqual(messageSet(c.messages));
          expect(JSON.stringify(errors.map((e) => [e.message, e.stack, e.property]))).not.toContain(SECRET);
          // With the documented transformErrors, each field's messages sit under that field.
          for (const problem of checkCredentials(form.rules, c.credentials).filter((p) => p.code !== 'unknown' && p.key !== '')) {
            expect((errorSchema as Record<string, { __errors?: string[] }>)[problem.key]?.__errors).toContain(problem.message);
          }
        });

        it(`${c.name}: connector-compiler check-credentials`, async () => {
          // Pointing --specs at the one spec file keeps this fast (validating all specs per run adds up).
          const specs = entry.specs === SEEDS ? path.join(SEEDS, `${entry.connector}.yaml`) : entry.specs;
          const io = captureIo(JSON.stringify(c.credentials, null, 2));
          const code = await runCli(['check-credentials', entry.connector, '--method', entry.method, '-', '--specs', specs, '--format', 'json'], io);
          expect(io.err()).toBe('');
          const report = JSON.parse(io.out()) as { valid: boolean; diagnostics: { code: string; message: string }[] };
          expect(report.diagnostics.map((d) => d.message)).toEqual(c.messages);
          expect(report.diagnostics.map((d) => d.code)).toEqual(c.codes);
          expect(report.valid).toBe(c.messages.length === 0);
          expect(code).toBe(c.messages.length === 0 ? 0 : 1);
          expect(io.out()).not.toContain(SECRET);

          const text = captureIo(JSON.stringify(c.credentials, null, 2));
          await runCli(['check-credentials', entry.connector, '--method', entry.method, '-', '--specs', specs], text);
          expect(text.out() + text.err()).not.toContain(SECRET);
          for (const message of c.messages) expect(text.err()).toContain(message);
        });
      }
    });
  }
});
