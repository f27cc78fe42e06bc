/**
 * Keeps credentials out of everything a client lets escape: error messages,
 * error bodies (APIs sometimes echo the key back), request ids, causes and
 * log lines.
 *
 * A credential is looked for in every encoding the client itself produced
 * for it (as typed, percent-encoded in a path, form-encoded in a query
 * string, inside the header value as sent, base64 in basic auth), both in
 * the text as it is and in the text with JSON escapes (`\/`, `\u0041`)
 * decoded, since APIs echo keys inside JSON strings.
 */

export const REDACTED = '[REDACTED]';

/**
 * Needles shorter than this are not searched for in free text: a two-letter
 * key would otherwise blank out every word containing those letters. Such
 * values are still redacted where their header or query parameter name
 * says what they are (`X-Api-Key: ab`, `api_key=ab`), and a base URL built
 * from a secret is redacted whole.
 */
export const MIN_TEXT_LENGTH = 4;

/** How deep a cause or error body is copied; deeper values become `[Truncated]`. */
const MAX_DEPTH = 8;
/** How many values of one cause are copied; the rest become `[Truncated]`. */
const MAX_NODES = 2_000;
/** How many levels of JSON escaping are undone when searching text (`\/`, then `\\\/`…). */
const MAX_UNESCAPE_LEVELS = 3;
const TRUNCATED = '[Truncated]';

/** What a client sent that must never come back out of it. */
export interface SentCredentials {
  /** Credential values (and header values as sent): searched for everywhere, in each encoding. */
  readonly values: readonly string[];
  /** Header and query parameter names with the value sent under each: redacted after their name whatever their length. */
  readonly named: readonly (readonly [name: string, value: string])[];
  /** Text redacted whatever its length, e.g. a base URL built from a secret field. */
  readonly always: readonly string[];
}

/** Removes credentials from what a client lets escape. */
export interface Redactor {
  /** Text with every credential encoding replaced by `[REDACTED]`. */
  text(text: string): string;
  /** A parsed JSON value with its strings and keys redacted (a fresh copy). */
  json(value: unknown): unknown;
  /**
   * A copy of anything thrown, safe to attach as `cause`: errors keep their
   * class (for built-in ones), name, message, stack and own properties, all
   * redacted; nested objects, `Headers` and `Map`s are copied the same way.
   * The original is never reachable from the copy.
   */
  cause(value: unknown): unknown;
}

/** The encodings a client can produce for one value: as is, percent-encoded (path), form-encoded (query). */
export function encodingsOf(value: string): string[] {
  const wellFormed = value.replace(/\p{Cs}/gu, '\uFFFD');
  const percent = encodeURIComponent(wellFormed);
  const form = new URLSearchParams([['', value]]).toString().slice(1);
  const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
  return [...new Set([value, percent, form, lowerHex(percent), lowerHex(form)])];
}

/** A redactor for what was sent; see {@link SentCredentials}. */
export function createRedactor(sent: SentCredentials): Redactor {
  const needles = new Set<string>();
  for (const value of sent.values) for (const encoding of encodingsOf(value)) if (encoding.length >= MIN_TEXT_LENGTH) needles.add(encoding);
  for (const value of sent.always) if (value !== '') needles.add(value);

  const byName = new Map<string, Set<string>>();
  for (const [name, value] of sent.named) {
    if (value === '') continue;
    const key = name.toLowerCase();
    const values = byName.get(key) ?? new Set<string>();
    for (const encoding of encodingsOf(value)) values.add(encoding);
    byName.set(key, values);
  }

  const alternatives: string[] = [];
  if (needles.size > 0) alternatives.push(longestFirst(needles).map(literal).join('|'));
  for (const [name, values] of byName) {
    const names = new Set([name, new URLSearchParams([[name, '']]).toString().slice(0, -1).toLowerCase()]);
    const namePattern = [...names].map(caseInsensitive).join('|');
    // The name, then up to four quotes, spaces, colons or equals signs (`X-Api-Key: `, `"x-api-key":"`, `api_key=`).
    alternatives.push(`(?<=(?:${namePattern})[\\s"':=]{1,4})(?:${longestFirst(values).map(literal).join('|')})`);
  }
  if (alternatives.length === 0) return { text: (text) => text, json: (value) => copyJson(value, (text) => text, () => false, 0), cause: (value) => copyCause(value, identityContext()) };
  const pattern = new RegExp(alternatives.join('|'), 'g');

  const text = (input: string): string => {
    const spans: [number, number][] = [];
    for (const view of views(input)) {
      for (const match of view.text.matchAll(pattern)) {
        if (match[0] === '') continue;
        spans.push([view.starts(match.index), view.starts(match.index + match[0].length)]);
      }
    }
    return replaceSpans(input, spans);
  };
  /** Whether a value stored under `key` is the credential sent under that header or query name. */
  const isNamedValue = (key: string, value: string): boolean => {
    const values = byName.get(key.toLowerCase());
    if (values === undefined) return false;
    return views(value).some((view) => [...values].some((needle) => view.text.includes(needle)));
  };
  return {
    text,
    json: (value) => copyJson(value, text, isNamedValue, 0),
    cause: (value) => copyCause(value, { text, isNamedValue, seen: new Set(), nodes: 0 }),
  };
}

