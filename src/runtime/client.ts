/**
 * The base class of every generated client. Generated subclasses add one
 * typed method per operation; this class checks the credentials, holds them
 * in a private field, and keeps them out of `toString()`, `JSON.stringify`
 * and `util.inspect`.
 */
import { prepareAuth, type PreparedAuth } from './auth.js';
import { describeCondition, describeUnmet, meetsCondition } from './body-conditions.js';
import { assertCredentials, CredentialsError, valueText, type CredentialProblem, type CredentialRule } from './credentials.js';
import type { ConnectorDescription } from './description.js';
import { ApiError, NetworkError, TimeoutError, UnexpectedResponseError } from './errors.js';
import { checkDelay, checkRetries, type CallOptions, type ClientOptions, type VerifyOptions, type VerifyResult } from './options.js';
import type { BackoffOptions } from './retry.js';
import { createRedactor, REDACTED } from './redact.js';
import { OAuth2Error, type TokenSource } from './oauth2.js';
import { send, type ClientState, type OAuth2State } from './request.js';
import { expandBaseUrl } from './url.js';

const DEFAULT_TIMEOUT = 30_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_MAX_RETRY_AFTER = 60_000;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');
/** The variable an OAuth 2.0 method's placements use for the access token. */
const ACCESS_TOKEN = 'accessToken';

/**
 * The arguments of a generated client whose spec marks a `default` method,
 * as `(method, credentials, options)`: `(credentials, options)` are the
 * default method's (what callers passed when it was the only method).
 */
export function withDefaultMethod(defaultMethod: string, args: readonly [credentials: object, options?: ClientOptions | undefined] | readonly [method: string, credentials: object, options?: ClientOptions | undefined]): [method: string, credentials: object, options: ClientOptions | undefined] {
  return typeof args[0] === 'string' ? [args[0], args[1] as object, args[2]] : [defaultMethod, args[0], args[1] as ClientOptions | undefined];
}

export abstract class BaseClient {
  readonly #state: ClientState;

