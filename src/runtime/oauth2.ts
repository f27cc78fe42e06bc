/**
 * OAuth 2.0 for generated clients, with no dependencies beyond the platform's
 * `fetch`, `URL` and Web Crypto (Node ≥ 20, browsers, edge runtimes):
 *
 * - the authorization-code flow (RFC 6749 §4.1) with PKCE S256 (RFC 7636) and
 *   a `state` the callback is checked against;
 * - the code exchange, refresh (before expiry, and once after a 401) with
 *   rotating refresh tokens handed to `onTokens` for the app to persist, and
 *   the client-credentials grant (§4.4);
 * - `OAuth2Error`s that say what to do (`reauthorize` after `invalid_grant`)
 *   and never carry a secret, a token, a code or a verifier.
 *
 * Over 400 lines: the flows, the session and the token request share
 * `OAuth2Error` and the config types, and read as one RFC 6749 client.
 */
import type { ConnectorDescription, TemplatePart } from './description.js';
import { base64 } from './auth.js';
import { CredentialsError, type CredentialProblem } from './credentials.js';
import { expandBaseUrl } from './url.js';
import { createRedactor } from './redact.js';

/** Where a provider's OAuth 2.0 endpoints are and how it wants to be asked. */
export interface OAuth2Config {
  /** Connector id, for messages (`hive`). */
  readonly connector: string;
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  /** Scopes asked for when the caller names none. */
  readonly scopes?: readonly string[];
  /** How scopes are joined in the `scope` parameter. Default `' '` (RFC 6749); Slack and Linear use `','`. */
  readonly scopeSeparator?: string;
  /** Send a PKCE S256 challenge. Default `true`; harmless where a provider ignores it. */
  readonly pkce?: boolean;
  /** Extra parameters of the authorization URL the provider needs (`prompt=consent`, `audience=…`). */
  readonly authorizationParams?: Readonly<Record<string, string>>;
  /**
   * How the client authenticates at the token endpoint: HTTP basic
   * (`client_secret_basic`, RFC 6749 §2.3.1) or the secret in the form body
   * (`client_secret_post`). Default `client_secret_post`, which most SaaS APIs accept.
   */
  readonly clientAuthentication?: 'client_secret_basic' | 'client_secret_post';
}

/**
 * The `OAuth2Config` of a generated client's OAuth 2.0 method, from the
 * spec's `oauth2` block; generated files call it from `get<Name>OAuth2Config`.
 * Endpoints templated from fields (`https://{subdomain}.example.com/oauth/token`)
 * are filled in from `values` with the base URL's rules: each value fills its
 * slot (a host label, the host, the port, a path segment) and nothing more.
 *
 * @throws CredentialsError when a value is missing or does not fit its slot
 *   (the error names fields, never values).
 */
export function oauth2Config(description: ConnectorDescription, methodId: string, values: Readonly<Record<string, string>> = {}): OAuth2Config {
  const method = Object.hasOwn(description.authMethods, methodId) ? description.authMethods[methodId] : undefined;
  const oauth2 = method?.oauth2;
  if (oauth2 === undefined) throw new TypeError(`${description.name} has no OAuth 2.0 method \`${String(methodId)}\`.`);
  const endpoints = [oauth2.authorizationUrl, oauth2.tokenUrl].map((url) => endpointUrl(description, url, values));
  const problems = endpoints.flatMap((endpoint) => ('problems' in endpoint ? endpoint.problems : []));
  if (problems.length > 0) throw new CredentialsError(problems.filter((problem, index) => problems.findIndex((other) => other.key === problem.key && other.message === problem.message) === index));
  return {
    connector: description.id,
    authorizationUrl: (endpoints[0] as { url: string }).url,
    tokenUrl: (endpoints[1] as { url: string }).url,
    scopes: oauth2.scopes,
    scopeSeparator: oauth2.scopeSeparator,
    pkce: oauth2.pkce,
    authorizationParams: oauth2.authorizationParams,
    clientAuthentication: oauth2.clientAuthentication,
  };
}

