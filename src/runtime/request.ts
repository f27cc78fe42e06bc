/**
 * One call of one operation: build the request from the params object, send
 * it with a per-attempt timeout, retry what is safe to retry, and turn the
 * response into data or a typed error.
 */
import type { PreparedAuth } from './auth.js';
import type { ConnectorDescription, OperationDescription } from './description.js';
import { ApiError, ConnectorError, InvalidRequestError, NetworkError, TimeoutError, UnexpectedResponseError, type CallSite } from './errors.js';
import { checkDelay, checkRetries, type CallOptions, type FetchLike, type Logger } from './options.js';
import type { TokenSource } from './oauth2.js';
import type { Redactor } from './redact.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter, sleep, type BackoffOptions } from './retry.js';
import { appendQuery, checkPathValue, expandPath, scalarText } from './url.js';

/** Everything a client decided at construction. Kept in a private field, never enumerable. */
export interface ClientState {
  readonly description: ConnectorDescription;
  readonly methodId: string;
  readonly baseUrl: string;
  readonly auth: PreparedAuth;
  readonly redact: Redactor;
  readonly fetch: FetchLike;
  readonly timeout: number;
  readonly retries: number;
  readonly backoff: BackoffOptions | undefined;
  readonly maxRetryAfter: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly logger: Logger | undefined;
  readonly random: () => number;
  /** For an OAuth 2.0 method given a session: the session, and the auth and redactor for each access token. */
  readonly oauth2?: OAuth2State;
}

/** How a client of an OAuth 2.0 method gets its credentials for each request. */
export interface OAuth2State {
  readonly session: TokenSource;
  /** The headers and query parameters for `accessToken`, and a redactor that knows it too. */
  readonly prepare: (accessToken: string) => { readonly auth: PreparedAuth; readonly redact: Redactor };
}

/** Headers that carry request ids, most specific first. */
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-amz-request-id', 'x-correlation-id', 'x-trace-id', 'cf-ray'];
const MAX_REDIRECTS = 5;

/** A successful call: the status and the parsed body (`undefined` when empty). */
export interface CallResult {
  readonly status: number;
  readonly data: unknown;
}

/** Runs one operation. `params` is the generated params object (path/query/header values by key, and `body`). */
export async function send(state: ClientState, operationId: string, params: unknown, call: CallOptions = {}): Promise<CallResult> {
  const oauth2 = state.oauth2;
  if (oauth2 === undefined) return sendOnce(state, operationId, params, call);
  // A current access token; after a 401, one refresh (shared with every call that saw the same token) and one more try.
  const token = await oauth2.session.accessToken();
  try {
    return await sendOnce({ ...state, ...oauth2.prepare(token) }, operationId, params, call);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    const next = await oauth2.session.afterUnauthorized(token);
    if (next === undefined) throw error;
    return sendOnce({ ...state, ...oauth2.prepare(next) }, operationId, params, call);
  }
}

async function sendOnce(state: ClientState, operationId: string, params: unknown, call: CallOptions): Promise<CallResult> {
  const operation = Object.hasOwn(state.description.operations, operationId) ? state.description.operations[operationId] : undefined;
  if (operation === undefined) throw new Error(`Internal error: ${state.description.name} has no operation \`${operationId}\`.`);
  const site: CallSite = { connector: state.description.id, operation: operationId, endpoint: `${operation.method} ${operation.pathTemplate}` };
  const prefix = `${state.description.name} ${operationId} (${site.endpoint})`;
  const timeout = checkDelay(call.timeout, 'timeout', `Call option \`timeout\` of ${state.description.name} ${operationId}`) ?? state.timeout;
  const retries = checkRetries(call.retries, 'retries', `Call option \`retries\` of ${state.description.name} ${operationId}`) ?? state.retries;
  const request = buildRequest(state, operation, site, params ?? {}, call);

  const idempotent = call.idempotent ?? operation.idempotent;
  const maxRetries = idempotent ? retries : 0;
  const shownUrl = state.redact.text(displayUrl(request.url, state.auth));

  for (let attempt = 0; ; attempt++) {
    const started = Date.now();
    const timeoutSignal = timeout > 0 ? AbortSignal.timeout(timeout) : undefined;
    const signal = anySignal([call.signal, timeoutSignal]);
    let status: number;
    let text: string;
    let headers: Headers;
    try {
      const init: RequestInit = { method: operation.method, headers: request.headers };
      if (request.body !== undefined) init.body = request.body;
      if (signal !== undefined) init.signal = signal;
      const response = await fetchFollowingSameOrigin(state.fetch, request.url, init);
      status = response.status;
      headers = response.headers;
      text = await response.text();
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason;
      if (error instanceof ConnectorError) throw error;
      const failure = timeoutSignal?.aborted
        ? new TimeoutError(site, `${prefix} timed out after ${timeout} ms.`, timeout)
        : new NetworkError(site, `${prefix} failed: ${oneLine(state.redact, describeNetworkError(error))}.`, { cause: state.redact.cause(error) });
      if (attempt < maxRetries) {
        const delay = backoffDelay(attempt, state.backoff, state.random);
        state.logger?.warn(`${prefix}: ${failure.message} Retry ${attempt + 1} of ${maxRetries} in ${delay} ms.`);
        await sleep(delay, call.signal);
        continue;
      }
      throw failure;
    }
    state.logger?.debug(`${state.description.id}.${operationId} ${operation.method} ${shownUrl} → ${status} (${Date.now() - started} ms)`);
    const rawRequestId = findRequestId(headers);
    const requestId = rawRequestId === undefined ? undefined : state.redact.text(rawRequestId);

    if (status >= 200 && status < 300) {
      if (text.trim() === '') return { status, data: undefined };
      try {
        return { status, data: JSON.parse(text) as unknown };
      } catch {
        throw new UnexpectedResponseError(site, `${prefix} returned HTTP ${status} with a body that is not valid JSON.`, { status, body: state.redact.text(text), requestId });
      }
    }

    const body = parseErrorBody(text, state.redact);
    const message = isCrossOriginRedirect(status, headers, request.url)
      ? `${prefix} was redirected (HTTP ${status}) to another origin; not followed, so the credentials stay with the API.`
      : apiErrorMessage(prefix, status, body, requestId, state.redact);
    const error = new ApiError(site, message, { status, body, requestId });
    if (!isRetryableStatus(status) || attempt >= maxRetries) throw error;
    const retryAfter = parseRetryAfter(headers.get('retry-after'), Date.now());
    if (retryAfter !== undefined && retryAfter > state.maxRetryAfter) throw error;
    const delay = retryAfter ?? backoffDelay(attempt, state.backoff, state.random);
    state.logger?.warn(`${prefix}: HTTP ${status}. Retry ${attempt + 1} of ${maxRetries} in ${delay} ms.`);
    await sleep(delay, call.signal);
  }
}