  /**
   * @throws CredentialsError when the credentials break the spec's rules or
   *   cannot be placed safely (a subdomain that is not a host label, a line
   *   break in a header value). The error names fields, never values.
   */
  protected constructor(description: ConnectorDescription, methodId: string, credentials: unknown, options: ClientOptions = {}) {
    const method = Object.hasOwn(description.authMethods, methodId) ? description.authMethods[methodId] : undefined;
    if (method === undefined) {
      const known = Object.keys(description.authMethods).map((id) => `\`${id}\``);
      throw new TypeError(`${description.name} has no auth method \`${String(methodId)}\`; expected ${known.join(' or ')}.`);
    }
    // An OAuth 2.0 method takes a session in place of a fixed access token; the session hands out a current one per request.
    const session = method.oauth2 !== undefined ? oauth2SessionOf(credentials) : undefined;
    const rules = session === undefined ? method.rules : method.rules.filter((rule) => rule.key !== ACCESS_TOKEN);
    const given = session === undefined ? credentials : withoutSession(credentials as Record<string, unknown>);
    assertCredentials(rules, given);
    const record = given as Record<string, unknown>;
    const values: Record<string, string | undefined> = {};
    const labels: Record<string, string> = {};
    for (const rule of rules) {
      const value = Object.hasOwn(record, rule.key) ? record[rule.key] : undefined;
      // A number or boolean field is sent as its text (`443`, `true`): see `valueText`.
      values[rule.key] = valueText(value);
      labels[rule.key] = rule.label;
    }

    const base = expandBaseUrl(description.baseUrl, { values, labels });
    // With a session, the placements are checked now with a stand-in token, and filled per request with the real one.
    const auth = prepareAuth(method.placements, session === undefined ? values : { ...values, [ACCESS_TOKEN]: 'token' }, labels);
    if ('problems' in base || 'problems' in auth) {
      const problems: CredentialProblem[] = [...('problems' in base ? base.problems : []), ...('problems' in auth ? auth.problems : [])];
      throw new CredentialsError(problems);
    }

    const secrets = rules.flatMap((rule) => (rule.secret && values[rule.key] !== undefined ? [values[rule.key]!] : []));
    const inBaseUrl = options.baseUrl === undefined ? baseUrlSecrets(description, rules, values, base.url) : { values: [], always: [] };
    // A number or boolean is never secret (the compiler refuses `secret` on one): its text alone (`true`, `8443`) is
    // not searched for in free text, unless a text field has the same value. Header values holding it with other text still are.
    const textValues = new Set(rules.flatMap((rule) => (rule.type === undefined && values[rule.key] !== undefined ? [values[rule.key]!] : [])));
    const plainValues = new Set(rules.flatMap((rule) => (rule.type !== undefined && values[rule.key] !== undefined && !textValues.has(values[rule.key]!) ? [values[rule.key]!] : [])));
    const redactorFor = (prepared: PreparedAuth) =>
      createRedactor({ values: [...secrets, ...inBaseUrl.values, ...prepared.sensitive.filter((value) => !plainValues.has(value))], named: prepared.named, always: inBaseUrl.always });
    const oauth2: OAuth2State | undefined =
      session === undefined
        ? undefined
        : {
            session,
            prepare: (accessToken) => {
              const prepared = prepareAuth(method.placements, { ...values, [ACCESS_TOKEN]: accessToken }, labels);
              if ('problems' in prepared) {
                throw new OAuth2Error(description.id, 'invalid_response', `The ${description.name} access token cannot be sent: it contains a line break or an unsupported character.`);
              }
              return { auth: prepared.auth, redact: redactorFor(prepared.auth) };
            },
          };
    this.#state = {
      ...(oauth2 === undefined ? {} : { oauth2 }),
      description,
      methodId,
      baseUrl: options.baseUrl === undefined ? base.url : checkBaseUrlOverride(options.baseUrl),
      auth: auth.auth,
      redact: redactorFor(auth.auth),
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      timeout: checkDelay(options.timeout, 'timeout', 'Client option `timeout`') ?? DEFAULT_TIMEOUT,
      retries: checkRetries(options.retries, 'retries', 'Client option `retries`') ?? DEFAULT_RETRIES,
      backoff: checkBackoff(options.backoff),
      maxRetryAfter: checkDelay(options.maxRetryAfter, 'maxRetryAfter', 'Client option `maxRetryAfter`') ?? DEFAULT_MAX_RETRY_AFTER,
      headers: { ...options.headers },
      logger: options.logger,
      random: options.random ?? Math.random,
    };
  }

  /** Sends one operation; generated methods call this with their typed params. */
  protected async request<T>(operationId: string, params: object | undefined, options: CallOptions | undefined): Promise<T> {
    const result = await send(this.#state, operationId, params, options);
    return result.data as T;
  }

  /**
   * Checks the credentials with the spec's test request. Resolves with
   * `{ ok: true }` or with the reason it failed: `invalid-credentials`
   * (401/403, a body meeting one of the spec's `failWhen` conditions, or a
   * 2xx body failing one of its `expect` conditions), `network-error`,
   * `timeout`, `unexpected-response`, or `oauth2-error` when an OAuth 2.0
   * session could not get a token (`error.reauthorize`: link the account again).
   * Rejects only when the caller's signal aborts.
   */
  async verify(options: VerifyOptions = {}): Promise<VerifyResult> {
    const { description } = this.#state;
    const verify = description.verify;
    if (verify === undefined) {
      return { ok: false, reason: 'no-verify-request', message: `The ${description.name} spec does not define a credential check.` };
    }
    const failWhen = verify.failWhen ?? [];
    try {
      const result = await send(this.#state, verify.operation, verify.arguments, options);
      const met = failWhen.find((condition) => meetsCondition(condition, result.data));
      const unmet = met === undefined ? (verify.expect ?? []).find((condition) => !meetsCondition(condition, result.data)) : undefined;
      if (met === undefined && unmet === undefined) return { ok: true, status: result.status };
      const why = met !== undefined ? describeCondition(met) : describeUnmet(unmet!);
      const operation = description.operations[verify.operation]!;
      const site = { connector: description.id, operation: verify.operation, endpoint: `${operation.method} ${operation.pathTemplate}` };
      const message = `${description.name} rejected the credentials (HTTP ${result.status}: ${why}).`;
      const error = new ApiError(site, message, { status: result.status, body: this.#state.redact.json(result.data), requestId: undefined });
      return { ok: false, reason: 'invalid-credentials', status: result.status, message, error };
    } catch (error) {
      if (error instanceof ApiError) {
        if (error.status === 401 || error.status === 403) {
          return { ok: false, reason: 'invalid-credentials', status: error.status, message: `${description.name} rejected the credentials (HTTP ${error.status}).`, error };
        }
        const met = failWhen.find((condition) => meetsCondition(condition, error.body));
        if (met !== undefined) {
          return { ok: false, reason: 'invalid-credentials', status: error.status, message: `${description.name} rejected the credentials (HTTP ${error.status}: ${describeCondition(met)}).`, error };
        }
        return { ok: false, reason: 'unexpected-response', status: error.status, body: error.body, message: error.message, error };
      }
      if (error instanceof UnexpectedResponseError) {
        return { ok: false, reason: 'unexpected-response', status: error.status, body: error.body, message: error.message, error };
      }
      if (error instanceof TimeoutError) return { ok: false, reason: 'timeout', message: error.message, error };
      if (error instanceof NetworkError) return { ok: false, reason: 'network-error', message: error.message, error };
      if (error instanceof OAuth2Error) return { ok: false, reason: 'oauth2-error', message: error.message, error };
      throw error;
    }
  }

  /** `HiveClient { connector: "hive", authMethod: "api-key", credentials: [REDACTED] }` */
  toString(): string {
    const { description, methodId } = this.#state;
    return `${this.constructor.name} { connector: ${JSON.stringify(description.id)}, authMethod: ${JSON.stringify(methodId)}, credentials: ${REDACTED} }`;
  }

  /** What `JSON.stringify(client)` shows: which connector and method, never the credentials. */
  toJSON(): { connector: string; authMethod: string; credentials: string } {
    return { connector: this.#state.description.id, authMethod: this.#state.methodId, credentials: REDACTED };
  }

  /** What `console.log(client)` and `util.inspect` show in Node. */
  [INSPECT](): string {
    return this.toString();
  }
}

/**
 * The `session` of an OAuth 2.0 method's credentials, when they carry one
 * (and no fixed `accessToken`). Anything else under `session` is left to the
 * credential rules, which report it as unexpected.
 */
function oauth2SessionOf(credentials: unknown): TokenSource | undefined {
  if (typeof credentials !== 'object' || credentials === null || !Object.hasOwn(credentials, 'session')) return undefined;
  const record = credentials as Record<string, unknown>;
  const session = record['session'] as Partial<TokenSource> | null | undefined;
  // By shape, not `instanceof`: the app's runtime and a client's bundled copy of it may be different module instances.
  if (typeof session?.accessToken !== 'function' || typeof session.afterUnauthorized !== 'function') return undefined;
  if (Object.hasOwn(record, ACCESS_TOKEN) && record[ACCESS_TOKEN] !== undefined) {
    throw new TypeError('Pass either `session` or `accessToken` to an OAuth 2.0 client, not both.');
  }
  return session as TokenSource;
}

/** The credentials without `session` (a copy; the caller's object is not changed). */
function withoutSession(record: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) if (key !== 'session') Object.defineProperty(copy, key, { value: record[key], enumerable: true, writable: true, configurable: true });
  return copy;
}

function checkBackoff(backoff: BackoffOptions | undefined): BackoffOptions | undefined {
  if (backoff === undefined) return undefined;
  const initialDelay = checkDelay(backoff.initialDelay, 'backoff.initialDelay', 'Client option `backoff.initialDelay`');
  const maxDelay = checkDelay(backoff.maxDelay, 'backoff.maxDelay', 'Client option `backoff.maxDelay`');
  return { ...(initialDelay === undefined ? {} : { initialDelay }), ...(maxDelay === undefined ? {} : { maxDelay }) };
}

/**
 * What the base URL as sent shows of its secret fields: a secret in the host
 * is sent lower-cased; and the URL itself, plus its host or path holding the
 * secret, is redacted whole, so even a secret shorter than
 * `MIN_TEXT_LENGTH` (4) does not show.
 */
function baseUrlSecrets(
  description: ConnectorDescription,
  rules: readonly CredentialRule[],
  values: Readonly<Record<string, string | undefined>>,
  baseUrl: string,
): { values: string[]; always: string[] } {
  const secret = new Set(rules.filter((rule) => rule.secret).map((rule) => rule.key));
  const url = new URL(baseUrl);
  const out = { values: [] as string[], always: [] as string[] };
  let before = '';
  for (const part of description.baseUrl) {
    if (part.type === 'text') {
      before += part.value;
      continue;
    }
    const value = values[part.key];
    const afterScheme = before.slice(before.indexOf('://') + 3);
    before += 'x';
    if (!secret.has(part.key) || value === undefined) continue;
    out.always.push(baseUrl, url.href.replace(/\/+$/, ''));
    if (/[/?#]/.test(afterScheme)) {
      if (url.pathname !== '/') out.always.push(url.pathname.replace(/\/+$/, ''));
    } else {
      out.values.push(value.toLowerCase());
      out.always.push(url.host);
    }
  }
  return out;
}

function checkBaseUrlOverride(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError('Client option `baseUrl` must be an absolute http(s) URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('Client option `baseUrl` must be an absolute http(s) URL.');
  if (url.search !== '' || url.hash !== '') throw new TypeError('Client option `baseUrl` must not have a query string or fragment.');
  return url.toString().replace(/\/+$/, '');
}
