/**
 * Prints the few declaration kinds the client emitter builds: a source file
 * of statements, namespace imports, `export *` declarations, interfaces,
 * classes and functions. The structures keep ts-morph's property names, and
 * the printer makes the same `code-block-writer` calls as ts-morph's
 * `printStructure`, so the text is byte-identical
 * (test/clients/printer-vs-ts-morph.test.ts checks it) without loading the
 * TypeScript compiler ts-morph bundles (~0.5 s and ~80 MB per thread).
 *
 * The subset: docs are strings; types, return types, `extends` and
 * constraints are strings; parameter and type parameter texts end with a
 * token (ts-morph puts the separating comma after the last token, we put it
 * at the end of the text).
 */
import CodeBlockWriter from 'code-block-writer';

/** Writes code at the writer's position, like a ts-morph `WriterFunction`. */
export type WriterFunction = (writer: CodeBlockWriter) => void;

/** Statements of a block: code as text or written by a function. */
export type BodyStatement = string | WriterFunction;

export type Statement = BodyStatement | ImportDeclarationStructure | ExportDeclarationStructure | InterfaceDeclarationStructure | ClassDeclarationStructure | FunctionDeclarationStructure;

export interface SourceFileStructure {
  readonly kind: 'sourceFile';
  readonly statements: readonly Statement[];
}

/** `import * as namespaceImport from "moduleSpecifier";` */
export interface ImportDeclarationStructure {
  readonly kind: 'importDeclaration';
  readonly namespaceImport: string;
  readonly moduleSpecifier: string;
}

/** `export * from "moduleSpecifier";`, or `export * as namespaceExport from …` */
export interface ExportDeclarationStructure {
  readonly kind: 'exportDeclaration';
  readonly moduleSpecifier: string;
  readonly namespaceExport?: string;
}

/** What every named top-level declaration has. */
interface DeclarationHead {
  readonly name: string;
  readonly isExported?: boolean;
  readonly docs?: readonly string[];
}

export interface InterfaceDeclarationStructure extends DeclarationHead {
  readonly kind: 'interface';
  readonly properties?: readonly PropertySignatureStructure[];
}

export interface PropertySignatureStructure {
  readonly name: string;
  readonly isReadonly?: boolean;
  readonly hasQuestionToken?: boolean;
  readonly type?: string;
  readonly docs?: readonly string[];
}

export interface ClassDeclarationStructure extends DeclarationHead {
  readonly kind: 'class';
  readonly extends?: string;
  readonly ctors?: readonly ConstructorDeclarationStructure[];
  readonly methods?: readonly MethodDeclarationStructure[];
}

export interface ConstructorDeclarationStructure {
  readonly docs?: readonly string[];
  readonly parameters?: readonly ParameterDeclarationStructure[];
  readonly statements?: readonly BodyStatement[];
}

export interface MethodDeclarationStructure {
  readonly name: string;
  readonly docs?: readonly string[];
  readonly parameters?: readonly ParameterDeclarationStructure[];
  readonly returnType?: string;
  readonly statements?: readonly BodyStatement[];
}

export interface FunctionDeclarationStructure extends DeclarationHead {
  readonly kind: 'function';
  readonly typeParameters?: readonly TypeParameterDeclarationStructure[];
  readonly parameters?: readonly ParameterDeclarationStructure[];
  readonly returnType?: string;
  readonly statements?: readonly BodyStatement[];
}

export interface ParameterDeclarationStructure {
  readonly name: string;
  readonly hasQuestionToken?: boolean;
  readonly type?: string;
}

export interface TypeParameterDeclarationStructure {
  readonly name: string;
  readonly constraint?: string;
}

/** The options the emitter has always printed with: 2-space indent, LF, double quotes. */
const WRITER_OPTIONS = { indentNumberOfSpaces: 2, newLine: '\n', useTabs: false, useSingleQuote: false } as const;

export function printSourceFile(file: SourceFileStructure): string {
  const writer = new CodeBlockWriter(WRITER_OPTIONS);
  writeStatements(writer, file.statements);
  writer.conditionalNewLine(!writer.isAtStartOfFirstLineOfBlock() && !writer.isLastNewLine());
  return writer.toString();
}

// ─── Statements ─────────────────────────────────────────────────────────────

