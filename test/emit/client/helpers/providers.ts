/**
 * Handlers for the test server that play each shipped provider as its public
 * documentation describes it: where the credentials must be, which paths
 * exist, and what the provider answers (status and body) when something is
 * wrong. A client that puts a credential in the wrong place, or calls a path
 * the provider does not have, gets the provider's refusal, not a pass.
 *
 * Where the documentation does not say what the provider answers (an error
 * body, a list envelope), the handler says so in a comment and answers with a
 * plausible shape; tests must not depend on those details.
 */
import type { Handler, RecordedRequest, Reply } from './server.js';

type Routes = Readonly<Record<string, (request: RecordedRequest) => Reply>>;

/** Answers `routes[`${method} ${path}`]`, or the provider's 404 for anything else. */
function route(routes: Routes, request: RecordedRequest, notFound: Reply): Reply {
  const key = `${request.method} ${request.path}`;
  return Object.hasOwn(routes, key) ? routes[key]!(request) : notFound;
}

/**
 * Hive ("API keys and auth" on developers.hive.com): the key in an `api_key`
 * header, the user id in a `user_id` query parameter of every request, and
 * `GET /testcredentials?user_id=…` to check them. The status and body Hive
 * sends for wrong credentials are not documented; 401 with a message is played.
 */
export function playHive(credentials: { apiKey: string; userId: string }, routes: Routes = {}): Handler {
  return (request) => {
    if (request.headers['api_key'] !== credentials.apiKey || request.query.get('user_id') !== credentials.userId) {
      return { status: 401, body: { message: 'Invalid credentials' } };
    }
    return route({ 'GET /api/v1/testcredentials': () => ({ body: { ok: true } }), ...routes }, request, { status: 404, body: { message: 'Not found' } });
  };
}

/**
 * ClayHR ("How to interact with ClayHR APIs"): `https://<company>.clayhr.net/rm/`,
 * one `Authorization` header holding the JSON object `{"userId": <number>,
 * "apiKey": "<key>"}`, `Content-Type: application/json`, and `GET /user/list`.
 * The refusal's status and body are not documented; 401 with a message is played.
 */
export function playClayHR(credentials: { apiKey: string; userId: number }, routes: Routes = {}): Handler {
  return (request) => {
    let auth: unknown;
    try {
      auth = JSON.parse(request.headers.authorization ?? '');
    } catch {
      auth = undefined;
    }
    const record = typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>) : {};
    if (record['userId'] !== credentials.userId || record['apiKey'] !== credentials.apiKey || request.headers['content-type'] !== 'application/json') {
      return { status: 401, body: { message: 'Unauthorized' } };
    }
    return route({ 'GET /rm/user/list': () => ({ body: [{ userId: credentials.userId, firstName: 'Lin' }] }), ...routes }, request, { status: 404, body: { message: 'Not found' } });
  };
}

/**
 * Polymer (developer.polymer.co): `Authorization: Bearer <key>` on
 * `https://api.polymer.co/v1/hire`; `/jobs`, `/job_applications`,
 * `POST /job_applications/import`; `page` from 1 and `per_page` 1–100. The
 * error bodies are not documented; `{ error }` is played.
 */
export function playPolymer(apiKey: string, routes: Routes = {}): Handler {
  return (request) => {
    if (request.headers.authorization !== `Bearer ${apiKey}`) return { status: 401, body: { error: 'Invalid API key' } };
    for (const name of ['page', 'per_page']) {
      const value = request.query.get(name);
      if (value === null) continue;
      const number = Number(value);
      const max = name === 'page' ? Infinity : 100;
      if (!Number.isInteger(number) || number < 1 || number > max) return { status: 422, body: { error: `${name} is out of range` } };
    }
    return route(routes, request, { status: 404, body: { error: 'Not found' } });
  };
}

/**
 * Apollo (docs.apollo.io): the key in `X-Api-Key`; `GET /auth/health` answers
 * 200 with `is_logged_in: false` for a wrong key (which is why `verify()` reads
 * that field) and costs no credits. Other calls with a wrong key get 401; the
 * body played for that 401 is not confirmed from the public docs.
 */
export function playApollo(apiKey: string, routes: Routes = {}): Handler {
  return (request) => {
    const valid = request.headers['x-api-key'] === apiKey;
    if (request.method === 'GET' && request.path === '/api/v1/auth/health') return { body: { healthy: true, is_logged_in: valid } };
    if (!valid) return { status: 401, body: { error: 'Invalid access credentials.', error_code: 'INVALID_API_KEY' } };
    return route(routes, request, { status: 404, body: { error: 'Not found' } });
  };
}

/**
 * Linear (linear.app/developers/graphql): the personal key as the whole
 * `Authorization` value, GraphQL at `POST /graphql`. A refused key comes back
 * as a GraphQL `errors` list with `extensions.code: AUTHENTICATION_ERROR`;
 * `status` chooses the HTTP status it comes with (200 by default here, the
 * case a status-only check misses).
 */
export function playLinear(apiKey: string, data: unknown, status = 200): Handler {
  return (request) => {
    if (request.method !== 'POST' || request.path !== '/graphql') return { status: 404, body: { errors: [{ message: 'Not found' }] } };
    if (request.headers.authorization !== apiKey) {
      return { status, body: { errors: [{ message: 'Authentication required, not authenticated', extensions: { code: 'AUTHENTICATION_ERROR', type: 'authentication error' } }] } };
    }
    return { body: { data } };
  };
}

/**
 * Datadog ("Authentication" on docs.datadoghq.com/api/latest/authentication/):
 * the API key in a `DD-API-KEY` header and the application key in a
 * `DD-APPLICATION-KEY` header, on the site's API host `api.<site>`.
 * `GET /api/v1/validate` answers `{"valid": true}` for a valid API key and
 * HTTP 403 with `{"errors": ["Forbidden"]}` otherwise; it needs only the API key.
 * Other paths are played as needing both keys (403 with the same body).
 */
export function playDatadog(credentials: { apiKey: string; applicationKey: string }, routes: Routes = {}): Handler {
  return (request) => {
    const forbidden: Reply = { status: 403, body: { errors: ['Forbidden'] } };
    if (request.headers['dd-api-key'] !== credentials.apiKey) return forbidden;
    if (request.method === 'GET' && request.path === '/api/v1/validate') return { body: { valid: true } };
    if (request.headers['dd-application-key'] !== credentials.applicationKey) return forbidden;
    return route(routes, request, { status: 404, body: { errors: ['Not found'] } });
  };
}
