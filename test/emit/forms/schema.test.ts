/** Every generated form schema is valid draft-07 and every UI schema is a well-formed rjsf UI schema. */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { credentialSchema } from '../../../src/emit/forms/form-schema.js';
import { checkCredentials } from '../../../src/runtime/credentials.js';
import { ajvMessages, compileForms, consumerAjv, RULES_SPECS, rjsfValidator, SEED_SPECS } from './helpers.js';

type Json = Record<string, unknown>;
const outputs = [compileForms(SEED_SPECS), compileForms(RULES_SPECS)];
const schemas = outputs.flatMap(({ files }) => [...files].filter(([file]) => file.endsWith('.schema.json')).map(([file, text]) => [file, JSON.parse(text) as Json] as const));
const uiSchemas = new Map(outputs.flatMap(({ files }) => [...files].filter(([file]) => file.endsWith('.ui.json')).map(([file, text]) => [file.replace(/\.ui\.json$/, ''), JSON.parse(text) as Json] as const)));

describe('generated form schemas', () => {
  it('exist for every seed auth method and the fixture', () => {
    expect(schemas.map(([file]) => file)).toEqual([
      'forms/apollo.api-key.schema.json',
      'forms/clayhr.api-key.schema.json',
      'forms/datadog.api-key.schema.json',
      'forms/hive.api-key.schema.json',
      'forms/linear.api-key.schema.json',
      'forms/linear.oauth2.schema.json',
      'forms/linear.oauth2.profile.schema.json',
      'forms/polymer.api-key.schema.json',
      'forms/acme-desk.api-token.schema.json',
      'forms/acme-desk.basic.schema.json',
    ]);
  });

  for (const [file, schema] of schemas) {
    it(`${file} is valid against the draft-07 meta-schema`, () => {
      const ajv = new Ajv();
      expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(ajv.validateSchema(schema)).toBe(true);
      expect(ajv.errors).toBeNull();
    });

    it(`${file} compiles in ajv's strict mode once ajv-errors is registered, and only needs that`, () => {
      expect(() => consumerAjv().compile(schema)).not.toThrow();
      // Without ajv-errors, strict mode objects to exactly one keyword: errorMessage.
      expect(() => new Ajv({ allErrors: true, validateFormats: false }).compile(schema)).toThrow('strict mode: unknown keyword: "errorMessage"');
      // Non-strict consumers without ajv-errors still get the same accept/reject decision (with ajv's own messages).
      const lenient = new Ajv({ allErrors: true, strict: false, validateFormats: false });
      expect(lenient.validate(schema, {})).toBe(((schema.required as string[]).length === 0));
    });

    it(`${file} marks every secret writeOnly, has no format rjsf cannot validate, and requires non-empty values`, () => {
      const properties = schema.properties as Record<string, Json>;
      const ui = uiSchemas.get(file.replace(/\.schema\.json$/, '')) ?? {};
      for (const [key, property] of Object.entries(properties)) {
        const fieldUi = ui[key] as Json;
        // A multi-line secret is a text area, which cannot mask, so it is at least never autofilled.
        expect(property.writeOnly === true, key).toBe(fieldUi['ui:widget'] === 'password' || (fieldUi['ui:widget'] === 'textarea' && fieldUi['ui:autocomplete'] === 'off'));
        expect(['uri', 'email', 'hostname', 'uuid', undefined], key).toContain(property.format);
        if ((schema.required as string[]).includes(key)) expect(property.minLength as number, key).toBeGreaterThanOrEqual(1);
      }
      expect(schema.additionalProperties).toBe(false);
      expect(Object.keys(schema)).toEqual(['$schema', 'title', 'description', 'type', 'required', 'properties', 'additionalProperties', 'errorMessage']);
    });

    it(`${file} has a UI schema that orders, focuses and masks its fields`, () => {
      const ui = uiSchemas.get(file.replace(/\.schema\.json$/, '')) ?? {};
      const keys = Object.keys(schema.properties as Json);
      expect(ui['ui:order']).toEqual(keys);
      expect(Object.keys(ui)).toEqual(['ui:order', 'ui:submitButtonOptions', ...keys]);
      keys.forEach((key, index) => {
        const fieldUi = ui[key] as Json;
        expect(fieldUi['ui:autofocus'], key).toBe(index === 0 ? true : undefined);
        if (fieldUi['ui:widget'] === 'password') expect(fieldUi['ui:autocomplete'], key).toBe('off');
        // A select: one label per `enum` value, in the same order.
        const values = ((schema.properties as Json)[key] as Json).enum as unknown[] | undefined;
        expect([fieldUi['ui:widget'] === 'select', (fieldUi['ui:enumNames'] as unknown[] | undefined)?.length], key).toEqual(values === undefined ? [false, undefined] : [true, values.length]);
        for (const option of Object.keys(fieldUi)) expect(['ui:autofocus', 'ui:widget', 'ui:autocomplete', 'ui:placeholder', 'ui:help', 'ui:enumNames'], key).toContain(option);
      });
    });

    it(`${file} is accepted by @rjsf/validator-ajv8 as a schema`, () => {
      const validator = rjsfValidator();
      // rjsf reports an invalid schema as a validation error carrying the compile error; there must be none.
      const result = validator.validateFormData({}, schema);
      expect(result.errors.every((error) => error.name === 'errorMessage')).toBe(true);
      expect(validator.isValid(schema, {}, schema)).toBe((schema.required as string[]).length === 0);
    });
  }
});

describe('spec text inside messages', () => {
  it('cannot make ajv-errors print a submitted value', () => {
    const rules = [{ key: 'apiKey', label: 'Key ${/apiKey}', required: true, secret: true, pattern: '^x', patternMessage: 'must match ${/apiKey} or ${0}' }];
    const schema = credentialSchema(rules, { title: 'T', description: 'D' });
    const data = { apiKey: 'sk_live_SECRET' };
    const messages = ajvMessages(consumerAjv(), schema, data);
    expect(messages).toEqual(['Key $ {/apiKey} must match $ {/apiKey} or $ {0}.']);
    expect(checkCredentials(rules, data).map((p) => p.message)).toEqual(messages);
  });

  it('survives quotes, backslashes and line separators in labels', () => {
    const rules = [{ key: 'a', label: 'A "quoted" \\ label\u2028', required: true, secret: false }];
    const messages = ajvMessages(consumerAjv(), credentialSchema(rules, { title: 'T', description: 'D' }), {});
    expect(messages).toEqual(['A "quoted" \\ label\u2028 is required.']);
  });
});
