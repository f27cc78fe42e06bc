import type { BuildResult } from '../project/builder.js';

/** `12 ms` or `1.23 s`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** `1,234,567`. Not `toLocaleString`: its first call loads ICU data, ~40 ms of a 100 ms no-op build. */
export function thousands(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * The one-line summary of a build, e.g.
 * `Built 1,000 specs (1 compiled) in 1.20 s: 12 written, 4,988 unchanged, 0 removed.`
 */
export function summaryLine(result: BuildResult): string {
  const n = thousands;
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
  const warningNote = warnings > 0 ? ` (${plural(warnings, 'warning')})` : '';
  const specs = plural(result.specs, 'spec').replace(/^\d+/, n(result.specs));
  const time = formatDuration(result.durationMs);
  if (result.status === 'interrupted') return `Build interrupted after ${time}; ${result.outDir}/ is unchanged.`;
  if (result.status === 'failed' && result.partial) return `Build failed with ${plural(errors, 'error')}${warnings > 0 ? ` and ${plural(warnings, 'warning')}` : ''} in ${time}; ${result.outDir}/ is partly written (some files new, some old): run \`connector-compiler build\` again to complete it.`;
  if (result.status === 'failed') return `Build failed with ${plural(errors, 'error')}${warnings > 0 ? ` and ${plural(warnings, 'warning')}` : ''} in ${time}; nothing was written to ${result.outDir}/.`;
  const counts = `${n(result.written.length)} written, ${n(result.unchanged)} unchanged, ${n(result.removed.length)} removed`;
  if (result.check) {
    if (result.upToDate) return `Checked ${specs} in ${time}: ${result.outDir}/ is up to date${warningNote}.`;
    return `Checked ${specs} in ${time}: ${n(result.written.length)} ${result.written.length === 1 ? 'file' : 'files'} would be written, ${n(result.removed.length)} removed${warningNote}. Run \`connector-compiler build\` and commit the result.`;
  }
  if (result.compiled === 0 && result.upToDate) return `${specs} up to date in ${time} (${n(result.unchanged)} files unchanged)${warningNote}.`;
  return `Built ${specs} (${n(result.compiled)} compiled) in ${time}: ${counts}${warningNote}.`;
}
