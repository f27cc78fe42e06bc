import { createColors } from 'picocolors';
import type { Diagnostic } from './diagnostic.js';

export interface FormatOptions {
  /** Source text per file, for the code frame under each message. */
  readonly sources?: ReadonlyMap<string, string>;
  /** ANSI colours; only when writing to a TTY. */
  readonly color?: boolean;
}

/** Colours are decided by the caller (`useColor`), never by picocolors' own environment sniffing. */
const ANSI = createColors(true);
const PLAIN = createColors(false);

/**
 * Formats diagnostics the way tsc and eslint do:
 * `file:line:column - error CC3002: message`, a code frame with a caret, then the hint.
 */
export function formatDiagnosticsText(diagnostics: readonly Diagnostic[], options: FormatOptions = {}): string {
  const paint = options.color ? ANSI : PLAIN;
  const blocks = diagnostics.map((d) => {
    const severity = d.severity === 'error' ? paint.red('error') : d.severity === 'warning' ? paint.yellow('warning') : paint.cyan('info');
    const lines = [`${paint.cyan(visible(d.file))}:${paint.yellow(String(d.line))}:${paint.yellow(String(d.column))} - ${severity} ${paint.dim(d.code)}: ${visible(d.message)}`];
    const source = options.sources?.get(d.file);
    if (source !== undefined) {
      const frame = codeFrame(source, d);
      if (frame) lines.push('', frame);
    }
    if (d.hint) lines.push('', `  ${paint.bold('hint:')} ${visible(d.hint)}`);
    return lines.join('\n');
  });
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

/** Widest slice of a source line shown in a frame; longer lines are windowed around the column. */
const MAX_FRAME_WIDTH = 160;

/**
 * A short excerpt: the offending line with one line of context above, and a
 * caret under the range. Columns count UTF-16 code units (as editors and our
 * diagnostics do); the caret line copies tabs and accounts for wide
 * characters so it lines up in a terminal. Long lines are cut to a window
 * around the column, marked with `…`.
 */
export function codeFrame(source: string, at: Pick<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>): string {
  if (source.trim() === '') return ''; // Nothing to show for an empty file.
  const lines = source.split(/\r\n|\n/);
  const index = at.line - 1;
  if (index < 0 || index >= lines.length) return '';
  const first = Math.max(0, index - 1);
  const gutterWidth = String(index + 1).length;
  const lineText = lines[index]!.replace(/\r$/, '');
  const start = Math.min(Math.max(at.column - 1, 0), lineText.length);
  const end = at.endLine === at.line && at.endColumn !== undefined ? Math.min(Math.max(at.endColumn - 1, start), lineText.length) : lineText.length;
  // The window every shown line is cut to, so the context line stays aligned with the offending one.
  const windowStart = start > MAX_FRAME_WIDTH - 40 ? start - 40 : 0;
  const out: string[] = [];
  for (let i = first; i <= index; i++) {
    const text = sanitize(lines[i]!.replace(/\r$/, ''));
    // A short context line is shown whole; only long lines are cut to the window.
    const shown = i === index || text.length > MAX_FRAME_WIDTH ? cut(text, windowStart) : text;
    out.push(`  ${String(i + 1).padStart(gutterWidth)} | ${shown}`.trimEnd());
  }
  const lead = windowStart > 0 ? ' ' : ''; // Under the `…` that marks a cut.
  const padding = lead + caretPadding(sanitize(lineText).slice(windowStart, start));
  // Without an explicit end the range runs to the end of the line; keep that caret short.
  const limit = at.endColumn === undefined || at.endLine !== at.line ? 80 : MAX_FRAME_WIDTH - (start - windowStart);
  const width = Math.max(1, Math.min(displayWidth(sanitize(lineText).slice(start, end)), limit));
  out.push(`  ${' '.repeat(gutterWidth)} | ${padding}${'^'.repeat(width)}`);
  return out.join('\n');
}

function cut(line: string, windowStart: number): string {
  const head = windowStart > 0 ? '…' : '';
  const body = line.slice(windowStart, windowStart + MAX_FRAME_WIDTH);
  const tail = line.length > windowStart + MAX_FRAME_WIDTH ? '…' : '';
  return `${head}${body}${tail}`;
}

/**
 * Messages quote spec text; a control character in it (an ANSI escape, NUL, a
 * line separator) must not reach the terminal raw, so it is shown escaped.
 */
function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Control characters (ANSI escapes, NUL…) would corrupt the terminal; show them as `\uFFFD`, one unit each. */
function sanitize(line: string): string {
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, '\ufffd');
}

/** Spaces (and tabs, copied) that put the caret under the given prefix. */
function caretPadding(prefix: string): string {
  let out = '';
  for (const ch of prefix) out += ch === '\t' ? '\t' : ' '.repeat(charWidth(ch));
  return out;
}

function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ch === '\t' ? 1 : charWidth(ch);
  return width;
}

/** Terminal columns of one code point: 0 for combining marks, 2 for East Asian wide and emoji, else 1. */
function charWidth(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (/\p{Mn}|\p{Me}|\u200d/u.test(ch)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Machine-readable form: one JSON document with every diagnostic, stable key order. */
export function formatDiagnosticsJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify({ diagnostics }, null, 2)}\n`;
}
