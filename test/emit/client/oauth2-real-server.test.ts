/**
 * The OAuth 2.0 runtime and the shipped Linear client (connectors/linear.yaml,
 * its `oauth2` method) against a real authorization server (`oidc-provider`,
 * see helpers/oidc-server.ts) on 127.0.0.1: the authorization-code round trip
 * with PKCE, refresh before expiry and after a 401, refresh-token rotation,
 * one refresh for concurrent calls, a revoked refresh token, the
 * client-credentials grant, and no secret or token in any error or log line.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  OAuth2Error,
  OAuth2Session,
  clientCredentialsGrant,
  exchangeCode,
  readCallback,
  refreshTokens,
  startAuthorization,
  type OAuth2Config,
  type OAuth2Tokens,
} from 'connector-compiler/runtime';
import { createLinearClient, getLinearOAuth2Config } from '../../../generated/clients/linear.js';
import { startOidcServer, type OidcServer, type OidcServerOptions } from './helpers/oidc-server.js';

const REDIRECT = 'https://app.example.com/oauth/callback';
const APP = { clientId: 'linear-app-1', clientSecret: 'lin_cs_Secret/+=~x' } as const;
const QUERY = { body: { query: '{ viewer { id } }' } } as const;
const VIEWER = { data: { viewer: { id: 'user-1' } } };

let server: OidcServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

/**
 * Linear's OAuth settings from the spec, with the endpoints moved to the local
 * server; it reads scopes the RFC 6749 way (space-separated) where Linear
 * reads commas.
 */
async function start(options: Partial<OidcServerOptions> = {}, clientAuthentication: OAuth2Config['clientAuthentication'] = 'client_secret_post') {
  server = await startOidcServer({ ...APP, redirectUri: REDIRECT, scopes: ['read', 'write', 'issues:create', 'admin'], clientAuthentication, ...options });
  const config: OAuth2Config = { ...getLinearOAuth2Config('oauth2'), authorizationUrl: `${server.origin}/auth`, tokenUrl: `${server.origin}/token`, scopeSeparator: ' ', clientAuthentication };
  return { server, config };
}

/** The app's side of the authorization: redirect, (the user consents), callback, code exchange. */
async function authorize(server: OidcServer, config: OAuth2Config, scopes?: readonly string[]) {
  const request = await startAuthorization(config, APP, { redirectUri: REDIRECT, ...(scopes ? { scopes } : {}) });
  const callback = await server.authorize(request.url);
  const code = readCallback(config, callback, request.state);
  const tokens = await exchangeCode(config, APP, { code, redirectUri: REDIRECT, codeVerifier: request.codeVerifier! });
  return { request, callback, code, tokens };
}

async function linked(options: Partial<OidcServerOptions> = {}) {
  const { server, config } = await start(options);
  const { tokens } = await authorize(server, config);
  const persisted: OAuth2Tokens[] = [];
  const session = new OAuth2Session({ config, client: APP, tokens, onTokens: (next) => void persisted.push(next) });
  const client = createLinearClient('oauth2', { session }, { baseUrl: server.origin });
  return { server, config, tokens, persisted, session, client };
}

function rejection(promise: Promise<unknown>): Promise<OAuth2Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as OAuth2Error,
  );
}

function allText(error: unknown): string {
  return [String(error), (error as Error).message, (error as Error).stack ?? '', JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })].join('\n');
}