interface BuiltRequest {
  readonly url: URL;
  readonly headers: Headers;
  readonly body: string | undefined;
}

function buildRequest(state: ClientState, operation: OperationDescription, site: CallSite, params: unknown, call: CallOptions): BuiltRequest {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new InvalidRequestError(site, `${state.description.name} ${site.operation} takes its parameters as an object.`, '');
  }
  const values = params as Record<string, unknown>;
  const get = (key: string): unknown => (Object.hasOwn(values, key) ? values[key] : undefined);
  const refuse = (key: string, reason: string): never => {
    throw new InvalidRequestError(site, `Parameter \`${key}\` of ${state.description.name} ${site.operation} ${reason}.`, key);
  };
  /** Runs `place`; whatever it throws besides our own errors (a cycle, a BigInt in JSON, a throwing `toJSON`) becomes an InvalidRequestError. */
  const placing = <T>(key: string, place: () => T): T => {
    try {
      return place();
    } catch (error) {
      if (error instanceof InvalidRequestError) throw error;
      return refuse(key, 'cannot be converted for the request (a cycle, a BigInt inside an object, or a throwing `toJSON`)');
    }
  };

  // A Map, so a parameter called `__proto__` is a key like any other.
  const pathValues = new Map<string, string>();
  const headers = new Headers();
  for (const [name, value] of state.description.headers) setHeader(headers, name, value, () => refuse(name, 'is a static header the spec gives an invalid value'));
  for (const [name, value] of Object.entries(state.headers)) setHeader(headers, name, value, () => refuse(name, 'is not a valid HTTP header (client option `headers`)'));
  const query = new URLSearchParams();
  for (const parameter of operation.parameters) {
    const value = get(parameter.key);
    if (value === undefined || value === null) {
      if (parameter.required) refuse(parameter.key, 'is required');
      continue;
    }
    if (parameter.in === 'path') {
      const text = placing(parameter.key, () => scalarText(value));
      const problem = checkPathValue(text);
      if (problem) refuse(parameter.key, problem);
      pathValues.set(parameter.key, text);
    } else if (parameter.in === 'query') {
      placing(parameter.key, () => appendQuery(query, parameter.name, value));
    } else {
      setHeader(headers, parameter.name, placing(parameter.key, () => scalarText(value)), () => refuse(parameter.key, 'is not a valid HTTP header value'));
    }
  }
  for (const [name, value] of Object.entries(call.headers ?? {})) setHeader(headers, name, value, () => refuse(name, 'is not a valid HTTP header'));

  let body: string | undefined;
  if (operation.body) {
    const value = get('body');
    if (value === undefined) {
      if (operation.body.required) refuse('body', 'is required');
    } else {
      body = placing('body', () => JSON.stringify(value) as string | undefined);
      if (body === undefined) refuse('body', 'is not a JSON value');
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
  }
  if (!headers.has('accept')) headers.set('accept', 'application/json');

  const url = new URL(`${state.baseUrl}${expandPath(operation.path, pathValues)}`);
  for (const [name, value] of query) url.searchParams.append(name, value);
  // Credentials go last so nothing the caller passes can replace them.
  for (const [name] of state.auth.query) url.searchParams.delete(name);
  for (const [name, value] of state.auth.query) url.searchParams.append(name, value);
  for (const [name, value] of state.auth.headers) headers.set(name, value);
  return { url, headers, body };
}

