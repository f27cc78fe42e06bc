import type { ErrorObject } from 'ajv';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { closestMatch } from '../diagnostics/suggest.js';
import type { SpecSourceMap, SpecPath } from '../load/source-map.js';

/**
 * Turns ajv's errors into diagnostics with file positions. ajv knows nothing of
 * lines, and reports a cascade for every `anyOf` branch; we keep the most
 * specific error per location and phrase it for a person.
 */
export function schemaErrorsToDiagnostics(errors: readonly ErrorObject[], file: string, sourceMap: SpecSourceMap): Diagnostic[] {
  const specific = mostSpecific(errors);
  return specific.map((error) => toDiagnostic(error, file, sourceMap));
}

const WRAPPER_KEYWORDS = new Set(['anyOf', 'oneOf', 'if', 'allOf', 'not']);
// Several of these may stand at one location; any other keyword is reported once per location.
const MULTI_KEYWORDS = new Set(['required', 'additionalProperties']);
const PRIORITY = ['discriminator', 'required', 'additionalProperties', 'const', 'enum', 'type', 'pattern'];

function mostSpecific(errors: readonly ErrorObject[]): ErrorObject[] {
  // A failed `propertyNames` also reports the inner keyword (with `propertyName` set); keep the outer one.
  const concrete = errors.filter((e) => !WRAPPER_KEYWORDS.has(e.keyword) && e.propertyName === undefined);
  // An `anyOf` whose branches all failed only on `type` (e.g. `type: strnig`) would otherwise be silent.
  const pool = concrete.length > 0 ? concrete : [...errors];
  const byLocation = new Map<string, ErrorObject[]>();
  for (const error of pool) {
    const list = byLocation.get(error.instancePath) ?? [];
    list.push(error);
    byLocation.set(error.instancePath, list);
  }
  const result: ErrorObject[] = [];
  for (const list of byLocation.values()) {
    const multi = list.filter((e) => MULTI_KEYWORDS.has(e.keyword));
    const seen = new Set<string>();
    for (const e of multi) {
      const key = `${e.keyword}:${JSON.stringify(e.params)}`;
      if (!seen.has(key)) {
        seen.add(key);
        result.push(e);
      }
    }
    if (multi.length === 0) {
      const ranked = [...list].sort((a, b) => rank(a.keyword) - rank(b.keyword));
      // Prefer the error whose schema is the most constrained (an enum over a type mismatch).
      const best = ranked[0]!;
      // Branches of an `anyOf` that each want another type: name them all ("a boolean or an object").
      const types = best.keyword === 'type' ? [...new Set(list.filter((e) => e.keyword === 'type').flatMap((e) => String((e.params as { type: unknown }).type).split(',')))] : [];
      result.push(types.length > 1 ? { ...best, params: { type: types.join(',') } } : best);
    }
  }
  return result;
}

function rank(keyword: string): number {
  const index = PRIORITY.indexOf(keyword);
  return index === -1 ? PRIORITY.length : index;
}

export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

/** `auth[0].apply[1].value` — how people name a place in a spec. */
export function describePath(path: SpecPath): string {
  if (path.length === 0) return 'the spec';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return `\`${out}\``;
}

