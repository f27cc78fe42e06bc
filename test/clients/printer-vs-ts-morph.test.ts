/**
 * Our declaration printer against the one it replaces: every structure the
 * client emitter builds (the fixture cases, 200 synthetic specs) and random
 * structures of the same subset must print byte-identically to ts-morph's
 * `printStructure`. ts-morph is a dev dependency for this comparison only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { synthId, synthSpec } from '../../scripts/synth-specs.js';
import { compile } from '../../src/compile.js';
import { clientFileStructure } from '../../src/emit/client/client-file.js';
import { clientNames } from '../../src/emit/client/identifiers.js';
import { indexFileStructure } from '../../src/emit/client/index-file.js';
import {
  printSourceFile,
  type BodyStatement,
  type ClassDeclarationStructure,
  type FunctionDeclarationStructure,
  type InterfaceDeclarationStructure,
  type ParameterDeclarationStructure,
  type SourceFileStructure,
  type Statement,
  type WriterFunction,
} from '../../src/emit/client/print-declarations.js';
import { DEFAULT_EMIT_OPTIONS } from '../../src/emit/emitter.js';
import type { ConnectorModel } from '../../src/model/connector-model.js';
import { CASES, compileCase } from './helpers/cases.js';
import { printWithTsMorph, toTsMorph } from './helpers/ts-morph-structures.js';

function printedByTsMorph(file: SourceFileStructure): string {
  return printWithTsMorph(toTsMorph(file));
}

function expectSameText(file: SourceFileStructure, label: string): void {
  expect(printSourceFile(file), label).toBe(printedByTsMorph(file));
}

function expectSameClients(models: readonly ConnectorModel[]): void {
  const complete = models.filter((model) => model.api.incomplete !== true);
  expect(complete.length).toBeGreaterThan(0);
  for (const model of complete) {
    expectSameText(clientFileStructure(model, clientNames(model), { runtimeImport: DEFAULT_EMIT_OPTIONS.runtimeImport }), model.id);
  }
  expectSameText(indexFileStructure(models).structure, 'clients/index.ts');
}

// ─── What the emitter builds ────────────────────────────────────────────────

describe('printer vs ts-morph printStructure', () => {
  it.each(CASES)('prints every client of the `$name` case and its index identically', (fixture) => {
    expectSameClients(compileCase(fixture).models);
  });

  it('prints the clients of 200 synthetic specs identically', () => {
    const specs = Array.from({ length: 200 }, (_, i) => ({ file: `connectors/${synthId(i)}.yaml`, source: synthSpec(i) }));
    const result = compile({ specs, targets: [] });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.models).toHaveLength(200);
    expectSameClients(result.models);
  });

  it('prints random structures of the subset identically', () => {
    fc.assert(
      fc.property(sourceFileArbitrary, (file) => {
        expect(printSourceFile(file)).toBe(printedByTsMorph(file));
      }),
      { numRuns: 500 },
    );
  });

  it('puts a comma at the end of a parameter text, where ts-morph puts it after the last token (why types must end with one)', () => {
    const file: SourceFileStructure = { kind: 'sourceFile', statements: [{ kind: 'function', name: 'f', parameters: [{ name: 'a', type: 'A ' }, { name: 'b' }] }] };
    expect(printSourceFile(file)).toBe('function f(a: A , b) {\n}\n');
    expect(printedByTsMorph(file)).toBe('function f(a: A, b) {\n}\n');
  });
});

// ─── Random structures ──────────────────────────────────────────────────────

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const identifier = fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,6}$/);

/** Names, with the blank ones ts-morph leaves out where it does (class and function names). */
const declarationName = fc.oneof({ weight: 8, arbitrary: identifier }, fc.constantFrom('', ' '));

/**
 * Type texts that end with a token (the printer's contract): keywords,
 * generics, unions, string literals, and object types over several lines to
 * exercise hanging indentation.
 */
const tokenType: fc.Arbitrary<string> = fc.letrec<{ type: string }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    identifier,
    fc.constantFrom('string', 'number', 'unknown', 'runtime.ClientOptions'),
    fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
    fc.tuple(identifier, tie('type')).map(([name, arg]) => `${name}<${arg}>`),
    fc.tuple(tie('type'), tie('type')).map(([a, b]) => `${a} | ${b}`),
    fc.tuple(identifier, tie('type')).map(([key, value]) => `{\n  ${key}: ${value};\n}`),
  ),
})).type;

/** Types, types with a blank text (both printers leave those out). */
const typeText = fc.oneof({ weight: 8, arbitrary: tokenType }, fc.constantFrom('', '  '));