function longestFirst(values: Iterable<string>): string[] {
  return [...values].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
}

function literal(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

function caseInsensitive(text: string): string {
  return [...text].map((char) => (char.toLowerCase() !== char.toUpperCase() ? `[${literal(char.toLowerCase())}${literal(char.toUpperCase())}]` : literal(char))).join('');
}

/** A way of reading text: the text itself, or with JSON escapes decoded, mapping each index back to the original. */
interface View {
  readonly text: string;
  readonly starts: (index: number) => number;
}

/** The text as is, then with one, two… levels of JSON escapes decoded. */
function views(text: string): View[] {
  const out: View[] = [{ text, starts: (index) => index }];
  let current = out[0]!;
  for (let level = 0; level < MAX_UNESCAPE_LEVELS && current.text.includes('\\'); level++) {
    const decoded = unescapeJson(current.text);
    if (decoded.text === current.text) break;
    const outer = current.starts;
    current = { text: decoded.text, starts: (index) => outer(decoded.starts[index]!) };
    out.push(current);
  }
  return out;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Decodes JSON string escapes wherever they are; `starts[i]` is where decoded character `i` began (one extra entry for the end). */
function unescapeJson(text: string): { text: string; starts: number[] } {
  let out = '';
  const starts: number[] = [];
  let i = 0;
  while (i < text.length) {
    starts.push(i);
    if (text[i] === '\\') {
      const next = text[i + 1];
      if (next !== undefined && Object.hasOwn(SIMPLE_ESCAPES, next)) {
        out += SIMPLE_ESCAPES[next];
        i += 2;
        continue;
      }
      if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
    }
    out += text[i];
    i += 1;
  }
  starts.push(text.length);
  return { text: out, starts };
}

/** Replaces the given ranges (overlaps merged) with `[REDACTED]`. */
function replaceSpans(text: string, spans: [number, number][]): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let position = 0;
  let open: [number, number] | undefined;
  for (const span of spans) {
    if (open !== undefined && span[0] < open[1]) {
      open[1] = Math.max(open[1], span[1]);
      continue;
    }
    if (open !== undefined) {
      out += text.slice(position, open[0]) + REDACTED;
      position = open[1];
    }
    open = [span[0], span[1]];
  }
  out += text.slice(position, open![0]) + REDACTED + text.slice(open![1]);
  return out;
}

function copyJson(value: unknown, text: (text: string) => string, isNamedValue: (key: string, value: string) => boolean, depth: number): unknown {
  if (typeof value === 'string') return text(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= 64) return TRUNCATED;
  if (Array.isArray(value)) return value.map((item) => copyJson(item, text, isNamedValue, depth + 1));
  // `Object.fromEntries` defines own properties, so a `__proto__` key stays a key.
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [text(key), typeof inner === 'string' && isNamedValue(key, inner) ? REDACTED : copyJson(inner, text, isNamedValue, depth + 1)]),
  );
}

interface CauseContext {
  readonly text: (text: string) => string;
  readonly isNamedValue: (key: string, value: string) => boolean;
  readonly seen: Set<object>;
  nodes: number;
}

