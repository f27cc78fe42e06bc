/**
 * A HAND-ROLLED OAuth 2.0 authorization server on 127.0.0.1. The flows are
 * tested against a real one (`oidc-provider`, helpers/oidc-server.ts, in
 * oauth2-real-server.test.ts); this one stays for what a real server cannot
 * be made to do: a careless server that echoes the request's secrets into
 * `error_description` (`echoRequestInErrors`, oauth2-runtime.test.ts), a
 * token endpoint that goes away, and a quick token source and API for the
 * client-behaviour tests of oauth2-client.test.ts (retry a 401 once, redact
 * the token). Strict where real ones are: codes are single-use and bound to
 * the redirect URI and the PKCE challenge, refresh tokens rotate, clients
 * authenticate the way they are registered. `/api/me` and `POST /graphql`
 * stand for the API.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OAuthServerOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** How the client must authenticate at the token endpoint. */
  readonly clientAuthentication: 'client_secret_basic' | 'client_secret_post';
  /** Lifetime of access tokens, in seconds. */
  readonly expiresIn?: number;
  /** Issue a new refresh token on every refresh (and revoke the old one). Default true. */
  readonly rotate?: boolean;
  /** Copy the request's form (secrets included) into `error_description`, as careless servers do. */
  readonly echoRequestInErrors?: boolean;
  /** Delay every token response by this many milliseconds (to let concurrent calls overlap). */
  readonly tokenDelay?: number;
}

interface PendingCode {
  readonly redirectUri: string;
  readonly challenge: string | undefined;
  readonly scope: string;
}

export interface OAuthServer {
  readonly origin: string;
  /** Every form posted to `/token`, in order. */
  readonly tokenRequests: Record<string, string>[];
  /** Access tokens currently valid. */
  readonly validAccessTokens: Set<string>;
  /** The bearer token of every API request (`/api/me`, `POST /graphql`), in order; `''` for none. */
  readonly apiTokens: string[];
  revokeRefreshTokens(): void;
  close(): Promise<void>;
}

export async function startOAuthServer(options: OAuthServerOptions): Promise<OAuthServer> {
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Set<string>();
  const validAccessTokens = new Set<string>();
  const tokenRequests: Record<string, string>[] = [];
  const apiTokens: string[] = [];
  const token = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;

  const issue = (scope: string, refresh: string | undefined) => {
    const accessToken = token('at');
    validAccessTokens.add(accessToken);
    const body: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: options.expiresIn ?? 3600, scope };
    if (refresh !== undefined) {
      refreshTokens.add(refresh);
      body.refresh_token = refresh;
    }
    return body;
  };

  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
    };

    if (url.pathname === '/authorize') {
      // The user consents at once; the server redirects back with a code.
      const redirectUri = url.searchParams.get('redirect_uri') ?? '';
      const back = new URL(redirectUri);
      if (url.searchParams.get('client_id') !== options.clientId || url.searchParams.get('response_type') !== 'code') {
        back.searchParams.set('error', 'unauthorized_client');
      } else if (url.searchParams.get('scope')?.includes('forbidden')) {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_description', 'The user denied access.');
      } else {
        const code = token('code');
        const method = url.searchParams.get('code_challenge_method');
        codes.set(code, { redirectUri, challenge: method === 'S256' ? (url.searchParams.get('code_challenge') ?? undefined) : undefined, scope: url.searchParams.get('scope') ?? '' });
        back.searchParams.set('code', code);
      }
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      response.writeHead(302, { location: back.toString() });
      response.end();
      return;
    }

    if (url.pathname === '/token' && request.method === 'POST') {
      const form = Object.fromEntries(new URLSearchParams(await readBody(request)));
      tokenRequests.push(form);
      if (options.tokenDelay) await new Promise((resolve) => setTimeout(resolve, options.tokenDelay));
      const oauthError = (status: number, error: string, description: string) =>
        json(status, { error, error_description: options.echoRequestInErrors ? `${description} (request: ${JSON.stringify(form)}, authorization: ${request.headers.authorization ?? ''})` : description });

      if (!clientAuthenticated(request, form, options)) return oauthError(401, 'invalid_client', 'Client authentication failed.');
      switch (form.grant_type) {
        case 'authorization_code': {
          const pending = codes.get(form.code ?? '');
          codes.delete(form.code ?? '');
          if (!pending) return oauthError(400, 'invalid_grant', 'The authorization code is invalid or was already used.');
          if (pending.redirectUri !== form.redirect_uri) return oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request.');
          if (pending.challenge !== undefined && createHash('sha256').update(form.code_verifier ?? '').digest('base64url') !== pending.challenge) {
            return oauthError(400, 'invalid_grant', 'PKCE verification failed.');
          }
          return json(200, issue(pending.scope, token('rt')));
        }
        case 'refresh_token': {
          const presented = form.refresh_token ?? '';
          if (!refreshTokens.has(presented)) return oauthError(400, 'invalid_grant', 'The refresh token is invalid, expired or revoked.');
          const rotate = options.rotate ?? true;
          if (rotate) refreshTokens.delete(presented);
          return json(200, issue('read', rotate ? token('rt') : undefined));
        }
        case 'client_credentials':
          return json(200, issue(form.scope ?? '', undefined));
        default:
          return oauthError(400, 'unsupported_grant_type', `Grant type ${form.grant_type ?? '(none)'} is not supported.`);
      }
    }

    if (url.pathname === '/api/me' || (url.pathname === '/graphql' && request.method === 'POST')) {
      const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      apiTokens.push(presented ?? '');
      if (presented === undefined || !validAccessTokens.has(presented)) return json(401, { error: 'invalid_token' });
      return json(200, url.pathname === '/graphql' ? { data: { viewer: { id: 'u_1' } } } : { id: 'u_1' });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    tokenRequests,
    validAccessTokens,
    apiTokens,
    revokeRefreshTokens: () => refreshTokens.clear(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function clientAuthenticated(request: IncomingMessage, form: Record<string, string>, options: OAuthServerOptions): boolean {
  if (options.clientAuthentication === 'client_secret_post') return form.client_id === options.clientId && form.client_secret === options.clientSecret;
  const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (basic === undefined || form.client_secret !== undefined) return false;
  const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':').map((part) => decodeURIComponent(part.replace(/\+/g, ' ')));
  return id === options.clientId && secret === options.clientSecret;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text)).on('error', reject);
  });
}
