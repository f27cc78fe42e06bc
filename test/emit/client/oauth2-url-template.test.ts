/**
 * OAuth 2.0 endpoints templated from a field (a region or tenant): the
 * TenantDesk fixture's `https://{subdomain}.tenantdesk.example/oauth/…`.
 * `get<Name>OAuth2Config(method, values)` fills them in with the base URL's
 * rules, so a value fills one host label and nothing more: it cannot change
 * the host boundary or add a user, port, path, query or fragment. The admin
 * form of the profile checks the value with the same rule.
 */
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CredentialsError, type OAuth2Config } from 'connector-compiler/runtime';
import { getTenantDeskOAuth2Config } from '../../fixtures/clients/oauth2-tenant/expected/clients/tenantdesk.js';
import { compile } from '../../../src/compile.js';
import { fcOptions } from '../../helpers/fast-check.js';
import { readSpecs, CASES } from './helpers/cases.js';


describe('templated OAuth 2.0 endpoints', () => {
  it('are filled in from the tenant\'s value (lower-cased, as a host is)', () => {
    expect(getTenantDeskOAuth2Config('oauth2', { subdomain: 'Acme-EU' })).toEqual({
      connector: 'tenantdesk',
      authorizationUrl: 'https://acme-eu.tenantdesk.example/oauth/authorize',
      tokenUrl: 'https://acme-eu.tenantdesk.example/oauth/token',
      scopes: ['read'],
      scopeSeparator: ' ',
      pkce: true,
      authorizationParams: {},
      clientAuthentication: 'client_secret_post',
    } satisfies OAuth2Config);
  });

  it.each([
    ['evil.example/', 'host boundary and path'],
    ['evil.example#', 'fragment'],
    ['a@evil.example', 'user'],
    ['acme.evil', 'second label'],
    ['acme:8443', 'port'],
    ['acme?x=1', 'query'],
    ['..', 'dots'],
    ['acme\\evil', 'backslash'],
    ['аcme', 'Cyrillic homoglyph'],
    ['acme%2eevil', 'percent-encoded dot'],
    ['-acme', 'leading hyphen'],
    ['a'.repeat(64), 'over-long label'],
  ])('refuses %j (%s) with a CredentialsError that names the field, not the value', (value) => {
    const error = (() => {
      try {
        getTenantDeskOAuth2Config('oauth2', { subdomain: value });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })() as CredentialsError;
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error.problems).toEqual([{ key: 'subdomain', code: 'format', message: 'Subdomain must be a single host name label (letters, digits and hyphens) to be part of the API address.' }]);
    expect(error.message.includes(value)).toBe(false);
  });

  it('refuses a missing value, and a value of the wrong type from an untyped caller', () => {
    for (const values of [{}, { subdomain: '' }, { subdomain: ['acme'] }, Object.create({ subdomain: 'acme' }) as object]) {
      expect(() => getTenantDeskOAuth2Config('oauth2', values as { subdomain: string })).toThrow(new CredentialsError([{ key: 'subdomain', code: 'missing', message: 'Subdomain is required to build the API address.' }]));
    }
  });

  it('never lets any value move the endpoints off the tenant\'s host (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9.@:/?#%\\-]{0,12}$/)), (subdomain) => {
        let config: OAuth2Config;
        try {
          config = getTenantDeskOAuth2Config('oauth2', { subdomain });
        } catch (error) {
          expect(error).toBeInstanceOf(CredentialsError);
          return;
        }
        for (const [url, path] of [[config.authorizationUrl, '/oauth/authorize'], [config.tokenUrl, '/oauth/token']] as const) {
          const parsed = new URL(url);
          expect([parsed.protocol, parsed.hostname, parsed.port, parsed.username, parsed.password, parsed.pathname, parsed.search, parsed.hash]).toEqual(['https:', `${subdomain.toLowerCase()}.tenantdesk.example`, '', '', '', path, '', '']);
        }
      }),
      fcOptions(300),
    );
  });

  it('takes the values as a typed argument', () => {
    expectTypeOf(getTenantDeskOAuth2Config).parameter(1).toEqualTypeOf<{ readonly subdomain: string }>();
  });

  it('the admin form (profile) checks the subdomain with the same host-label rule, even when only the endpoints use it', () => {
    // The same spec with a fixed base URL: only the OAuth endpoints use `subdomain`.
    const [spec] = readSpecs(CASES.find((c) => c.name === 'oauth2-tenant')!);
    const source = spec!.source.replace('baseUrl: https://{subdomain}.tenantdesk.example/api/v2', 'baseUrl: https://api.tenantdesk.example/v2');
    expect(source).not.toBe(spec!.source);
    const result = compile({ specs: [{ file: spec!.file, source }], targets: ['forms'] });
    expect(result.diagnostics).toEqual([]);
    const schema = JSON.parse(result.files.get('forms/tenantdesk.oauth2.profile.schema.json')!) as { properties: Record<string, { allOf?: { pattern: string; errorMessage: { pattern: string } }[] }> };
    expect(schema.properties.subdomain!.allOf).toEqual([
      {
        pattern: '^(?:(?![Xx][Nn]--)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)?$',
        errorMessage: { pattern: 'Subdomain must be a single host name label (letters, digits and hyphens) to be part of the API address.' },
      },
    ]);
    const pattern = new RegExp(schema.properties.subdomain!.allOf![0]!.pattern);
    expect(['acme', 'acme-eu', 'evil.example/', 'a@b', 'acme.evil', '..'].map((value) => pattern.test(value))).toEqual([true, true, false, false, false, false]);
  });
});
