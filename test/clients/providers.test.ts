/**
 * The five seed clients against a local server playing each provider: every
 * request must carry the credentials exactly where the provider expects
 * them, parameters must land in the path, query and body, and `verify()`
 * must read the provider's answers correctly.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApolloClient } from '../fixtures/clients/seeds/expected/clients/apollo.js';
import { createClayHRClient } from '../fixtures/clients/seeds/expected/clients/clayhr.js';
import { createHiveClient } from '../fixtures/clients/seeds/expected/clients/hive.js';
import { createLinearClient } from '../fixtures/clients/seeds/expected/clients/linear.js';
import { createPolymerClient } from '../fixtures/clients/seeds/expected/clients/polymer.js';
import { startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => expect(server.failures).toEqual([]));

/** No retries and a short timeout unless a test says otherwise: failures must be quick. */
const quick = { retries: 0, timeout: 5_000 } as const;

describe('Polymer (bearer token)', () => {
  const apiKey = 'poly_test_4f9a1c2b7e';
  const client = () => createPolymerClient({ apiKey }, { ...quick, baseUrl: `${server.origin}/v1/hire` });

  it('sends `Authorization: Bearer <key>` and the query parameters', async () => {
    server.handle((req) => {
      expect(req.headers.authorization).toBe(`Bearer ${apiKey}`);
      return { body: { items: [{ id: 7, title: 'Staff Engineer', status: 'published', location: null }], meta: { total: 1, page: 2 } } };
    });
    const jobs = await client().listJobs({ page: 2, per_page: 25, status: 'published' });
    expect(jobs).toEqual({ items: [{ id: 7, title: 'Staff Engineer', status: 'published', location: null }], meta: { total: 1, page: 2 } });
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([['GET', '/v1/hire/jobs?page=2&per_page=25&status=published']]);
    expect(server.requests[0]!.headers.accept).toBe('application/json');
  });

  it('puts path parameters in the path and bodies in JSON', async () => {
    server.handle((req) => (req.method === 'GET' ? { body: { id: 42, title: 'Designer', description: null } } : { status: 201, body: { id: 9001 } }));
    await expect(client().getJob({ jobId: 42 })).resolves.toEqual({ id: 42, title: 'Designer', description: null });
    await expect(client().createCandidate({ body: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', tags: ['referral'] } })).resolves.toEqual({ id: 9001 });
    expect(server.requests.map((r) => [r.method, r.path, r.headers['content-type'] ?? null, r.body])).toEqual([
      ['GET', '/v1/hire/jobs/42', null, ''],
      ['POST', '/v1/hire/candidates', 'application/json', '{"first_name":"Ada","last_name":"Lovelace","email":"ada@example.com","tags":["referral"]}'],
    ]);
  });

  it('verifies with `listJobs?per_page=1`: ok, then invalid credentials on 401', async () => {
    server.handle(() => ({ body: { items: [], meta: { total: 0, page: 1 } } }));
    await expect(client().verify()).resolves.toEqual({ ok: true, status: 200 });
    expect(server.requests[0]!.url).toBe('/v1/hire/jobs?per_page=1');

    server.handle(() => ({ status: 401, body: { error: 'Invalid API key' }, headers: { 'x-request-id': 'req_123' } }));
    const result = await client().verify();
    expect(result).toMatchObject({ ok: false, reason: 'invalid-credentials', status: 401, message: 'Polymer rejected the credentials (HTTP 401).' });
    if (result.ok || result.reason !== 'invalid-credentials') throw new Error('unreachable');
    expect(result.error.requestId).toBe('req_123');
    expect(result.error.body).toEqual({ error: 'Invalid API key' });
  });
});

describe('Linear (raw key in `Authorization`)', () => {
  const apiKey = 'lin_api_9Z8y7X6w5V4u3T2s';
  const client = () => createLinearClient({ apiKey }, { ...quick, baseUrl: server.origin });

  it('sends the key without `Bearer` and posts GraphQL as JSON', async () => {
    server.handle((req) => {
      expect(req.headers.authorization).toBe(apiKey);
      expect(req.headers['content-type']).toBe('application/json');
      return { body: { data: { viewer: { id: 'u1', name: 'Ada', email: 'ada@example.com' } } } };
    });
    const result = await client().graphql({ body: { query: 'query Me { viewer { id } }', variables: { first: 1 }, operationName: 'Me' } });
    expect(result).toEqual({ data: { viewer: { id: 'u1', name: 'Ada', email: 'ada@example.com' } } });
    expect(server.requests.map((r) => [r.method, r.path, JSON.parse(r.body)])).toEqual([['POST', '/graphql', { query: 'query Me { viewer { id } }', variables: { first: 1 }, operationName: 'Me' }]]);
  });

  it('verifies with the spec’s viewer query; 403 means invalid credentials', async () => {
    server.handle(() => ({ body: { data: { viewer: { id: 'u1' } } } }));
    await expect(client().verify()).resolves.toEqual({ ok: true, status: 200 });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ query: '{ viewer { id name email } }' });
    server.handle(() => ({ status: 403, body: { errors: [{ message: 'Forbidden' }] } }));
    await expect(client().verify()).resolves.toMatchObject({ ok: false, reason: 'invalid-credentials', status: 403 });
  });

  it('refuses a key that breaks the spec’s pattern, naming the field and not the value', () => {
    expect(() => createLinearClient({ apiKey: 'sk_live_not_linear' })).toThrowError('API Key must start with lin_api_.');
    try {
      createLinearClient({ apiKey: 'sk_live_not_linear' });
    } catch (error) {
      expect(String(error)).not.toContain('sk_live_not_linear');
      expect((error as { problems: unknown }).problems).toEqual([{ key: 'apiKey', code: 'pattern', message: 'API Key must start with lin_api_.' }]);
    }
  });
});

describe('Apollo (`X-Api-Key` header)', () => {
  const apiKey = 'apollo-key-0a1b2c3d4e5f';
  const client = () => createApolloClient({ apiKey }, { ...quick, baseUrl: `${server.origin}/api/v1` });

  it('sends `X-Api-Key`, the static headers, and no `Authorization`', async () => {
    server.handle((req) => {
      expect(req.headers['x-api-key']).toBe(apiKey);
      expect(req.headers.authorization).toBeUndefined();
      expect(req.headers['cache-control']).toBe('no-cache');
      return { body: { people: [{ id: 'p1', first_name: 'Grace', last_name_obfuscated: 'H***r', title: null, has_email: true }], total_entries: 1 } };
    });
    const found = await client().searchPeople({ body: { person_titles: ['CTO'], page: 1, per_page: 5 } });
    expect(found.people[0]?.first_name).toBe('Grace');
    expect(server.requests.map((r) => [r.method, r.path, r.body])).toEqual([['POST', '/api/v1/mixed_people/api_search', '{"person_titles":["CTO"],"page":1,"per_page":5}']]);
  });

  it('sends an optional body only when given, and booleans in the query as text', async () => {
    server.handle(() => ({ body: { people: [] } }));
    await client().searchPeople();
    server.handle(() => ({ body: { person: null } }));
    await client().enrichPerson({ reveal_personal_emails: true, body: { email: 'grace@example.com' } });
    expect(server.requests.map((r) => [r.path, r.url.split('?')[1] ?? '', r.body])).toEqual([['/api/v1/people/match', 'reveal_personal_emails=true', '{"email":"grace@example.com"}']]);
  });

  it('verifies with a one-result people search', async () => {
    server.handle(() => ({ body: { people: [], total_entries: 0 } }));
    await expect(client().verify()).resolves.toEqual({ ok: true, status: 200 });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ page: 1, per_page: 1 });
  });
});

