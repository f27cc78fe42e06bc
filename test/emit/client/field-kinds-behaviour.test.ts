/**
 * What the field-kinds client (test/fixtures/clients/field-kinds) sends: a
 * number or boolean credential goes out as its ECMAScript text (`String(value)`)
 * wherever a template puts it (the base URL's port, a header, the query), a
 * whole number as a JSON number in a JSON-valued header, and a conditional
 * field is required by the constructor only while its condition holds.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, CredentialsError, type ClientOptions } from 'connector-compiler/runtime';
import { createFieldworkClient, type FieldworkApiKeyCredentials } from '../../fixtures/clients/field-kinds/expected/clients/fieldwork.js';

/** Records each request's URL and headers, and answers `{}`. */
function recorder() {
  const sent: { url: string; headers: Record<string, string> }[] = [];
  const fetch: NonNullable<ClientOptions['fetch']> = async (url, init) => {
    sent.push({ url, headers: Object.fromEntries(new Headers(init.headers).entries()) });
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { sent, fetch };
}

const base: FieldworkApiKeyCredentials = { region: 'eu', port: 8443, apiKey: 'fw_key', residencyKey: 'res-1', userId: 42, sandbox: true, sandboxToken: 'sbx', rateLimit: 2.5, tenant: 'acme', workspace: 'main' };

describe('field kinds on the wire', () => {
  it('sends numbers and booleans as their text, and a whole number as a JSON number', async () => {
    const { sent, fetch } = recorder();
    await createFieldworkClient(base, { fetch }).me();
    expect(sent).toHaveLength(1);
    const { url, headers } = sent[0]!;
    expect(url).toBe('https://eu.fieldwork.example:8443/v2/me?sandbox=true&workspace=acme%2Fmain');
    expect([headers['x-fieldwork-user'], headers['x-rate-limit'], headers['x-residency-key'], headers['x-sandbox-token']]).toEqual(['{"userId":42}', '2.5', 'res-1', 'sbx']);
  });

  it('sends `false` for an unticked checkbox, and leaves out placements whose conditional field is hidden and empty', async () => {
    const { sent, fetch } = recorder();
    await createFieldworkClient({ region: 'us', port: 443, apiKey: 'fw_key', userId: 1, sandbox: false }, { fetch }).me();
    const { url, headers } = sent[0]!;
    // The URL parser drops https's default port.
    expect(url).toBe('https://us.fieldwork.example/v2/me?sandbox=false');
    expect(Object.keys(headers).filter((name) => name.startsWith('x-')).sort()).toEqual(['x-fieldwork-user']);
  });

  it('redacts the secrets an error body echoes, not the text of a number or checkbox (`true`, `8443`)', async () => {
    const fetch: NonNullable<ClientOptions['fetch']> = async () =>
      new Response(JSON.stringify({ message: 'sandbox is true on port 8443 for key fw_key and token sbx_token_1' }), { status: 400, headers: { 'content-type': 'application/json' } });
    const error = await createFieldworkClient({ ...base, sandboxToken: 'sbx_token_1' }, { fetch, retries: 0 }).me().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).body).toEqual({ message: 'sandbox is true on port 8443 for key [REDACTED] and token [REDACTED]' });
  });

  it('requires a conditional field while its condition holds, and checks types and bounds', () => {
    const problems = (credentials: unknown) => {
      try {
        createFieldworkClient(credentials as FieldworkApiKeyCredentials);
        return [];
      } catch (error) {
        if (!(error instanceof CredentialsError)) throw error;
        return error.problems.map((problem) => [problem.key, problem.code, problem.message]);
      }
    };
    expect(problems({ region: 'ap', port: 443, apiKey: 'fw_key', userId: 1, sandbox: true, tenant: 'acme' })).toEqual([
      ['residencyKey', 'missing', 'Data Residency Key is required.'],
      ['sandboxToken', 'missing', 'Sandbox Token is required.'],
      ['workspace', 'missing', 'Workspace is required.'],
    ]);
    expect(problems({ ...base, port: '8443', userId: 1.5, rateLimit: 11, sandbox: 'true' })).toEqual([
      ['port', 'type', 'Port must be a whole number.'],
      ['userId', 'type', 'User ID must be a whole number.'],
      ['rateLimit', 'format', 'Requests per second must be at most 10.'],
      ['sandbox', 'type', 'Sandbox account must be true or false.'],
    ]);
  });
});