function toDiagnostic(error: ErrorObject, file: string, sourceMap: SpecSourceMap): Diagnostic {
  const path = pointerToPath(error.instancePath);
  const where = describePath(path);
  const params = error.params as Record<string, unknown>;
  const at = (p: SpecPath) => ({ file, ...sourceMap.valueRange(p), path: toPointer(p) });
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const keyPath = [...path, key];
      const allowed = allowedKeys(error);
      const suggestion = closestMatch(key, allowed);
      const close = suggestion !== undefined;
      return diagnostic(
        'CC2003',
        'error',
        `Unknown key \`${key}\` ${inWhere(path)}.`,
        { file, ...sourceMap.keyRange(keyPath), path: toPointer(keyPath) },
        close ? `Did you mean \`${suggestion}\`?` : allowed.length > 0 ? `Allowed keys: ${allowed.map((k) => `\`${k}\``).join(', ')}.` : 'Remove this key.',
      );
    }
    case 'required': {
      const missing = String(params.missingProperty);
      return diagnostic(
        'CC2002',
        'error',
        `Missing required key \`${missing}\` ${inWhere(path)}.`,
        { file, ...startOnly(sourceMap.valueRange(path)), path: error.instancePath || '/' },
        path.length === 0 ? `Add \`${missing}:\` as a top-level key.` : `Add \`${missing}:\` to ${where}.`,
      );
    }
    case 'discriminator': {
      // `apply` entries are told apart by `type`; report the tag, not four failing branches.
      const tag = String(params.tag);
      const allowed = discriminatorValues(error);
      const tagPath = [...path, tag];
      const actual = (error.data as Record<string, unknown> | null)?.[tag];
      if (params.error === 'tag' && actual === undefined) {
        return diagnostic('CC2002', 'error', `Missing required key \`${tag}\` in ${where}.`, { file, ...startOnly(sourceMap.valueRange(path)), path: error.instancePath || '/' }, `Add \`${tag}:\` with one of ${codeList(allowed)}.`);
      }
      const suggestion = typeof actual === 'string' ? closestMatch(actual, allowed) : undefined;
      return diagnostic(
        'CC2004',
        'error',
        `${capitalise(describePath(tagPath))} must be one of ${codeList(allowed)}${describeActual(actual)}.`,
        at(tagPath),
        suggestion !== undefined ? `Did you mean \`${suggestion}\`?` : undefined,
      );
    }
    case 'type': {
      const expected = String(params.type).split(',').map((t) => (t === 'array' ? 'list' : t === 'object' ? 'mapping' : t)).map((t) => `${article(t)} ${t}`);
      const actual = error.data;
      const message = actual === null
        ? `${capitalise(where)} has no value; it must be ${joinOr(expected)}.`
        : `${capitalise(where)} must be ${joinOr(expected)}, not ${typeName(actual)}.`;
      return diagnostic('CC2001', 'error', message, at(path), typeHint(String(params.type), actual));
    }
    case 'enum':
    case 'const': {
      const options = error.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue];
      const actual = valueAt(error);
      const strings = options.filter((o): o is string => typeof o === 'string');
      const suggestion = typeof actual === 'string' ? closestMatch(actual, strings) : undefined;
      const quotedNumber = typeof actual === 'string' && options.some((o) => typeof o === 'number' && String(o) === actual);
      const hint = quotedNumber
        ? `Write the number without quotes: \`${path[path.length - 1] ?? 'value'}: ${actual}\`.`
        : suggestion !== undefined ? `Did you mean \`${suggestion}\`?` : undefined;
      const expected = options.length === 1 ? codeOf(options[0]) : `one of ${codeList(options)}`;
      return diagnostic('CC2004', 'error', `${capitalise(where)} must be ${expected}${describeActual(actual)}.`, at(path), hint);
    }
    case 'pattern': {
      const actual = typeof error.data === 'string' ? error.data : '';
      const explained = patternExplanation(error.schemaPath, actual);
      return diagnostic(
        'CC2005',
        'error',
        `${capitalise(where)} has the wrong form${explained.reason}.`,
        at(path),
        explained.hint ?? `It must match the regular expression \`${String(params.pattern)}\`.`,
      );
    }
    case 'minItems':
    case 'maxItems': {
      const limit = Number(params.limit);
      const count = Array.isArray(error.data) ? error.data.length : 0;
      const message = error.keyword === 'minItems'
        ? limit === 1 ? `${capitalise(where)} must not be empty.` : `${capitalise(where)} must have at least ${limit} entries, not ${count}.`
        : `${capitalise(where)} has ${count} entries; the limit is ${limit}.`;
      return diagnostic('CC2006', 'error', message, at(path), error.keyword === 'minItems' && limit === 1 ? 'Add at least one entry.' : undefined);
    }
    case 'minLength':
    case 'maxLength': {
      const limit = Number(params.limit);
      const length = typeof error.data === 'string' ? error.data.length : 0;
      const message = error.keyword === 'minLength'
        ? limit === 1 ? `${capitalise(where)} must not be empty.` : `${capitalise(where)} must be at least ${limit} characters long, not ${length}.`
        : `${capitalise(where)} is ${length} characters long; the limit is ${limit}.`;
      return diagnostic('CC2006', 'error', message, at(path));
    }
    case 'minimum':
    case 'maximum':
      return diagnostic('CC2006', 'error', `${capitalise(where)} must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}, not ${String(error.data)}.`, at(path));
    case 'propertyNames': {
      const name = String(params.propertyName);
      const namePath = [...path, name];
      return diagnostic('CC2005', 'error', `Header name \`${name}\` in ${where} is not a valid HTTP header name.`, { file, ...sourceMap.keyRange(namePath), path: toPointer(namePath) }, 'Header names are letters, digits and `-`, e.g. `X-Api-Version`.');
    }
    default:
      return diagnostic('CC2006', 'error', `${capitalise(where)} ${error.message ?? 'is invalid'}.`, at(path));
  }
}

function inWhere(path: SpecPath): string {
  return path.length === 0 ? 'at the top level of the spec' : `in ${describePath(path)}`;
}

function discriminatorValues(error: ErrorObject): string[] {
  const branches = (error.parentSchema as { oneOf?: { properties?: Record<string, { const?: unknown }> }[] } | undefined)?.oneOf ?? [];
  const tag = String((error.params as { tag?: unknown }).tag);
  return branches.flatMap((branch) => {
    const value = branch.properties?.[tag]?.const;
    return typeof value === 'string' ? [value] : [];
  });
}

