/**
 * A spec's `default: true` auth method: when a connector has several methods,
 * its client still takes the default method's credentials alone, as callers
 * wrote it when that was the only method. The shipped Linear client is the
 * case (`api-key` is its default; `oauth2` came later): the factory has two
 * overloads, the constructor a rest parameter of either argument list. The
 * `@ts-expect-error` lines are type tests (golden.test.ts runs tsc over this
 * file with the strictest settings).
 */
import { inspect } from 'node:util';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CredentialsError, withDefaultMethod, type ClientOptions, type OAuth2Session } from 'connector-compiler/runtime';
import { LinearClient, createLinearClient, type LinearApiKeyCredentials } from '../../../generated/clients/linear.js';
import { printFile, type ClassDeclaration, type FunctionDeclaration } from '../../../src/emit/client/declaration-printer.js';

const KEY = 'lin_api_abc123';

/** A fetch that records the Authorization header and answers a GraphQL viewer. */
function recorder() {
  const seen: string[] = [];
  const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
    seen.push(new Headers(init?.headers).get('authorization') ?? '');
    return new Response(JSON.stringify({ data: { viewer: { id: 'u' } } }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { seen, fetch };
}

describe('the shipped Linear client with a default method', () => {
  it('takes the API key alone, as before the oauth2 method, or with its method id', async () => {
    const { seen, fetch } = recorder();
    const clients = [createLinearClient({ apiKey: KEY }, { fetch }), createLinearClient('api-key', { apiKey: KEY }, { fetch }), new LinearClient({ apiKey: KEY }, { fetch }), new LinearClient('api-key', { apiKey: KEY }, { fetch })];
    for (const client of clients) expect(inspect(client)).toBe('LinearClient { connector: "linear", authMethod: "api-key", credentials: [REDACTED] }');
    for (const client of clients) await client.graphql({ body: { query: '{ viewer { id } }' } });
    expect(seen).toEqual([KEY, KEY, KEY, KEY]);
  });

  it('takes the oauth2 method with its id, sending a bearer token', async () => {
    const { seen, fetch } = recorder();
    const client = createLinearClient('oauth2', { accessToken: 'at_1' }, { fetch });
    expect(inspect(client)).toBe('LinearClient { connector: "linear", authMethod: "oauth2", credentials: [REDACTED] }');
    await new LinearClient('oauth2', { accessToken: 'at_2' }, { fetch }).graphql({ body: { query: '{ viewer { id } }' } });
    await client.graphql({ body: { query: '{ viewer { id } }' } });
    expect(seen).toEqual(['Bearer at_2', 'Bearer at_1']);
  });

  it('checks credentials given alone against the default method\'s rules', () => {
    expect(() => createLinearClient({ apiKey: 'sk_live_not_linear' })).toThrow(CredentialsError);
    expect(() => createLinearClient({ apiKey: 'sk_live_not_linear' })).toThrowError('API Key must start with lin_api_.');
    expect(() => createLinearClient('oauth2', {})).toThrowError('Access Token is required.');
  });

  it('has the types of both argument lists', () => {
    expectTypeOf(createLinearClient).toBeCallableWith({ apiKey: KEY });
    expectTypeOf(createLinearClient).toBeCallableWith({ apiKey: KEY }, { baseUrl: 'https://api.example.com' });
    expectTypeOf(createLinearClient).toBeCallableWith('api-key', { apiKey: KEY });
    expectTypeOf(createLinearClient).toBeCallableWith('oauth2', { accessToken: 'a' });
    const never = (session: OAuth2Session) => {
      // @ts-expect-error alone, the credentials are the default method's (an API key)
      createLinearClient({ session });
      // @ts-expect-error the credentials must match the method id
      createLinearClient('oauth2', { apiKey: KEY });
      // @ts-expect-error the credentials must match the method id
      createLinearClient('api-key', { session });
      // @ts-expect-error no such auth method
      createLinearClient('token', { apiKey: KEY });
      // @ts-expect-error alone, the credentials are the default method's (an API key)
      new LinearClient({ accessToken: 'a' });
      createLinearClient('oauth2', { session });
    };
    expectTypeOf(never).toBeFunction();
    expectTypeOf<Parameters<typeof withDefaultMethod>[1]>().toEqualTypeOf<
      readonly [credentials: object, options?: ClientOptions | undefined] | readonly [method: string, credentials: object, options?: ClientOptions | undefined]
    >();
    expectTypeOf<LinearApiKeyCredentials>().toEqualTypeOf<{ readonly apiKey: string }>();
  });
});

describe('withDefaultMethod', () => {
  it('fills in the default method id when the first argument is the credentials', () => {
    const options = { timeout: 1 };
    expect(withDefaultMethod('api-key', [{ apiKey: KEY }])).toEqual(['api-key', { apiKey: KEY }, undefined]);
    expect(withDefaultMethod('api-key', [{ apiKey: KEY }, options])).toEqual(['api-key', { apiKey: KEY }, options]);
    expect(withDefaultMethod('api-key', ['oauth2', { accessToken: 'a' }, options])).toEqual(['oauth2', { accessToken: 'a' }, options]);
    expect(withDefaultMethod('api-key', ['oauth2', { accessToken: 'a' }])).toEqual(['oauth2', { accessToken: 'a' }, undefined]);
  });
});

describe('overloads in the declaration printer', () => {
  const args = '[credentials: XKeyCredentials, options?: O | undefined] | [method: XMethod, credentials: XCredentials, options?: O | undefined]';
  const factory: FunctionDeclaration = {
    kind: 'function',
    name: 'createX',
    overloads: [
      { doc: 'With the default method.', parameters: [{ name: 'credentials', type: 'XKeyCredentials' }, { name: 'options', type: 'O', hasQuestionToken: true }], returnType: 'XClient' },
      { doc: 'With a method id.', typeParameters: [{ name: 'M', constraint: 'XMethod' }], parameters: [{ name: 'method', type: 'M' }, { name: 'credentials', type: 'XByMethod[M]' }], returnType: 'XClient' },
    ],
    doc: 'Unused: the overloads carry the docs.',
    parameters: [{ name: 'args', isRest: true, type: args }],
    returnType: 'XClient',
    statements: ['return new XClient(...args);'],
  };
  const client: ClassDeclaration = {
    kind: 'class',
    name: 'XClient',
    extends: 'runtime.BaseClient',
    ctor: { doc: 'Either list.', parameters: [{ name: 'args', isRest: true, type: args }], statements: ['super(DESCRIPTION, ...runtime.withDefaultMethod("key", args));'] },
    methods: [],
  };
  const file = { header: ['Generated.'], declarations: [client, factory] };

  it('prints each overload with its doc, then the implementation without one (ts)', () => {
    expect(printFile(file, 'ts')).toBe(
      [
        '// Generated.',
        '',
        'export class XClient extends runtime.BaseClient {',
        '  /** Either list. */',
        `  constructor(...args: ${args}) {`,
        '    super(DESCRIPTION, ...runtime.withDefaultMethod("key", args));',
        '  }',
        '}',
        '',
        '/** With the default method. */',
        'export function createX(credentials: XKeyCredentials, options?: O): XClient;',
        '/** With a method id. */',
        'export function createX<M extends XMethod>(method: M, credentials: XByMethod[M]): XClient;',
        `export function createX(...args: ${args}): XClient {`,
        '  return new XClient(...args);',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('prints only the overloads in dts, and only the implementation in js', () => {
    expect(printFile({ header: [], declarations: [factory] }, 'dts')).toBe(
      [
        '/** With the default method. */',
        'export declare function createX(credentials: XKeyCredentials, options?: O): XClient;',
        '/** With a method id. */',
        'export declare function createX<M extends XMethod>(method: M, credentials: XByMethod[M]): XClient;',
        '',
      ].join('\n'),
    );
    expect(printFile(file, 'js')).toBe(
      [
        '// Generated.',
        '',
        'export class XClient extends runtime.BaseClient {',
        '  constructor(...args) {',
        '    super(DESCRIPTION, ...runtime.withDefaultMethod("key", args));',
        '  }',
        '}',
        '',
        'export function createX(...args) {',
        '  return new XClient(...args);',
        '}',
        '',
      ].join('\n'),
    );
  });
});
