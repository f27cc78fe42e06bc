import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SpecPath, SpecSourceMap } from '../load/source-map.js';
import type { CompleteSpec } from './incomplete.js';
import { describePath } from './schema-diagnostics.js';

/**
 * Characters no spec text may hold: C0 controls other than tab and line feed,
 * DEL and the C1 controls. YAML lets them in through escapes (`"\0"`, `"\r"`)
 * and `yaml` even reads them raw; they would reach generated comments, pages
 * and form schemas, where they corrupt the file or hide text.
 */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/**
 * What an HTTP header value may not contain (RFC 9110 field-value: visible
 * characters, space and tab): a line break or another control character
 * makes `fetch` reject every request, which users would read as a bad key.
 */
const HEADER_CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F]/;

export interface TextRuleContext {
  readonly file: string;
  readonly sourceMap: SpecSourceMap;
}

/** Paths of the spec's strings that are sent as HTTP header values (or build them). */
export function headerValuePaths(spec: CompleteSpec): { path: SpecPath; header: string }[] {
  const out: { path: SpecPath; header: string }[] = [];
  for (const [name, value] of Object.entries(spec.api.headers ?? {})) {
    if (typeof value === 'string') out.push({ path: ['api', 'headers', name], header: name });
  }
  spec.auth.forEach((method, index) => {
    (method.apply ?? []).forEach((placement, placementIndex) => {
      if (placement.type === 'header') out.push({ path: ['auth', index, 'apply', placementIndex, 'value'], header: placement.name });
      if (placement.type === 'bearer') out.push({ path: ['auth', index, 'apply', placementIndex, 'value'], header: 'Authorization' });
    });
  });
  // Header parameters given a value by the verify request.
  const verify = spec.api.verify;
  const operation = verify && spec.api.operations.find((o) => o.id === verify.operation);
  for (const parameter of operation?.parameters ?? []) {
    const value = verify?.arguments?.[parameter.name];
    if (parameter.in === 'header' && typeof value === 'string') out.push({ path: ['api', 'verify', 'arguments', parameter.name], header: parameter.name });
  }
  return out;
}

/** Header values and header templates with a line break or another control character (CC3025). */
export function checkHeaderValues(spec: CompleteSpec, context: TextRuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { path, header } of headerValuePaths(spec)) {
    const value = valueAt(spec, path);
    if (typeof value !== 'string') continue;
    const match = HEADER_CONTROL.exec(value);
    if (!match) continue;
    out.push(
      diagnostic(
        'CC3025',
        'error',
        `The value of header \`${header}\` in ${describePath(path)} contains ${characterName(match[0])}; HTTP header values cannot hold line breaks or control characters, so every request would fail.`,
        { file: context.file, ...charRange(context.sourceMap, path, match.index), path: toPointer(path) },
        'Remove it: a header value is one line of visible characters, spaces and tabs. In YAML, use a plain or single-quoted string rather than a `|` block.',
      ),
    );
  }
  return out;
}

/** Control characters anywhere else in the spec's text, keys included (CC3026). */
export function checkControlCharacters(spec: CompleteSpec, context: TextRuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const headers = new Set(headerValuePaths(spec).map(({ path }) => toPointer(path)));
  const report = (path: SpecPath, text: string, index: number, key: boolean) => {
    const where = key ? { ...context.sourceMap.keyRange(path) } : charRange(context.sourceMap, path, index);
    out.push(
      diagnostic(
        'CC3026',
        'error',
        `${key ? 'The key' : 'The text'} ${describePath(path)} contains ${characterName(text[index]!)}; control characters are not allowed in a spec.`,
        { file: context.file, ...where, path: toPointer(path) },
        'Remove it (an escape such as `\\0`, `\\r` or `\\x1b` in a double-quoted string writes one). Tabs and line breaks are allowed.',
      ),
    );
  };
  // Iterative, so a deeply nested shape cannot exhaust the stack.
  const stack: [unknown, SpecPath][] = [[spec, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      const match = CONTROL.exec(value);
      if (match && !headers.has(toPointer(path))) report(path, value, match.index, false);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], [...path, i]]);
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const match = CONTROL.exec(key);
        if (match) report([...path, key], key, match.index, true);
        stack.push([child, [...path, key]]);
      }
    }
  }
  return out;
}

/** `a line feed (U+000A)`, `a NUL character (U+0000)`, `control character U+001B`. */
export function characterName(char: string): string {
  const code = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  switch (char) {
    case '\n':
      return `a line feed (${code})`;
    case '\r':
      return `a carriage return (${code})`;
    case '\u0000':
      return `a NUL character (${code})`;
    default:
      return `control character ${code}`;
  }
}

function charRange(sourceMap: SpecSourceMap, path: SpecPath, index: number): { line: number; column: number; endLine?: number; endColumn?: number } {
  const start = sourceMap.stringPosition(path, index);
  return { ...start, endLine: start.line, endColumn: start.column + 1 };
}

function valueAt(root: unknown, path: SpecPath): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function toPointer(path: SpecPath): string {
  return `/${path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}
