/** The texts themselves: messages, the client's error, and the UI help line. */
import { describe, expect, it } from 'vitest';
import { ruleSummary } from '../../../src/emit/forms/ui-schema.js';
import { buildFormSchema } from '../../../src/emit/forms/form-schema.js';
import { buildUiSchema } from '../../../src/emit/forms/ui-schema.js';
import type { AuthMethod, ConnectorModel } from '../../../src/model/connector-model.js';
import { assertCredentials, credentialMessages, CredentialsError, type CredentialRule } from '../../../src/runtime/credentials.js';

const base: CredentialRule = { key: 'token', label: 'Token', required: true, secret: true };

describe('credentialMessages', () => {
  it('writes one sentence per rule, by label', () => {
    expect(credentialMessages({ ...base, pattern: '^t_', patternMessage: 'must start with t_', format: 'uuid', minLength: 1, maxLength: 1 })).toEqual({
      missing: 'Token is required.',
      type: 'Token must be text.',
      minLength: 'Token is required.',
      maxLength: 'Token must be at most 1 character long.',
      pattern: 'Token must start with t_.',
      format: 'Token must be a UUID.',
    });
  });

  it('keeps a pattern message that already ends a sentence, and has a default', () => {
    expect(credentialMessages({ ...base, pattern: 'x', patternMessage: 'looks wrong!' }).pattern).toBe('Token looks wrong!');
    expect(credentialMessages({ ...base, pattern: 'x' }).pattern).toBe('Token is not in the expected format.');
  });

  it('gives optional fields no minimum unless they set one', () => {
    expect(credentialMessages({ ...base, required: false }).minLength).toBeUndefined();
    expect(credentialMessages({ ...base, required: false, minLength: 1 }).minLength).toBe('Token must be at least 1 character long.');
    expect(credentialMessages({ ...base, minLength: 20 }).minLength).toBe('Token must be at least 20 characters long.');
  });
});

describe('CredentialsError', () => {
  it('lists each distinct message once, then names unexpected keys, never values', () => {
    const rules: CredentialRule[] = [base, { key: 'user', label: 'User', required: true, secret: false }];
    let error: unknown;
    try {
      assertCredentials(rules, { token: '', tokn: 'secret-1', usr: 'secret-2' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CredentialsError);
    expect((error as CredentialsError).name).toBe('CredentialsError');
    expect((error as CredentialsError).message).toBe(
      'Token is required. User is required. Only these credential fields are allowed: `token` (Token), `user` (User). Unexpected: `tokn`, `usr`.',
    );
    expect((error as CredentialsError).problems.map((p) => [p.key, p.code])).toEqual([
      ['token', 'missing'],
      ['user', 'missing'],
      ['tokn', 'unknown'],
      ['usr', 'unknown'],
    ]);
  });
});

describe('ruleSummary (ui:help)', () => {
  it('states the rules in one line', () => {
    expect(ruleSummary({ patternMessage: 'must start with lin_api_' })).toBe('Must start with lin_api_.');
    expect(ruleSummary({ format: 'email', minLength: 3, maxLength: 3 })).toBe('An email address. Exactly 3 characters.');
    expect(ruleSummary({ minLength: 8 })).toBe('At least 8 characters.');
    expect(ruleSummary({ minLength: 1, maxLength: 1 })).toBe('Exactly 1 character.');
    expect(ruleSummary({ minLength: 1, maxLength: 5 })).toBe('At most 5 characters.');
    expect(ruleSummary({ minLength: 1 })).toBeUndefined();
    expect(ruleSummary({ minLength: 2, maxLength: 9 })).toBe('Between 2 and 9 characters.');
    expect(ruleSummary({})).toBeUndefined();
  });
});

describe('a method without fields', () => {
  it('still gets a valid, empty form', () => {
    const method: AuthMethod = { id: 'oauth', type: 'oauth2', label: 'OAuth 2.0', fields: [], placements: [] };
    const model = { id: 'x', name: 'X', sourceFile: 'x.yaml', fields: [], authMethods: [method], api: { baseUrl: { raw: 'https://x.example', parts: [{ type: 'text', value: 'https://x.example' }] } } } as unknown as ConnectorModel;
    expect(buildFormSchema(model, method)).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'Connect X — OAuth 2.0',
      description: 'Nothing to fill out: X connects with OAuth 2.0.',
      type: 'object',
      required: [],
      properties: {},
      additionalProperties: false,
      errorMessage: { type: 'Credentials must be an object with one property per field.', additionalProperties: 'No credential fields are expected.' },
    });
    expect(buildUiSchema(method)).toEqual({ 'ui:order': [], 'ui:submitButtonOptions': { submitText: 'Connect' } });
  });
});