/** A fixed endpoint as it is; a templated one filled in from `values` by `expandBaseUrl`. */
function endpointUrl(description: ConnectorDescription, url: string | readonly TemplatePart[], values: Readonly<Record<string, string>>): { url: string } | { problems: CredentialProblem[] } {
  if (typeof url === 'string') return { url };
  const labels: Record<string, string> = {};
  for (const method of Object.values(description.authMethods)) for (const rule of method.rules) labels[rule.key] ??= rule.label;
  // Only own string values: an untyped caller's `{ subdomain: ['a'] }` or inherited key is a missing value.
  const own: Record<string, string> = {};
  for (const part of url) if (part.type === 'field' && Object.hasOwn(values, part.key) && typeof values[part.key] === 'string') own[part.key] = values[part.key]!;
  return expandBaseUrl(url, { values: own, labels });
}

/** The OAuth app registered at the provider (from the connector profile). */
export interface OAuth2ClientCredentials {
  readonly clientId: string;
  /** Absent for public clients, which rely on PKCE alone. */
  readonly clientSecret?: string;
}

/** A token set, as the app should persist it. */
export interface OAuth2Tokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Epoch milliseconds; absent when the provider did not say (`expires_in`). */
  readonly expiresAt?: number;
  /** The scopes granted, as the provider wrote them. */
  readonly scope?: string;
  readonly tokenType?: string;
}

/** Options shared by every call to the token endpoint. */
export interface TokenRequestOptions {
  /** Defaults to the platform's `fetch`. */
  readonly fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Clock, in epoch milliseconds. Default `Date.now`; inject for tests. */
  readonly now?: () => number;
  /** Per-request timeout in milliseconds. Default 30 000. */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
}

/** What went wrong, in OAuth terms: the provider's `error` code, or one of ours. */
export type OAuth2ErrorCode =
  | 'invalid_grant'
  | 'invalid_client'
  | 'invalid_request'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'access_denied'
  | 'state_mismatch'
  | 'no_refresh_token'
  | 'invalid_response'
  | 'network_error'
  | 'timeout'
  | 'server_error';

/** Codes after which only a new authorization (the user linking the account again) helps. */
const REAUTHORIZE: ReadonlySet<string> = new Set(['invalid_grant', 'access_denied', 'no_refresh_token']);

/**
 * A failed authorization or token request. `code` is the provider's OAuth
 * error code when it sent one; `reauthorize` says the user must link the
 * account again (the refresh token was revoked, expired or already used).
 * The provider's `error_description` is kept, with every secret of the
 * request redacted from it.
 */
export class OAuth2Error extends Error {
  override readonly name = 'OAuth2Error';
  readonly connector: string;
  readonly code: OAuth2ErrorCode | (string & {});
  readonly status: number | undefined;
  readonly description: string | undefined;
  readonly reauthorize: boolean;
  constructor(connector: string, code: OAuth2ErrorCode | (string & {}), message: string, details: { status?: number; description?: string } = {}) {
    super(message);
    this.connector = connector;
    this.code = code;
    this.status = details.status;
    this.description = details.description;
    this.reauthorize = REAUTHORIZE.has(code);
  }
}

/**
 * The scopes `operations` need, from a generated client's
 * `<Connector>OperationScopes` table: each scope once, in the order the
 * operations list them. Generated clients wrap it as `get<Connector>Scopes`.
 *
 * @throws TypeError for an id that is not in the table.
 */