/** A blank line after a closing brace, otherwise a line break, before each statement (ts-morph's `StatementStructurePrinter`). */
function writeStatements(writer: CodeBlockWriter, statements: readonly Statement[] | undefined): void {
  for (const statement of statements ?? []) {
    if (endsWithCloseBrace(writer)) writer.blankLineIfLastNot();
    else if (!writer.isAtStartOfFirstLineOfBlock()) writer.newLineIfLastNot();
    writeStatement(writer, statement);
  }
}

function writeStatement(writer: CodeBlockWriter, statement: Statement): void {
  if (typeof statement === 'string') {
    writer.write(statement);
    return;
  }
  if (typeof statement === 'function') {
    statement(writer);
    return;
  }
  switch (statement.kind) {
    case 'importDeclaration':
      return writeImport(writer, statement);
    case 'exportDeclaration':
      return writeExport(writer, statement);
    case 'interface':
      blankLineBeforeDeclaration(writer);
      return writeInterface(writer, statement);
    case 'class':
      blankLineBeforeDeclaration(writer);
      return writeClass(writer, statement);
    case 'function':
      blankLineBeforeDeclaration(writer);
      return writeFunction(writer, statement);
  }
}

function blankLineBeforeDeclaration(writer: CodeBlockWriter): void {
  if (!writer.isAtStartOfFirstLineOfBlock()) writer.blankLineIfLastNot();
}

function endsWithCloseBrace(writer: CodeBlockWriter): boolean {
  return writer.iterateLastCharCodes((code) => (code === CLOSE_BRACE ? true : WHITESPACE.has(code) ? undefined : false)) ?? false;
}

const CLOSE_BRACE = '}'.charCodeAt(0);

/** What ts-morph counts as whitespace (`StringUtils.isWhitespaceCharCode`). */
const WHITESPACE = new Set([...' \f\n\r\t\v\u00a0\u2028\u2029'].map((c) => c.charCodeAt(0)));

/** ts-morph leaves out a type, name or clause whose text is empty or whitespace. */
function hasText(text: string | undefined): text is string {
  if (text === undefined) return false;
  for (let i = 0; i < text.length; i++) if (!WHITESPACE.has(text.charCodeAt(i))) return true;
  return false;
}

/**
 * Every node starts by ending a comment a writer function left open, as
 * ts-morph's `NodePrinter` does; a no-op for everything we emit.
 */
function startNode(writer: CodeBlockWriter): void {
  writer.closeComment();
}

// ─── Declarations ───────────────────────────────────────────────────────────

function writeImport(writer: CodeBlockWriter, structure: ImportDeclarationStructure): void {
  startNode(writer);
  writer.write(`import * as ${structure.namespaceImport} from `).quote(structure.moduleSpecifier).write(';');
}

function writeExport(writer: CodeBlockWriter, structure: ExportDeclarationStructure): void {
  startNode(writer);
  const hasModuleSpecifier = structure.moduleSpecifier.length > 0;
  writer.write('export');
  if (structure.namespaceExport !== undefined) writer.write(hasText(structure.namespaceExport) ? ` * as ${structure.namespaceExport}` : ' *');
  else writer.write(hasModuleSpecifier ? ' *' : ' { }');
  if (hasModuleSpecifier) writer.write(' from ').quote(structure.moduleSpecifier);
  writer.write(';');
}

function writeInterface(writer: CodeBlockWriter, structure: InterfaceDeclarationStructure): void {
  startNode(writer);
  writeDocs(writer, structure.docs);
  if (structure.isExported) writer.write('export ');
  writer.write(`interface ${structure.name}`).space();
  writer.inlineBlock(() => {
    structure.properties?.forEach((property, index) => {
      if (index > 0) writer.newLine();
      writeProperty(writer, property);
    });
  });
}

function writeProperty(writer: CodeBlockWriter, structure: PropertySignatureStructure): void {
  startNode(writer);
  writeDocs(writer, structure.docs);
  if (structure.isReadonly) writer.write('readonly ');
  writer.write(structure.name);
  if (structure.hasQuestionToken) writer.write('?');
  writeTypeAnnotation(writer, structure.type);
  writer.write(';');
}

