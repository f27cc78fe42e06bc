/**
 * Import reads the field list that build writes (issue #17): a select's
 * options and default come back as `type: select`, `options` and `default`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { readFieldItem } from '../../src/import/read-page.js';
import { importAll, unexpected } from './helpers.js';

describe('field kinds in the imported field list', () => {
  it('the Datadog guide imports its site select with every option and the default, as connectors/datadog.yaml has them', () => {
    const source = readFileSync('generated/docs/connectors/datadog/guides/link-account/api-key.md', 'utf8');
    const result = importAll([{ file: 'datadog__api-key.md', source }], 'datadog');
    expect(unexpected(result.diagnostics)).toEqual([]);
    const imported = compile({ specs: [{ file: 'connectors/datadog.yaml', source: result.specs[0]!.yaml }], targets: [], allowIncomplete: true }).models[0]!;
    const original = compile({ specs: [{ file: 'connectors/datadog.yaml', source: readFileSync('connectors/datadog.yaml', 'utf8') }], targets: [] }).models[0]!;
    const select = (fields: typeof original.fields) => fields.map((f) => [f.label, f.options ?? null, f.default ?? null]);
    expect(select(imported.fields)).toEqual(select(original.fields));
  });

  it.each([
    ['API Key', { label: 'API Key' }],
    ['Region: one of US (us), Europe (Frankfurt) (eu); default: Europe (Frankfurt)', { label: 'Region', choices: { options: [{ label: 'US', value: 'us' }, { label: 'Europe (Frankfurt)', value: 'eu' }], defaultLabel: 'Europe (Frankfurt)' } }],
    ['Site: one of US1 (datadoghq.com)', { label: 'Site', choices: { options: [{ label: 'US1', value: 'datadoghq.com' }] } }],
    // Not the compiler's shape: kept whole as a label.
    ['Plan: one of the paid plans', { label: 'Plan: one of the paid plans' }],
    ['Plan: one of A (a), B', { label: 'Plan: one of A (a), B' }],
  ])('reads %j', (text, expected) => {
    expect(readFieldItem(text)).toEqual(expected);
  });
});