export function scopesFor<S extends string>(table: Readonly<Record<string, readonly S[]>>, operations: readonly string[]): S[] {
  const scopes = new Set<S>();
  for (const operation of operations) {
    if (!Object.hasOwn(table, operation)) throw new TypeError(`No operation \`${String(operation)}\`; expected one of ${Object.keys(table).map((id) => `\`${id}\``).join(', ')}.`);
    for (const scope of table[operation]!) scopes.add(scope);
  }
  return [...scopes];
}

/** Where to send the user, and what to keep (server-side, per user) until the callback. */
export interface AuthorizationRequest {
  readonly url: string;
  readonly state: string;
  /** The PKCE verifier; pass it to `exchangeCode`. Absent with `pkce: false`. */
  readonly codeVerifier?: string;
}

/**
 * Builds the authorization URL: `response_type=code`, the client id, the
 * redirect URI, the scopes, a fresh random `state` and a PKCE S256 challenge.
 * Extra parameters never override these.
 */
export async function startAuthorization(
  config: OAuth2Config,
  client: OAuth2ClientCredentials,
  request: { readonly redirectUri: string; readonly scopes?: readonly string[]; readonly state?: string; readonly params?: Readonly<Record<string, string>> },
): Promise<AuthorizationRequest> {
  const url = new URL(config.authorizationUrl);
  for (const [name, value] of Object.entries({ ...config.authorizationParams, ...request.params })) url.searchParams.set(name, value);
  const state = request.state ?? randomToken(32);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set('redirect_uri', request.redirectUri);
  const scopes = request.scopes ?? config.scopes ?? [];
  if (scopes.length > 0) url.searchParams.set('scope', scopes.join(config.scopeSeparator ?? ' '));
  url.searchParams.set('state', state);
  if (config.pkce === false) return { url: url.toString(), state };
  const codeVerifier = randomToken(48);
  url.searchParams.set('code_challenge', await codeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return { url: url.toString(), state, codeVerifier };
}

/**
 * Reads the redirect back from the provider: the `code` when `state` matches
 * the one kept from `startAuthorization`, an `OAuth2Error` otherwise (the
 * provider's `error=access_denied`, or a forged or stale callback).
 */
export function readCallback(config: Pick<OAuth2Config, 'connector'>, callbackUrl: string, expectedState: string): string {
  const params = new URL(callbackUrl).searchParams;
  const state = params.get('state') ?? '';
  if (!sameText(state, expectedState)) {
    throw new OAuth2Error(config.connector, 'state_mismatch', `The ${config.connector} authorization callback does not carry the state this authorization started with; start the authorization again.`);
  }
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description') ?? undefined;
    throw new OAuth2Error(config.connector, error, `${config.connector} did not authorize the app (${error})${description ? `: ${withoutFinalStop(description)}` : ''}.`, description !== undefined ? { description } : {});
  }
  const code = params.get('code');
  if (code === null || code === '') throw new OAuth2Error(config.connector, 'invalid_request', `The ${config.connector} authorization callback carries no code.`);
  return code;
}

/** Exchanges the authorization code (and the PKCE verifier) for tokens. */
export function exchangeCode(
  config: OAuth2Config,
  client: OAuth2ClientCredentials,
  request: { readonly code: string; readonly redirectUri: string; readonly codeVerifier?: string },
  options: TokenRequestOptions = {},
): Promise<OAuth2Tokens> {
  const body: TokenForm = { grant_type: 'authorization_code', code: request.code, redirect_uri: request.redirectUri };
  if (request.codeVerifier !== undefined) body.code_verifier = request.codeVerifier;
  return tokenRequest(config, client, body, [request.code, request.codeVerifier], options);
}

/** Uses a refresh token. A response without a new refresh token keeps the old one (RFC 6749 §6). */
export async function refreshTokens(config: OAuth2Config, client: OAuth2ClientCredentials, refreshToken: string, options: TokenRequestOptions & { readonly scopes?: readonly string[] } = {}): Promise<OAuth2Tokens> {
  const body: TokenForm = { grant_type: 'refresh_token', refresh_token: refreshToken };
  if (options.scopes && options.scopes.length > 0) body.scope = options.scopes.join(config.scopeSeparator ?? ' ');
  const tokens = await tokenRequest(config, client, body, [refreshToken], options);
  return tokens.refreshToken === undefined ? { ...tokens, refreshToken } : tokens;
}

/** The client-credentials grant: tokens for the app itself, no user involved. */
export function clientCredentialsGrant(config: OAuth2Config, client: OAuth2ClientCredentials, options: TokenRequestOptions & { readonly scopes?: readonly string[] } = {}): Promise<OAuth2Tokens> {
  const body: TokenForm = { grant_type: 'client_credentials' };
  const scopes = options.scopes ?? config.scopes ?? [];
  if (scopes.length > 0) body.scope = scopes.join(config.scopeSeparator ?? ' ');
  return tokenRequest(config, client, body, [], options);
}

export interface OAuth2SessionOptions extends TokenRequestOptions {
  readonly config: OAuth2Config;
  readonly client: OAuth2ClientCredentials;
  /** The tokens persisted from the last exchange or refresh. Without them, only the client-credentials grant can start a session. */
  readonly tokens?: OAuth2Tokens;
  /** `authorization_code` (default): refresh with the refresh token. `client_credentials`: ask for a new token instead. */
  readonly grant?: 'authorization_code' | 'client_credentials';
  /**
   * Called with every new token set, before it is used. Persist it: with
   * rotating refresh tokens the old refresh token stops working. A failure
   * here fails the call that caused the refresh.
   */
  readonly onTokens?: (tokens: OAuth2Tokens) => void | Promise<void>;
  /** Refresh this long before `expiresAt`, in milliseconds. Default 60 000. */
  readonly refreshMargin?: number;
}

/** What a client needs of a session: an `OAuth2Session`, or the app's own equivalent. */
export type TokenSource = Pick<OAuth2Session, 'accessToken' | 'afterUnauthorized'>;

/**
 * Hands out a valid access token: refreshes ahead of expiry and once after a
 * 401, with one refresh in flight at a time however many calls need it.
 */
export class OAuth2Session {
  #tokens: OAuth2Tokens | undefined;
  #refreshing: Promise<OAuth2Tokens> | undefined;
  readonly #options: OAuth2SessionOptions;

  constructor(options: OAuth2SessionOptions) {
    this.#options = options;
    this.#tokens = options.tokens;
    if (options.tokens === undefined && options.grant !== 'client_credentials') {
      throw new OAuth2Error(options.config.connector, 'invalid_request', `An OAuth 2.0 session for ${options.config.connector} needs the tokens from the authorization (or \`grant: 'client_credentials'\`).`);
    }
  }

  /** The current token set (to show expiry, or to persist on shutdown). */
  get tokens(): OAuth2Tokens | undefined {
    return this.#tokens;
  }

  /** A token valid for at least `refreshMargin` more, refreshed first when needed. */
  async accessToken(): Promise<string> {
    const tokens = this.#tokens;
    const now = (this.#options.now ?? Date.now)();
    if (tokens !== undefined && (tokens.expiresAt === undefined || tokens.expiresAt - (this.#options.refreshMargin ?? 60_000) > now)) return tokens.accessToken;
    return (await this.#refresh()).accessToken;
  }

  /**
   * After the API answered 401 to `rejected`: a new token, or `undefined`
   * when none can be had (the caller then reports the 401). A token another
   * call already replaced is not refreshed again.
   */
  async afterUnauthorized(rejected: string): Promise<string | undefined> {
    if (this.#tokens !== undefined && this.#tokens.accessToken !== rejected) return this.#tokens.accessToken;
    if (this.#options.grant !== 'client_credentials' && this.#tokens?.refreshToken === undefined) return undefined;
    return (await this.#refresh()).accessToken;
  }

  #refresh(): Promise<OAuth2Tokens> {
    this.#refreshing ??= this.#fetchNewTokens().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #fetchNewTokens(): Promise<OAuth2Tokens> {
    const { config, client, onTokens } = this.#options;
    let next: OAuth2Tokens;
    if (this.#options.grant === 'client_credentials') {
      next = await clientCredentialsGrant(config, client, this.#options);
    } else {
      const refreshToken = this.#tokens?.refreshToken;
      if (refreshToken === undefined) {
        throw new OAuth2Error(config.connector, 'no_refresh_token', `The ${config.connector} access token has expired and there is no refresh token; the user must authorize again.`);
      }
      next = await refreshTokens(config, client, refreshToken, this.#options);
    }
    this.#tokens = next;
    await onTokens?.(next);
    return next;
  }
}

/** The form posted to the token endpoint (RFC 6749 §4.1.3, §4.4.2, §6). */
interface TokenForm {
  grant_type: 'authorization_code' | 'refresh_token' | 'client_credentials';
  code?: string;
  redirect_uri?: string;
  code_verifier?: string;
  refresh_token?: string;
  scope?: string;
}

/** What a token endpoint answers (RFC 6749 §5.1, §5.2); every member is checked before use. */
interface TokenAnswer {
  readonly access_token?: unknown;
  readonly refresh_token?: unknown;
  readonly expires_in?: unknown;
  readonly scope?: unknown;
  readonly token_type?: unknown;
  readonly error?: unknown;
  readonly error_description?: unknown;
}

/** POSTs a form to the token endpoint and reads the token set, or the OAuth error, from the answer. */
async function tokenRequest(
  config: OAuth2Config,
  client: OAuth2ClientCredentials,
  body: TokenForm,
  secrets: readonly (string | undefined)[],
  options: TokenRequestOptions,
): Promise<OAuth2Tokens> {
  const form = new URLSearchParams(Object.entries(body).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const headers: { 'content-type': string; accept: string; authorization?: string } = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if ((config.clientAuthentication ?? 'client_secret_post') === 'client_secret_basic' && client.clientSecret !== undefined) {
    // RFC 6749 §2.3.1: both parts form-encoded before they are joined.
    headers.authorization = `Basic ${base64(`${formEncode(client.clientId)}:${formEncode(client.clientSecret)}`)}`;
  } else {
    form.set('client_id', client.clientId);
    if (client.clientSecret !== undefined) form.set('client_secret', client.clientSecret);
  }
  const redact = tokenRedactor([client.clientSecret, ...secrets, headers.authorization]);
  const fail = (code: OAuth2ErrorCode | (string & {}), message: string, details?: { status?: number; description?: string }) => new OAuth2Error(config.connector, code, redact(message), details);
  const grant = body.grant_type;

  const timeout = options.timeout ?? 30_000;
  const signals = [options.signal, timeout > 0 ? AbortSignal.timeout(timeout) : undefined].filter((s): s is AbortSignal => s !== undefined);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(config.tokenUrl, { method: 'POST', headers, body: form.toString(), redirect: 'error', ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}) });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw fail(timedOut ? 'timeout' : 'network_error', timedOut ? `The ${config.connector} token endpoint did not answer within ${timeout} ms (${grant}).` : `Could not reach the ${config.connector} token endpoint (${grant}).`);
  }
  const text = await response.text().catch(() => '');
  const data = parseTokenBody(text, response.headers.get('content-type'));
  const now = (options.now ?? Date.now)();
  if (!response.ok || typeof data?.error === 'string') {
    const code = typeof data?.error === 'string' && /^[\x20-\x7e]{1,64}$/.test(data.error) ? data.error : response.status >= 500 ? 'server_error' : 'invalid_response';
    const description = typeof data?.error_description === 'string' ? redact(data.error_description) : undefined;
    const advice = REAUTHORIZE.has(code) ? ' The user must authorize again.' : '';
    throw fail(code, `The ${config.connector} token endpoint refused the ${grant} request (HTTP ${response.status}, ${code})${description ? `: ${withoutFinalStop(description)}` : ''}.${advice}`, { status: response.status, ...(description !== undefined ? { description } : {}) });
  }
  const accessToken = data?.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw fail('invalid_response', `The ${config.connector} token endpoint answered HTTP ${response.status} without an access token (${grant}).`, { status: response.status });
  }
  const expiresIn = Number(data?.expires_in);
  return {
    accessToken,
    ...(typeof data?.refresh_token === 'string' && data.refresh_token !== '' ? { refreshToken: data.refresh_token } : {}),
    ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresAt: now + expiresIn * 1000 } : {}),
    ...(typeof data?.scope === 'string' ? { scope: data.scope } : {}),
    ...(typeof data?.token_type === 'string' ? { tokenType: data.token_type } : {}),
  };
}

/** JSON, or the form encoding some providers (GitHub's default) answer with. */
function parseTokenBody(text: string, contentType: string | null): TokenAnswer | undefined {
  if (text === '') return undefined;
  if (/application\/x-www-form-urlencoded/i.test(contentType ?? '')) return Object.fromEntries(new URLSearchParams(text));
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as TokenAnswer) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Redacts every secret of a token request, in each encoding the client
 * produces (as is, percent- and form-encoded, JSON-escaped), and each one
 * whole however short it is: a token request has no free text of its own.
 */
function tokenRedactor(values: readonly (string | undefined)[]): (text: string) => string {
  const present = values.filter((value): value is string => value !== undefined && value !== '');
  const redactor = createRedactor({ values: present, named: [], always: present });
  return (text) => redactor.text(text);
}

/** `application/x-www-form-urlencoded`, as `URLSearchParams` writes it. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** `length` random bytes as base64url: 43+ characters of the PKCE unreserved set for 32 bytes and more. */
function randomToken(length: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(length)));
}

async function codeChallenge(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function withoutFinalStop(text: string): string {
  return text.replace(/[.\s]+$/, '');
}

/** Compares without returning early at the first difference, so timing does not reveal the expected state. */
function sameText(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return difference === 0;
}
