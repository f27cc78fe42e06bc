/**
 * Prints a generated client file from plain data: a header of `//` lines,
 * then declarations, one blank line between them, LF, a final newline. It
 * knows exactly the declarations the client emitter makes (a namespace
 * import, re-exports, interfaces, type aliases, a const, the client class,
 * the factory function) and prints each of them three ways:
 *
 * - `ts`: the `.ts` client, with types and bodies;
 * - `dts`: a declaration file: `export declare` class and function, no bodies
 *   (the caller leaves out the const);
 * - `js`: plain JavaScript: no types, no type parameters, no docs (the caller
 *   leaves out interfaces and type aliases, and gives JavaScript statements).
 *
 * Texts (names, types, statements, values) arrive as code, made safe by
 * `quote.ts` and `identifiers.ts`; the printer adds only keywords and
 * punctuation, and module specifiers, which it quotes with `quoteString`.
 * Types of shapes are `TypeWriter`s from `shape-type.ts` (the one place that
 * turns a shape into a type): object types span several lines and need the
 * writer's indentation. docs/clients.md ("How clients are printed") says why
 * this is our own printer and not ts-morph's.
 */
import CodeBlockWriter from 'code-block-writer';
import { quoteString } from './quote.js';
import { writeDoc, type TypeWriter } from './shape-type.js';

export type PrintMode = 'ts' | 'dts' | 'js';

export interface SourceFile {
  /** `//` comment lines (already one-line text), followed by a blank line. */
  readonly header: readonly string[];
  readonly declarations: readonly Declaration[];
}

export type Declaration = NamespaceImport | Reexports | InterfaceDeclaration | TypeAliasDeclaration | ConstDeclaration | ExportedConstDeclaration | ClassDeclaration | FunctionDeclaration;

/** A type as text, or written by `shape-type.ts`. */
export type TypeCode = string | TypeWriter;

/** `import * as namespace from "from";` */
export interface NamespaceImport {
  readonly kind: 'import';
  readonly namespace: string;
  readonly from: string;
}

/** One re-export per line, no blank lines between them; printed only when there is at least one. */
export interface Reexports {
  readonly kind: 'reexports';
  readonly lines: readonly Reexport[];
}

/** `export { A, B } from "from";` with `names`, `export * as namespace from "from";` with `namespace`, else `export * from "from";`. */
export interface Reexport {
  readonly from: string;
  readonly namespace?: string;
  readonly names?: readonly string[];
}

/** `export interface name { … }`: properties as data, or members written by `shape-type.ts`. */
export interface InterfaceDeclaration {
  readonly kind: 'interface';
  readonly name: string;
  readonly doc?: string | undefined;
  readonly properties: readonly PropertySignature[] | TypeWriter;
}

/** `readonly name?: type;` (`name` is already a property name: bare or quoted). */
export interface PropertySignature {
  readonly name: string;
  readonly doc?: string | undefined;
  readonly isReadonly?: boolean;
  readonly hasQuestionToken?: boolean;
  readonly type: TypeCode;
}

/** `export type name = type;` */
export interface TypeAliasDeclaration {
  readonly kind: 'type';
  readonly name: string;
  readonly doc?: string | undefined;
  readonly type: TypeCode;
}

/** `const name: type = value;` (not exported; the type is left out in `js`). */
export interface ConstDeclaration {
  readonly kind: 'const';
  readonly name: string;
  readonly type?: string;
  readonly value: string;
}

/**
 * `export const name = value as const;` in `ts`, `export const name = value;`
 * in `js`, `export declare const name: dtsType;` in `dts` (the caller gives
 * the type the `as const` value has).
 */
export interface ExportedConstDeclaration {
  readonly kind: 'exported-const';
  readonly name: string;
  readonly doc?: string | undefined;
  readonly value: string;
  readonly dtsType: TypeCode;
}

/** `export class name extends base { constructor(…) { … } method(…): T { … } … }` */
export interface ClassDeclaration {
  readonly kind: 'class';
  readonly name: string;
  readonly doc?: string | undefined;
  readonly extends: string;
  readonly ctor: Callable;
  readonly methods: readonly MethodDeclaration[];
}

export interface MethodDeclaration extends Callable {
  readonly name: string;
}

/** `export function name<T extends C>(…): R { … }` */
export interface FunctionDeclaration extends Callable {
  readonly kind: 'function';
  readonly name: string;
  readonly typeParameters?: readonly TypeParameter[];
}

/** What constructors, methods and functions have. */
export interface Callable {
  readonly doc?: string | undefined;
  readonly parameters: readonly Parameter[];
  readonly returnType?: string;
  /** One statement per line. */
  readonly statements: readonly string[];
  /**
   * Overload signatures, printed before the implementation in `ts` and alone
   * in `dts` (each with its doc; the implementation's doc is then unused).
   */
  readonly overloads?: readonly Signature[];
}

/** One overload: `head<T>(parameters): returnType;`. */
export interface Signature {
  readonly doc?: string | undefined;
  readonly typeParameters?: readonly TypeParameter[];
  readonly parameters: readonly Parameter[];
  readonly returnType?: string;
}

/** `name?: type`, or `...name: type` (`name` / `...name` in `js`). */
export interface Parameter {
  readonly name: string;
  readonly type: string;
  readonly hasQuestionToken?: boolean;
  readonly isRest?: boolean;
}

export interface TypeParameter {
  readonly name: string;
  readonly constraint?: string;
}

/** 2-space indent, LF, double quotes: what the generated files have always used. */
const WRITER_OPTIONS = { indentNumberOfSpaces: 2, newLine: '\n', useTabs: false, useSingleQuote: false } as const;

