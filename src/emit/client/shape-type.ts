/**
 * Writes TypeScript types for the spec's JSON Schema subset (`Shape`):
 * required vs optional properties, enums and consts as literal unions,
 * nested objects, arrays, `nullable`, `anyOf`/`oneOf` as unions and
 * `additionalProperties` as index signatures. Input types (params, bodies)
 * are readonly so callers can pass frozen data; response types are not.
 */
import type CodeBlockWriter from 'code-block-writer';
import type { Shape, ShapeType } from '../../model/connector-model.js';
import { docLines, docText, literalType, propertyName } from './quote.js';

export type TypeMode = 'input' | 'output';

/** Writes one type expression at the writer's position. */
export type TypeWriter = (writer: CodeBlockWriter) => void;

/** True for `{ type: object, properties… }` with nothing that would make it more than an interface. */
export function isInterfaceShape(shape: Shape): boolean {
  const types = typeList(shape);
  const objectOnly = types === undefined ? shape.properties !== undefined : types.length === 1 && types[0] === 'object';
  return objectOnly && shape.enum === undefined && shape.const === undefined && shape.anyOf === undefined && shape.oneOf === undefined && shape.nullable !== true && shape.properties !== undefined;
}

/** Writes the members of an object shape (the inside of `{ … }`), one per line. */
export function writeObjectMembers(writer: CodeBlockWriter, shape: Shape, mode: TypeMode): void {
  const readonly = mode === 'input' ? 'readonly ' : '';
  const required = new Set(shape.required ?? []);
  const properties = Object.entries(shape.properties ?? {});
  for (const [name, property] of properties) {
    writeDoc(writer, shapeDoc(property));
    writer.write(`${readonly}${propertyName(name)}${required.has(name) ? '' : '?'}: `);
    typeWriter(property, mode)(writer);
    writer.write(';').newLine();
  }
  const extra = shape.additionalProperties;
  if (extra === true || (typeof extra === 'object' && extra !== null)) {
    // Every named property must fit the index signature, so it widens to include them.
    const members: TypeWriter[] = [extra === true ? keyword('unknown') : typeWriter(extra, mode)];
    if (extra !== true) {
      for (const [name, property] of properties) members.push(required.has(name) ? typeWriter(property, mode) : union([typeWriter(property, mode), keyword('undefined')]));
    }
    writer.write(`${readonly}[key: string]: `);
    union(members)(writer);
    writer.write(';').newLine();
  }
}

