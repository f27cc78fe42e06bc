/**
 * Importing the constructs of issue #16: sections without steps and the
 * action/scope selector panel, from the `scopes` docs fixture (whose spec
 * declares operation scopes). Import then build gives every page back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { FIXTURES } from '../validate/fixture-runner.js';
import { expectFile } from '../helpers/golden.js';
import { expectRoundTrip, importAll, unexpected } from './helpers.js';

const SPEC = readFileSync(path.join(FIXTURES, 'docs', 'scopes', 'input', 'acme.yaml'), 'utf8');

describe('importing sections without steps and the scope selector', () => {
  it('import then build gives the .md and .mdx pages back byte for byte; the spec keeps the actions', async () => {
    const { imported } = expectRoundTrip('acme', SPEC);
    await expectFile(imported, path.join(FIXTURES, 'import', 'scopes', 'acme.yaml'));
  });

  it('the imported step-less sections and scopes equal the original guide', () => {
    const { imported } = expectRoundTrip('acme', SPEC);
    const model = (source: string, allowIncomplete: boolean) => compile({ specs: [{ file: 'connectors/acme.yaml', source }], targets: [], allowIncomplete }).models[0]!;
    expect(model(imported, true).authMethods[0]!.guide!.sections).toEqual(model(SPEC, false).authMethods[0]!.guide!.sections);
  });

  it('once the API is written, an imported action with no matching operation is a positioned warning (CC3042)', () => {
    const { imported } = expectRoundTrip('acme', SPEC);
    const filled = imported.replace(/  # TODO\(import\)[^\n]*\n  todo: [^\n]*\n/, '  baseUrl: https://api.acme.com\n  operations:\n    - id: listUsers\n      method: GET\n      path: /users\n').replace(/^(\s+)- id: api-key\n(\s+)type: api-key\n/m, '$1- id: api-key\n$2type: api-key\n$2apply:\n$2  - type: bearer\n$2    value: "{accessToken}"\n');
    const result = compile({ specs: [{ file: 'connectors/acme.yaml', source: filled }], targets: [] });
    expect(result.diagnostics.filter((d) => d.code === 'CC3042').map((d) => [d.message, d.line, d.column, d.path])).toEqual([
      ['Imported action `acme_create_user` (`Create User`) matches no operation.', expect.any(Number), 11, '/api/importedActions/1/id'],
      ['Imported action `acme_delete_user` (`Remove a user`) matches no operation.', expect.any(Number), 11, '/api/importedActions/2/id'],
    ]);
  });

  it('a selector whose JSON is not a list of actions is reported and skipped', () => {
    const page = readFileSync(path.join(FIXTURES, 'docs', 'scopes', 'expected', 'docs', 'connectors', 'acme', 'guides', 'link-account', 'api-key.mdx'), 'utf8').replace(/data-guide-actions-json="[^"]*"/, 'data-guide-actions-json="[{&#x22;id&#x22;:1}]"');
    const result = importAll([{ file: 'acme__api-key.mdx', source: page }]);
    // The page's own findings; with no actions left, the spec's step scopes are not checked (no CC3040).
    expect(result.diagnostics.filter((d) => d.file === 'acme__api-key.mdx').map((d) => [d.code, d.message, d.line, d.column])).toEqual([
      ['CC4001', '`build` would write this page differently from here on: `<section data-guide-section data-guide-scopes="">` instead of `<Panel>`.', 8, 2],
      ['CC4001', 'The selector\'s `data-guide-actions-json` is not a list of `{ "id", "label", "scopes" }` and was skipped.', 9, 3],
    ]);
    expect(result.diagnostics.filter((d) => d.code === 'CC3040')).toEqual([]);
  });
});
