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
  type OAuth2Tokens,
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

/** The whole authorization-code flow, as an app runs it: redirect, consent, callback, exchange. */
async function authorize(oauth: OAuth2Config, scopes?: readonly string[]): Promise<OAuth2Tokens> {
  const start = await startAuthorization(oauth, CLIENT, { redirectUri: REDIRECT, ...(scopes ? { scopes } : {}) });
  const consent = await fetch(start.url, { redirect: 'manual' });
  const code = readCallback(oauth, consent.headers.get('location')!, start.state);
  return exchangeCode(oauth, CLIENT, { code, redirectUri: REDIRECT, ...(start.codeVerifier !== undefined ? { codeVerifier: start.codeVerifier } : {}) });
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

describe('OAuth 2.0 against a local authorization server', () => {
  for (const clientAuthentication of ['client_secret_post', 'client_secret_basic'] as const) {
    it(`exchanges the code with the PKCE verifier (${clientAuthentication})`, async () => {
      const { server, oauth } = await setUp({ clientAuthentication }, { clientAuthentication });
      const tokens = await authorize(oauth);
      expect(tokens).toEqual({ accessToken: expect.stringMatching(/^at_/), refreshToken: expect.stringMatching(/^rt_/), expiresAt: expect.any(Number), scope: 'read write', tokenType: 'Bearer' });
      expect(server.tokenRequests[0]).toMatchObject({ grant_type: 'authorization_code', redirect_uri: REDIRECT, code_verifier: expect.any(String) });
      expect('client_secret' in server.tokenRequests[0]!).toBe(clientAuthentication === 'client_secret_post');
    });
  }

  it('refreshes before expiry, once for many concurrent calls, and hands every rotated token set to onTokens', async () => {
    const { server, oauth } = await setUp({ tokenDelay: 30 });
    const initial = await authorize(oauth);
    let now = Date.now();
    const persisted: OAuth2Tokens[] = [];
    const session = new OAuth2Session({ config: oauth, client: CLIENT, tokens: initial, now: () => now, onTokens: (tokens) => void persisted.push(tokens) });
    expect(await session.accessToken()).toBe(initial.accessToken);
    expect(server.tokenRequests).toHaveLength(1);

    now = initial.expiresAt! - 30_000; // inside the 60 s margin
    const tokens = await Promise.all(Array.from({ length: 10 }, () => session.accessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(initial.accessToken);
    expect(server.tokenRequests.map((form) => form.grant_type)).toEqual(['authorization_code', 'refresh_token']);
    expect(persisted).toEqual([session.tokens]);
    expect(persisted[0]!.refreshToken).not.toBe(initial.refreshToken);

    // The old refresh token was rotated away: only the persisted one works now.
    now = persisted[0]!.expiresAt! - 1_000;
    await session.accessToken();
    expect(server.tokenRequests.at(-1)!.refresh_token).toBe(persisted[0]!.refreshToken);
  });

  it('after a 401, refreshes once however many calls saw it, and not again for a token already replaced', async () => {
    const { server, oauth } = await setUp({ tokenDelay: 30 });
    const initial = await authorize(oauth);
    const session = new OAuth2Session({ config: oauth, client: CLIENT, tokens: initial });
    server.validAccessTokens.delete(initial.accessToken); // the provider revoked it early
    const rejected = await session.accessToken();
    expect((await fetch(`${server.origin}/api/me`, { headers: { authorization: `Bearer ${rejected}` } })).status).toBe(401);
    const replacements = await Promise.all(Array.from({ length: 5 }, () => session.afterUnauthorized(rejected)));
    expect(new Set(replacements).size).toBe(1);
    expect(await session.afterUnauthorized(rejected)).toBe(replacements[0]);
    expect(server.tokenRequests.filter((form) => form.grant_type === 'refresh_token')).toHaveLength(1);
    expect((await fetch(`${server.origin}/api/me`, { headers: { authorization: `Bearer ${replacements[0]}` } })).status).toBe(200);
  });

  it('says the user must authorize again when the refresh token is revoked (invalid_grant)', async () => {
    const { server, oauth } = await setUp();
    const initial = await authorize(oauth);
    server.revokeRefreshTokens();
    const session = new OAuth2Session({ config: oauth, client: CLIENT, tokens: { ...initial, expiresAt: 0 } });
    const error = await session.accessToken().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OAuth2Error);
    expect(error).toMatchObject({
      code: 'invalid_grant',
      status: 400,
      reauthorize: true,
      message: 'The acme token endpoint refused the refresh_token request (HTTP 400, invalid_grant): The refresh token is invalid, expired or revoked. The user must authorize again.',
    });
    const noRefresh = new OAuth2Session({ config: oauth, client: CLIENT, tokens: { accessToken: 'at_x', expiresAt: 0 } });
    await expect(noRefresh.accessToken()).rejects.toMatchObject({ code: 'no_refresh_token', reauthorize: true });
    expect(await noRefresh.afterUnauthorized('at_x')).toBeUndefined();
  });

  it('gets app tokens with the client-credentials grant, and again when they expire', async () => {
    const { server, oauth } = await setUp({ clientAuthentication: 'client_secret_basic', expiresIn: 1 }, { clientAuthentication: 'client_secret_basic' });
    expect(await clientCredentialsGrant(oauth, CLIENT, { scopes: ['reports'] })).toMatchObject({ accessToken: expect.stringMatching(/^at_/), scope: 'reports' });
    const session = new OAuth2Session({ config: oauth, client: CLIENT, grant: 'client_credentials' });
    const first = await session.accessToken();
    const second = await session.accessToken(); // expires in 1 s, inside the margin: asks again
    expect(second).not.toBe(first);
    expect(server.tokenRequests.map((form) => [form.grant_type, form.scope])).toEqual([
      ['client_credentials', 'reports'],
      ['client_credentials', 'read write'],
      ['client_credentials', 'read write'],
    ]);
    await expect(clientCredentialsGrant(oauth, { clientId: CLIENT.clientId, clientSecret: 'wrong' })).rejects.toMatchObject({ code: 'invalid_client', status: 401, reauthorize: false });
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
