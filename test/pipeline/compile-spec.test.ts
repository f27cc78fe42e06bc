import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProject } from '../../src/project/builder.js';
import { parseSpecText } from '../../src/load/read-spec.js';
import { compileSpec, compileSpecs, createCompileContext } from '../../src/pipeline/compile-spec.js';
import { checkUniqueIds, declaredIdOf } from '../../src/validate/validate-project.js';
import { validateSpec } from '../../src/validate/validate-spec.js';
import { cleanup, fakeEmitters, tempProject, validSpec, writeSpec } from '../project/helpers.js';

const context = createCompileContext();
// `alpha` with a YAML syntax error further down: the top-level `id` can still be read.
const BROKEN_ALPHA = validSpec('alpha').replace('\nname:', '\nname: [unclosed\nx:');

const codes = (diagnostics: readonly { code: string; file: string; line?: number; message: string }[]) => diagnostics.map((d) => [d.code, d.file, d.line, d.message]);

describe('the stages, composed once', () => {
  it('validateSpec returns the checked spec and builds no model; compileSpec adds the model', () => {
    const parsed = parseSpecText('connectors/alpha.yaml', validSpec('alpha'));
    const validated = validateSpec(parsed, context.validation);
    expect(validated.diagnostics).toEqual([]);
    expect(validated.checked?.spec.id).toBe('alpha');
    expect(Object.keys(validated).sort()).toEqual(['checked', 'diagnostics']);
    const compiled = compileSpec(parsed, context);
    expect(compiled.model?.id).toBe('alpha');
    expect(compiled.model?.sourceFile).toBe('connectors/alpha.yaml');
  });

  it('reads the declared id of a file that failed to parse, and only a top-level string', () => {
    expect(parseSpecText('a/alpha.yaml', BROKEN_ALPHA).data).toBeUndefined();
    expect(declaredIdOf(parseSpecText('a/alpha.yaml', BROKEN_ALPHA))).toBe('alpha');
    expect(declaredIdOf(parseSpecText('a/alpha.yaml', 'nested:\n  id: alpha\nname: [\n'))).toBeUndefined();
    expect(declaredIdOf(parseSpecText('a/alpha.yaml', 'id: 12\nname: [\n'))).toBeUndefined();
    expect(compileSpec(parseSpecText('a/alpha.yaml', BROKEN_ALPHA), context).declaredId).toBe('alpha');
  });

  it('checkUniqueIds: the first file by path keeps the id, whatever the input order', () => {
    const declared = [
      { file: 'c/alpha.yaml', id: 'alpha' },
      { file: 'beta.yaml', id: 'beta' },
      { file: 'a/alpha.yaml', id: 'alpha' },
      { file: 'b/alpha.yaml', id: 'alpha', range: { line: 2, column: 5, endLine: 2, endColumn: 10 } },
    ];
    expect(checkUniqueIds(declared)).toEqual([
      { code: 'CC3004', severity: 'error', message: 'Connector id `alpha` is already declared in `a/alpha.yaml`.', file: 'b/alpha.yaml', line: 2, column: 5, endLine: 2, endColumn: 10, path: '/id', hint: 'Connector ids must be unique across all spec files.' },
      { code: 'CC3004', severity: 'error', message: 'Connector id `alpha` is already declared in `a/alpha.yaml`.', file: 'c/alpha.yaml', line: 1, column: 1, path: '/id', hint: 'Connector ids must be unique across all spec files.' },
    ]);
  });
});

describe('a YAML error does not hide a duplicate id (validate)', () => {
  it('reports both when the broken file comes second', () => {
    const result = compileSpecs([parseSpecText('a/alpha.yaml', validSpec('alpha')), parseSpecText('b/alpha.yaml', BROKEN_ALPHA)], context);
    expect(codes(result.diagnostics).map(([code, file]) => [code, file])).toEqual([
      ['CC1004', 'b/alpha.yaml'],
      ['CC3004', 'b/alpha.yaml'],
    ]);
    expect(codes(result.diagnostics)[1]).toEqual(['CC3004', 'b/alpha.yaml', 6, 'Connector id `alpha` is already declared in `a/alpha.yaml`.']);
    expect(result.models.map((model) => model.sourceFile)).toEqual(['a/alpha.yaml']);
  });

  it('reports both when the broken file comes first; the valid duplicate then yields no model', () => {
    const result = compileSpecs([parseSpecText('a/alpha.yaml', BROKEN_ALPHA), parseSpecText('b/alpha.yaml', validSpec('alpha'))], context);
    expect(codes(result.diagnostics).map(([code, file]) => [code, file])).toEqual([
      ['CC1004', 'a/alpha.yaml'],
      ['CC3004', 'b/alpha.yaml'],
    ]);
    expect(result.models).toEqual([]);
  });
});

describe('a YAML error does not hide a duplicate id (build)', () => {
  let root: string;
  beforeEach(() => {
    root = tempProject('cc-compose-');
  });
  afterEach(() => cleanup(root));

  it('reports the YAML error and the duplicate id in one run', async () => {
    writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha'));
    writeSpec(root, 'connectors/more/alpha.yaml', BROKEN_ALPHA);
    const result = await buildProject({ root, emitters: fakeEmitters().emitters, compilerId: 'test' });
    expect(result.status).toBe('failed');
    // Sorted by position: the id (line 6) comes before the YAML error below it.
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ['CC3004', 'connectors/more/alpha.yaml', 6],
      ['CC1004', 'connectors/more/alpha.yaml', 8],
    ]);
    expect(result.diagnostics[0]!.message).toBe('Connector id `alpha` is already declared in `connectors/alpha.yaml`.');
  });
});

