/**
 * Per-operation scopes in the client: `get<Connector>Scopes(operations)` gives
 * exactly the scopes the named operations declare (each once, in order), for
 * the app to ask for at authorization; a real authorization server
 * (`oidc-provider`) grants exactly those. The fixture is the scopes spec with
 * an OAuth 2.0 method (test/fixtures/clients/scopes). The `@ts-expect-error`
 * lines are type tests (golden.test.ts runs tsc over this file).
 */
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { exchangeCode, readCallback, scopesFor, startAuthorization, type OAuth2Config } from 'connector-compiler/runtime';
import { AcmeOperationScopes, getAcmeOAuth2Config, getAcmeScopes, type AcmeScope } from '../../fixtures/clients/scopes/expected/clients/acme.js';
import { startOidcServer, type OidcServer } from './helpers/oidc-server.js';

const REDIRECT = 'https://app.example.com/oauth/callback';
const APP = { clientId: 'acme-app', clientSecret: 'acme-secret' } as const;

let server: OidcServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('get<Connector>Scopes', () => {
  it('gives the scopes of the named operations, each once, in the order they list them', () => {
    expect(getAcmeScopes(['createUser', 'deleteUser'])).toEqual(['users:read', 'users:write', 'admin']);
    expect(getAcmeScopes(['deleteUser', 'listUsers'])).toEqual(['users:write', 'admin', 'users:read']);
    expect(getAcmeScopes(['ping'])).toEqual([]);
    expect(getAcmeScopes([])).toEqual([]);
  });

  it('refuses an id that is not an operation (from untyped callers), naming the ones there are', () => {
    expect(() => getAcmeScopes(['listUsers', 'toString'] as never)).toThrow(new TypeError('No operation `toString`; expected one of `listUsers`, `createUser`, `deleteUser`, `ping`.'));
    expect(() => scopesFor({ a: ['x'] }, ['b'])).toThrow(new TypeError('No operation `b`; expected one of `a`.'));
  });

  it('is typed by the operation ids and the scope union', () => {
    expectTypeOf(getAcmeScopes).parameter(0).toEqualTypeOf<readonly ('listUsers' | 'createUser' | 'deleteUser' | 'ping')[]>();
    expectTypeOf(getAcmeScopes).returns.toEqualTypeOf<AcmeScope[]>();
    expectTypeOf<AcmeScope>().toEqualTypeOf<'users:read' | 'users:write' | 'admin'>();
    expectTypeOf(AcmeOperationScopes.createUser).toEqualTypeOf<readonly ['users:read', 'users:write']>();
    const never = () => {
      // @ts-expect-error not an operation of the client
      getAcmeScopes(['listUser']);
      // @ts-expect-error operation ids, not scopes
      getAcmeScopes(['users:read']);
    };
    expectTypeOf(never).toBeFunction();
  });
});

describe('asking for exactly the scopes of the operations the app uses', () => {
  it('puts them in the authorization URL in place of the method\'s default scopes', async () => {
    const config = getAcmeOAuth2Config('oauth2');
    expect(config.scopes).toEqual(['users:read']);
    const url = new URL((await startAuthorization(config, APP, { redirectUri: REDIRECT, scopes: getAcmeScopes(['createUser', 'deleteUser']) })).url);
    expect(url.searchParams.get('scope')).toBe('users:read users:write admin');
  });

  it('gets a token for exactly those scopes from a real authorization server', async () => {
    server = await startOidcServer({ ...APP, redirectUri: REDIRECT, scopes: ['users:read', 'users:write', 'admin'] });
    const config: OAuth2Config = { ...getAcmeOAuth2Config('oauth2'), authorizationUrl: `${server.origin}/auth`, tokenUrl: `${server.origin}/token` };
    const granted: string[] = [];
    for (const scopes of [getAcmeScopes(['createUser']), undefined]) {
      const request = await startAuthorization(config, APP, { redirectUri: REDIRECT, ...(scopes ? { scopes } : {}) });
      const code = readCallback(config, await server.authorize(request.url), request.state);
      granted.push((await exchangeCode(config, APP, { code, redirectUri: REDIRECT, codeVerifier: request.codeVerifier! })).scope ?? '');
    }
    expect(granted).toEqual(['users:read users:write', 'users:read']);
  });
});
