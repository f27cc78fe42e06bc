/**
 * Scopes end to end on the `scopes` fixture connector (test/fixtures/docs/scopes):
 * operations with scopes → the selector panel → scope-checked steps → the
 * client's typed scope constant. The shipped connectors declare no scopes, so
 * their pages and clients are unchanged (the seeds' golden tests say so).
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/compile.js';
import { actionId, defaultActionLabel } from '../../../src/model/scoped-actions.js';
import { caseSpecs } from './cases.js';
import { elements, renderMdx } from './mdx.js';

const ACTIONS = [
  { id: 'acme_list_users', label: 'List Users', scopes: ['users:read'] },
  { id: 'acme_create_user', label: 'Create User', scopes: ['users:read', 'users:write'] },
  { id: 'acme_delete_user', label: 'Remove a user', scopes: ['users:write', 'admin'] },
];

describe('scopes end to end', () => {
  const result = compile({ specs: caseSpecs('scopes'), targets: ['docs', 'clients'] });

  it('compiles without a diagnostic: every step scope is needed and every operation scope granted', () => {
    expect(result.diagnostics).toEqual([]);
  });

  it.each(['mdx', 'md'])('the .%s page carries the actions of the operations with scopes, read back by MDX as JSON', (extension) => {
    const page = result.files.get(`docs/connectors/acme/guides/link-account/api-key.${extension}`)!;
    const panel = elements(renderMdx(page)).find((element) => element.type === 'Panel')!;
    const selector = elements([panel]).find((element) => element.props['data-guides-scope-selector'] !== undefined)!;
    expect(selector.props.className).toBe('not-prose guides-scope-selector');
    expect(JSON.parse(selector.props['data-guide-actions-json'] as string)).toEqual(ACTIONS);
  });

  it('the client exports each operation\'s scopes as a typed constant, their union, and getAcmeScopes(operations)', () => {
    const client = result.files.get('clients/acme.ts')!;
    expect(client.slice(client.indexOf('/** The permission scopes'))).toBe(
      [
        '/** The permission scopes each operation needs, by operation id; request those of the operations you call. */',
        'export const AcmeOperationScopes = {',
        '  listUsers: ["users:read"],',
        '  createUser: ["users:read", "users:write"],',
        '  deleteUser: ["users:write", "admin"],',
        '  ping: [],',
        '} as const;',
        '',
        '/** Every permission scope an operation of this client needs. */',
        'export type AcmeScope = (typeof AcmeOperationScopes)[keyof typeof AcmeOperationScopes][number];',
        '',
        '/**',
        ' * The scopes the named operations need, each once, in the order the operations list them: ask for exactly these, e.g. `runtime.startAuthorization(config, app, { redirectUri, scopes })`.',
        ' *',
        ' * @throws TypeError for an id that is not an operation of this client.',
        ' */',
        'export function getAcmeScopes(operations: readonly (keyof typeof AcmeOperationScopes)[]): AcmeScope[] {',
        '  return runtime.scopesFor(AcmeOperationScopes, operations);',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('with clientFormat js, the .d.ts declares the constant with its literal type and the .js defines it', () => {
    const js = compile({ specs: caseSpecs('scopes'), targets: ['clients'], emit: { clientFormat: 'js' } });
    const dts = js.files.get('clients/acme.d.ts')!;
    expect(dts.slice(dts.indexOf('export declare const AcmeOperationScopes'))).toBe(
      [
        'export declare const AcmeOperationScopes: {',
        '  readonly listUsers: readonly ["users:read"];',
        '  readonly createUser: readonly ["users:read", "users:write"];',
        '  readonly deleteUser: readonly ["users:write", "admin"];',
        '  readonly ping: readonly [];',
        '};',
        '',
        '/** Every permission scope an operation of this client needs. */',
        'export type AcmeScope = (typeof AcmeOperationScopes)[keyof typeof AcmeOperationScopes][number];',
        '',
        '/**',
        ' * The scopes the named operations need, each once, in the order the operations list them: ask for exactly these, e.g. `runtime.startAuthorization(config, app, { redirectUri, scopes })`.',
        ' *',
        ' * @throws TypeError for an id that is not an operation of this client.',
        ' */',
        'export declare function getAcmeScopes(operations: readonly (keyof typeof AcmeOperationScopes)[]): AcmeScope[];',
        '',
      ].join('\n'),
    );
    const source = js.files.get('clients/acme.js')!;
    expect(source.slice(source.indexOf('export const AcmeOperationScopes'))).toBe(
      [
        'export const AcmeOperationScopes = {',
        '  listUsers: ["users:read"],',
        '  createUser: ["users:read", "users:write"],',
        '  deleteUser: ["users:write", "admin"],',
        '  ping: [],',
        '};',
        '',
        'export function getAcmeScopes(operations) {',
        '  return runtime.scopesFor(AcmeOperationScopes, operations);',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('a connector without operation scopes gets no panel and no constant', () => {
    const plain = compile({ specs: caseSpecs('seeds'), targets: ['docs', 'clients'] });
    for (const [file, contents] of plain.files) {
      expect(contents.includes('<Panel>'), file).toBe(false);
      expect(contents.includes('OperationScopes'), file).toBe(false);
    }
  });
});

describe('hostile action labels and scopes', () => {
  it('reach the reader as the same JSON: quotes, ampersands that look like references, angle brackets, braces', () => {
    const label = 'Create "VIP" &amp; <b>{users}</b> &#x22; `x` \\';
    const source = caseSpecs('scopes')[0]!.source.replace('action: Remove a user', `action: ${JSON.stringify(label)}`).replace('scopes: [users:write, admin]\n      parameters', 'scopes: [users:write, "a&amp;b{c}<d>"]\n      parameters');
    const result = compile({ specs: [{ file: 'test/fixtures/docs/scopes/input/acme.yaml', source }], targets: ['docs'] });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['CC3040', 'CC3041']);
    for (const extension of ['mdx', 'md']) {
      const page = result.files.get(`docs/connectors/acme/guides/link-account/api-key.${extension}`)!;
      const selector = elements(renderMdx(page)).find((element) => element.props['data-guides-scope-selector'] !== undefined)!;
      expect(JSON.parse(selector.props['data-guide-actions-json'] as string)[2]).toEqual({ id: 'acme_delete_user', label, scopes: ['users:write', 'a&amp;b{c}<d>'] });
    }
  });
});

describe('action ids and labels', () => {
  it.each([
    ['listUsers', 'acme_list_users', 'List Users'],
    ['me', 'acme_me', 'Me'],
    ['getV2Users', 'acme_get_v2_users', 'Get V2 Users'],
    ['listAPIKeys', 'acme_list_api_keys', 'List API Keys'],
  ])('%s → %s, %s', (operation, id, label) => {
    expect(actionId('acme', operation)).toBe(id);
    expect(defaultActionLabel(operation)).toBe(label);
  });
});
