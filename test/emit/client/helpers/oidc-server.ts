/// <reference path="./oidc-provider.d.ts" />
/**
 * A real OAuth 2.0 authorization server — `oidc-provider` (v8, certified
 * OpenID Connect / OAuth 2.0 implementation) — on 127.0.0.1 in the test
 * process. It enforces what providers enforce: PKCE S256 on every
 * authorization, single-use codes bound to the redirect URI, client
 * authentication as registered, rotating refresh tokens (presenting a used
 * one is `invalid_grant`), revocation (RFC 7009) and the client-credentials
 * grant. The end user's login and consent are one interaction handler that
 * grants the requested scopes at once, so a test drives the authorization
 * endpoint with plain `fetch` calls (`authorize`). `/api/me` and
 * `POST /graphql` stand for the API: they accept the access tokens the server
 * issued and still holds.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';

export interface OidcServerOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  /** How the client must authenticate at the token endpoint. Default `client_secret_post`. */
  readonly clientAuthentication?: 'client_secret_basic' | 'client_secret_post';
  /** Scopes the server knows, besides `openid` and `offline_access`. */
  readonly scopes: readonly string[];
  /** Lifetime of access tokens, in seconds. Default 3600. */
  readonly accessTokenTtl?: number;
}

export interface OidcServer {
  readonly origin: string;
  /** `grant_type` (and `refresh_token`) of every token request, in order, successful or not. */
  readonly tokenRequests: { readonly grant_type: string; readonly refresh_token?: string }[];
  /** The bearer token of every API request, in order; `''` for none. */
  readonly apiTokens: string[];
  /** Follows an authorization URL through login and consent to the redirect back to the app. */
  authorize(url: string): Promise<string>;
  /** Revokes a refresh or access token at the revocation endpoint, as the user or the app would. */
  revoke(token: string): Promise<void>;
  /** Makes the server forget an access token (it expired early, or was revoked upstream). */
  forgetAccessToken(token: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The server's own in-memory store, under another name: given as is, the
 * server warns on the console that it is for development only (which a test
 * server is).
 */
class InProcessAdapter extends MemoryAdapter {}

/** One RSA key per test process: generating it is the slow part of starting a server. */
let signingKey: Record<string, unknown> | undefined;

export async function startOidcServer(options: OidcServerOptions): Promise<OidcServer> {
  signingKey ??= { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig' };
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokenRequests: { grant_type: string; refresh_token?: string }[] = [];
  const apiTokens: string[] = [];
  const clientAuthentication = options.clientAuthentication ?? 'client_secret_post';

  const provider = new Provider(origin, {
    adapter: InProcessAdapter,
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        response_types: ['code'],
        token_endpoint_auth_method: clientAuthentication,
        scope: ['openid', 'offline_access', ...options.scopes].join(' '),
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['oidc-server-test-cookie-key'] },
    scopes: ['openid', 'offline_access', ...options.scopes],
    features: { devInteractions: { enabled: false }, clientCredentials: { enabled: true }, revocation: { enabled: true } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true, methods: ['S256'] },
    issueRefreshToken: () => true,
    rotateRefreshToken: () => true,
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id }) }),
    ttl: { AccessToken: options.accessTokenTtl ?? 3600, ClientCredentials: options.accessTokenTtl ?? 3600, AuthorizationCode: 60, RefreshToken: 86_400, Grant: 86_400, Interaction: 600, Session: 86_400 },
  });

  provider.use(async (ctx, next) => {
    // The end user: logs in as `user-1` and consents to what was asked.
    const interaction = /^\/interaction\/[\w-]+$/.test(ctx.path);
    if (interaction) {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      const grant = new provider.Grant({ accountId: 'user-1', clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope ?? '');
      await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: 'user-1' }, consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: false });
      ctx.respond = false;
      return;
    }
    // The API.
    if (ctx.path === '/api/me' || (ctx.path === '/graphql' && ctx.method === 'POST')) {
      const presented = /^Bearer (.+)$/.exec(ctx.get('authorization'))?.[1] ?? '';
      apiTokens.push(presented);
      const token = presented === '' ? undefined : ((await provider.AccessToken.find(presented)) ?? (await provider.ClientCredentials.find(presented)));
      if (token === undefined || token.isExpired) {
        ctx.status = 401;
        ctx.body = { error: 'invalid_token' };
        return;
      }
      const id = token.accountId ?? token.clientId ?? '';
      ctx.body = ctx.path === '/graphql' ? { data: { viewer: { id } } } : { id };
      return;
    }
    await next();
    if (ctx.path === '/token') {
      const params = ctx.oidc?.params ?? {};
      tokenRequests.push({ grant_type: String(params.grant_type), ...(typeof params.refresh_token === 'string' ? { refresh_token: params.refresh_token } : {}) });
    }
  });
  server.on('request', provider.callback());

  const clientAuth = (form: URLSearchParams): Record<string, string> => {
    if (clientAuthentication === 'client_secret_basic') {
      return { authorization: `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')}` };
    }
    form.set('client_id', options.clientId);
    form.set('client_secret', options.clientSecret);
    return {};
  };

  return {
    origin,
    tokenRequests,
    apiTokens,
    async authorize(url) {
      const cookies = new Map<string, string>();
      let next = url;
      for (let hop = 0; hop < 8; hop += 1) {
        const response = await fetch(next, { redirect: 'manual', headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') } });
        for (const cookie of response.headers.getSetCookie()) {
          const [pair = ''] = cookie.split(';');
          const at = pair.indexOf('=');
          cookies.set(pair.slice(0, at), pair.slice(at + 1));
        }
        const location = response.headers.get('location');
        if (location === null) throw new Error(`The authorization server answered HTTP ${response.status} without a redirect: ${await response.text()}`);
        next = new URL(location, next).toString();
        if (!next.startsWith(origin)) return next;
      }
      throw new Error('Too many redirects at the authorization server.');
    },
    async revoke(token) {
      const form = new URLSearchParams({ token });
      const headers = { 'content-type': 'application/x-www-form-urlencoded', ...clientAuth(form) };
      const response = await fetch(`${origin}/token/revocation`, { method: 'POST', headers, body: form.toString() });
      if (!response.ok) throw new Error(`Revocation failed: HTTP ${response.status}`);
    },
    async forgetAccessToken(token) {
      await (await provider.AccessToken.find(token))?.destroy();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