function identityContext(): CauseContext {
  return { text: (text) => text, isNamedValue: () => false, seen: new Set(), nodes: 0 };
}

const ERROR_CLASSES = [TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError] as const;

function copyCause(value: unknown, context: CauseContext, depth = 0): unknown {
  try {
    return copyValue(value, context, depth);
  } catch {
    return TRUNCATED;
  }
}

function copyValue(value: unknown, context: CauseContext, depth: number): unknown {
  if (typeof value === 'string') return context.text(value);
  if (typeof value === 'function') return undefined;
  if (typeof value === 'symbol') return context.text(String(value));
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH || ++context.nodes > MAX_NODES) return TRUNCATED;
  if (context.seen.has(value)) return '[Circular]';
  context.seen.add(value);
  try {
    if (value instanceof Error) return copyError(value, context, depth);
    if (Array.isArray(value)) return value.map((item) => copyCause(item, context, depth + 1));
    if (value instanceof URL) return context.text(value.href);
    if (value instanceof Date) return new Date(value.getTime());
    if (value instanceof RegExp) return context.text(String(value));
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
    if (typeof Headers === 'function' && value instanceof Headers) return copyEntries([...value.entries()], context, depth);
    if (value instanceof Map) return copyEntries([...value.entries()].map(([key, inner]) => [String(key), inner]), context, depth);
    if (value instanceof Set) return [...value].map((item) => copyCause(item, context, depth + 1));
    return copyEntries(ownData(value), context, depth);
  } finally {
    context.seen.delete(value);
  }
}

/** Own enumerable string-keyed data properties; getters are not run. */
function ownData(value: object, skip: ReadonlySet<string> = new Set()): [string, unknown][] {
  const out: [string, unknown][] = [];
  // Key by key: describing all at once would also describe `stack`, which V8 formats on first read (reading `message`).
  for (const key of Object.keys(value)) {
    if (skip.has(key)) continue;
    try {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor !== undefined && 'value' in descriptor) out.push([key, descriptor.value]);
    } catch {
      out.push([key, '[Unreadable]']);
    }
  }
  return out;
}

function copyEntries(entries: readonly (readonly [string, unknown])[], context: CauseContext, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of entries) {
    const copy = typeof inner === 'string' && context.isNamedValue(key, inner) ? REDACTED : copyCause(inner, context, depth + 1);
    if (copy !== undefined) define(out, context.text(key), copy, true);
  }
  return out;
}

const ERROR_OWN = new Set(['name', 'message', 'stack', 'cause', 'errors']);

function copyError(error: Error, context: CauseContext, depth: number): Error {
  const Class = ERROR_CLASSES.find((candidate) => error instanceof candidate) ?? Error;
  const name = readString(() => error.name) ?? 'Error';
  const message = context.text(readString(() => error.message) ?? '');
  const copy = new Class(message);
  if (copy.name !== name) define(copy, 'name', context.text(name), false);
  const stack = readString(() => error.stack);
  define(copy, 'stack', stack === undefined ? `${copy.name}: ${message}` : context.text(stack), false);
  for (const [key, inner] of ownData(error, ERROR_OWN)) {
    const value = typeof inner === 'string' && context.isNamedValue(key, inner) ? REDACTED : copyCause(inner, context, depth + 1);
    if (value !== undefined) define(copy, context.text(key), value, true);
  }
  if ('cause' in error) define(copy, 'cause', copyCause(read(() => error.cause), context, depth + 1), false);
  const errors = read(() => (error as { errors?: unknown }).errors);
  if (Array.isArray(errors)) define(copy, 'errors', copyCause(errors, context, depth + 1), false);
  return copy;
}

/** The value, or `[Unreadable]` when reading it throws (a hostile getter). */
function read(get: () => unknown): unknown {
  try {
    return get();
  } catch {
    return '[Unreadable]';
  }
}

function readString(get: () => unknown): string | undefined {
  try {
    const value = get();
    return value === undefined ? undefined : String(value);
  } catch {
    return undefined;
  }
}

function define(target: object, key: string, value: unknown, enumerable: boolean): void {
  Object.defineProperty(target, key, { value, enumerable, writable: true, configurable: true });
}
