import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { parseSpecText, DEFAULT_LOAD_LIMITS } from '../../src/load/read-spec.js';
import { compileSpec, createCompileContext } from '../../src/pipeline/compile-spec.js';

/** An imported spec: guide and fields, the API still a TODO, no `apply`, an OAuth method without `oauth2`. */
const SPEC = `specVersion: 1
id: acme
name: Acme
fields:
  - key: apiKey
    label: API Key
    secret: true
auth:
  - id: api-key
    type: api-key
    guide:
      sections:
        - heading: Get a key
          steps:
            - title: Copy it
              body: Copy the **API Key**.
  - id: oauth2
    type: oauth2
    fields: []
api:
  todo: Fill me in.
`;

const validate = (source: string, allowIncomplete: boolean) => compileSpec(parseSpecText('connectors/acme.yaml', source, DEFAULT_LOAD_LIMITS), createCompileContext({ allowIncomplete }));

describe('incomplete specs (api.todo)', () => {
  it('fail with CC3020 errors at the TODO and at each method that does not say how it authenticates', () => {
    const result = validate(SPEC, false);
    expect(result.model).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line, d.column, d.message])).toEqual([
      ['CC3020', 'error', 21, 9, 'The API part of `acme` is still a TODO: Fill me in.'],
      ['CC3020', 'error', 9, 5, 'Auth method `api-key` does not say where its credentials go yet.'],
      ['CC3020', 'error', 17, 5, 'OAuth 2.0 method `oauth2` has no `oauth2` block (authorization and token URLs) yet.'],
    ]);
  });

  it('with allowIncomplete: warnings, and a model marked incomplete without the placeholders', () => {
    const result = validate(SPEC, true);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['CC3020', 'warning'],
      ['CC3020', 'warning'],
      ['CC3020', 'warning'],
    ]);
    const model = result.model!;
    expect(model.api).toEqual({ incomplete: true, baseUrl: { raw: '', parts: [] }, headers: [], operations: [] });
    expect(model.authMethods[0]!.placements).toEqual([]);
    expect(model.authMethods[1]!.oauth2).toBeUndefined();
  });

  it('without the TODO, a missing baseUrl is the usual schema error', () => {
    const result = validate(SPEC.replace('  todo: Fill me in.\n', '  docs: https://acme.example.com/api\n'), true);
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['CC2002', 'Missing required key `baseUrl` in `api`.'],
      ['CC2002', 'Missing required key `operations` in `api`.'],
    ]);
  });

  it('a partly filled API is checked while the TODO stays', () => {
    const partly = SPEC.replace('  todo: Fill me in.\n', '  todo: Fill me in.\n  baseUrl: ftp://acme.example.com\n  operations:\n    - { id: me, method: GET, path: /me }\n');
    const codes = validate(partly, true).diagnostics.map((d) => d.code);
    expect(codes).toContain('CC3021');
  });

  it('compile with allowIncomplete writes forms and guides but no client for the connector', () => {
    const result = compile({ specs: [{ file: 'connectors/acme.yaml', source: SPEC }], allowIncomplete: true });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const files = [...result.files.keys()];
    expect(files).toContain('docs/connectors/acme/guides/link-account/api-key.md');
    expect(files.some((f) => f.startsWith('forms/') && f.includes('acme'))).toBe(true);
    expect(files.filter((f) => f.startsWith('clients/') && f.includes('acme'))).toEqual([]);
    expect(compile({ specs: [{ file: 'connectors/acme.yaml', source: SPEC }] }).files.size).toBe(0);
  });
});
