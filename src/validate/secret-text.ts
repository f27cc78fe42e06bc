import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SpecPath, SpecSourceMap } from '../load/source-map.js';
import type { RawSpec } from './raw-spec.js';
import { describePath } from './schema-diagnostics.js';
import { looksLikeRealSecret } from './semantic-rules.js';

/**
 * Credentials written into a spec anywhere but a secret field's example (which
 * `semantic-rules.ts` checks): in static headers, in the verify request's
 * arguments, in the literal text of an auth placement, and in descriptions and
 * guide text. Specs are committed and published, so each gets warning CC3018.
 *
 * Two detectors, to keep false positives low (the shipped connectors have none):
 * - a known key prefix (`sk_live_`, `ghp_`, `xoxb-`, `AKIA`…) followed by key
 *   material, even cut short (`sk_live_51Hq…1234`): a partial key still leaks;
 * - in values sent with requests, also any high-entropy token (`looksLikeRealSecret`).
 */
const KNOWN_PREFIX = /(?<![A-Za-z0-9_-])((?:sk|rk)_(?:live|test)_|whsec_|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|xapp-|shp(?:at|ss|ca|pa)_|sq0(?:atp|csp)-|lin_(?:api|oauth)_|AKIA|ASIA|AIza)([A-Za-z0-9_-]*)/g;

/** Filler that marks an example as fake. */
const FILLER = /x{3,}|X{3,}|\*{3,}|0{4,}|your|example|sample|dummy|placeholder|redacted|fake|test_?key/i;

export interface SecretMatch {
  /** Offset of the suspicious token in the text. */
  readonly index: number;
  readonly length: number;
  /** What it looks like, for the message: `a \`sk_live_…\` key` or `a real credential`. */
  readonly what: string;
}

/** A known key prefix with real-looking material after it (at least 4 characters of two classes, no filler). */
export function findPrefixedKey(text: string): SecretMatch | undefined {
  for (const match of text.matchAll(KNOWN_PREFIX)) {
    const [whole, prefix, material] = match as unknown as [string, string, string];
    if (material.length < 4 || FILLER.test(material)) continue;
    // AWS key ids and Google API keys have fixed lengths; anything else is a word such as `ASIAPAC`.
    if ((prefix === 'AKIA' || prefix === 'ASIA') && !/^[A-Z0-9]{16}$/.test(material)) continue;
    if (prefix === 'AIza' && material.length < 30) continue;
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(material)).length;
    if (classes < 2) continue;
    return { index: match.index, length: whole.length, what: `a \`${prefix}…\` key` };
  }
  return undefined;
}

/** Any whitespace-separated token that `looksLikeRealSecret` flags, with its offset. */
function findHighEntropyToken(text: string): SecretMatch | undefined {
  for (const match of text.matchAll(/\S+/g)) {
    if (looksLikeRealSecret(match[0])) return { index: match.index, length: match[0].length, what: 'a real credential' };
  }
  return undefined;
}

/** The text with each `{placeholder}` blanked out (same length, so offsets stay right). */
function literalText(template: string): string {
  return template.replace(/\{[A-Za-z_$][\w$]*\}/g, (placeholder) => ' '.repeat(placeholder.length));
}

const REQUEST_HINT = 'Specs are committed and published: use a `{field}` template for credentials and obviously fake values (`sk_live_xxxxxxxx`) in text. If this was a real key, revoke it.';
const EXAMPLE_HINT = 'Use an obviously fake value such as `lin_api_xxxxxxxxxxxx`; specs are committed and published. If this was a real key, revoke it.';

export interface SecretTextContext {
  readonly file: string;
  readonly sourceMap: SpecSourceMap;
}

/** CC3018 for credentials outside the secret fields' examples (see above). */
export function checkSecretLikeText(spec: RawSpec, context: SecretTextContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (path: SpecPath, found: SecretMatch, message = `${describePath(path)} contains what looks like ${found.what}.`, hint = REQUEST_HINT) => {
    const start = context.sourceMap.stringPosition(path, found.index);
    const last = context.sourceMap.stringPosition(path, found.index + found.length - 1);
    const end = last.line === start.line ? { endLine: last.line, endColumn: last.column + 1 } : {};
    out.push(
      diagnostic(
        'CC3018',
        'warning',
        message,
        { file: context.file, ...start, ...end, path: `/${path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}` },
        hint,
      ),
    );
  };

  const requestValues = new Set<string>();
  const scanRequestValue = (path: SpecPath, text: string) => {
    requestValues.add(path.join('\u0000'));
    const found = findPrefixedKey(text) ?? findHighEntropyToken(text);
    if (found) report(path, found);
  };
  for (const [name, value] of Object.entries(spec.api.headers ?? {})) if (typeof value === 'string') scanRequestValue(['api', 'headers', name], value);
  spec.auth.forEach((method, index) =>
    (method.apply ?? []).forEach((placement, placementIndex) => {
      const keys = placement.type === 'basic' ? (['username', 'password'] as const) : (['value'] as const);
      for (const key of keys) {
        const value = (placement as Record<string, unknown>)[key];
        if (typeof value === 'string') scanRequestValue(['auth', index, 'apply', placementIndex, key], literalText(value));
      }
    }),
  );

  // The secret fields' own examples and placeholders: `semantic-rules.ts` flags high-entropy ones; a known prefix is added here.
  const secretExamples = new Set<string>();
  spec.fields.forEach((field, index) => {
    for (const key of ['example', 'placeholder'] as const) {
      const value = field[key];
      secretExamples.add(['fields', index, key].join('\u0000'));
      if (field.secret !== true || value === undefined || looksLikeRealSecret(value)) continue;
      const found = findPrefixedKey(value);
      // Worded as `semantic-rules.ts` words the high-entropy case.
      if (found) report(['fields', index, key], found, `The ${key} for secret field \`${field.key}\` looks like a real credential (${found.what}).`, EXAMPLE_HINT);
    }
  });

  // Everything else, descriptions and guide text included: strings sent with the verify request
  // are request values; the rest is prose, where only a known prefix counts (prose is full of long words and URLs).
  const stack: [unknown, SpecPath][] = [[spec, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      const key = path.join('\u0000');
      if (requestValues.has(key) || secretExamples.has(key) || path[path.length - 1] === 'pattern') continue;
      if (path[0] === 'api' && path[1] === 'verify' && path[2] === 'arguments') scanRequestValue(path, value);
      else {
        const found = findPrefixedKey(value);
        if (found) report(path, found);
      }
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], [...path, i]]);
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], [...path, entries[i]![0]]]);
    }
  }
  return out;
}