/** `a string`, `a number`, `a list`, `a mapping`, `true` — how the YAML reads to a person. */
function typeName(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${codeOf(truncate(value))}`;
  if (typeof value === 'boolean') return `\`${value}\``;
  if (typeof value === 'number') return `the number \`${value}\``;
  return `a ${typeof value}`;
}

function typeHint(expected: string, actual: unknown): string | undefined {
  const types = expected.split(',');
  if (types.includes('string') && (typeof actual === 'number' || typeof actual === 'boolean')) return `Quote it to make it text: \`"${String(actual)}"\`.`;
  if (types.includes('array') && actual !== null && typeof actual === 'object') return 'Write each entry on its own line starting with `- `.';
  if (types.includes('boolean') && typeof actual === 'string' && /^(yes|no|on|off|true|false)$/i.test(actual)) return `Write \`${/^(yes|on|true)$/i.test(actual) ? 'true' : 'false'}\` without quotes.`;
  return undefined;
}

function describeActual(actual: unknown): string {
  if (actual === undefined) return '';
  return `, not ${typeName(actual)}`;
}

function codeOf(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

function codeList(values: readonly unknown[]): string {
  return values.map(codeOf).join(', ');
}

function joinOr(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function truncate(text: string): string {
  const line = text.split(/\r?\n/)[0]!;
  return line.length > 40 || line !== text ? `${line.slice(0, 40)}…` : line;
}

function patternExplanation(schemaPath: string, actual: string): { reason: string; hint?: string } {
  if (schemaPath.includes('/singleLine/')) return { reason: ': it must be a single line', hint: 'Remove the line break; longer text belongs in `description`.' };
  if (schemaPath.includes('/identifier/')) {
    const suggestion = toCamelCase(actual);
    return { reason: ': it must be a lowerCamelCase identifier such as `apiKey`', ...(suggestion !== undefined && suggestion !== actual ? { hint: `Did you mean \`${suggestion}\`?` } : { hint: 'Start with a lowercase letter; use only letters and digits.' }) };
  }
  if (schemaPath.includes('/httpUrl/')) return { reason: ': it must be an http(s) URL', hint: 'Write the full address, starting with `https://`.' };
  if (/\/(id|category)\/pattern$/.test(schemaPath)) {
    const suggestion = toKebabCase(actual);
    return { reason: ': it must be kebab-case such as `api-key`', ...(suggestion !== undefined && suggestion !== actual ? { hint: `Did you mean \`${suggestion}\`?` } : { hint: 'Use lowercase letters, digits and single hyphens.' }) };
  }
  if (/\/name\/pattern$/.test(schemaPath) && schemaPath.includes('/placement/')) return { reason: ': it must be a valid HTTP header or query parameter name', hint: 'Use letters, digits, `-` and `_`; no spaces or colons.' };
  if (/\/path\/pattern$/.test(schemaPath)) return { reason: ': it must start with `/` and contain no spaces, `?` or `#`', hint: 'Query parameters go under `parameters` with `in: query`.' };
  if (/\/parameter\/properties\/name\/pattern$/.test(schemaPath)) return { reason: ': it must start with a letter, `_` or `$`', hint: 'Use letters, digits, `_`, `-`, `.`, `[` and `]`.' };
  if (schemaPath.includes('/scopes/')) return { reason: ': a scope cannot contain spaces or `"`', hint: 'List each scope as its own entry.' };
  return { reason: '' };
}

/** `api_key`, `API Key`, `ApiKey` → `apiKey`; undefined when nothing identifier-like remains. */
function toCamelCase(text: string): string | undefined {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const joined = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  return /^[a-z][a-zA-Z0-9]*$/.test(joined) ? joined : undefined;
}

/** `ClayHR`, `clay_hr`, `Clay HR` → `clayhr`, `clay-hr`; undefined when nothing id-like remains. */
function toKebabCase(text: string): string | undefined {
  const kebab = text.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(kebab) ? kebab : undefined;
}

function allowedKeys(error: ErrorObject): string[] {
  const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(parent?.properties ?? {}).filter((k) => k !== '$schema');
}

/** The offending value; present because the validator runs with `verbose: true`. */
function valueAt(error: ErrorObject): unknown {
  return error.data;
}


function toPointer(path: SpecPath): string {
  return path.length === 0 ? '' : `/${path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

function startOnly<T extends { line: number; column: number; endLine: number; endColumn: number }>(range: T): { line: number; column: number } {
  return { line: range.line, column: range.column };
}

function capitalise(text: string): string {
  return text.startsWith('`') ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? 'an' : 'a';
}