describe('authorization code + PKCE against oidc-provider', () => {
  it('round-trips: the callback carries the state, the code and the PKCE verifier buy a token set for the asked scopes', async () => {
    const { server, config } = await start();
    const { request, callback, tokens } = await authorize(server, config);
    const back = new URL(callback);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe(request.state);
    expect(Object.keys(tokens).sort()).toEqual(['accessToken', 'expiresAt', 'refreshToken', 'scope', 'tokenType']);
    expect([tokens.scope, tokens.tokenType]).toEqual(['read write', 'Bearer']);
    expect(server.tokenRequests.map((form) => form.grant_type)).toEqual(['authorization_code']);
    await expect(createLinearClient('oauth2', { accessToken: tokens.accessToken }, { baseUrl: server.origin }).graphql(QUERY)).resolves.toEqual(VIEWER);
  });

  it('is refused by the server without the verifier, and a code works once', async () => {
    const { server, config } = await start();
    const request = await startAuthorization(config, APP, { redirectUri: REDIRECT });
    const code = readCallback(config, await server.authorize(request.url), request.state);
    const noVerifier = await rejection(exchangeCode(config, APP, { code, redirectUri: REDIRECT }));
    expect([noVerifier.code, noVerifier.status]).toEqual(['invalid_grant', 400]);

    const again = await startAuthorization(config, APP, { redirectUri: REDIRECT });
    const second = readCallback(config, await server.authorize(again.url), again.state);
    await exchangeCode(config, APP, { code: second, redirectUri: REDIRECT, codeVerifier: again.codeVerifier! });
    const reused = await rejection(exchangeCode(config, APP, { code: second, redirectUri: REDIRECT, codeVerifier: again.codeVerifier! }));
    expect([reused.code, reused.reauthorize]).toEqual(['invalid_grant', true]);
  });

  it('authenticates the client with client_secret_basic where the app is registered so', async () => {
    const { server, config } = await start({}, 'client_secret_basic');
    const { tokens } = await authorize(server, config, ['read']);
    expect(tokens.scope).toBe('read');
  });
});

describe('refresh against oidc-provider', () => {
  it('refreshes before the call when the token expires within the margin, rotating the refresh token through onTokens', async () => {
    const { server, client, tokens, persisted, session } = await linked({ accessTokenTtl: 30 });
    await expect(client.graphql(QUERY)).resolves.toEqual(VIEWER);
    expect(server.tokenRequests).toEqual([{ grant_type: 'authorization_code' }, { grant_type: 'refresh_token', refresh_token: tokens.refreshToken }]);
    expect(persisted).toEqual([session.tokens]);
    expect(persisted[0]!.refreshToken).not.toBe(tokens.refreshToken);
    expect(server.apiTokens).toEqual([persisted[0]!.accessToken]);
  });

  it('rotation: the old refresh token is invalid_grant once the new one is issued', async () => {
    const { server, config, tokens } = await linked();
    const next = await refreshTokens(config, APP, tokens.refreshToken!);
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    const old = await rejection(refreshTokens(config, APP, tokens.refreshToken!));
    expect([old.code, old.status, old.reauthorize]).toEqual(['invalid_grant', 400, true]);
    expect(server.tokenRequests.map((form) => form.grant_type)).toEqual(['authorization_code', 'refresh_token', 'refresh_token']);
  });

  it('after a 401, refreshes once, persists the rotated set, and retries', async () => {
    const { server, client, tokens, persisted } = await linked();
    await server.forgetAccessToken(tokens.accessToken);
    await expect(client.graphql(QUERY)).resolves.toEqual(VIEWER);
    expect(server.tokenRequests.map((form) => form.grant_type)).toEqual(['authorization_code', 'refresh_token']);
    expect(persisted).toHaveLength(1);
    expect(server.apiTokens).toEqual([tokens.accessToken, persisted[0]!.accessToken]);
  });

  it('concurrent calls share one refresh (a second one would present a used refresh token)', async () => {
    const { server, client, tokens, persisted } = await linked({ accessTokenTtl: 30 });
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => client.graphql(QUERY)));
    expect(results).toEqual([1, 2, 3, 4, 5].map(() => VIEWER));
    expect(server.tokenRequests).toEqual([{ grant_type: 'authorization_code' }, { grant_type: 'refresh_token', refresh_token: tokens.refreshToken }]);
    expect(persisted).toHaveLength(1);
    expect(server.apiTokens).toEqual([1, 2, 3, 4, 5].map(() => persisted[0]!.accessToken));
  });

  it('concurrent 401s share one refresh too', async () => {
    const { server, client, tokens, persisted } = await linked();
    await server.forgetAccessToken(tokens.accessToken);
    await expect(Promise.all([client.graphql(QUERY), client.graphql(QUERY), client.graphql(QUERY)])).resolves.toEqual([VIEWER, VIEWER, VIEWER]);
    expect(server.tokenRequests.map((form) => form.grant_type)).toEqual(['authorization_code', 'refresh_token']);
    expect(persisted).toHaveLength(1);
  });

  it('a revoked refresh token is a typed invalid_grant that asks for re-authorization, from the call and from verify()', async () => {
    const { server, client, tokens } = await linked();
    await server.revoke(tokens.refreshToken!);
    await server.forgetAccessToken(tokens.accessToken);
    const error = await rejection(client.graphql(QUERY));
    expect(error).toBeInstanceOf(OAuth2Error);
    expect([error.connector, error.code, error.status, error.reauthorize]).toEqual(['linear', 'invalid_grant', 400, true]);
    expect(error.message).toBe('The linear token endpoint refused the refresh_token request (HTTP 400, invalid_grant): grant request is invalid. The user must authorize again.');
    const verified = await client.verify();
    expect(verified.ok === false && verified.reason).toBe('oauth2-error');
  });
});

