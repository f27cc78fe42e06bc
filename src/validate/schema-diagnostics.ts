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

const WRAPPER_KEYWORDS = new Set(['anyOf', 'oneOf', 'if', 'allOf', 'not', 'discriminator']);
// Several of these may stand at one location; any other keyword is reported once per location.
const MULTI_KEYWORDS = new Set(['required', 'additionalProperties']);
const PRIORITY = ['required', 'additionalProperties', 'const', 'enum', 'type', 'pattern'];

function mostSpecific(errors: readonly ErrorObject[]): ErrorObject[] {
  const concrete = errors.filter((e) => !WRAPPER_KEYWORDS.has(e.keyword));
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
      result.push(ranked[0]!);
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
        `Unknown key \`${key}\` in ${where}.`,
        { file, ...sourceMap.keyRange(keyPath), path: toPointer(keyPath) },
        close ? `Did you mean \`${suggestion}\`?` : allowed.length > 0 ? `Allowed keys: ${allowed.map((k) => `\`${k}\``).join(', ')}.` : 'Remove this key.',
      );
    }
    case 'required': {
      const missing = String(params.missingProperty);
      return diagnostic(
        'CC2002',
        'error',
        `Missing required key \`${missing}\` in ${where}.`,
        { file, ...startOnly(sourceMap.valueRange(path)), path: error.instancePath || '/' },
        `Add \`${missing}:\` to ${where}.`,
      );
    }
    case 'type': {
      const expected = String(params.type).replace(/,/g, ' or ');
      return diagnostic('CC2001', 'error', `${capitalise(where)} must be ${article(expected)} ${expected}.`, { file, ...sourceMap.valueRange(path), path: error.instancePath }, undefined);
    }
    case 'enum':
    case 'const': {
      const options = error.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue];
      const actual = valueAt(error);
      const strings = options.filter((o): o is string => typeof o === 'string');
      const suggestion = typeof actual === 'string' ? closestMatch(actual, strings) : undefined;
      const hint = suggestion !== undefined ? `Did you mean \`${suggestion}\`?` : `Use one of: ${options.map((o) => `\`${String(o)}\``).join(', ')}.`;
      return diagnostic('CC2004', 'error', `${capitalise(where)} must be one of ${options.map((o) => `\`${String(o)}\``).join(', ')}.`, { file, ...sourceMap.valueRange(path), path: error.instancePath }, hint);
    }
    case 'pattern': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return diagnostic(
        'CC2005',
        'error',
        `${capitalise(where)} has the wrong form${patternExplanation(error.schemaPath)}.`,
        { file, ...sourceMap.valueRange(path), path: error.instancePath },
        description ?? `It must match \`${String(params.pattern)}\`.`,
      );
    }
    default:
      return diagnostic('CC2006', 'error', `${capitalise(where)} ${error.message ?? 'is invalid'}.`, { file, ...sourceMap.valueRange(path), path: error.instancePath });
  }
}

function patternExplanation(schemaPath: string): string {
  if (schemaPath.includes('/singleLine/')) return ': it must be a single line';
  if (schemaPath.includes('/identifier/')) return ': it must be a lowerCamelCase identifier such as `apiKey`';
  if (schemaPath.includes('/httpUrl/')) return ': it must be an http(s) URL';
  if (/\/(id|category)\/pattern$/.test(schemaPath)) return ': it must be kebab-case such as `api-key`';
  return '';
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
