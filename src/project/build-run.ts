import path from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ShownOutput } from './build-messages.js';
import type { BuildResult, BuildStatus } from './build-api.js';
import type { BuildFs } from './fs.js';
import type { HeldLock } from './output/lock.js';
import type { Recovery, StagingArea } from './output/writer.js';
import type { BuildSettings } from './settings.js';

/** What a build has done ahead of its commit, undone if it ends without one (see `Builder.build`). */
export interface Uncommitted {
  /** Generated files staged so far. */
  area?: StagingArea;
  /** Puts back the tables updated ahead of the commit. */
  undo?: () => void;
  /** The output directory's lock, held for the whole build (not `--check`). */
  lock?: HeldLock;
}

/**
 * One build in progress, as its stages share it: what it reports
 * (diagnostics, the sources they point into, a recovered journal), where it
 * writes, and how it ends (`result`, `fail`). A stage that ends the build
 * returns the `BuildResult` it built here.
 */
export class BuildRun {
  readonly started = performance.now();
  readonly diagnostics: Diagnostic[] = [];
  /** Text of the specs named in `diagnostics`, for code frames. */
  readonly sources = new Map<string, string>();
  recovered: Recovery['action'] = 'none';
  /** The output directory as users see it. */
  readonly out: ShownOutput;
  /** Absolute path of an output-relative path. Concatenation, not path.join: this runs for every output file on every build. */
  readonly outFile: (relative: string) => string;

  constructor(
    readonly settings: BuildSettings,
    readonly fs: BuildFs,
    readonly check: boolean,
    readonly signal: AbortSignal | undefined,
    /** Undone if the build ends before its commit. */
    readonly staging: Uncommitted,
  ) {
    const { outDir, outDirDisplay } = settings;
    this.outFile = path.sep === '/' ? (relative) => `${outDir}/${relative}` : (relative) => path.join(outDir, ...relative.split('/'));
    this.out = { dir: outDirDisplay, shown: (relative) => `${outDirDisplay}/${relative}` };
  }

  result(status: BuildStatus, rest: Partial<BuildResult> = {}): BuildResult {
    return {
      status,
      check: this.check,
      upToDate: status === 'ok' && (rest.written?.length ?? 0) === 0 && (rest.removed?.length ?? 0) === 0,
      diagnostics: sortDiagnostics(this.diagnostics),
      sources: this.sources,
      specs: 0,
      compiled: 0,
      written: [],
      removed: [],
      unchanged: 0,
      abandoned: [],
      recovered: this.recovered,
      manifestChanged: false,
      outDir: this.settings.outDirDisplay,
      durationMs: performance.now() - this.started,
      ...rest,
    };
  }

  /** Reports `problem` and ends the build as failed. */
  fail(problem: Diagnostic, rest: Partial<BuildResult> = {}): BuildResult {
    this.diagnostics.push(problem);
    return this.result('failed', rest);
  }
}

/** Whether a stage ended the build (returned its result) rather than handing on its work. */
export function ended<T extends object>(outcome: T | BuildResult): outcome is BuildResult {
  return 'status' in outcome && 'durationMs' in outcome;
}
