/**
 * The seed clients against a local server playing each provider as its
 * public documentation describes it (see helpers/providers.ts): credentials
 * must be exactly where the provider expects them or the server refuses them
 * as the provider would; paths must be the provider's; and `verify()` must
 * read the provider's answers correctly, including refusals that come with
 * HTTP 200 (Apollo's `is_logged_in: false`, Linear's GraphQL `errors`).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, CredentialsError } from 'connector-compiler/runtime';
import { createApolloClient } from '../../fixtures/clients/seeds/expected/clients/apollo.js';
import { createClayHRClient } from '../../fixtures/clients/seeds/expected/clients/clayhr.js';
import { createDatadogClient } from '../../fixtures/clients/seeds/expected/clients/datadog.js';
import { createHiveClient } from '../../fixtures/clients/seeds/expected/clients/hive.js';
import { createLinearClient } from '../../fixtures/clients/seeds/expected/clients/linear.js';
import { createPolymerClient } from '../../fixtures/clients/seeds/expected/clients/polymer.js';
import { playApollo, playClayHR, playDatadog, playHive, playLinear, playPolymer } from './helpers/providers.js';
import { startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => expect(server.failures).toEqual([]));

/** No retries and a short timeout unless a test says otherwise: failures must be quick. */
const quick = { retries: 0, timeout: 5_000 } as const;