describe('Hive (API key and user id, both as headers)', () => {
  const credentials = { apiKey: 'hive-secret-key-123456', userId: 'user-789' };
  const client = () => createHiveClient(credentials, { ...quick, baseUrl: `${server.origin}/api/v1` });

  it('sends `api_key` and `user_id` on every request', async () => {
    server.handle((req) => {
      expect([req.headers['api_key'], req.headers['user_id']]).toEqual([credentials.apiKey, credentials.userId]);
      return req.path.endsWith('/projects') ? { body: [{ id: 'pr1', name: 'Launch', status: null }] } : { body: [{ id: 'w1', name: 'Acme' }] };
    });
    await expect(client().listWorkspaces()).resolves.toEqual([{ id: 'w1', name: 'Acme' }]);
    await expect(client().listProjects({ workspaceId: 'w1' })).resolves.toEqual([{ id: 'pr1', name: 'Launch', status: null }]);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v1/workspaces', '/api/v1/workspaces/w1/projects']);
  });

  it('percent-encodes path values so they stay one segment', async () => {
    server.handle(() => ({ body: { _id: 'a/b?c' } }));
    await client().getAction({ actionId: 'a/b?c#d e' });
    expect(server.requests[0]!.url).toBe('/api/v1/actions/a%2Fb%3Fc%23d%20e');
  });

  it('requires both credentials', () => {
    expect(() => createHiveClient({ apiKey: 'k' } as never)).toThrowError('User ID is required.');
  });
});

