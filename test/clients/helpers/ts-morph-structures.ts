/**
 * Our declaration structures as ts-morph structures, and ts-morph's
 * `printStructure` with the emitter's writer options: the reference printer
 * for test/clients/printer-vs-ts-morph.test.ts and bench-emit.ts.
 */
import * as tsMorph from 'ts-morph';
import { StructureKind } from 'ts-morph';
import type { ParameterDeclarationStructure, SourceFileStructure, Statement } from '../../../src/emit/client/print-declarations.js';

export function toTsMorph(file: SourceFileStructure): tsMorph.SourceFileStructure {
  return { kind: StructureKind.SourceFile, statements: file.statements.map(statement) };
}

/** What the client emitter printed before it had its own printer. */
export function printWithTsMorph(file: tsMorph.SourceFileStructure): string {
  return tsMorph.printStructure(file, { indentNumberOfSpaces: 2, newLine: '\n', useSingleQuote: false });
}

function statement(s: Statement): string | tsMorph.WriterFunction | tsMorph.StatementStructures {
  if (typeof s === 'string' || typeof s === 'function') return s;
  switch (s.kind) {
    case 'importDeclaration':
      return { kind: StructureKind.ImportDeclaration, namespaceImport: s.namespaceImport, moduleSpecifier: s.moduleSpecifier };
    case 'exportDeclaration':
      return { kind: StructureKind.ExportDeclaration, moduleSpecifier: s.moduleSpecifier, ...(s.namespaceExport !== undefined ? { namespaceExport: s.namespaceExport } : {}) };
    case 'interface':
      return { ...s, kind: StructureKind.Interface, docs: copy(s.docs), properties: s.properties?.map((p) => ({ ...p, docs: copy(p.docs) })) };
    case 'class':
      return {
        ...s,
        kind: StructureKind.Class,
        docs: copy(s.docs),
        ctors: s.ctors?.map((c) => ({ ...c, docs: copy(c.docs), parameters: parameters(c.parameters), statements: copy(c.statements) })),
        methods: s.methods?.map((m) => ({ ...m, docs: copy(m.docs), parameters: parameters(m.parameters), statements: copy(m.statements) })),
      };
    case 'function':
      return {
        ...s,
        kind: StructureKind.Function,
        docs: copy(s.docs),
        typeParameters: s.typeParameters?.map((t) => ({ ...t })),
        parameters: parameters(s.parameters),
        statements: copy(s.statements),
      };
  }
}

function parameters(list: readonly ParameterDeclarationStructure[] | undefined): tsMorph.OptionalKind<tsMorph.ParameterDeclarationStructure>[] | undefined {
  return list?.map((p) => ({ ...p }));
}

function copy<T>(list: readonly T[] | undefined): T[] | undefined {
  return list && [...list];
}