describe('Polymer (bearer token on /v1/hire)', () => {
  const apiKey = 'poly_test_4f9a1c2b7e';
  const client = (key = apiKey) => createPolymerClient({ apiKey: key }, { ...quick, baseUrl: `${server.origin}/v1/hire` });
  const jobs = { items: [{ id: 7, title: 'Staff Engineer', status: 'archived', location: null }], meta: { page: 2 } };

  it('lists jobs with `page`, `per_page` and a documented status', async () => {
    server.handle(playPolymer(apiKey, { 'GET /v1/hire/jobs': () => ({ body: jobs }) }));
    await expect(client().listJobs({ page: 2, per_page: 100, status: 'archived' })).resolves.toEqual(jobs);
    expect(server.requests.map((r) => [r.method, r.url, r.headers.authorization, r.headers.accept])).toEqual([
      ['GET', '/v1/hire/jobs?page=2&per_page=100&status=archived', `Bearer ${apiKey}`, 'application/json'],
    ]);
  });

  it('lists applications under `/job_applications` and creates a candidate with `POST /job_applications/import`', async () => {
    server.handle(
      playPolymer(apiKey, {
        'GET /v1/hire/job_applications': () => ({ body: { items: [{ id: 1, candidate_id: 2, job_id: 7, stage: 'applied' }] } }),
        'POST /v1/hire/job_applications/import': () => ({ status: 201, body: { id: 9001 } }),
        'GET /v1/hire/jobs/42': () => ({ body: { id: 42, title: 'Designer', status: 'public', description: null } }),
      }),
    );
    await expect(client().listJobApplications({ job_id: 7, page: 1, per_page: 50 })).resolves.toEqual({ items: [{ id: 1, candidate_id: 2, job_id: 7, stage: 'applied' }] });
    await expect(client().importJobApplication({ body: { job_id: 7, first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' } })).resolves.toEqual({ id: 9001 });
    await expect(client().getJob({ jobId: 42 })).resolves.toEqual({ id: 42, title: 'Designer', status: 'public', description: null });
    expect(server.requests.map((r) => [r.method, r.url, r.headers['content-type'] ?? null, r.body])).toEqual([
      ['GET', '/v1/hire/job_applications?job_id=7&page=1&per_page=50', null, ''],
      ['POST', '/v1/hire/job_applications/import', 'application/json', '{"job_id":7,"first_name":"Ada","last_name":"Lovelace","email":"ada@example.com"}'],
      ['GET', '/v1/hire/jobs/42', null, ''],
    ]);
  });

  it('verifies with `GET /jobs?per_page=1`: ok, then invalid credentials on 401', async () => {
    server.handle(playPolymer(apiKey, { 'GET /v1/hire/jobs': () => ({ body: { items: [] } }) }));
    await expect(client().verify()).resolves.toEqual({ ok: true, status: 200 });
    await expect(client('poly_wrong_key').verify()).resolves.toMatchObject({ ok: false, reason: 'invalid-credentials', status: 401, message: 'Polymer rejected the credentials (HTTP 401).' });
    expect(server.requests.map((r) => r.url)).toEqual(['/v1/hire/jobs?per_page=1', '/v1/hire/jobs?per_page=1']);
  });
});

describe('Linear (raw key in `Authorization`, GraphQL)', () => {
  const apiKey = 'lin_api_9Z8y7X6w5V4u3T2s';
  const client = (key = apiKey) => createLinearClient({ apiKey: key }, { ...quick, baseUrl: server.origin });
  const viewer = { viewer: { id: 'u1', name: 'Ada', email: 'ada@example.com' } };

  it('sends the key without `Bearer` and posts GraphQL as JSON', async () => {
    server.handle(playLinear(apiKey, viewer));
    const result = await client().graphql({ body: { query: 'query Me { viewer { id } }', variables: { first: 1 }, operationName: 'Me' } });
    expect(result).toEqual({ data: viewer });
    expect(server.requests.map((r) => [r.method, r.path, r.headers.authorization, r.headers['content-type'], JSON.parse(r.body)])).toEqual([
      ['POST', '/graphql', apiKey, 'application/json', { query: 'query Me { viewer { id } }', variables: { first: 1 }, operationName: 'Me' }],
    ]);
  });

  it('verifies with the viewer query', async () => {
    server.handle(playLinear(apiKey, viewer));
    await expect(client().verify()).resolves.toEqual({ ok: true, status: 200 });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ query: '{ viewer { id name email } }' });
  });

  it.each([200, 400])('reads a GraphQL `errors` list (AUTHENTICATION_ERROR) with HTTP %i as invalid credentials', async (status) => {
    server.handle(playLinear(apiKey, viewer, status));
    const result = await client('lin_api_wrong').verify();
    expect(result).toMatchObject({ ok: false, reason: 'invalid-credentials', status, message: `Linear rejected the credentials (HTTP ${status}: \`/errors\` is present).` });
    if (result.ok || result.reason !== 'invalid-credentials') throw new Error('unreachable');
    expect(result.error).toBeInstanceOf(ApiError);
    expect(result.error.body).toEqual({ errors: [{ message: 'Authentication required, not authenticated', extensions: { code: 'AUTHENTICATION_ERROR', type: 'authentication error' } }] });
  });

  it('still reads 403 as invalid credentials', async () => {
    server.handle(() => ({ status: 403, body: 'Forbidden' }));
    await expect(client().verify()).resolves.toMatchObject({ ok: false, reason: 'invalid-credentials', status: 403, message: 'Linear rejected the credentials (HTTP 403).' });
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
  const client = (key = apiKey) => createApolloClient({ apiKey: key }, { ...quick, baseUrl: `${server.origin}/api/v1` });

  it('verifies with `GET /auth/health`: ok when `is_logged_in` is true', async () => {
    server.handle(playApollo(apiKey));
    await expect(client().verify()).resolves.toEqual({ ok: true, status: 200 });
    expect(server.requests.map((r) => [r.method, r.url, r.headers['x-api-key'], r.headers.authorization, r.headers['cache-control'], r.body])).toEqual([
      ['GET', '/api/v1/auth/health', apiKey, undefined, 'no-cache', ''],
    ]);
  });

  it('reads `is_logged_in: false` (HTTP 200) as invalid credentials', async () => {
    server.handle(playApollo(apiKey));
    const result = await client('apollo-key-wrong-000000').verify();
    expect(result).toMatchObject({ ok: false, reason: 'invalid-credentials', status: 200, message: 'Apollo rejected the credentials (HTTP 200: `/is_logged_in` is not `true`).' });
    if (result.ok || result.reason !== 'invalid-credentials') throw new Error('unreachable');
    expect([result.error.status, result.error.body, result.error.endpoint]).toEqual([200, { healthy: true, is_logged_in: false }, 'GET /auth/health']);
  });

  it('redacts a key the health check echoes back in the body it reports', async () => {
    const wrong = 'apollo-key-wrong-000000';
    server.handle(() => ({ body: { healthy: true, is_logged_in: false, key: wrong } }));
    const result = await client(wrong).verify();
    if (result.ok || result.reason !== 'invalid-credentials') throw new Error(`unexpected ${JSON.stringify(result)}`);
    expect(result.error.body).toEqual({ healthy: true, is_logged_in: false, key: '[REDACTED]' });
  });

  it('sends list filters as repeated `name[]` query parameters (`q_organization_domains_list[]`)', async () => {
    server.handle(
      playApollo(apiKey, {
        'POST /api/v1/mixed_people/api_search': (req) => {
          expect(req.query.getAll('q_organization_domains_list[]')).toEqual(['apollo.io', 'stackone.com']);
          expect(req.query.getAll('person_titles[]')).toEqual(['CTO', 'VP Engineering']);
          return { body: { people: [{ id: 'p1', first_name: 'Grace', last_name_obfuscated: 'H***r', title: null, has_email: true }], total_entries: 1 } };
        },
      }),
    );
    const found = await client().searchPeople({ 'person_titles[]': ['CTO', 'VP Engineering'], 'q_organization_domains_list[]': ['apollo.io', 'stackone.com'], page: 1, per_page: 5 });
    expect(found.people[0]?.first_name).toBe('Grace');
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      [
        'POST',
        '/api/v1/mixed_people/api_search?person_titles%5B%5D=CTO&person_titles%5B%5D=VP+Engineering&q_organization_domains_list%5B%5D=apollo.io&q_organization_domains_list%5B%5D=stackone.com&page=1&per_page=5',
        '',
      ],
    ]);
  });

  it('sends the search with no body and no query when given no filters, and booleans in the query as text', async () => {
    server.handle(
      playApollo(apiKey, {
        'POST /api/v1/mixed_people/api_search': () => ({ body: { people: [] } }),
        'POST /api/v1/people/match': () => ({ body: { person: null } }),
      }),
    );
    await client().searchPeople();
    await client().enrichPerson({ reveal_personal_emails: true, body: { email: 'grace@example.com' } });
    expect(server.requests.map((r) => [r.url, r.headers['content-type'] ?? null, r.body])).toEqual([
      ['/api/v1/mixed_people/api_search', null, ''],
      ['/api/v1/people/match?reveal_personal_emails=true', 'application/json', '{"email":"grace@example.com"}'],
    ]);
  });

  it('a wrong key on any other call is a 401 ApiError', async () => {
    server.handle(playApollo(apiKey));
    const error = await client('apollo-key-wrong-000000').listUsers().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('Apollo listUsers (GET /users/search) failed with HTTP 401: Invalid access credentials.');
  });
});

describe('Hive (`api_key` header, `user_id` query parameter)', () => {
  const credentials = { apiKey: 'hive-secret-key-123456', userId: 'user-789' };
  const client = (over: Partial<typeof credentials> = {}) => createHiveClient({ ...credentials, ...over }, { ...quick, baseUrl: `${server.origin}/api/v1` });

  it('sends the key as the `api_key` header and the user id in the query of every request', async () => {
    server.handle(
      playHive(credentials, {
        'GET /api/v1/workspaces': () => ({ body: [{ id: 'w1', name: 'Acme' }] }),
        'GET /api/v1/workspaces/w1/projects': () => ({ body: [{ id: 'pr1', name: 'Launch', status: null }] }),
      }),
    );
    await expect(client().listWorkspaces()).resolves.toEqual([{ id: 'w1', name: 'Acme' }]);
    await expect(client().listProjects({ workspaceId: 'w1' })).resolves.toEqual([{ id: 'pr1', name: 'Launch', status: null }]);
    expect(server.requests.map((r) => [r.url, r.headers['api_key'], r.headers['user_id']])).toEqual([
      ['/api/v1/workspaces?user_id=user-789', credentials.apiKey, undefined],
      ['/api/v1/workspaces/w1/projects?user_id=user-789', credentials.apiKey, undefined],
    ]);
  });

  it('verifies with `GET /testcredentials?user_id=…`: ok, then invalid credentials on 401', async () => {
    server.handle(playHive(credentials));
    await expect(client().verify()).resolves.toEqual({ ok: true, status: 200 });
    await expect(client({ apiKey: 'hive-wrong-key-000000' }).verify()).resolves.toMatchObject({ ok: false, reason: 'invalid-credentials', status: 401 });
    await expect(client({ userId: 'someone-else' }).verify()).resolves.toMatchObject({ ok: false, reason: 'invalid-credentials', status: 401 });
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v1/testcredentials?user_id=user-789', '/api/v1/testcredentials?user_id=user-789', '/api/v1/testcredentials?user_id=someone-else']);
  });

  it('percent-encodes path values so they stay one segment; objects are keyed `id`', async () => {
    server.handle(playHive(credentials, { 'GET /api/v1/actions/a%2Fb%3Fc%23d%20e': () => ({ body: { id: 'a/b?c#d e', title: 'Ship' } }) }));
    await expect(client().getAction({ actionId: 'a/b?c#d e' })).resolves.toEqual({ id: 'a/b?c#d e', title: 'Ship' });
    expect(server.requests[0]!.url).toBe('/api/v1/actions/a%2Fb%3Fc%23d%20e?user_id=user-789');
  });

  it('requires both credentials', () => {
    expect(() => createHiveClient({ apiKey: 'k' } as never)).toThrowError('User ID is required.');
  });
});

describe('ClayHR (subdomain in the host, one JSON `Authorization` header)', () => {
  const credentials = { subdomain: 'acmecompany', apiKey: 'clay-key-55aa66bb', userId: '4242' };

  /** Resolves `*.clayhr.net` to the local server, remembering which URL the client asked for. */
  function localResolver(asked: string[]) {
    return async (url: string, init: RequestInit) => {
      asked.push(url);
      const target = new URL(url);
      if (!target.hostname.endsWith('.clayhr.net')) throw new TypeError('fetch failed');
      return fetch(`${server.origin}${target.pathname}${target.search}`, init);
    };
  }

  it('verifies with `GET https://<company>.clayhr.net/rm/user/list` and `Authorization: {"userId":…,"apiKey":"…"}`', async () => {
    const asked: string[] = [];
    server.handle(playClayHR({ apiKey: credentials.apiKey, userId: 4242 }));
    await expect(createClayHRClient(credentials, { ...quick, fetch: localResolver(asked) }).verify()).resolves.toEqual({ ok: true, status: 200 });
    expect(asked).toEqual(['https://acmecompany.clayhr.net/rm/user/list']);
    const { headers } = server.requests[0]!;
    expect([headers.authorization, headers['content-type'], headers.accept]).toEqual(['{"userId":4242,"apiKey":"clay-key-55aa66bb"}', 'application/json', 'application/json']);
  });

  it('reads ClayHR’s refusal of a wrong key as invalid credentials', async () => {
    server.handle(playClayHR({ apiKey: credentials.apiKey, userId: 4242 }));
    const client = createClayHRClient({ ...credentials, apiKey: 'clay-key-wrong' }, { ...quick, fetch: localResolver([]) });
    await expect(client.verify()).resolves.toMatchObject({ ok: false, reason: 'invalid-credentials', status: 401 });
  });

  it('builds the header with JSON escaping: quotes, backslashes and non-ASCII cannot add or change a member', async () => {
    const apiKey = 'k"ey\\é","userId":1,"x":"';
    server.handle(playClayHR({ apiKey, userId: 4242 }));
    const list = await createClayHRClient({ ...credentials, apiKey }, { ...quick, fetch: localResolver([]) }).listUsers();
    expect(list).toEqual([{ userId: 4242, firstName: 'Lin' }]);
    expect(server.requests[0]!.headers.authorization).toBe('{"userId":4242,"apiKey":"k\\"ey\\\\\\u00e9\\",\\"userId\\":1,\\"x\\":\\""}');
  });

  it('refuses a User ID that is not a number, naming the field and not the value', () => {
    const attempt = () => createClayHRClient({ ...credentials, userId: 'u-4242' });
    expect(attempt).toThrowError(CredentialsError);
    expect(attempt).toThrowError('User ID must be a number: it is sent as a JSON number in an HTTP header.');
  });

  it.each(['evil.com/', 'evil.com', 'a@evil.com', 'acme:443', 'acme?x=1', 'acme#x', '..', 'acme.', '.evil', 'ACME', 'acme company', ''])(
    'refuses the subdomain %j before any request',
    (subdomain) => {
      expect(() => createClayHRClient({ ...credentials, subdomain })).toThrowError(subdomain === '' ? 'Company Subdomain is required.' : /^Company Subdomain must be only the subdomain/);
    },
  );
});

describe('Datadog (the site select picks the API host; two key headers)', () => {
  const keys = { apiKey: 'dd-api-key-0123abcd', applicationKey: 'dd-app-key-4567efgh' };

  /** Resolves `api.<Datadog site>` to the local server, remembering which URL the client asked for. */
  function localResolver(asked: string[]) {
    return async (url: string, init: RequestInit) => {
      asked.push(url);
      const target = new URL(url);
      if (!/^api\.(?:(?:us3|us5|ap1)\.datadoghq\.com|datadoghq\.com|datadoghq\.eu|ddog-gov\.com)$/.test(target.hostname)) throw new TypeError('fetch failed');
      return fetch(`${server.origin}${target.pathname}${target.search}`, init);
    };
  }

  it.each([
    ['datadoghq.com', 'https://api.datadoghq.com/api/v1/validate'],
    ['us3.datadoghq.com', 'https://api.us3.datadoghq.com/api/v1/validate'],
    ['us5.datadoghq.com', 'https://api.us5.datadoghq.com/api/v1/validate'],
    ['datadoghq.eu', 'https://api.datadoghq.eu/api/v1/validate'],
    ['ap1.datadoghq.com', 'https://api.ap1.datadoghq.com/api/v1/validate'],
    ['ddog-gov.com', 'https://api.ddog-gov.com/api/v1/validate'],
  ] as const)('verifies on site %s with `GET %s` and both key headers', async (site, url) => {
    const asked: string[] = [];
    server.handle(playDatadog(keys));
    await expect(createDatadogClient({ site, ...keys }, { ...quick, fetch: localResolver(asked) }).verify()).resolves.toEqual({ ok: true, status: 200 });
    expect(asked).toEqual([url]);
    const { headers } = server.requests[0]!;
    expect([headers['dd-api-key'], headers['dd-application-key'], headers.accept]).toEqual([keys.apiKey, keys.applicationKey, 'application/json']);
  });

  it('reads Datadog’s 403 for a wrong API key as invalid credentials', async () => {
    server.handle(playDatadog(keys));
    const client = createDatadogClient({ site: 'datadoghq.eu', ...keys, apiKey: 'dd-api-key-wrong' }, { ...quick, fetch: localResolver([]) });
    await expect(client.verify()).resolves.toMatchObject({ ok: false, reason: 'invalid-credentials', status: 403, message: 'Datadog rejected the credentials (HTTP 403).' });
  });

  it.each(['evil.com', 'EU', 'datadoghq.eu/x', 'api.datadoghq.com', ''])('refuses the site %j before any request, naming the options', (site) => {
    let thrown: unknown;
    try {
      createDatadogClient({ site: site as never, ...keys });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CredentialsError);
    expect((thrown as Error).message).toBe(
      `${site === '' ? 'Datadog Site is required. ' : ''}Datadog Site must be one of \`datadoghq.com\`, \`us3.datadoghq.com\`, \`us5.datadoghq.com\`, \`datadoghq.eu\`, \`ap1.datadoghq.com\`, \`ddog-gov.com\`.`,
    );
  });
});
