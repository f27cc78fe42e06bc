import fc from 'fast-check';
import { fcOptions } from '../../helpers/fast-check.js';

/**
 * Pieces that stress MDX and markdown: JSX and expression openers, emphasis
 * and code markers, character references (real, legacy-prefix, fake),
 * line-start syntax, unicode line separators, NUL, and hostile snippets.
 */
export const HOSTILE_PIECES = [
  '\\', '`', '``', '```', '*', '**', '_', '__', '{', '}', '<', '>', '[', ']', '(', ')', '~', '~~', '&', '#', ';', '!', '-', '+', '=', '|',
  '.', ':', '"', "'", '$', '${', '%', '^', '\n', '\r', '\r\n', '\t', ' ', '  ', '\u00A0', '\u2028', '\u2029', '\u0000', '\u000B', '\u000C', '\uFEFF',
  '&amp;', '&#x22;', '&#123;', '&#0;', '&lt', '&not', '&notit;', '&foo;', '&#x;', '&AMP;', '&#1234567;',
  '</Step>', '<Step title="x">', '{process.exit()}', '<script>alert(1)</script>', '<!-- c -->', '<br/>', '</p>', '<>', '</>',
  'import x from "y"', 'export const a = 1', '1. ', '1) ', '- ', '> ', '# ', '---', '===', '***', '___', '[^1]', '[a](b)', '![a](b)', '\\*',
  'https://', 'http://x.co/', 'HTTPS://', 'www.', 'WWW.x.', 'a@b.co', 'mailto:', 'xmpp:', 'x.com/',
  'a', 'b', 'Z', '0', '9', 'é', 'ß', 'λ', '—', '⚠️', '👍🏽', '中文', 'snake_case', 'x_y_z', '\u0301',
];

/** Strings built from hostile pieces and arbitrary unicode. */
export function hostileString(options: { minLength?: number } = {}): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HOSTILE_PIECES) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) }), {
      minLength: options.minLength ?? 0,
      maxLength: 12,
    })
    .map((parts) => parts.join(''))
    .filter((s) => s.length >= (options.minLength ?? 0));
}

/** What a reader gets for a string: U+0000 is replaced by U+FFFD in markdown and HTML. */
export function asRead(value: string): string {
  return value.replace(/\u0000/g, '\uFFFD');
}

/**
 * What a reader gets for a string in text: as {@link asRead}, and MDX (like
 * every mdast → hast conversion) drops spaces and tabs next to a line break
 * inside text, which browsers collapse anyway. Only reachable through a
 * character reference such as `&#10;` in the spec.
 */
export function asRendered(value: string): string {
  return asRead(value).replace(/[ \t]*(\r\n|\r|\n)[ \t]*/g, '$1');
}

/**
 * GFM links URLs found in the decoded text after parsing; a line-break
 * character (only writable as `&#10;`) right next to such a link then becomes
 * whitespace between elements, which MDX drops. Properties skip that corner.
 */
export function autolinkNextToLineBreak(value: string): boolean {
  return /[\n\r]/.test(value) && /www\.|https?:\/\/|@/i.test(value);
}

/** True when an element with this text would hold only HTML whitespace, which MDX drops; such text is invisible anyway. */
export function isBlank(value: string): boolean {
  return /^[ \t\n\f\r]*$/.test(value);
}

/**
 * Property-test settings: enough runs to matter, few enough to keep the docs
 * suite well under its time budget. `FC_RUNS=50` digs deeper locally (test/helpers/fast-check.ts).
 */
export const RUNS = fcOptions(100);
