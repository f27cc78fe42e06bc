/**
 * Runtime behaviour through a generated client and a local server:
 * retries (429 with Retry-After, 5xx, network errors), idempotency, timeouts,
 * caller aborts, malformed JSON, redirects and typed errors.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, BaseClient, InvalidOptionError, InvalidRequestError, NetworkError, ResponseError, TimeoutError, UnexpectedResponseError, type CallOptions, type ClientOptions, type ConnectorDescription } from 'connector-compiler/runtime';
import { createApolloClient } from '../fixtures/clients/seeds/expected/clients/apollo.js';
import { createHiveClient } from '../fixtures/clients/seeds/expected/clients/hive.js';
import { startServer, type TestServer } from '../emit/client/helpers/server.js';

let server: TestServer;
let other: TestServer;
beforeAll(async () => {
  [server, other] = await Promise.all([startServer(), startServer()]);
});
afterAll(() => Promise.all([server.close(), other.close()]));
afterEach(() => expect([...server.failures, ...other.failures]).toEqual([]));

const credentials = { apiKey: 'hive-secret-key-123456', userId: 'user-789' };
/** Zero jitter: backoff waits 0 ms, so retry tests are fast and exact. */
const hive = (options: ClientOptions = {}) => createHiveClient(credentials, { baseUrl: server.origin, random: () => 0, ...options });

/** Replies with each of `replies` in turn, then repeats the last. */
function sequence(...replies: Parameters<TestServer['handle']>[0][]): Parameters<TestServer['handle']>[0] {
  let index = 0;
  return (req) => replies[Math.min(index++, replies.length - 1)]!(req);
}

