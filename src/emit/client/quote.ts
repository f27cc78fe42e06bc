/**
 * The one place where spec text becomes code: string literals, property
 * names, comments and data literals. Every other module of the client
 * emitter builds code from these pieces, so a description containing
 * `*\/`, a quote, a backtick or `${` can only ever end up as inert text.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A TypeScript string literal: `JSON.stringify` plus the two line separators JSON leaves raw. */
export function quoteString(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * A property name for a type member: bare when it is an identifier name
 * (reserved words are fine there), quoted otherwise (`"page[size]"`, `"x-id"`).
 */
export function propertyName(name: string): string {
  return IDENTIFIER.test(name) ? name : quoteString(name);
}

/**
 * A property key for an object *literal*. Same as `propertyName`, except that
 * `__proto__` is written as a computed key: bare or quoted, it would set the
 * prototype instead of creating a property.
 */
export function literalKey(name: string): string {
  if (name === '__proto__') return `[${quoteString(name)}]`;
  return propertyName(name);
}

/** Control characters other than tab and line feed (NUL, ESC, DEL, C1…): written into a comment as a visible `\uXXXX`. */
const COMMENT_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

function escapeControl(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Text for a `/** … *\/` comment: line breaks normalised to LF, `*\/` broken
 * up so it cannot close the comment, other control characters (validation
 * refuses them, CC3026; this is the second line of defence) shown as
 * `\u0000`, trailing spaces and blank edges removed.
 */
export function commentText(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(COMMENT_CONTROL, escapeControl)
    .replace(/\*\//g, '*\\/')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** Text for a `//` comment: one line, so nothing after it can become code; control characters as in `commentText`. */
export function lineCommentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(COMMENT_CONTROL, escapeControl);
}

/** Joins documentation paragraphs (each optional) into one comment text, or `undefined` when all are empty. */
export function docText(...paragraphs: readonly (string | undefined)[]): string | undefined {
  const parts = paragraphs.map((p) => (p === undefined ? '' : commentText(p))).filter((p) => p !== '');
  return parts.length === 0 ? undefined : parts.join('\n\n');
}

/** Lines of a JSDoc block for `text` (already passed through `commentText`/`docText`). */
export function docLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length === 1) return [`/** ${lines[0]} */`];
  return ['/**', ...lines.map((line) => (line === '' ? ' *' : ` * ${line}`)), ' */'];
}

/** A JSON-like value (what the model carries) as a TypeScript expression. */
export type LiteralValue = string | number | boolean | null | undefined | readonly LiteralValue[] | { readonly [key: string]: LiteralValue };

/**
 * Renders a value as an expression, one property per line for non-empty
 * objects and arrays. `indent` is the indentation of the line the literal
 * starts on; keys keep their insertion order (callers choose the order).
 * `undefined` properties are left out, as `JSON.stringify` does.
 */
export function literal(value: unknown, indent = ''): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quoteString(value);
    case 'number':
      return numberLiteral(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'undefined';
    case 'object':
      break;
    default:
      throw new TypeError(`Cannot render a ${typeof value} as a literal.`);
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (isFlat(value)) {
      const flat = `[${value.map((item) => literal(item)).join(', ')}]`;
      if (indent.length + flat.length <= FLAT_WIDTH) return flat;
    }
    return `[\n${value.map((item) => `${inner}${literal(item, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  if (isFlat(entries.map(([, v]) => v))) {
    const flat = `{ ${entries.map(([key, v]) => `${literalKey(key)}: ${literal(v)}`).join(', ')} }`;
    if (indent.length + flat.length <= FLAT_WIDTH) return flat;
  }
  return `{\n${entries.map(([key, v]) => `${inner}${literalKey(key)}: ${literal(v, inner)},`).join('\n')}\n${indent}}`;
}

/** Objects and arrays of scalars this short stay on one line. */
const FLAT_WIDTH = 100;

function isFlat(values: readonly unknown[]): boolean {
  return values.every((v) => v === null || typeof v !== 'object');
}

/** A number as an expression; `-0` becomes `0` and non-finite values keep their meaning. */
export function numberLiteral(value: number): string {
  if (Number.isNaN(value)) return 'Number.NaN';
  if (value === Infinity) return 'Number.POSITIVE_INFINITY';
  if (value === -Infinity) return 'Number.NEGATIVE_INFINITY';
  return Object.is(value, -0) ? '0' : String(value);
}

/**
 * A literal *type* for an enum or const value, or `undefined` when the value
 * has no literal type (non-finite numbers): the caller falls back to `number`.
 */
export function literalType(value: string | number | boolean | null): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  return typeof value === 'number' ? numberLiteral(value) : value === null ? 'null' : typeof value === 'boolean' ? String(value) : quoteString(value);
}