function isCrossOriginRedirect(status: number, headers: Headers, url: URL): boolean {
  const location = headers.get('location');
  if (status < 300 || status > 399 || location === null) return false;
  try {
    return new URL(location, url).origin !== url.origin;
  } catch {
    return false;
  }
}

function setHeader(headers: Headers, name: string, value: string, onInvalid: () => void): void {
  try {
    headers.set(name, value);
  } catch {
    onInvalid();
  }
}

/**
 * Follows redirects only within the same origin. A redirect elsewhere is
 * returned as is (and reported as an error), because `fetch` would carry
 * API-key headers such as `X-Api-Key` to the other host.
 */
async function fetchFollowingSameOrigin(fetchImpl: FetchLike, url: URL, init: RequestInit): Promise<Response> {
  let current = url;
  let currentInit: RequestInit = { ...init, redirect: 'manual' };
  for (let hop = 0; ; hop++) {
    const response = await fetchImpl(current.toString(), currentInit);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || location === null || hop >= MAX_REDIRECTS) return response;
    const next = new URL(location, current);
    if (next.origin !== url.origin) return response;
    await response.body?.cancel();
    // 303, and 301/302 after a POST, turn into a GET without a body, as browsers do.
    const toGet = response.status === 303 || ((response.status === 301 || response.status === 302) && currentInit.method === 'POST');
    if (toGet) {
      const { body: _dropped, ...rest } = currentInit;
      currentInit = { ...rest, method: 'GET' };
    }
    current = next;
  }
}

/** `AbortSignal.any` (Node ≥ 20.3) with a fallback for older 20.x. */
function anySignal(signals: readonly (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(present);
  const controller = new AbortController();
  for (const signal of present) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true, signal: controller.signal });
  }
  return controller.signal;
}

/** The URL for log lines, with credential query parameters replaced. */
function displayUrl(url: URL, auth: PreparedAuth): string {
  if (auth.query.length === 0) return url.toString();
  const copy = new URL(url);
  for (const [name] of auth.query) if (copy.searchParams.has(name)) copy.searchParams.set(name, 'REDACTED');
  return copy.toString();
}

function findRequestId(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/** The error body, parsed when it is JSON, with credentials redacted from the decoded strings (and keys) or from the text. */
function parseErrorBody(text: string, redact: Redactor): unknown {
  if (text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    return redact.text(text);
  }
  return redact.json(parsed);
}

/** `Hive listWorkspaces (GET /workspaces) failed with HTTP 401: Invalid token (request id abc).` Body and request id come redacted. */
function apiErrorMessage(prefix: string, status: number, body: unknown, requestId: string | undefined, redact: Redactor): string {
  const detail = errorDetail(body, redact);
  return `${prefix} failed with HTTP ${status}${detail ? `: ${detail}` : ''}${requestId ? ` (request id ${requestId})` : ''}.`;
}

/** The human message most APIs put in an error body, shortened to one line. */
function errorDetail(body: unknown, redact: Redactor): string | undefined {
  let text: unknown;
  if (typeof body === 'string') text = body;
  else if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    const first = Array.isArray(record['errors']) ? (record['errors'][0] as Record<string, unknown> | undefined) : undefined;
    const nested = typeof record['error'] === 'object' && record['error'] !== null ? (record['error'] as Record<string, unknown>)['message'] : undefined;
    text = [record['message'], record['error_description'], record['error'], nested, first?.['message']].find((v) => typeof v === 'string');
  }
  if (typeof text !== 'string') return undefined;
  const line = oneLine(redact, text).replace(/\.$/, '');
  return line.length > 200 ? `${line.slice(0, 197)}…` : line || undefined;
}

/** Whitespace runs collapsed to one space, redacted again afterwards: collapsing `a\n b` can spell a key with a space in it. */
function oneLine(redact: Redactor, text: string): string {
  return redact.text(text.replace(/\s+/g, ' ').trim());
}

/** What `fetch` threw, in one phrase; never throws itself, whatever was thrown (getters, null prototypes). */
function describeNetworkError(error: unknown): string {
  try {
    if (typeof error === 'string') return error;
    if (!(error instanceof Error)) return `a non-Error value (${error === null ? 'null' : typeof error})`;
    const cause = (error as { cause?: unknown }).cause;
    const code = cause instanceof Error ? (cause as { code?: unknown }).code : undefined;
    const causeText = cause instanceof Error ? (typeof code === 'string' ? code : String(cause.message)) : undefined;
    return causeText ? `${String(error.message)} (${causeText})` : String(error.message);
  } catch {
    return 'an unreadable error';
  }
}
