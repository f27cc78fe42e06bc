/**
 * The OAuth 2.0 runtime's own logic (authorization URL, callback, sessions
 * without a refresh token) and what only a hand-rolled server can show: an
 * unreachable token endpoint and a server that echoes the request's secrets.
 * The flows against a real authorization server: oauth2-real-server.test.ts.
 */
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  OAuth2Error,
  OAuth2Session,
  clientCredentialsGrant,
  exchangeCode,
  readCallback,
  startAuthorization,
  type OAuth2Config,
} from '../../src/runtime/oauth2.js';
import { startOAuthServer, type OAuthServer, type OAuthServerOptions } from '../emit/client/helpers/oauth-server.js';
import { fcOptions } from '../helpers/fast-check.js';

const REDIRECT = 'https://app.example.com/oauth/callback';
const CLIENT = { clientId: 'app-123', clientSecret: 'cs_Secret/+=~ x' } as const;

let server: OAuthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp(overrides: Partial<OAuthServerOptions> = {}, config: Partial<OAuth2Config> = {}) {
  server = await startOAuthServer({ ...CLIENT, clientAuthentication: 'client_secret_post', ...overrides });
  const oauth: OAuth2Config = { connector: 'acme', authorizationUrl: `${server.origin}/authorize`, tokenUrl: `${server.origin}/token`, scopes: ['read', 'write'], ...config };
  return { server, oauth };
}

function allText(error: unknown): string {
  return [String(error), (error as Error).message, (error as Error).stack ?? '', JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })].join('\n');
}

describe('OAuth 2.0 authorization URL', () => {
  it('carries the client, the redirect, the scopes, a fresh state and a PKCE S256 challenge of the verifier', async () => {
    const oauth: OAuth2Config = { connector: 'acme', authorizationUrl: 'https://acme.example/oauth/authorize?tenant=t1', tokenUrl: 'https://acme.example/oauth/token', scopes: ['users:read', 'users:write'], scopeSeparator: ',', authorizationParams: { prompt: 'consent', state: 'not-this-one' } };
    const first = await startAuthorization(oauth, CLIENT, { redirectUri: REDIRECT });
    const second = await startAuthorization(oauth, CLIENT, { redirectUri: REDIRECT });
    const url = new URL(first.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://acme.example/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 't1',
      prompt: 'consent',
      response_type: 'code',
      client_id: 'app-123',
      redirect_uri: REDIRECT,
      scope: 'users:read,users:write',
      state: first.state,
      code_challenge: createHash('sha256').update(first.codeVerifier!).digest('base64url'),
      code_challenge_method: 'S256',
    });
    // RFC 7636 §4.1: 43–128 characters of the unreserved set; fresh each time, as is the state.
    expect(first.codeVerifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(first.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.state).not.toBe(first.state);
    expect(second.codeVerifier).not.toBe(first.codeVerifier);
    expect(new URL((await startAuthorization({ ...oauth, pkce: false }, CLIENT, { redirectUri: REDIRECT, scopes: [] })).url).searchParams.has('code_challenge')).toBe(false);
  });

  it('refuses a callback whose state differs, and reports the provider\'s refusal', async () => {
    const oauth = { connector: 'acme' };
    expect(readCallback(oauth, `${REDIRECT}?code=c1&state=s1`, 's1')).toBe('c1');
    expect(() => readCallback(oauth, `${REDIRECT}?code=c1&state=s2`, 's1')).toThrowError(expect.objectContaining({ name: 'OAuth2Error', code: 'state_mismatch', reauthorize: false }));
    expect(() => readCallback(oauth, `${REDIRECT}?code=c1`, 's1')).toThrowError(expect.objectContaining({ code: 'state_mismatch' }));
    expect(() => readCallback(oauth, `${REDIRECT}?error=access_denied&error_description=No&state=s1`, 's1')).toThrowError(
      expect.objectContaining({ code: 'access_denied', reauthorize: true, message: 'acme did not authorize the app (access_denied): No.' }),
    );
  });
});

describe('OAuth 2.0 against the hand-rolled server (what a real one cannot be made to do)', () => {
  // The code exchange, refresh (before expiry, after a 401, concurrent), rotation, a revoked refresh
  // token and the client-credentials grant are tested against a real server: oauth2-real-server.test.ts.

  it('without a refresh token, a session says the user must authorize again, and has no token to offer after a 401', async () => {
    const { oauth } = await setUp();
    const noRefresh = new OAuth2Session({ config: oauth, client: CLIENT, tokens: { accessToken: 'at_x', expiresAt: 0 } });
    await expect(noRefresh.accessToken()).rejects.toMatchObject({ code: 'no_refresh_token', reauthorize: true });
    expect(await noRefresh.afterUnauthorized('at_x')).toBeUndefined();
  });

  it('reports an unreachable token endpoint as a network error', async () => {
    const { oauth } = await setUp();
    await server!.close();
    server = undefined;
    await expect(clientCredentialsGrant(oauth, CLIENT)).rejects.toMatchObject({ name: 'OAuth2Error', code: 'network_error', message: 'Could not reach the acme token endpoint (client_credentials).' });
  });

  it('never lets a client secret, code, verifier or refresh token into an error, even when the server echoes the request', async () => {
    const { oauth } = await setUp({ echoRequestInErrors: true, clientAuthentication: 'client_secret_basic' });
    const secretChars = fc.string({ unit: fc.constantFrom(...Array.from('aB3~/+= !\'()*%&é😀')), minLength: 4, maxLength: 24 });
    await fc.assert(
      fc.asyncProperty(secretChars, fc.constantFrom('client_secret_basic', 'client_secret_post') as fc.Arbitrary<'client_secret_basic' | 'client_secret_post'>, async (secret, clientAuthentication) => {
        const client = { clientId: 'app-123', clientSecret: secret };
        const config = { ...oauth, clientAuthentication };
        const refresh = `rt_${secret}`;
        const failures = await Promise.all([
          exchangeCode(config, client, { code: `code_${secret}`, redirectUri: REDIRECT, codeVerifier: `cv_${secret}` }).catch((e: unknown) => e),
          new OAuth2Session({ config, client, tokens: { accessToken: 'at_1', refreshToken: refresh, expiresAt: 0 } }).accessToken().catch((e: unknown) => e),
        ]);
        for (const failure of failures) {
          expect(failure).toBeInstanceOf(OAuth2Error);
          const text = allText(failure);
          for (const value of [secret, `code_${secret}`, `cv_${secret}`, refresh]) {
            for (const encoded of [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2), JSON.stringify(value).slice(1, -1)]) {
              expect(text.includes(encoded), `${encoded} in ${text}`).toBe(false);
            }
          }
        }
      }),
      fcOptions(25),
    );
  });
});