/** Doc text with line breaks (LF and CRLF, leading, trailing, doubled), `*\/`, quotes and braces. */
const docText = fc
  .array(fc.constantFrom('text', 'a b', ' ', '\n', '\r\n', '\n\n', '*/', '/*', '*', '"', "'", '`', '{', '}', '//', '@param x', '@throws {@link E}', '${'), { maxLength: 12 })
  .map((parts) => parts.join(''));

const docs = optional(fc.array(docText, { maxLength: 2 }));

/** Writer functions that do what the emitter's do: lines, blank lines, blocks, text without a line break. */
const writerFunction: fc.Arbitrary<WriterFunction> = fc.oneof(
  identifier.map((name) => Object.assign((writer: Parameters<WriterFunction>[0]) => void writer.writeLine(`// ${name}`).blankLine(), { toString: () => `writeLine+blankLine ${name}` })),
  identifier.map((name) => Object.assign((writer: Parameters<WriterFunction>[0]) => void writer.blankLineIfLastNot().writeLine(`const ${name} = 1;`), { toString: () => `blankLineIfLastNot+writeLine ${name}` })),
  identifier.map((name) => Object.assign((writer: Parameters<WriterFunction>[0]) => void writer.write(`export interface ${name} `).inlineBlock(() => writer.writeLine('a: string;')).newLine(), { toString: () => `inlineBlock ${name}` })),
  identifier.map((name) => Object.assign((writer: Parameters<WriterFunction>[0]) => void writer.write(`return ${name};`), { toString: () => `write ${name}` })),
);

const bodyStatement: fc.Arbitrary<BodyStatement> = fc.oneof(
  fc.constantFrom('return 1;', 'super(DESCRIPTION, "a", credentials, options);', 'if (x) {\n  y();\n}', 'const s = "{";', ''),
  writerFunction,
);

const body = optional(fc.array(bodyStatement, { maxLength: 3 }));

const parameter: fc.Arbitrary<ParameterDeclarationStructure> = fc.record({ name: identifier, hasQuestionToken: optional(fc.boolean()), type: optional(typeText) }, { requiredKeys: ['name'] });
const parameterList = optional(fc.array(parameter, { maxLength: 3 }));

const interfaceDeclaration: fc.Arbitrary<InterfaceDeclarationStructure> = fc.record(
  {
    kind: fc.constant('interface' as const),
    name: identifier,
    isExported: optional(fc.boolean()),
    docs,
    properties: optional(fc.array(fc.record({ name: identifier, isReadonly: optional(fc.boolean()), hasQuestionToken: optional(fc.boolean()), type: optional(typeText), docs }, { requiredKeys: ['name'] }), { maxLength: 4 })),
  },
  { requiredKeys: ['kind', 'name'] },
);

const classDeclaration: fc.Arbitrary<ClassDeclarationStructure> = fc.record(
  {
    kind: fc.constant('class' as const),
    name: declarationName,
    isExported: optional(fc.boolean()),
    extends: optional(typeText),
    docs,
    ctors: optional(fc.array(fc.record({ docs, parameters: parameterList, statements: body }, { requiredKeys: [] }), { maxLength: 2 })),
    methods: optional(fc.array(fc.record({ name: identifier, docs, parameters: parameterList, returnType: optional(typeText), statements: body }, { requiredKeys: ['name'] }), { maxLength: 3 })),
  },
  { requiredKeys: ['kind', 'name'] },
);

const functionDeclaration: fc.Arbitrary<FunctionDeclarationStructure> = fc.record(
  {
    kind: fc.constant('function' as const),
    name: declarationName,
    isExported: optional(fc.boolean()),
    docs,
    typeParameters: optional(fc.array(fc.record({ name: identifier, constraint: optional(typeText) }, { requiredKeys: ['name'] }), { maxLength: 3 })),
    parameters: parameterList,
    returnType: optional(typeText),
    statements: body,
  },
  { requiredKeys: ['kind', 'name'] },
);

const moduleSpecifier = fc.oneof(identifier.map((name) => `./${name}.js`), fc.constantFrom('', 'connector-compiler/runtime', 'a"b', "a'b", 'a\\b'));

const statementArbitrary: fc.Arbitrary<Statement> = fc.oneof(
  bodyStatement,
  fc.record({ kind: fc.constant('importDeclaration' as const), namespaceImport: identifier, moduleSpecifier }),
  fc.record({ kind: fc.constant('exportDeclaration' as const), moduleSpecifier, namespaceExport: optional(fc.oneof(identifier, fc.constantFrom('', ' '))) }, { requiredKeys: ['kind', 'moduleSpecifier'] }),
  interfaceDeclaration,
  classDeclaration,
  functionDeclaration,
);

const sourceFileArbitrary: fc.Arbitrary<SourceFileStructure> = fc.record({ kind: fc.constant('sourceFile' as const), statements: fc.array(statementArbitrary, { maxLength: 6 }) });
