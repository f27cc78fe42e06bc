/**
 * What a project build is asked (`BuildOptions`, `BuildOverrides`) and what
 * it answers (`BuildResult`): the builder's public types, apart from the
 * stages that produce them.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { BuildFs, StatEvidence } from './fs.js';
import type { Recovery } from './output/writer.js';
import type { BuildSettingsInput } from './settings.js';
import type { EmitterSet } from './spec-compiler.js';

export interface BuildOptions extends BuildSettingsInput {
  /** Write nothing; report what would be written or removed. */
  readonly check?: boolean;
  /** Overwrite or delete output files even if edited by hand or not written by the compiler. */
  readonly force?: boolean;
  /**
   * The inputs name some of the project's specs (`build <paths…>`): build
   * those, and leave the output of every other spec the manifest lists as it
   * is — never removed, still listed in the cross-connector files (whose
   * models come from the cache, or from the spec file while it is as the
   * manifest records it). Refused (CC5006) when the compiler or the options
   * changed since the manifest was written, or when such a spec can be had
   * neither way. Removals of deleted specs happen only in a full build.
   */
  readonly subset?: boolean;
  /** Aborting stops the build before it commits; `generated/` is then unchanged. */
  readonly signal?: AbortSignal;
  /** Disk access, injectable for fault tests. */
  readonly fs?: BuildFs;
  /** Replaces the built-in emitters (tests, plugins). Disables worker threads. */
  readonly emitters?: EmitterSet;
  /**
   * The builder runs for `build --watch`: after its first build it trusts the
   * outputs of specs that did not change (as `tsc --watch` does) instead of
   * stat-ing every generated file on each rebuild, and it writes its cache
   * after returning the result. Outputs it rewrites are still checked for hand edits.
   */
  readonly watching?: boolean;
  /** Most worker threads for a cold build; `0` compiles on the main thread only. Default: one per extra core, at most 3. */
  readonly workers?: number;
  /** Fewest specs to compile before worker threads are used (default 150; see docs/build.md). */
  readonly parallelThreshold?: number;
  /**
   * Overrides the compiler fingerprint in the cache key (default: package
   * version + hash of the compiler's code). For tests, whose source tree may
   * change under them.
   */
  readonly compilerId?: string;
  /** Called as specs are compiled, for progress output. */
  readonly onProgress?: (progress: BuildProgress) => void;
}

export interface BuildOverrides {
  readonly signal?: AbortSignal;
  /**
   * Watch mode: the absolute paths the watcher reported since the last build.
   * When every one is a known spec (and no directory searched for specs
   * changed), only those specs are stat-ed; the others keep their recorded
   * stats, as `tsc --watch` trusts its watcher. Anything else, or none given,
   * and every spec is stat-ed.
   */
  readonly changed?: ReadonlySet<string>;
}

export interface BuildProgress {
  readonly done: number;
  readonly total: number;
}

export type BuildStatus = 'ok' | 'failed' | 'interrupted';

export interface BuildResult {
  /** `ok`: built (or, with `check`, checked) without errors. */
  readonly status: BuildStatus;
  readonly check: boolean;
  /** True when nothing was (or, with `check`, would be) written or removed. */
  readonly upToDate: boolean;
  /** Sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Text of the specs named in `diagnostics`, for code frames. */
  readonly sources: ReadonlyMap<string, string>;
  /** Specs found. */
  readonly specs: number;
  /** Specs parsed and validated in this build (the rest came from the cache). */
  readonly compiled: number;
  /** Output-relative paths written (with `check`: that would be written). */
  readonly written: readonly string[];
  /** Output-relative paths removed (with `check`: that would be removed). */
  readonly removed: readonly string[];
  /** Generated files already up to date. */
  readonly unchanged: number;
  /** Files of removed outputs left in place because they were edited by hand. */
  readonly abandoned: readonly string[];
  /** What happened to a journal left by an interrupted build. */
  readonly recovered: Recovery['action'];
  /** True when the manifest was (or would be) rewritten. */
  readonly manifestChanged: boolean;
  /** Output directory as shown to users. */
  readonly outDir: string;
  readonly durationMs: number;
  /**
   * True when the build failed after its commit point (or could not complete
   * an earlier build's commit): the output directory is part old, part new,
   * and the journal is kept so the next build completes it. Otherwise a
   * failed build changed nothing.
   */
  readonly partial?: boolean;
  /**
   * Set when the build left the output up to date (a no-op, or a build that
   * committed) and has nothing to report: what the next identical build
   * would find, as the stats it rests on. The CLI keeps it as its no-op stamp.
   */
  readonly noOpEvidence?: NoOpEvidence;
}

export interface NoOpEvidence {
  /**
   * Every path whose stat (or absence) the outcome rests on — the compiler's
   * files, template overrides, the directories searched for specs, the specs,
   * the outputs, the manifest and the output directory. While all still stat
   * the same, the same build would be a no-op.
   */
  readonly stats: readonly StatEvidence[];
  /** Generated files that no-op would report unchanged. */
  readonly files: number;
}
