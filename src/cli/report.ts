import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnosticsJson, formatDiagnosticsText } from '../diagnostics/format.js';
import { type CliIo, UsageError, useColor } from './io.js';

export type OutputFormat = 'text' | 'json';

export function parseFormat(value: string | undefined): OutputFormat {
  if (value === undefined || value === 'text') return 'text';
  if (value === 'json') return 'json';
  throw new UsageError(`Unknown --format \`${value}\`; use \`text\` or \`json\`.`);
}

/** Text goes to stderr with code frames; JSON goes to stdout so it can be piped. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], specs: readonly { file: string; source: string }[], format: OutputFormat, io: CliIo): void {
  if (format === 'json') {
    io.stdout.write(formatDiagnosticsJson(diagnostics));
    return;
  }
  if (diagnostics.length === 0) return;
  const sources = new Map(specs.map((s) => [s.file, s.source]));
  io.stderr.write(`${formatDiagnosticsText(diagnostics, { sources, color: useColor(io) })}\n`);
}
