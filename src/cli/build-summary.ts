import type { BuildResult } from '../project/builder.js';
import { createColors } from 'picocolors';
import { summaryLine } from './summary-line.js';
import { type CliIo, useColor } from './io.js';
import type { StampedSummary } from '../project/no-op-stamp.js';

/**
 * The one-line summary that ends every build's output. A build that did its
 * job says so on stdout, `build --check` included whatever it found (its exit
 * code says whether `generated/` is stale); a build that failed (errors in
 * specs, a write error, Ctrl+C) says so on stderr, after its diagnostics.
 */
export function writeBuildSummary(result: BuildResult, io: CliIo, options: { watch: boolean }): void {
  const line = `${options.watch ? `${timestamp()} ` : ''}${summaryLine(result)}\n`;
  if (result.status !== 'ok') io.stderr.write(line);
  else io.stdout.write(useColor(io, 'stdout') && !(result.check && !result.upToDate) ? `${createColors(true).green('✓')} ${line}` : line);
}

/** The summary of a build the no-op stamp answered: the same line the full no-op build prints. */
export function writeStampedSummary(stamped: StampedSummary, check: boolean, durationMs: number, io: CliIo): void {
  const result: BuildResult = {
    status: 'ok',
    check,
    upToDate: true,
    diagnostics: [],
    sources: new Map(),
    specs: stamped.specs,
    compiled: 0,
    written: [],
    removed: [],
    unchanged: stamped.unchanged,
    abandoned: [],
    recovered: 'none',
    manifestChanged: false,
    outDir: stamped.outDir,
    durationMs,
  };
  writeBuildSummary(result, io, { watch: false });
}

export function timestamp(): string {
  return `[${new Date().toTimeString().slice(0, 8)}]`;
}
