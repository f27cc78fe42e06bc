import type { Diagnostic } from './diagnostic.js';

export interface FormatOptions {
  /** Source text per file, for the code frame under each message. */
  readonly sources?: ReadonlyMap<string, string>;
  /** ANSI colours; only when writing to a TTY. */
  readonly color?: boolean;
}

const ANSI = {
  red: (s: string) => `\u001b[31m${s}\u001b[39m`,
  yellow: (s: string) => `\u001b[33m${s}\u001b[39m`,
  cyan: (s: string) => `\u001b[36m${s}\u001b[39m`,
  dim: (s: string) => `\u001b[2m${s}\u001b[22m`,
  bold: (s: string) => `\u001b[1m${s}\u001b[22m`,
};
const PLAIN = { red: id, yellow: id, cyan: id, dim: id, bold: id };
function id(s: string): string {
  return s;
}

/**
 * Formats diagnostics the way tsc and eslint do:
 * `file:line:column - error CC3002: message`, a code frame with a caret, then the hint.
 */
export function formatDiagnosticsText(diagnostics: readonly Diagnostic[], options: FormatOptions = {}): string {
  const paint = options.color ? ANSI : PLAIN;
  const blocks = diagnostics.map((d) => {
    const severity = d.severity === 'error' ? paint.red('error') : d.severity === 'warning' ? paint.yellow('warning') : paint.cyan('info');
    const lines = [`${paint.cyan(d.file)}:${paint.yellow(String(d.line))}:${paint.yellow(String(d.column))} - ${severity} ${paint.dim(d.code)}: ${d.message}`];
    const source = options.sources?.get(d.file);
    if (source !== undefined) {
      const frame = codeFrame(source, d);
      if (frame) lines.push('', frame);
    }
    if (d.hint) lines.push('', `  ${paint.bold('hint:')} ${d.hint}`);
    return lines.join('\n');
  });
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

/** A short excerpt: the offending line with one line of context above, and a caret under the range. */
export function codeFrame(source: string, at: Pick<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>): string {
  const lines = source.split(/\r?\n/);
  const index = at.line - 1;
  if (index < 0 || index >= lines.length) return '';
  const first = Math.max(0, index - 1);
  const gutterWidth = String(index + 1).length;
  const out: string[] = [];
  for (let i = first; i <= index; i++) {
    out.push(`  ${String(i + 1).padStart(gutterWidth)} | ${clip(lines[i] ?? '')}`);
  }
  const lineText = lines[index] ?? '';
  const start = Math.min(Math.max(at.column - 1, 0), lineText.length);
  const end = at.endLine === at.line && at.endColumn !== undefined ? Math.min(at.endColumn - 1, lineText.length) : lineText.length;
  const width = Math.max(1, Math.min(end - start, 80));
  out.push(`  ${' '.repeat(gutterWidth)} | ${' '.repeat(Math.min(start, 160))}${'^'.repeat(width)}`);
  return out.join('\n');
}

function clip(line: string): string {
  // Keep frames readable for minified or huge lines; the column still points at the right place.
  return line.length > 240 ? `${line.slice(0, 240)}…` : line;
}

/** Machine-readable form: one JSON document with every diagnostic, stable key order. */
export function formatDiagnosticsJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify({ diagnostics }, null, 2)}\n`;
}
