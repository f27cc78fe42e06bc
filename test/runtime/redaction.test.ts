/**
 * Credentials never leave a client by accident: not through `toString()`,
 * `JSON.stringify`, `util.inspect`, error messages, error bodies that echo
 * them, causes, or log lines.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, CredentialsError, NetworkError } from 'connector-compiler/runtime';
import { createClayHRClient } from '../fixtures/clients/seeds/expected/clients/clayhr.js';
import { createHiveClient } from '../fixtures/clients/seeds/expected/clients/hive.js';
import { createWorkbenchClient } from '../fixtures/clients/multi-auth/expected/clients/workbench.js';
import { startServer, type TestServer } from '../emit/client/helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const SECRET = 'hive-secret-key-123456';
const credentials = { apiKey: SECRET, userId: 'user-789' };

function expectNoSecret(text: string, ...secrets: string[]): void {
  for (const secret of [SECRET, ...secrets]) expect(text).not.toContain(secret);
}

describe('the client object', () => {
  const client = createHiveClient(credentials);

  it('shows which connector and method, never the credentials', () => {
    expect(String(client)).toBe('HiveClient { connector: "hive", authMethod: "api-key", credentials: [REDACTED] }');
    expect(JSON.stringify(client)).toBe('{"connector":"hive","authMethod":"api-key","credentials":"[REDACTED]"}');
    expect(inspect(client, { showHidden: true, depth: 10 })).toBe('HiveClient { connector: "hive", authMethod: "api-key", credentials: [REDACTED] }');
    expect(Object.keys(client)).toEqual([]);
    expect(Object.getOwnPropertyNames(client)).toEqual([]);
    expect(Object.getOwnPropertySymbols(client)).toEqual([]);
  });

  it('does not keep a reference to the caller’s credentials object', () => {
    const mutable = { ...credentials };
    const own = createHiveClient(mutable);
    mutable.apiKey = 'changed';
    expectNoSecret(`${own} ${JSON.stringify(own)} ${inspect(own)}`);
  });
});

describe('errors', () => {
  it('redacts a key the API echoes back in an error body and message', async () => {
    server.handle(() => ({ status: 401, body: { message: `Invalid api_key ${SECRET} for user user-789`, key: SECRET }, headers: { 'x-request-id': 'r-1' } }));
    const error = (await createHiveClient(credentials, { baseUrl: server.origin }).listWorkspaces().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('Hive listWorkspaces (GET /workspaces) failed with HTTP 401: Invalid api_key [REDACTED] for user [REDACTED] (request id r-1).');
    // The user id is not secret, but it travels in the request as a credential, so it is treated as one too.
    expect(error.body).toEqual({ message: 'Invalid api_key [REDACTED] for user [REDACTED]', key: '[REDACTED]' });
    expectNoSecret(`${error.stack} ${JSON.stringify(error)} ${inspect(error, { depth: 10 })}`);
  });

  it('redacts query-string credentials: Hive errors and logs never show the URL’s user_id', async () => {
    const lines: string[] = [];
    const logger = { debug: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
    // A fetch that fails the way some do: with the full URL in the message.
    const failing = async (url: string) => {
      throw new TypeError(`request to ${url} failed`, { cause: new Error(`getaddrinfo ENOTFOUND for ${url}`) });
    };
    const error = (await createHiveClient(credentials, { fetch: failing, logger, retries: 1, random: () => 0 }).listWorkspaces().catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expectNoSecret(`${error.message} ${error.stack} ${inspect(error, { depth: 10 })} ${lines.join('\n')}`, credentials.userId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('[REDACTED]');

    const ok = async () => new Response('[]', { status: 200 });
    lines.length = 0;
    await createHiveClient(credentials, { fetch: ok, logger }).listWorkspaces();
    expect(lines[0]).toMatch(/^hive\.listWorkspaces GET https:\/\/app\.hive\.com\/api\/v1\/workspaces\?user_id=REDACTED → 200 \(\d+ ms\)$/);
  });

  it('redacts a JSON-valued header (ClayHR) whole and member by member, as sent', async () => {
    const clay = { subdomain: 'acmecompany', apiKey: 'clay-"key"-é55aa66bb', userId: '424242' };
    const sent = '{"userId":424242,"apiKey":"clay-\\"key\\"-\\u00e955aa66bb"}';
    const echo = async (_url: string, init: RequestInit) => {
      const header = new Headers(init.headers).get('authorization');
      expect(header).toBe(sent);
      return new Response(JSON.stringify({ message: `bad header ${header}`, raw: clay.apiKey }), { status: 400 });
    };
    const error = (await createClayHRClient(clay, { fetch: echo, retries: 0 }).listUsers().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('ClayHR listUsers (GET /user/list) failed with HTTP 400: bad header [REDACTED].');
    expect(error.body).toEqual({ message: 'bad header [REDACTED]', raw: '[REDACTED]' });

    // A text body quoting one member as it appears inside the header (escaped) is redacted too.
    const quote = async () => new Response('no key clay-\\"key\\"-\\u00e955aa66bb for user 424242', { status: 401 });
    const refused = (await createClayHRClient(clay, { fetch: quote, retries: 0 }).listUsers().catch((e: unknown) => e)) as ApiError;
    expect(refused.body).toBe('no key [REDACTED] for user [REDACTED]');
  });

  it('redacts basic-auth passwords and their base64 form', async () => {
    const password = 'correct horse battery';
    const token = Buffer.from(`ada:${password}`).toString('base64');
    server.handle((req) => ({ status: 400, body: { error: `bad header ${req.headers.authorization}` } }));
    const client = createWorkbenchClient('basic', { region: 'eu1', username: 'ada', password, tenant: 'acme' }, { baseUrl: server.origin });
    const error = (await client.deleteContact({ contactId: 'c1' }).catch((e: unknown) => e)) as ApiError;
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${token}`);
    expect(error.message).toBe('Workbench deleteContact (DELETE /contacts/{contactId}) failed with HTTP 400: bad header [REDACTED].');
    expectNoSecret(`${error.message} ${JSON.stringify(error.body)} ${String(client)}`, password, token);
  });

  it('CredentialsError names fields and never values', () => {
    const attempt = () => createHiveClient({ apiKey: 42, userId: 'x', extra: SECRET } as never);
    expect(attempt).toThrowError(CredentialsError);
    try {
      attempt();
    } catch (error) {
      // The wording belongs to the shared credential rules; here only the codes matter.
      expect((error as CredentialsError).problems.map((p) => [p.key, p.code])).toEqual([
        ['apiKey', 'type'],
        ['extra', 'unknown'],
      ]);
      expectNoSecret(`${(error as Error).stack} ${inspect(error, { depth: 10 })}`);
    }
  });

  it('refuses header values with line breaks without echoing them', () => {
    const attempt = () => createHiveClient({ apiKey: `${SECRET}\r\nX-Injected: 1`, userId: 'u' });
    expect(attempt).toThrowError('API Key cannot be sent in an HTTP header: it contains a line break or an unsupported character.');
  });
});

describe('every encoding the client produced (issue #15)', () => {
  const KEY = 'sk_Ab12+/Cd34==';
  const workbench = (apiKey: string, accountId?: string, options: Parameters<typeof createWorkbenchClient>[2] = {}) =>
    createWorkbenchClient('api-key', { region: 'eu1', tenant: 'acme', apiKey, ...(accountId === undefined ? {} : { accountId }) }, { baseUrl: server.origin, retries: 0, ...options });

  it('redacts a key the API JSON-escapes with `\\/` or `\\uXXXX`, in the message, the body and verify()', async () => {
    const raw = '{"message":"Invalid key sk_Ab12+\\/Cd34==","key":"sk_Ab12\\u002B\\u002fCd34\\u003d\\u003D","nested":{"sk_Ab12+\\/Cd34==":["x sk_Ab12+\\\\\\/Cd34== y"]}}';
    server.handle(() => ({ status: 400, body: raw, headers: { 'content-type': 'application/json' } }));
    const error = (await workbench(KEY).getContact({ id: 'me' }).catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe('Workbench getContact (GET /contacts/{id}) failed with HTTP 400: Invalid key [REDACTED].');
    expect(error.body).toEqual({ message: 'Invalid key [REDACTED]', key: '[REDACTED]', nested: { '[REDACTED]': ['x [REDACTED] y'] } });
    const result = await workbench(KEY).verify();
    expect(result).toMatchObject({ ok: false, reason: 'unexpected-response', message: error.message, body: error.body });
    expectNoSecret(`${inspect(result, { depth: 10 })} ${JSON.stringify(result)}`, KEY);
  });

  it('redacts JSON escapes in a body that is not valid JSON', async () => {
    server.handle(() => ({ status: 500, body: 'oops {"key": "sk_Ab12+\\/Cd34\\u003d=", ', headers: { 'content-type': 'text/plain' } }));
    const error = (await workbench(KEY).getContact({ id: 'me' }).catch((e: unknown) => e)) as ApiError;
    expect(error.body).toBe('oops {"key": "[REDACTED]", ');
  });

  it('redacts a query credential in the form encoding it was sent in (`~` as %7E, space as +)', async () => {
    const account = "Q8x8Q~abc'()! def";
    server.handle((req) => ({ status: 404, body: { message: `No route for GET ${req.url}` } }));
    const error = (await workbench(KEY, account).getContact({ id: 'me' }).catch((e: unknown) => e)) as ApiError;
    expect(server.requests[0]!.url).toBe('/contacts/me?account=Q8x8Q%7Eabc%27%28%29%21+def');
    expect(error.message).toBe('Workbench getContact (GET /contacts/{id}) failed with HTTP 404: No route for GET /contacts/me?account=[REDACTED].');
    expect(error.body).toEqual({ message: 'No route for GET /contacts/me?account=[REDACTED]' });
  });

  it('redacts the request id', async () => {
    server.handle(() => ({ status: 403, body: { message: 'nope' }, headers: { 'x-request-id': `req-${KEY}` } }));
    const error = (await workbench(KEY).getContact({ id: 'me' }).catch((e: unknown) => e)) as ApiError;
    expect([error.requestId, error.message]).toEqual(['req-[REDACTED]', 'Workbench getContact (GET /contacts/{id}) failed with HTTP 403: nope (request id req-[REDACTED]).']);
  });

  it('sanitises every property of a fetch error, and never keeps the original reachable', async () => {
    const original = Object.assign(new TypeError(`Request failed for key ${KEY}`), {
      code: 'ERR_BAD',
      config: { url: new URL(`${server.origin}/contacts/me?account=77`), headers: { 'X-Api-Key': KEY, Accept: 'application/json' }, more: [{ token: `Bearer ${KEY}` }] },
      response: new Headers({ 'x-api-key': KEY }),
    });
    const failing = async () => {
      throw original;
    };
    const error = (await workbench(KEY, '77', { fetch: failing }).getContact({ id: 'me' }).catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe('Workbench getContact (GET /contacts/{id}) failed: Request failed for key [REDACTED].');
    const cause = error.cause as TypeError & Record<string, unknown>;
    expect(cause).not.toBe(original);
    expect(cause).toBeInstanceOf(TypeError);
    expect([cause.name, cause.message, cause.code]).toEqual(['TypeError', 'Request failed for key [REDACTED]', 'ERR_BAD']);
    expect(cause.config).toEqual({ url: `${server.origin}/contacts/me?account=[REDACTED]`, headers: { 'X-Api-Key': '[REDACTED]', Accept: 'application/json' }, more: [{ token: 'Bearer [REDACTED]' }] });
    expect(cause.response).toEqual({ 'x-api-key': '[REDACTED]' });
    expectNoSecret(`${error.stack} ${cause.stack} ${inspect(error, { depth: 20, showHidden: true })} ${JSON.stringify(cause)}`, KEY);
  });

  it('copes with whatever fetch throws: a null-prototype object, an error whose message getter throws', async () => {
    const bare = Object.assign(Object.create(null) as object, { headers: { 'X-Api-Key': KEY } });
    const hostile = Object.defineProperty(new Error('x', { cause: new Error(`inner ${KEY}`) }), 'message', { get: () => { throw new Error(KEY); } });
    const results = await Promise.all([bare, hostile].map((thrown) => workbench(KEY, undefined, { fetch: async () => { throw thrown; } }).getContact({ id: 'me' }).catch((e: unknown) => e)));
    expect(results.map((e) => [(e as Error).constructor.name, (e as Error).message])).toEqual([
      ['NetworkError', 'Workbench getContact (GET /contacts/{id}) failed: a non-Error value (object).'],
      ['NetworkError', 'Workbench getContact (GET /contacts/{id}) failed: an unreadable error.'],
    ]);
    expect((results[0] as NetworkError).cause).toEqual({ headers: { 'X-Api-Key': '[REDACTED]' } });
    const copy = (results[1] as NetworkError).cause as Error;
    expect([copy.message, (copy.cause as Error).message]).toEqual(['', 'inner [REDACTED]']);
    expectNoSecret(inspect(results, { depth: 20, showHidden: true }), KEY);
  });

  it('redacts values shorter than 4 characters where their header or query name says what they are', async () => {
    server.handle((req) => ({ status: 401, body: { message: `x-api-key: ${String(req.headers['x-api-key'])} is not valid for ${req.url}`, got: { 'X-Api-Key': 'k9' } }, headers: { 'x-request-id': 'x-api-key=k9' } }));
    const error = (await workbench('k9', '7').getContact({ id: 'me' }).catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe('Workbench getContact (GET /contacts/{id}) failed with HTTP 401: x-api-key: [REDACTED] is not valid for /contacts/me?account=[REDACTED] (request id x-api-key=[REDACTED]).');
    expect(error.body).toEqual({ message: 'x-api-key: [REDACTED] is not valid for /contacts/me?account=[REDACTED]', got: { 'X-Api-Key': '[REDACTED]' } });
  });
});