/** Doc text for a value: its description (or title) and the constraints a type cannot express. */
export function shapeDoc(shape: Shape, ...extra: readonly (string | undefined)[]): string | undefined {
  const constraints = [
    shape.format !== undefined ? `Format: \`${shape.format}\`.` : undefined,
    shape.minimum !== undefined ? `Minimum ${shape.minimum}.` : undefined,
    shape.maximum !== undefined ? `Maximum ${shape.maximum}.` : undefined,
    shape.minLength !== undefined ? `At least ${count(shape.minLength, 'character')}.` : undefined,
    shape.maxLength !== undefined ? `At most ${count(shape.maxLength, 'character')}.` : undefined,
    shape.pattern !== undefined ? `Pattern: \`${shape.pattern}\`.` : undefined,
    shape.minItems !== undefined ? `At least ${count(shape.minItems, 'item')}.` : undefined,
    shape.maxItems !== undefined ? `At most ${count(shape.maxItems, 'item')}.` : undefined,
  ].filter((line) => line !== undefined);
  return docText(shape.description ?? shape.title, ...extra, constraints.length > 0 ? constraints.join(' ') : undefined);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Writes `/** … *\/` lines for already-escaped doc text, if any. */
export function writeDoc(writer: CodeBlockWriter, text: string | undefined): void {
  if (text === undefined) return;
  for (const line of docLines(text)) writer.writeLine(line);
}

/** A writer for the type of `shape`. */
export function typeWriter(shape: Shape, mode: TypeMode): TypeWriter {
  const members = baseMembers(shape, mode);
  const alternatives = shape.anyOf ?? shape.oneOf;
  let result: TypeWriter;
  if (alternatives !== undefined) {
    const choice = union(alternatives.map((alternative) => typeWriter(alternative, mode)));
    result = members.length === 0 ? choice : intersection([union(members), choice]);
  } else {
    result = members.length === 0 ? keyword('unknown') : union(members);
  }
  return shape.nullable === true ? union([result, keyword('null')]) : result;
}

function baseMembers(shape: Shape, mode: TypeMode): TypeWriter[] {
  if (shape.const !== undefined) return [literalOrKeyword(shape.const)];
  if (shape.enum !== undefined) return dedupe(shape.enum.map(literalOrKeyword));
  const types = typeList(shape) ?? inferredTypes(shape);
  return dedupe(types.map((type) => typeFor(type, shape, mode)));
}

function typeList(shape: Shape): readonly ShapeType[] | undefined {
  if (shape.type === undefined) return undefined;
  return typeof shape.type === 'string' ? [shape.type] : shape.type;
}

/** A schema without `type` still says a lot: `properties` means object, `items` means array. */
function inferredTypes(shape: Shape): ShapeType[] {
  if (shape.properties !== undefined || shape.additionalProperties !== undefined || shape.required !== undefined) return ['object'];
  if (shape.items !== undefined) return ['array'];
  return [];
}

function typeFor(type: ShapeType, shape: Shape, mode: TypeMode): TypeWriter {
  switch (type) {
    case 'string':
    case 'boolean':
    case 'null':
      return keyword(type);
    case 'number':
    case 'integer':
      return keyword('number');
    case 'array':
      return arrayOf(shape.items === undefined ? keyword('unknown') : typeWriter(shape.items, mode), mode);
    case 'object':
      return objectType(shape, mode);
  }
}

function objectType(shape: Shape, mode: TypeMode): TypeWriter {
  const hasProperties = Object.keys(shape.properties ?? {}).length > 0;
  const extra = shape.additionalProperties;
  if (!hasProperties) {
    if (extra === false) return keyword('Record<string, never>');
    const value = typeof extra === 'object' && extra !== null ? typeWriter(extra, mode) : keyword('unknown');
    return (writer) => {
      writer.write(mode === 'input' ? 'Readonly<Record<string, ' : 'Record<string, ');
      value(writer);
      writer.write(mode === 'input' ? '>>' : '>');
    };
  }
  return (writer) => {
    writer.inlineBlock(() => writeObjectMembers(writer, shape, mode));
  };
}

interface SimpleWriter extends TypeWriter {
  /** Set on writers of one-token types (`string`, `"a"`), which need no parentheses. */
  readonly simple?: string;
}

function keyword(text: string): SimpleWriter {
  return Object.assign((writer: CodeBlockWriter) => void writer.write(text), { simple: text });
}

function literalOrKeyword(value: string | number | boolean | null): SimpleWriter {
  return keyword(literalType(value) ?? 'number');
}

/** Removes repeated one-token members (`number` from `[number, integer]`). */
function dedupe(members: TypeWriter[]): TypeWriter[] {
  const seen = new Set<string>();
  return members.filter((member) => {
    const simple = (member as SimpleWriter).simple;
    if (simple === undefined) return true;
    if (seen.has(simple)) return false;
    seen.add(simple);
    return true;
  });
}

interface CompoundWriter extends TypeWriter {
  readonly compound?: true;
}

function union(members: readonly TypeWriter[]): TypeWriter {
  const unique = dedupe([...members]);
  if (unique.length === 1) return unique[0]!;
  return join(unique, ' | ');
}

function intersection(members: readonly TypeWriter[]): TypeWriter {
  return join(members.map(parenthesised), ' & ');
}

function join(members: readonly TypeWriter[], separator: string): CompoundWriter {
  return Object.assign(
    (writer: CodeBlockWriter) => {
      members.forEach((member, index) => {
        if (index > 0) writer.write(separator);
        member(writer);
      });
    },
    { compound: true as const },
  );
}

function parenthesised(member: TypeWriter): TypeWriter {
  if (!(member as CompoundWriter).compound) return member;
  return (writer) => {
    writer.write('(');
    member(writer);
    writer.write(')');
  };
}

/** `T[]` for one-token element types, `Array<…>` otherwise (no precedence puzzles). */
function arrayOf(item: TypeWriter, mode: TypeMode): TypeWriter {
  const simple = (item as SimpleWriter).simple;
  if (simple !== undefined && /^[A-Za-z]+$/.test(simple)) return keyword(mode === 'input' ? `readonly ${simple}[]` : `${simple}[]`);
  return (writer) => {
    writer.write(mode === 'input' ? 'ReadonlyArray<' : 'Array<');
    item(writer);
    writer.write('>');
  };
}
