/**
 * `check-credentials` on number, boolean and conditional fields: the
 * problems of the one rule set, each with a hint that shows the JSON the
 * field takes (a number or `true`/`false`, not a string).
 */
import { describe, expect, it } from 'vitest';
import { checkText } from '../../../src/cli/commands/check-credentials.js';
import type { CredentialRule } from '../../../src/runtime/credentials.js';

const RULES: CredentialRule[] = [
  { key: 'port', label: 'Port', required: true, secret: false, type: 'integer', minimum: 1, maximum: 65535 },
  { key: 'sandbox', label: 'Sandbox', required: true, secret: false, type: 'boolean' },
  { key: 'sandboxToken', label: 'Sandbox Token', required: true, secret: true, showWhen: { key: 'sandbox', values: [true] } },
];

const brief = (text: string) => checkText(text, 'creds.json', RULES).map((d) => [d.code, d.line, d.column, d.message, d.hint]);

describe('check-credentials with number, boolean and conditional fields', () => {
  it('hints at a JSON number or true/false for a missing or mistyped field', () => {
    expect(brief('{}')).toEqual([
      ['CC6001', 1, 1, 'Port is required.', 'Add "port": 1 to the object.'],
      ['CC6001', 1, 1, 'Sandbox is required.', 'Add "sandbox": true to the object.'],
    ]);
    expect(brief('{\n  "port": "443",\n  "sandbox": "yes"\n}')).toEqual([
      ['CC6005', 2, 3, 'Port must be a whole number.', 'Write it as a JSON number, without quotes: "port": 1.'],
      ['CC6005', 3, 3, 'Sandbox must be true or false.', 'Write it as `true` or `false`, without quotes: "sandbox": true.'],
    ]);
  });

  it('reports bounds, and a conditional field only while its condition holds', () => {
    expect(brief('{ "port": 0, "sandbox": true }')).toEqual([
      ['CC6003', 1, 3, 'Port must be at least 1.', undefined],
      ['CC6001', 1, 1, 'Sandbox Token is required.', 'Add "sandboxToken": "…" to the object.'],
    ]);
    expect(brief('{ "port": 443, "sandbox": false }')).toEqual([]);
  });
});
