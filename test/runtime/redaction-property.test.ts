/**
 * Property: for random credentials in every placement (header, bearer,
 * basic username, basic password, query parameter, base-URL path and host),
 * a local server that echoes what it received — raw, JSON-escaped with `\/`
 * or `\uXXXX`, as text, in the request id — and a `fetch` that fails with the
 * request in its properties, never get any encoding of the credential into
 * an error's message, body, cause chain, `toString`, `JSON.stringify`,
 * `util.inspect`, a `verify()` result or a log line.
 *
 * Values of 4 characters or more must not appear in any encoding anywhere.
 * Shorter ones are only redacted where their name says what they are
 * (docs/clients.md), so for them the server echoes only those forms and the
 * test forbids `X-Api-Key: ab`, `api_key=ab`, the basic token and the base
 * URL built from them.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseClient, type ClientOptions, type ConnectorDescription, type TemplatePart } from 'connector-compiler/runtime';
import { startServer, type RecordedRequest, type Reply, type TestServer } from '../emit/client/helpers/server.js';
import { fcOptions } from '../helpers/fast-check.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

type Placement = 'header' | 'bearer' | 'basic-user' | 'basic-pass' | 'query' | 'base-path' | 'base-host';
type Channel = 'json' | 'json-slash' | 'json-unicode' | 'text' | 'broken-json' | 'ok-broken-json' | 'retry' | 'network';

const text = (value: string): TemplatePart => ({ type: 'text', value });
const field = (key: string): TemplatePart => ({ type: 'field', key });
const rule = (key: string, secret: boolean) => ({ key, label: key, required: true, secret });

function description(placement: Placement, port: string): ConnectorDescription {
  const baseUrl =
    placement === 'base-host' ? [text('http://'), field('sub'), text(`.echo.test:${port}/v1`)] : [text(`http://127.0.0.1:${port}/t/`), field('tenant')];
  const keyRules = { header: [rule('secret', true)], bearer: [rule('secret', true)], query: [rule('secret', true)] };
  const method = (() => {
    switch (placement) {
      case 'header':
        return { rules: keyRules.header, placements: [{ type: 'header' as const, name: 'X-Api-Key', value: [field('secret')] }] };
      case 'bearer':
        return { rules: keyRules.bearer, placements: [{ type: 'bearer' as const, value: [field('secret')] }] };
      case 'query':
        return { rules: keyRules.query, placements: [{ type: 'query' as const, name: 'api_key', value: [field('secret')] }] };
      case 'basic-user':
        return { rules: [rule('secret', true), rule('password', true)], placements: [{ type: 'basic' as const, username: [field('secret')], password: [field('password')] }] };
      case 'basic-pass':
        return { rules: [rule('user', false), rule('secret', true)], placements: [{ type: 'basic' as const, username: [field('user')], password: [field('secret')] }] };
      case 'base-path':
      case 'base-host':
        return { rules: [], placements: [] };
    }
  })();
  const baseRules = placement === 'base-path' ? [rule('tenant', true)] : placement === 'base-host' ? [rule('sub', true)] : [rule('tenant', false)];
  return {
    id: 'echo',
    name: 'Echo',
    baseUrl,
    headers: [],
    authMethods: { main: { label: 'Main', rules: [...baseRules, ...method.rules], placements: method.placements } },
    operations: {
      get: { method: 'GET', pathTemplate: '/things/{id}', path: [{ type: 'text', value: '/things/' }, { type: 'param', key: 'id' }], idempotent: true, parameters: [{ key: 'id', name: 'id', in: 'path', required: true }] },
    },
    verify: { operation: 'get', arguments: { id: 'me' } },
  };
}

class EchoClient extends BaseClient {
  constructor(placement: Placement, credentials: Record<string, string>, options: ClientOptions) {
    super(description(placement, new URL(server.origin).port), 'main', credentials, options);
  }
  get(id: string): Promise<unknown> {
    return this.request('get', { id }, undefined);
  }
}

function credentialsFor(placement: Placement, secret: string): Record<string, string> {
  switch (placement) {
    case 'base-path':
      return { tenant: secret };
    case 'base-host':
      return { sub: secret };
    case 'basic-user':
      return { tenant: 'acme', secret, password: 'pw-9f8e7d6c' };
    case 'basic-pass':
      return { tenant: 'acme', user: 'ada', secret };
    default:
      return { tenant: 'acme', secret };
  }
}

const base64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');
/** Header values as `fetch` sends them: leading and trailing spaces and tabs dropped. */
const asSentInHeader = (value: string) => value.replace(/^[\t ]+|[\t ]+$/g, '');
const form = (value: string) => new URLSearchParams([['', value]]).toString().slice(1);
const allUnicodeEscaped = (value: string, upper: boolean) =>
  [...value].flatMap((char) => [...Array(char.length).keys()].map((i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`)).map((e) => (upper ? e.toUpperCase().replace('\\U', '\\u') : e)).join('');

/** The strings the client put on the wire for this secret. */
function sentForms(placement: Placement, secret: string): string[] {
  switch (placement) {
    case 'header':
      return [asSentInHeader(secret)];
    case 'bearer':
      return [secret, asSentInHeader(`Bearer ${secret}`)];
    case 'basic-user':
      return [secret, base64(`${secret}:pw-9f8e7d6c`)];
    case 'basic-pass':
      return [secret, base64(`ada:${secret}`)];
    case 'query':
      return [secret, form(secret)];
    case 'base-path':
      return [secret, encodeURIComponent(secret)];
    case 'base-host':
      return [secret, secret.toLowerCase()];
  }
}

/** What no output may contain: each form, as is and as JSON, `\/`, `\uXXXX` or `util.inspect` would escape it. */
function forbidden(placement: Placement, secret: string, short: boolean): string[] {
  const origin = new URL(server.origin);
  let forms: string[];
  if (!short) {
    forms = sentForms(placement, secret);
  } else {
    const value = sentForms(placement, secret)[0]!;
    const named = (names: string[], values: string[]) =>
      names.flatMap((name) => [': ', ':', '=', '":"', '": "', "': '"].flatMap((sep) => values.filter((v) => v !== '').map((v) => `${name}${sep}${v}`)));
    switch (placement) {
      case 'header':
        forms = named(['X-Api-Key', 'x-api-key'], [value]);
        break;
      case 'bearer':
        forms = secret.trim() === '' ? [] : [asSentInHeader(`Bearer ${secret}`)];
        break;
      case 'basic-user':
      case 'basic-pass':
        forms = [sentForms(placement, secret)[1]!];
        break;
      case 'query':
        forms = named(['api_key'], [secret, form(secret)]);
        break;
      case 'base-path':
        forms = [`/t/${encodeURIComponent(secret)}`];
        break;
      case 'base-host':
        forms = [`${secret.toLowerCase()}.echo.test:${origin.port}`];
        break;
    }
  }
  return [
    ...new Set(
      forms.flatMap((f) => [
        f,
        JSON.stringify(f).slice(1, -1),
        JSON.stringify(f).slice(1, -1).replaceAll('/', '\\/'),
        inspect(f).slice(1, -1),
        allUnicodeEscaped(f, false),
        allUnicodeEscaped(f, true),
      ]),
    ),
  ].filter((f) => f !== '');
}

/** Every string reachable from a value, own properties enumerable or not (cause, errors, stack). */
function allStrings(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  return Reflect.ownKeys(value).flatMap((key) => {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    return [typeof key === 'string' ? key : '', ...(descriptor && 'value' in descriptor ? allStrings(descriptor.value, seen) : [])];
  });
}

function quoteUnicode(json: string): string {
  return json.replace(/"((?:[^"\\]|\\.)*)"/g, (match) => `"${allUnicodeEscaped(JSON.parse(match) as string, false)}"`);
}

/** The provider echoing what it received, in the chosen style. */
function echo(request: RecordedRequest, channel: Channel, secret: string, short: boolean): Reply {
  const original = String(request.headers['x-original-url']);
  const heard = { authorization: request.headers['authorization'], 'x-api-key': request.headers['x-api-key'] };
  const facts = {
    message: short
      ? `Rejected ${original} (authorization: ${String(heard.authorization)}, x-api-key: ${String(heard['x-api-key'])})`
      : `Bad key ${secret} sent to ${original} as ${String(heard.authorization ?? heard['x-api-key'])}`,
    url: request.url,
    original,
    headers: heard,
    ...(short ? {} : { key: secret, [secret]: [encodeURIComponent(secret), form(secret), `${secret}\n${secret}`] }),
  };
  const requestId = short || !/^[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?$/.test(secret) ? original : `req ${secret}`;
  const json = JSON.stringify(facts);
  const headers = { 'x-request-id': requestId, 'content-type': 'application/json' };
  switch (channel) {
    case 'json':
      return { status: 401, body: json, headers };
    case 'json-slash':
      return { status: 404, body: json.replaceAll('/', '\\/'), headers };
    case 'json-unicode':
      return { status: 400, body: quoteUnicode(json), headers };
    case 'text':
      return { status: 403, body: `${facts.message}\n${request.url}\n${JSON.stringify(heard)}`, headers: { ...headers, 'content-type': 'text/plain' } };
    case 'broken-json':
      return { status: 422, body: json.replaceAll('/', '\\/').slice(0, -1), headers };
    case 'ok-broken-json':
      return { status: 200, body: quoteUnicode(json).slice(0, -1), headers };
    case 'retry':
      return { status: 503, body: json, headers };
    case 'network':
      throw new Error('unreachable');
  }
}

const LATIN1 = [...'aZ09-_.~ \'()!/+=%&?#;,"\\é¤'];
const ANY = [...LATIN1, 'Ω', '😀', '\u2028', ':'];
const MARKERS = ['~', '!', 'é', '¤', "'"];
const chars = (placement: Placement) => (placement === 'header' || placement === 'bearer' || placement === 'basic-pass' ? [...LATIN1, ':'] : placement === 'basic-user' ? LATIN1 : ANY);

/** A secret for the placement: short ones have 1–3 characters; long ones carry a character our own messages never contain, so any hit is a leak. */
function secretFor(placement: Placement, short: boolean): fc.Arbitrary<string> {
  if (placement === 'base-host') {
    return short ? fc.stringMatching(/^[A-Za-z0-9]{1,3}$/) : fc.stringMatching(/^[A-Za-z]{4,8}[0-9][A-Za-z0-9]{3,8}$/);
  }
  const unit = fc.constantFrom(...chars(placement));
  if (short) return fc.string({ unit, minLength: 1, maxLength: 3 }).filter((s) => placement !== 'base-path' || (s !== '.' && s !== '..'));
  return fc
    .tuple(fc.string({ unit, minLength: 2, maxLength: 12 }), fc.constantFrom(...MARKERS), fc.string({ unit, minLength: 2, maxLength: 12 }))
    .map(([a, marker, b]) => `${a}${marker}${b}`);
}

const scenario = fc
  .record({
    placement: fc.constantFrom<Placement>('header', 'bearer', 'basic-user', 'basic-pass', 'query', 'base-path', 'base-host'),
    short: fc.boolean(),
    channel: fc.constantFrom<Channel>('json', 'json-slash', 'json-unicode', 'text', 'broken-json', 'ok-broken-json', 'retry', 'network'),
  })
  .chain((s) => secretFor(s.placement, s.short).map((secret) => ({ ...s, secret })));

describe('redaction, property', () => {
  it('no encoding of a credential escapes, for every placement and echo', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ placement, short, channel, secret }) => {
        const lines: string[] = [];
        const logger = { debug: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
        // Requests go to the local server whatever the host, with the URL as sent in a header the server echoes.
        const fetch = async (url: string, init: RequestInit): Promise<Response> => {
          const headers = new Headers(init.headers);
          headers.set('x-original-url', url);
          if (channel === 'network') {
            const failure = new TypeError(`fetch to ${url} failed`, { cause: Object.assign(new Error(`connect ECONNREFUSED for ${url}`), { code: 'ECONNREFUSED' }) });
            throw Object.assign(failure, { config: { url, headers: Object.fromEntries(headers) }, request: { headers }, errors: [new AggregateError([new Error(url)], url)] });
          }
          const target = new URL(url);
          return globalThis.fetch(`${server.origin}${target.pathname}${target.search}`, { ...init, headers });
        };
        server.handle((request) => echo(request, channel, secret, short));
        const client = new EchoClient(placement, credentialsFor(placement, secret), { fetch, logger, retries: 1, random: () => 0 });

        const error = await client.get('x').then(
          () => undefined,
          (e: unknown) => e,
        );
        const result = await client.verify();
        expect(error).toBeInstanceOf(Error);
        expect(result.ok).toBe(false);
        // The placement really put the secret on the wire in the forms the test forbids.
        if (channel !== 'network') {
          const wire = [server.requests[0]!.url, ...Object.values(server.requests[0]!.headers).map(String)].join('\n');
          expect(wire).toContain(sentForms(placement, secret).at(-1)!);
        }

        const outputs = [
          String(error),
          (error as Error).message,
          (error as Error).stack ?? '',
          JSON.stringify(error),
          inspect(error, { depth: Infinity, showHidden: true }),
          inspect(result, { depth: Infinity, showHidden: true }),
          JSON.stringify(result),
          String(client),
          JSON.stringify(client),
          inspect(client, { depth: Infinity, showHidden: true }),
          ...allStrings(error),
          ...allStrings(result),
          ...lines,
        ];
        for (const needle of forbidden(placement, secret, short)) {
          for (const output of outputs) {
            if (output.includes(needle)) expect.fail(`${JSON.stringify(needle)} leaked (${placement}, ${channel}) in: ${output.slice(0, 2000)}`);
          }
        }
      }),
      fcOptions(150),
    );
  });
});
