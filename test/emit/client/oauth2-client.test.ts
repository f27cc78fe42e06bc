/**
 * A generated client of an OAuth 2.0 method (Linear's, from the `oauth2`
 * fixture): the spec's settings reach `getLinearOAuth2Config`, a 401 is
 * retried once only, the current token is redacted from logs and `inspect`,
 * and a fixed token or a session (not both) is accepted. The hand-rolled
 * server stands for the API and hands out tokens here; the flows themselves
 * (refresh, rotation, concurrent refresh, revocation) are tested against a
 * real authorization server with the shipped Linear client in
 * oauth2-real-server.test.ts.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, OAuth2Session, exchangeCode, readCallback, startAuthorization, type OAuth2Config, type OAuth2Tokens, type TokenSource } from 'connector-compiler/runtime';
import { createLinearClient, getLinearOAuth2Config } from '../../fixtures/clients/oauth2/expected/clients/linear.js';
import { startOAuthServer, type OAuthServer, type OAuthServerOptions } from './helpers/oauth-server.js';

const REDIRECT = 'https://app.example.com/oauth/callback';
const APP = { clientId: 'lin-app-1', clientSecret: 'lin_cs_Secret/+=~ x' } as const;
const QUERY = { body: { query: '{ viewer { id } }' } } as const;

let server: OAuthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Linear's config from the spec, with its two endpoints moved to the local server. */
async function setUp(options: Partial<OAuthServerOptions> = {}) {
  server = await startOAuthServer({ ...APP, clientAuthentication: 'client_secret_post', ...options });
  const config: OAuth2Config = { ...getLinearOAuth2Config('oauth2'), authorizationUrl: `${server.origin}/authorize`, tokenUrl: `${server.origin}/token` };
  const start = await startAuthorization(config, APP, { redirectUri: REDIRECT });
  const consent = await fetch(start.url, { redirect: 'manual' });
  const code = readCallback(config, consent.headers.get('location')!, start.state);
  const tokens = await exchangeCode(config, APP, { code, redirectUri: REDIRECT, codeVerifier: start.codeVerifier! });
  const persisted: OAuth2Tokens[] = [];
  const session = new OAuth2Session({ config, client: APP, tokens, onTokens: (next) => void persisted.push(next) });
  const client = createLinearClient('oauth2', { session }, { baseUrl: server.origin });
  return { server, config, start, tokens, persisted, session, client };
}

describe('get<Name>OAuth2Config', () => {
  it('carries the spec\'s oauth2 block, defaults applied', () => {
    expect(getLinearOAuth2Config('oauth2')).toEqual({
      connector: 'linear',
      authorizationUrl: 'https://linear.app/oauth/authorize',
      tokenUrl: 'https://api.linear.app/oauth/token',
      scopes: ['read', 'write'],
      scopeSeparator: ',',
      pkce: true,
      authorizationParams: { prompt: 'consent' },
      clientAuthentication: 'client_secret_post',
    });
  });

  it('gives an authorization URL with Linear\'s comma-separated scopes, prompt=consent, state and PKCE', async () => {
    const start = await startAuthorization(getLinearOAuth2Config('oauth2'), APP, { redirectUri: REDIRECT });
    const url = new URL(start.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://linear.app/oauth/authorize');
    expect([...url.searchParams.keys()]).toEqual(['prompt', 'response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method']);
    expect([url.searchParams.get('prompt'), url.searchParams.get('scope'), url.searchParams.get('code_challenge_method')]).toEqual(['consent', 'read,write', 'S256']);
  });
});

describe('a generated OAuth 2.0 client', () => {
  it('retries a 401 only once: a second 401 is the ApiError', async () => {
    server = await startOAuthServer({ ...APP, clientAuthentication: 'client_secret_post' });
    const handed: string[] = [];
    const session: TokenSource = {
      accessToken: async () => 'at_stale',
      afterUnauthorized: async (rejected) => (handed.push(rejected), 'at_also_stale'),
    };
    const error = (await createLinearClient('oauth2', { session }, { baseUrl: server.origin }).graphql(QUERY).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(401);
    expect(handed).toEqual(['at_stale']);
    expect(server.apiTokens).toEqual(['at_stale', 'at_also_stale']);
  });

  it('reports the 401 when the session has no new token to offer', async () => {
    server = await startOAuthServer({ ...APP, clientAuthentication: 'client_secret_post' });
    const session: TokenSource = { accessToken: async () => 'at_stale', afterUnauthorized: async () => undefined };
    const error = (await createLinearClient('oauth2', { session }, { baseUrl: server.origin }).graphql(QUERY).catch((e: unknown) => e)) as ApiError;
    expect([error instanceof ApiError, error.status]).toEqual([true, 401]);
    expect(server.apiTokens).toEqual(['at_stale']);
  });

  it('redacts the current access token from log lines and errors', async () => {
    const { server, session, tokens } = await setUp();
    const lines: string[] = [];
    const logger = { debug: (line: string) => void lines.push(line), warn: (line: string) => void lines.push(line) };
    const client = createLinearClient('oauth2', { session }, { baseUrl: `${server.origin}/`, logger, headers: { 'x-echo': 'none' } });
    await client.graphql(QUERY);
    expect(lines).toEqual([expect.stringMatching(/^linear\.graphql POST http:\/\/127\.0\.0\.1:\d+\/graphql → 200 \(\d+ ms\)$/)]);
    expect(lines.join('\n')).not.toContain(tokens.accessToken);
    expect(inspect(client)).toBe('LinearClient { connector: "linear", authMethod: "oauth2", credentials: [REDACTED] }');
  });

  it('still takes a fixed access token, and refuses a session and a token together', async () => {
    const { server, tokens, session } = await setUp();
    await expect(createLinearClient('oauth2', { accessToken: tokens.accessToken }, { baseUrl: server.origin }).graphql(QUERY)).resolves.toEqual({ data: { viewer: { id: 'u_1' } } });
    expect(() => createLinearClient('oauth2', { accessToken: tokens.accessToken, session }, { baseUrl: server.origin })).toThrow(new TypeError('Pass either `session` or `accessToken` to an OAuth 2.0 client, not both.'));
    expect(() => createLinearClient('oauth2', {}, { baseUrl: server.origin })).toThrow(/Access Token/);
  });

});