describe('ClayHR (subdomain in the host, credentials in the query)', () => {
  const credentials = { subdomain: 'acmecompany', apiKey: 'clay-key-55aa66bb', userId: '4242' };

  /** Resolves `*.clayhr.com` to the local server, remembering which URL the client asked for. */
  function localResolver(asked: string[]) {
    return async (url: string, init: RequestInit) => {
      asked.push(url);
      const target = new URL(url);
      if (!target.hostname.endsWith('.clayhr.com')) throw new TypeError('fetch failed');
      return fetch(`${server.origin}${target.pathname}${target.search}`, init);
    };
  }

  it('builds https://<subdomain>.clayhr.com and sends `api_key` and `user_id` as query parameters', async () => {
    const asked: string[] = [];
    server.handle((req) => {
      expect([req.query.get('api_key'), req.query.get('user_id')]).toEqual([credentials.apiKey, credentials.userId]);
      expect(req.headers.authorization).toBeUndefined();
      return { body: { data: [{ id: 'e1', firstName: 'Lin', lastName: 'Q', workEmail: null, department: null, status: 'active' }], totalCount: 1 } };
    });
    const client = createClayHRClient(credentials, { ...quick, fetch: localResolver(asked) });
    const page = await client.listEmployees({ status: 'active', pageSize: 50 });
    expect(page.totalCount).toBe(1);
    expect(asked).toEqual(['https://acmecompany.clayhr.com/api/v1/employees?pageSize=50&status=active&api_key=clay-key-55aa66bb&user_id=4242']);
    expect(server.requests[0]!.headers.accept).toBe('application/json');
  });

  it('verifies with `GET /users/me`', async () => {
    const asked: string[] = [];
    server.handle(() => ({ body: { id: '4242', firstName: 'Lin', lastName: 'Q', email: 'lin@example.com' } }));
    await expect(createClayHRClient(credentials, { ...quick, fetch: localResolver(asked) }).verify()).resolves.toEqual({ ok: true, status: 200 });
    expect(asked).toEqual(['https://acmecompany.clayhr.com/api/v1/users/me?api_key=clay-key-55aa66bb&user_id=4242']);
  });

  it.each(['evil.com/', 'evil.com', 'a@evil.com', 'acme:443', 'acme?x=1', 'acme#x', '..', 'acme.', '.evil', 'ACME', 'acme company', ''])(
    'refuses the subdomain %j before any request',
    (subdomain) => {
      expect(() => createClayHRClient({ ...credentials, subdomain })).toThrowError(subdomain === '' ? 'Company Subdomain is required.' : /^Company Subdomain must be only the subdomain/);
    },
  );
});