describe('retries', () => {
  it('retries a 429 after the Retry-After seconds, then succeeds', async () => {
    server.handle(sequence(() => ({ status: 429, headers: { 'retry-after': '1' }, body: { message: 'slow down' } }), () => ({ body: [{ id: 'w1', name: 'Acme' }] })));
    const started = Date.now();
    await expect(hive().listWorkspaces()).resolves.toEqual([{ id: 'w1', name: 'Acme' }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
  });

  it('honours Retry-After as an HTTP-date (a past date means now)', async () => {
    server.handle(sequence(() => ({ status: 503, headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' } }), () => ({ body: [] })));
    await expect(hive({ random: () => 0.99, backoff: { initialDelay: 10_000 } }).listWorkspaces()).resolves.toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up at once when Retry-After is longer than `maxRetryAfter`', async () => {
    server.handle(() => ({ status: 429, headers: { 'retry-after': '120' }, body: { message: 'quota exhausted' } }));
    const error = await hive().listWorkspaces().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });

  it('retries 5xx with backoff up to `retries`, then throws the last ApiError', async () => {
    server.handle(() => ({ status: 502, body: 'Bad Gateway', headers: { 'content-type': 'text/plain', 'x-request-id': 'edge-1' } }));
    const error = (await hive({ retries: 3 }).listWorkspaces().catch((e: unknown) => e)) as ApiError;
    expect(server.requests).toHaveLength(4);
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.body, error.requestId, error.operation, error.endpoint]).toEqual([502, 'Bad Gateway', 'edge-1', 'listWorkspaces', 'GET /workspaces']);
    expect(error.message).toBe('Hive listWorkspaces (GET /workspaces) failed with HTTP 502: Bad Gateway (request id edge-1).');
  });

  it('waits a full-jitter delay: random × min(maxDelay, initialDelay × 2^retry)', async () => {
    server.handle(sequence(() => ({ status: 500 }), () => ({ status: 500 }), () => ({ body: [] })));
    const warnings: string[] = [];
    await hive({ random: () => 0.5, backoff: { initialDelay: 40, maxDelay: 60 }, logger: { debug: () => {}, warn: (m) => warnings.push(m) } }).listWorkspaces();
    expect(warnings).toEqual([
      'Hive listWorkspaces (GET /workspaces): HTTP 500. Retry 1 of 2 in 20 ms.',
      'Hive listWorkspaces (GET /workspaces): HTTP 500. Retry 2 of 2 in 30 ms.',
    ]);
  });

  it('does not retry client errors', async () => {
    server.handle(() => ({ status: 404, body: { message: 'No such workspace' } }));
    const error = (await hive().listProjects({ workspaceId: 'nope' }).catch((e: unknown) => e)) as ApiError;
    expect([error.status, error.message]).toEqual([404, 'Hive listProjects (GET /workspaces/{workspaceId}/projects) failed with HTTP 404: No such workspace.']);
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a non-idempotent POST unless the call opts in', async () => {
    server.handle(() => ({ status: 503 }));
    await expect(hive().createAction({ body: { workspace: 'w1', title: 'Ship it' } })).rejects.toBeInstanceOf(ApiError);
    expect(server.requests).toHaveLength(1);
    server.handle(sequence(() => ({ status: 503 }), () => ({ status: 201, body: { id: 'a1', title: 'Ship it' } })));
    await expect(hive().createAction({ body: { workspace: 'w1', title: 'Ship it' } }, { idempotent: true, headers: { 'Idempotency-Key': 'k-1' } })).resolves.toEqual({ id: 'a1', title: 'Ship it' });
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['k-1', 'k-1']);
  });

  it('retries a POST the spec marks idempotent (Apollo search)', async () => {
    server.handle(sequence(() => ({ status: 500 }), () => ({ body: { people: [] } })));
    await createApolloClient({ apiKey: 'apollo-key-0a1b2c3d4e5f' }, { baseUrl: server.origin, random: () => 0 }).searchPeople({ page: 1 });
    expect(server.requests.map((r) => r.url)).toEqual(['/mixed_people/api_search?page=1', '/mixed_people/api_search?page=1']);
  });

  it('retries network errors, then throws NetworkError', async () => {
    server.handle(() => ({ destroy: true }));
    const error = (await hive({ retries: 1 }).listWorkspaces().catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/^Hive listWorkspaces \(GET \/workspaces\) failed: fetch failed/);
    expect(server.requests).toHaveLength(2);
  });

  it('reports a refused connection as NetworkError', async () => {
    const closed = await startServer();
    await closed.close();
    const error = (await createHiveClient(credentials, { baseUrl: closed.origin, retries: 0 }).listWorkspaces().catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe('Hive listWorkspaces (GET /workspaces) failed: fetch failed (ECONNREFUSED).');
  });
});

describe('timeouts and cancellation', () => {
  it('times out a slow response with TimeoutError (default timeout from the client)', async () => {
    server.handle(() => ({ delay: 400, body: [] }));
    const error = (await hive({ timeout: 50, retries: 0 }).listWorkspaces().catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect([error.timeout, error.message]).toEqual([50, 'Hive listWorkspaces (GET /workspaces) timed out after 50 ms.']);
  });

  it('lets a call override the timeout, per attempt, and retries timeouts of idempotent calls', async () => {
    server.handle(sequence(() => ({ delay: 400, body: [] }), () => ({ body: [{ id: 'w', name: 'n' }] })));
    await expect(hive({ timeout: 10_000 }).listWorkspaces(undefined, { timeout: 50 })).resolves.toEqual([{ id: 'w', name: 'n' }]);
    expect(server.requests).toHaveLength(2);
  });

  it('rejects with the caller’s abort reason, not a TimeoutError', async () => {
    server.handle(() => ({ delay: 400, body: [] }));
    const controller = new AbortController();
    const reason = new Error('user navigated away');
    setTimeout(() => controller.abort(reason), 30);
    await expect(hive().listWorkspaces(undefined, { signal: controller.signal })).rejects.toBe(reason);
  });

  it('stops waiting between retries when the caller aborts', async () => {
    server.handle(() => ({ status: 503, headers: { 'retry-after': '30' } }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await expect(hive().listWorkspaces(undefined, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(1);
  });

  it('verify() reports a timeout as a result', async () => {
    server.handle(() => ({ delay: 400, body: [] }));
    await expect(hive({ timeout: 30, retries: 0 }).verify()).resolves.toMatchObject({ ok: false, reason: 'timeout' });
  });
});

describe('responses', () => {
  it('ApiError and UnexpectedResponseError share one ResponseError base (status, body, requestId, call site)', () => {
    const site = { connector: 'hive', operation: 'listWorkspaces', endpoint: 'GET /workspaces' };
    const api = new ApiError(site, 'm1', { status: 500, body: { a: 1 }, requestId: 'r1' });
    const unexpected = new UnexpectedResponseError(site, 'm2', { status: 200, body: '{', requestId: undefined });
    expect([api instanceof ResponseError, unexpected instanceof ResponseError, api instanceof UnexpectedResponseError]).toEqual([true, true, false]);
    expect({ ...api }).toEqual({ connector: 'hive', operation: 'listWorkspaces', endpoint: 'GET /workspaces', status: 500, body: { a: 1 }, requestId: 'r1', name: 'ApiError' });
    expect([unexpected.name, unexpected.status, unexpected.body, unexpected.requestId, unexpected.message]).toEqual(['UnexpectedResponseError', 200, '{', undefined, 'm2']);
  });

  it('throws UnexpectedResponseError for malformed JSON, and verify() says unexpected-response', async () => {
    server.handle(() => ({ body: '{"id": "w1", ', headers: { 'content-type': 'application/json' } }));
    const error = (await hive().listWorkspaces().catch((e: unknown) => e)) as UnexpectedResponseError;
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect([error.status, error.body, error.message]).toEqual([200, '{"id": "w1", ', 'Hive listWorkspaces (GET /workspaces) returned HTTP 200 with a body that is not valid JSON.']);
    await expect(hive().verify()).resolves.toMatchObject({ ok: false, reason: 'unexpected-response', status: 200 });
  });

  it('resolves `undefined` for an empty 204', async () => {
    server.handle(() => ({ status: 204 }));
    await expect(hive().listWorkspaces()).resolves.toBeUndefined();
  });

  it('verify() reports other statuses as unexpected-response with the body', async () => {
    server.handle(() => ({ status: 404, body: { message: 'Not found' } }));
    await expect(hive().verify()).resolves.toMatchObject({ ok: false, reason: 'unexpected-response', status: 404, body: { message: 'Not found' } });
  });

  it('verify() reports a network failure as a result', async () => {
    server.handle(() => ({ destroy: true }));
    await expect(hive({ retries: 0 }).verify()).resolves.toMatchObject({ ok: false, reason: 'network-error' });
  });

  it('follows a redirect on the same origin with the credentials', async () => {
    server.handle((req) => (req.path === '/workspaces' ? { status: 307, headers: { location: '/v2/workspaces' } } : { body: [{ id: 'w2', name: 'Moved' }] }));
    await expect(hive().listWorkspaces()).resolves.toEqual([{ id: 'w2', name: 'Moved' }]);
    expect(server.requests.map((r) => [r.path, r.headers['api_key']])).toEqual([
      ['/workspaces', credentials.apiKey],
      ['/v2/workspaces', credentials.apiKey],
    ]);
  });

  it('does not follow a redirect to another origin, so the key never reaches it', async () => {
    server.handle(() => ({ status: 302, headers: { location: `${other.origin}/steal` } }));
    other.handle(() => ({ body: [] }));
    const error = (await hive().listWorkspaces().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(302);
    expect(error.message).toBe('Hive listWorkspaces (GET /workspaces) was redirected (HTTP 302) to another origin; not followed, so the credentials stay with the API.');
    expect(other.requests).toHaveLength(0);
  });
});

/** A client whose one operation has a path parameter called `__proto__`. */
class ProtoClient extends BaseClient {
  static readonly description: ConnectorDescription = {
    id: 'proto',
    name: 'Proto',
    baseUrl: [{ type: 'text', value: 'https://api.proto.test' }],
    headers: [],
    authMethods: { none: { label: 'None', rules: [], placements: [] } },
    operations: {
      get: {
        method: 'GET',
        pathTemplate: '/things/{__proto__}',
        path: [{ type: 'text', value: '/things/' }, { type: 'param', key: '__proto__' }],
        idempotent: true,
        parameters: [{ key: '__proto__', name: '__proto__', in: 'path', required: true }],
      },
    },
  };
  constructor(options: ClientOptions) {
    super(ProtoClient.description, 'none', {}, options);
  }
  get(params: object): Promise<unknown> {
    return this.request('get', params, undefined);
  }
}

describe('path parameters', () => {
  const proto = () => new ProtoClient({ baseUrl: server.origin, retries: 0 });

  it('sends a path parameter named `__proto__` as its value, not `[object Object]`', async () => {
    server.handle(() => ({ body: {} }));
    await proto().get(JSON.parse('{"__proto__": "a b"}') as object);
    expect(server.requests.map((r) => r.url)).toEqual(['/things/a%20b']);
  });

  it('refuses a missing `__proto__` value (an object literal cannot set it) with InvalidRequestError', async () => {
    const error = await proto().get({ __proto__: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect([(error as InvalidRequestError).key, (error as Error).message]).toEqual(['__proto__', 'Parameter `__proto__` of Proto get is required.']);
  });

  it('refuses a lone surrogate with InvalidRequestError instead of a raw URIError', async () => {
    server.handle(() => ({ body: [] }));
    const error = await hive().listProjects({ workspaceId: 'w\uD800' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect([(error as InvalidRequestError).key, (error as Error).message]).toEqual([
      'workspaceId',
      'Parameter `workspaceId` of Hive listProjects contains a lone UTF-16 surrogate, which cannot be sent in a URL.',
    ]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('values that cannot be converted', () => {
  it('refuses cycles, BigInts in JSON and non-JSON bodies with InvalidRequestError, sending nothing', async () => {
    server.handle(() => ({ body: [] }));
    const cyclic: Record<string, unknown> = { title: 't' };
    cyclic['self'] = cyclic;
    const throwing = { toJSON: () => { throw new Error('boom'); } };
    const attempts = [
      hive().listProjects({ workspaceId: { id: 1n } as never }),
      hive().listProjects({ workspaceId: throwing as never }),
      hive().createAction({ body: cyclic as never }),
      hive().createAction({ body: (() => 1) as never }),
    ];
    const errors = await Promise.all(attempts.map((attempt) => attempt.catch((e: unknown) => e)));
    const reason = 'cannot be converted for the request (a cycle, a BigInt inside an object, or a throwing `toJSON`)';
    expect(errors.map((e) => [(e as Error).constructor.name, (e as Error).message])).toEqual([
      ['InvalidRequestError', `Parameter \`workspaceId\` of Hive listProjects ${reason}.`],
      ['InvalidRequestError', `Parameter \`workspaceId\` of Hive listProjects ${reason}.`],
      ['InvalidRequestError', `Parameter \`body\` of Hive createAction ${reason}.`],
      ['InvalidRequestError', 'Parameter `body` of Hive createAction is not a JSON value.'],
    ]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('option checks', () => {
  it.each<[CallOptions, string]>([
    [{ retries: Number.NaN }, 'Call option `retries` of Hive listWorkspaces must be a whole number from 0 to 100; got NaN.'],
    [{ retries: Number.POSITIVE_INFINITY }, 'Call option `retries` of Hive listWorkspaces must be a whole number from 0 to 100; got Infinity.'],
    [{ retries: -1 }, 'Call option `retries` of Hive listWorkspaces must be a whole number from 0 to 100; got -1.'],
    [{ retries: 1.5 }, 'Call option `retries` of Hive listWorkspaces must be a whole number from 0 to 100; got 1.5.'],
    [{ retries: '2' as never }, 'Call option `retries` of Hive listWorkspaces must be a whole number from 0 to 100; got a string.'],
    [{ timeout: Number.NaN }, 'Call option `timeout` of Hive listWorkspaces must be a number of milliseconds from 0 to 2147483647; got NaN.'],
    [{ timeout: Number.POSITIVE_INFINITY }, 'Call option `timeout` of Hive listWorkspaces must be a number of milliseconds from 0 to 2147483647; got Infinity.'],
    [{ timeout: 2 ** 31 }, 'Call option `timeout` of Hive listWorkspaces must be a number of milliseconds from 0 to 2147483647; got 2147483648.'],
  ])('refuses call options: %s', async (options, message) => {
    server.handle(() => ({ status: 503 }));
    const error = await hive().listWorkspaces(undefined, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toBeInstanceOf(RangeError);
    expect([(error as InvalidOptionError).option, (error as Error).message]).toEqual([Object.keys(options)[0], message]);
    expect(server.requests).toHaveLength(0);
    // verify() runs Hive's credential check, GET /testcredentials, with the same option rules.
    await expect(hive().verify(options)).rejects.toThrowError(message.replace('Hive listWorkspaces', 'Hive testCredentials'));
  });

  it.each<[ClientOptions, string, string]>([
    [{ retries: Number.POSITIVE_INFINITY }, 'retries', 'Client option `retries` must be a whole number from 0 to 100; got Infinity.'],
    [{ retries: Number.NaN }, 'retries', 'Client option `retries` must be a whole number from 0 to 100; got NaN.'],
    [{ timeout: Number.POSITIVE_INFINITY }, 'timeout', 'Client option `timeout` must be a number of milliseconds from 0 to 2147483647; got Infinity.'],
    [{ timeout: -5 }, 'timeout', 'Client option `timeout` must be a number of milliseconds from 0 to 2147483647; got -5.'],
    [{ maxRetryAfter: Number.POSITIVE_INFINITY }, 'maxRetryAfter', 'Client option `maxRetryAfter` must be a number of milliseconds from 0 to 2147483647; got Infinity.'],
    [{ backoff: { initialDelay: Number.NaN } }, 'backoff.initialDelay', 'Client option `backoff.initialDelay` must be a number of milliseconds from 0 to 2147483647; got NaN.'],
    [{ backoff: { maxDelay: -1 } }, 'backoff.maxDelay', 'Client option `backoff.maxDelay` must be a number of milliseconds from 0 to 2147483647; got -1.'],
  ])('refuses client options at construction: %s', (options, option, message) => {
    const attempt = () => createHiveClient(credentials, options);
    expect(attempt).toThrowError(InvalidOptionError);
    try {
      attempt();
    } catch (error) {
      expect([(error as InvalidOptionError).name, (error as InvalidOptionError).option, (error as Error).message]).toEqual(['InvalidOptionError', option, message]);
    }
  });
});