function writeClass(writer: CodeBlockWriter, structure: ClassDeclarationStructure): void {
  startNode(writer);
  writeDocs(writer, structure.docs);
  if (structure.isExported) writer.write('export ');
  writer.write('class');
  if (hasText(structure.name)) writer.space().write(structure.name);
  writer.space();
  writer.hangingIndent(() => {
    if (hasText(structure.extends)) writer.write(`extends ${structure.extends} `);
  });
  writer.inlineBlock(() => {
    for (const ctor of structure.ctors ?? []) {
      blankLineBetweenMembers(writer);
      writeConstructor(writer, ctor);
    }
    const methods = structure.methods ?? [];
    if (methods.length > 0) blankLineBetweenMembers(writer);
    methods.forEach((method, index) => {
      if (index > 0) writer.blankLine();
      writeMethod(writer, method);
    });
  });
}

function blankLineBetweenMembers(writer: CodeBlockWriter): void {
  if (!writer.isAtStartOfFirstLineOfBlock()) writer.blankLine();
}

function writeConstructor(writer: CodeBlockWriter, structure: ConstructorDeclarationStructure): void {
  startNode(writer);
  writeDocs(writer, structure.docs);
  writer.write('constructor');
  writeParameters(writer, structure.parameters);
  writer.space().inlineBlock(() => writeStatements(writer, structure.statements));
}

function writeMethod(writer: CodeBlockWriter, structure: MethodDeclarationStructure): void {
  startNode(writer);
  writeDocs(writer, structure.docs);
  writer.write(structure.name);
  writeParameters(writer, structure.parameters);
  writeTypeAnnotation(writer, structure.returnType);
  writer.spaceIfLastNot().inlineBlock(() => writeStatements(writer, structure.statements));
}

function writeFunction(writer: CodeBlockWriter, structure: FunctionDeclarationStructure): void {
  startNode(writer);
  writeDocs(writer, structure.docs);
  if (structure.isExported) writer.write('export ');
  writer.write('function');
  if (hasText(structure.name)) writer.write(` ${structure.name}`);
  writeTypeParameters(writer, structure.typeParameters);
  writeParameters(writer, structure.parameters);
  writeTypeAnnotation(writer, structure.returnType);
  writer.space().inlineBlock(() => writeStatements(writer, structure.statements));
}

// ─── Parts ──────────────────────────────────────────────────────────────────

function writeTypeParameters(writer: CodeBlockWriter, typeParameters: readonly TypeParameterDeclarationStructure[] | undefined): void {
  if (typeParameters === undefined || typeParameters.length === 0) return;
  writer.write('<');
  typeParameters.forEach((typeParameter, index) => {
    if (index > 0) writer.write(',').spaceIfLastNot();
    startNode(writer);
    writer.hangingIndent(() => {
      writer.write(typeParameter.name);
      if (hasText(typeParameter.constraint)) writer.write(` extends ${typeParameter.constraint}`);
    });
  });
  writer.write('>');
}

function writeParameters(writer: CodeBlockWriter, parameters: readonly ParameterDeclarationStructure[] | undefined): void {
  writer.write('(');
  if (parameters !== undefined && parameters.length > 0) {
    writer.hangingIndent(() => {
      parameters.forEach((parameter, index) => {
        if (index > 0) writer.write(',').spaceIfLastNot();
        startNode(writer);
        writer.write(parameter.name);
        if (parameter.hasQuestionToken) writer.write('?');
        // An optional parameter without a type gets `any`, as in ts-morph.
        writeTypeAnnotation(writer, parameter.type ?? (parameter.hasQuestionToken ? 'any' : undefined));
      });
    });
  }
  writer.write(')');
}

/** `: type` for parameters, properties and return types. */
function writeTypeAnnotation(writer: CodeBlockWriter, type: string | undefined): void {
  if (hasText(type)) writer.hangingIndent(() => writer.write(`: ${type}`));
}

/** One `/** … *\/` block per doc, each on its own lines (ts-morph's `JSDocStructurePrinter`). */
function writeDocs(writer: CodeBlockWriter, docs: readonly string[] | undefined): void {
  for (const doc of docs ?? []) {
    startNode(writer);
    const lines = doc.split(/\r?\n/);
    writer.write('/**');
    if (lines.length === 1) {
      writer.space().write(lines[0]!);
    } else {
      writer.newLine();
      // A doc that starts with a line break does not get an empty first line.
      for (const line of lines[0] === '' ? lines.slice(1) : lines) {
        writer.write(' *');
        if (line.length > 0) writer.write(` ${line}`);
        writer.newLine();
      }
    }
    writer.spaceIfLastNot().write('*/');
    writer.newLine();
  }
}
