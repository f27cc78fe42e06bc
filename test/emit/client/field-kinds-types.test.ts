/**
 * Type tests for the field kinds (issue #17 part 3), over the field-kinds
 * golden client: a number field takes a number, a checkbox a boolean, a select
 * one of its values, and a conditional field is optional in the type (the
 * constructor requires it while its condition holds). Each `@ts-expect-error`
 * must fail to type-check; golden.test.ts runs tsc over this file.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { createFieldworkClient, type FieldworkApiKeyCredentials } from '../../fixtures/clients/field-kinds/expected/clients/fieldwork.js';

describe('field kinds in client credential types', () => {
  it('types numbers, booleans, selects and conditional fields', () => {
    expectTypeOf<FieldworkApiKeyCredentials['port']>().toEqualTypeOf<number>();
    expectTypeOf<FieldworkApiKeyCredentials['sandbox']>().toEqualTypeOf<boolean>();
    expectTypeOf<FieldworkApiKeyCredentials['region']>().toEqualTypeOf<'us' | 'eu' | 'ap'>();
    expectTypeOf<FieldworkApiKeyCredentials['residencyKey']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<FieldworkApiKeyCredentials['rateLimit']>().toEqualTypeOf<number | undefined>();
    const base = { region: 'us', port: 443, apiKey: 'fw_a', userId: 1, sandbox: false } as const;
    const never = () => {
      createFieldworkClient(base);
      createFieldworkClient({ ...base, region: 'eu', residencyKey: 'r', sandbox: true, sandboxToken: 't', rateLimit: 2.5 });
      // @ts-expect-error a number field takes a number, not its text
      createFieldworkClient({ ...base, port: '443' });
      // @ts-expect-error a checkbox takes a boolean
      createFieldworkClient({ ...base, sandbox: 'false' });
      // @ts-expect-error a select takes one of its option values
      createFieldworkClient({ ...base, region: 'EU' });
      // @ts-expect-error a required number field is still required
      createFieldworkClient({ region: 'us', apiKey: 'fw_a', userId: 1, sandbox: false });
    };
    void never;
  });
});
