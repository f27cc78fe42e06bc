/**
 * Import reads number fields, checkboxes and conditions back from the guide's
 * field list (issue #17 part 3), as `fieldDetails` in src/emit/docs/page-data.ts
 * writes them: the field-kinds fixture's page imports to fields with the same
 * kinds, bounds, defaults and conditions, and builds the same page again.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { readFieldItem } from '../../src/import/read-page.js';
import { buildGuides, importAll, unexpected } from './helpers.js';

const SPEC = 'test/fixtures/docs/field-kinds/input/fieldwork.yaml';
const PAGE = 'test/fixtures/docs/field-kinds/expected/docs/connectors/fieldwork/guides/link-account/api-key.md';

describe('number, checkbox and conditional fields in the imported field list', () => {
  it('the field-kinds page imports to fields with the kinds, bounds, defaults and conditions of its spec', () => {
    const result = importAll([{ file: 'fieldwork__api-key.md', source: readFileSync(PAGE, 'utf8') }], 'fieldwork');
    expect(unexpected(result.diagnostics)).toEqual([]);
    const imported = compile({ specs: [{ file: 'connectors/fieldwork.yaml', source: result.specs[0]!.yaml }], targets: [], allowIncomplete: true }).models[0]!;
    const original = compile({ specs: [{ file: 'connectors/fieldwork.yaml', source: readFileSync(SPEC, 'utf8') }], targets: [] }).models[0]!;
    // Keys come from labels (`Sandbox account` → `sandboxAccount`): a condition is compared by the label of the field it names.
    const kinds = (fields: typeof original.fields) =>
      fields.map((f) => {
        const condition = f.showWhen === undefined ? null : { field: fields.find((other) => other.key === f.showWhen!.field)!.label, values: f.showWhen.values ?? null };
        return [f.label, f.valueType ?? null, f.minimum ?? null, f.maximum ?? null, f.default ?? null, f.options ?? null, condition];
      });
    expect(kinds(imported.fields)).toEqual(kinds(original.fields));
    // What the page says, the imported spec builds again: the same field list, byte for byte.
    const rebuilt = buildGuides('fieldwork', result.specs[0]!.yaml, true).get('api-key.md')!;
    const list = (page: string) => page.split('\n').filter((line) => line.trimStart().startsWith('<li><strong>'));
    expect(list(rebuilt)).toEqual(list(readFileSync(PAGE, 'utf8')));
  });

  it.each([
    ['Port: a whole number from 1 to 65535; default: 443', { label: 'Port', details: { kind: { type: 'number', integer: true, minimum: 1, maximum: 65535, default: 443 } } }],
    ['Rate: a number of at least 0.5', { label: 'Rate', details: { kind: { type: 'number', integer: false, minimum: 0.5 } } }],
    ['Rate: a number of at most -2.5', { label: 'Rate', details: { kind: { type: 'number', integer: false, maximum: -2.5 } } }],
    ['Sandbox: a checkbox; default: checked', { label: 'Sandbox', details: { kind: { type: 'boolean', default: true } } }],
    ['Sandbox: a checkbox', { label: 'Sandbox', details: { kind: { type: 'boolean' } } }],
    ['EU Key: only when Region is EU', { label: 'EU Key', details: { condition: { label: 'Region', values: ['EU'] } } }],
    ['Key: only when Region is EU, AP or US', { label: 'Key', details: { condition: { label: 'Region', values: ['EU', 'AP', 'US'] } } }],
    ['Workspace: only when Tenant is filled in', { label: 'Workspace', details: { condition: { label: 'Tenant' } } }],
    [
      'Zone: one of A (a), B (b); default: A; only when Sandbox is checked',
      { label: 'Zone', choices: { options: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }], defaultLabel: 'A' }, details: { condition: { label: 'Sandbox', values: ['checked'] } } },
    ],
    ['Limit: a number; only when Plan is 3', { label: 'Limit', details: { kind: { type: 'number', integer: false }, condition: { label: 'Plan', values: ['3'] } } }],
    // Not the compiler's shape: kept whole as a label.
    ['Port: a number between friends', { label: 'Port: a number between friends' }],
  ])('reads %j', (text, expected) => {
    expect(readFieldItem(text)).toEqual(expected);
  });

  it('a condition naming a field the list does not have is dropped with a warning', () => {
    const page = readFileSync(PAGE, 'utf8').replace('only when Tenant is filled in', 'only when Organisation is filled in');
    const result = importAll([{ file: 'fieldwork__api-key.md', source: page }], 'fieldwork');
    expect(unexpected(result.diagnostics).map((d) => [d.code, d.severity, d.message])).toEqual([
      ['CC4003', 'warning', 'The field list shows `Workspace` only when `Organisation` has a value, but lists no such field; the spec shows it always.'],
      ['CC4001', 'warning', '`build` would write this page differently from here on: `…g>Workspace</strong></li>` instead of `…g>Workspace</strong>: only when Organisation is filled in</…`.'],
    ]);
    expect(result.specs[0]!.yaml).not.toContain('showWhen:\n      field: tenant');
  });
});