describe('client credentials against oidc-provider', () => {
  it('gets an app token the API accepts, and a session asks again when it expires', async () => {
    const { server, config } = await start({ accessTokenTtl: 30 });
    const tokens = await clientCredentialsGrant(config, APP, { scopes: ['read'] });
    expect([tokens.scope, tokens.refreshToken]).toEqual(['read', undefined]);
    await expect(createLinearClient('oauth2', { accessToken: tokens.accessToken }, { baseUrl: server.origin }).graphql(QUERY)).resolves.toEqual({ data: { viewer: { id: APP.clientId } } });

    const persisted: OAuth2Tokens[] = [];
    const session = new OAuth2Session({ config: { ...config, scopes: ['read'] }, client: APP, grant: 'client_credentials', onTokens: (next) => void persisted.push(next) });
    const client = createLinearClient('oauth2', { session }, { baseUrl: server.origin });
    await client.graphql(QUERY);
    await client.graphql(QUERY); // expires within the 60 s margin: a new token
    expect(server.tokenRequests.map((form) => form.grant_type)).toEqual(['client_credentials', 'client_credentials', 'client_credentials']);
    expect(persisted).toHaveLength(2);
  });
});

describe('no secret or token in any error or log', () => {
  it('across a flow with failures: errors, log lines and console output name none of them', async () => {
    const consoleLines: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map(String).join(' ')));
    const { server, config, tokens } = await linked();
    const secrets = [APP.clientSecret, tokens.accessToken, tokens.refreshToken!];
    const errors: unknown[] = [];
    const logLines: string[] = [];
    const logger = { debug: (line: string) => void logLines.push(line), warn: (line: string) => void logLines.push(line) };

    // A code replayed, with its verifier.
    const request = await startAuthorization(config, APP, { redirectUri: REDIRECT });
    const code = readCallback(config, await server.authorize(request.url), request.state);
    const fresh = await exchangeCode(config, APP, { code, redirectUri: REDIRECT, codeVerifier: request.codeVerifier! });
    secrets.push(code, request.codeVerifier!, fresh.accessToken, fresh.refreshToken!);
    // A working call, logged (before the replay below revokes what the code bought).
    await createLinearClient('oauth2', { accessToken: fresh.accessToken }, { baseUrl: server.origin, logger }).graphql(QUERY);
    errors.push(await rejection(exchangeCode(config, APP, { code, redirectUri: REDIRECT, codeVerifier: request.codeVerifier! })));
    // A wrong client secret.
    errors.push(await rejection(refreshTokens(config, { ...APP, clientSecret: `${APP.clientSecret}-wrong` }, fresh.refreshToken!)));
    // A revoked refresh token, through a client that logs.
    await server.revoke(tokens.refreshToken!);
    await server.forgetAccessToken(tokens.accessToken);
    const session = new OAuth2Session({ config, client: APP, tokens });
    const client = createLinearClient('oauth2', { session }, { baseUrl: server.origin, logger });
    errors.push(await rejection(client.graphql(QUERY)));
    errors.push(((await client.verify()) as { error: unknown }).error);

    expect(errors.map((error) => (error as OAuth2Error).code)).toEqual(['invalid_grant', 'invalid_client', 'invalid_grant', 'invalid_grant']);
    expect(logLines.length).toBeGreaterThan(0);
    const shown = [...errors.map(allText), ...logLines, ...consoleLines].join('\n');
    for (const secret of secrets) {
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain(encodeURIComponent(secret));
    }
  });
});