export function printFile(file: SourceFile, mode: PrintMode): string {
  const writer = new CodeBlockWriter(WRITER_OPTIONS);
  for (const line of file.header) writer.writeLine(`// ${line}`);
  for (const declaration of file.declarations) {
    if (declaration.kind === 'reexports' && declaration.lines.length === 0) continue;
    if (writer.getLength() > 0) writer.blankLineIfLastNot();
    writeDeclaration(writer, declaration, mode);
  }
  return writer.toString();
}

function writeDeclaration(writer: CodeBlockWriter, declaration: Declaration, mode: PrintMode): void {
  switch (declaration.kind) {
    case 'import':
      writer.writeLine(`import * as ${declaration.namespace} from ${quoteString(declaration.from)};`);
      return;
    case 'reexports':
      for (const line of declaration.lines) writer.writeLine(`export ${reexportClause(line)} from ${quoteString(line.from)};`);
      return;
    case 'interface':
      writeDoc(writer, declaration.doc);
      writer.write(`export interface ${declaration.name} `).inlineBlock(() => {
        if (typeof declaration.properties === 'function') declaration.properties(writer);
        else for (const property of declaration.properties) writeProperty(writer, property);
      });
      writer.newLine();
      return;
    case 'type':
      writeDoc(writer, declaration.doc);
      writer.write(`export type ${declaration.name} = `);
      writeType(writer, declaration.type);
      writer.write(';').newLine();
      return;
    case 'const':
      writer.writeLine(`const ${declaration.name}${mode !== 'js' && declaration.type !== undefined ? `: ${declaration.type}` : ''} = ${declaration.value};`);
      return;
    case 'exported-const':
      if (mode !== 'js') writeDoc(writer, declaration.doc);
      if (mode === 'dts') {
        writer.write(`export declare const ${declaration.name}: `);
        writeType(writer, declaration.dtsType);
        writer.write(';').newLine();
      } else writer.writeLine(`export const ${declaration.name} = ${declaration.value}${mode === 'ts' ? ' as const' : ''};`);
      return;
    case 'class':
      if (mode !== 'js') writeDoc(writer, declaration.doc);
      writer.write(`export ${mode === 'dts' ? 'declare ' : ''}class ${declaration.name} extends ${declaration.extends} `).inlineBlock(() => {
        writeOverloaded(writer, 'constructor', declaration.ctor, mode);
        for (const method of declaration.methods) {
          writer.blankLineIfLastNot();
          writeCallable(writer, method.name, method, mode);
        }
      });
      writer.newLine();
      return;
    case 'function': {
      const head = (typeParameters: readonly TypeParameter[] | undefined) => {
        const list = mode === 'js' ? [] : (typeParameters ?? []).map((t) => (t.constraint !== undefined ? `${t.name} extends ${t.constraint}` : t.name));
        return `${mode === 'dts' ? 'export declare' : 'export'} function ${declaration.name}${list.length > 0 ? `<${list.join(', ')}>` : ''}`;
      };
      writeOverloaded(writer, head(declaration.typeParameters), declaration, mode, (overload) => head(overload.typeParameters));
      return;
    }
  }
}

function reexportClause(line: Reexport): string {
  if (line.names !== undefined) return `{ ${line.names.join(', ')} }`;
  return line.namespace !== undefined ? `* as ${line.namespace}` : '*';
}

function writeProperty(writer: CodeBlockWriter, property: PropertySignature): void {
  writeDoc(writer, property.doc);
  writer.write(`${property.isReadonly === true ? 'readonly ' : ''}${property.name}${property.hasQuestionToken === true ? '?' : ''}: `);
  writeType(writer, property.type);
  writer.write(';').newLine();
}

/** `head(parameters): returnType;`, with its doc: an overload signature (`ts`, `dts`). */
function writeSignature(writer: CodeBlockWriter, head: string, signature: Signature): void {
  writeDoc(writer, signature.doc);
  writer.writeLine(`${head}(${signature.parameters.map((p) => parameterText(p, 'ts')).join(', ')})${signature.returnType !== undefined ? `: ${signature.returnType}` : ''};`);
}

function parameterText(p: Parameter, mode: PrintMode): string {
  const name = `${p.isRest === true ? '...' : ''}${p.name}`;
  return mode === 'js' ? name : `${name}${p.hasQuestionToken === true ? '?' : ''}: ${p.type}`;
}

/** The overload signatures (with their docs), then the implementation without one; `dts` gets only the signatures, `js` only the implementation. */
function writeOverloaded(writer: CodeBlockWriter, head: string, callable: Callable, mode: PrintMode, overloadHead: (overload: Signature) => string = () => head): void {
  if (callable.overloads === undefined) return writeCallable(writer, head, callable, mode);
  if (mode !== 'js') for (const overload of callable.overloads) writeSignature(writer, overloadHead(overload), overload);
  if (mode !== 'dts') writeCallable(writer, head, { ...callable, doc: undefined }, mode);
}

/** `head(parameters): returnType { statements }`, `…;` without a body in `dts`, without types and docs in `js`. */
function writeCallable(writer: CodeBlockWriter, head: string, callable: Callable, mode: PrintMode): void {
  if (mode !== 'js') writeDoc(writer, callable.doc);
  const parameters = callable.parameters.map((p) => parameterText(p, mode));
  const returnType = mode !== 'js' && callable.returnType !== undefined ? `: ${callable.returnType}` : '';
  writer.write(`${head}(${parameters.join(', ')})${returnType}`);
  if (mode === 'dts') {
    writer.write(';').newLine();
    return;
  }
  writer.write(' ').inlineBlock(() => {
    for (const statement of callable.statements) writer.writeLine(statement);
  });
  writer.newLine();
}

function writeType(writer: CodeBlockWriter, type: TypeCode): void {
  if (typeof type === 'string') writer.write(type);
  else type(writer);
}

