import { readdirSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { CliIo } from '../cli/io.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { Builder, type BuildOptions, type BuildResult } from './builder.js';
import { nodeBuildFs, sameStat } from './fs.js';
import { searchesDirectory, watchRoots } from './spec-files.js';

export interface WatchOptions {
  readonly io: CliIo;
  /** Re-reads the config and flags; called at start and whenever the config file changes. */
  loadOptions(): Promise<{ options: BuildOptions; configFile?: string } | { diagnostics: readonly Diagnostic[]; sources: { file: string; source: string }[] }>;
  report(result: BuildResult): void;
  reportConfigProblems(diagnostics: readonly Diagnostic[], sources: { file: string; source: string }[]): void;
  /** Called once the first build is reported and the watchers are set, and once after they are closed. */
  reportState?(state: 'watching' | 'stopped'): void;
  /** Quiet period after the last file event before rebuilding (default `WATCH_DEBOUNCE_MS`). */
  readonly debounceMs?: number;
  /** Stops watching (tests); SIGINT does the same for the CLI. */
  readonly signal?: AbortSignal;
}

/**
 * Quiet period after the last file event. An editor's save is a burst of
 * events microseconds apart; a build that still catches a half-written file
 * reports it and rebuilds on the next event, so this only needs to cover a
 * burst, and it adds to every rebuild's latency.
 */
export const WATCH_DEBOUNCE_MS = 15;

/**
 * `build --watch`: one warm `Builder` (models, stats and the engine stay in
 * memory), rebuilt after file events on the inputs, the config and the
 * templates settle. Errors are reported and the watch goes on; SIGINT
 * finishes or abandons the build in flight (never a half-written output) and
 * exits 0.
 */
export async function runWatch(options: WatchOptions): Promise<number> {
  const { io } = options;
  const debounceMs = options.debounceMs ?? WATCH_DEBOUNCE_MS;
  const first = await options.loadOptions();
  if ('diagnostics' in first) {
    options.reportConfigProblems(first.diagnostics, first.sources);
    return 1;
  }
  let current = first;
  let builder = new Builder({ ...current.options, watching: true });
  let watchers: FSWatcher[] = [];
  /** By `dir:<path>` (that directory only) or `tree:<path>` (recursive). */
  const inputWatchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let pending = false;
  let configChanged = false;
  /** Paths reported since the last build started; `undefined` once an event named no file. */
  let changedPaths: Set<string> | undefined = new Set();
  let stopped = false;
  let inFlight: AbortController | undefined;

  const ignored = (absolute: string) => {
    const { outDir, cacheDir } = builder.settings;
    const inside = (dir: string) => absolute === dir || absolute.startsWith(dir + path.sep);
    return inside(outDir) || (cacheDir !== undefined && inside(path.dirname(cacheDir))) || /\.cc-tmp$/.test(absolute);
  };

  /** Templates and config file: watched as long as the settings stand. */
  const startWatchers = () => {
    for (const w of watchers) w.close();
    watchers = [];
    const { settings } = builder;
    if (settings.emit.templatesDir) {
      const w = watchDirectory(settings.emit.templatesDir, true);
      if (w) watchers.push(w);
    }
    if (current.configFile) {
      const configFile = current.configFile;
      const w = watch(path.dirname(configFile), (_event, name) => {
        if (name && path.join(path.dirname(configFile), name.toString()) === configFile) schedule(true);
      });
      watchers.push(w);
    }
    watchInputs();
  };

  /**
   * Watches each directory the last spec search listed, on its own: Node 20's
   * recursive watch on Linux costs ~15 ms per event at 5,000 files against ~1 ms
   * for one directory, and every rebuild starts with two events. Until a search
   * is known (before the first build, with globs) the input roots are watched
   * recursively. Called after each build, before its result is reported: the
   * directories it no longer found are let go, and one it listed that changed
   * meanwhile means another build.
   */
  const watchInputs = () => {
    const searched = builder.searchedDirectories();
    const wanted = new Set<string>();
    if (searched) for (const dir of searched.keys()) if (!ignored(dir)) wanted.add(`dir:${dir}`);
    if (!searched) for (const root of watchRoots(builder.settings.inputs, builder.settings.root)) wanted.add(`tree:${root}`);
    let changedSinceListed = false;
    for (const key of wanted) {
      if (inputWatchers.has(key)) continue;
      const dir = key.slice(key.indexOf(':') + 1);
      const w = watchDirectory(dir, key.startsWith('tree:'));
      if (w) inputWatchers.set(key, w);
      const listed = searched?.get(dir);
      const now = listed && nodeBuildFs.stat(dir);
      if (listed && !(now && sameStat(listed, now))) changedSinceListed = true;
    }
    // Let go after the new ones are open, so no event falls between the two, and only when no
    // build is due (a directory that appeared during this one is watched but not yet listed).
    if (!timer && !pending) {
      for (const [key, w] of inputWatchers) {
        if (wanted.has(key)) continue;
        w.close();
        inputWatchers.delete(key);
      }
    }
    if (changedSinceListed) schedule(false);
  };

  /**
   * A directory that appears inside a watched one is watched at once, with
   * the directories already in it, before the build that lists it: a spec
   * written there before the build reads it is read, one written after is an event.
   */
  const watchNewDirectory = (dir: string) => {
    const key = `dir:${dir}`;
    if (inputWatchers.has(key) || ignored(dir) || !searchesDirectory(path.basename(dir))) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const w = watchDirectory(dir, false);
    if (!w) return;
    inputWatchers.set(key, w);
    for (const entry of entries) if (entry.isDirectory()) watchNewDirectory(path.join(dir, entry.name));
  };

  const watchDirectory = (dir: string, recursive: boolean): FSWatcher | undefined => {
    try {
      const w = watch(dir, { recursive }, (event, name) => {
        const absolute = name ? path.join(dir, name.toString()) : undefined;
        if (absolute !== undefined && ignored(absolute)) return;
        if (absolute !== undefined && !recursive && event === 'rename') watchNewDirectory(absolute);
        schedule(false, absolute);
      });
      w.on('error', () => schedule(false));
      return w;
    } catch {
      // A missing input directory is reported by the build itself.
      return undefined;
    }
  };

  const schedule = (isConfig: boolean, absolute?: string) => {
    if (stopped) return;
    configChanged ||= isConfig;
    if (absolute === undefined || isConfig) changedPaths = undefined;
    else changedPaths?.add(absolute);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (running) pending = true;
      else running = rebuild();
    }, debounceMs);
  };

  const rebuild = async (): Promise<void> => {
    try {
      if (configChanged) {
        configChanged = false;
        const next = await options.loadOptions();
        if ('diagnostics' in next) {
          options.reportConfigProblems(next.diagnostics, next.sources);
        } else {
          current = next;
          await builder.close();
          builder = new Builder({ ...current.options, watching: true });
          startWatchers();
        }
      }
      inFlight = new AbortController();
      const changed = changedPaths;
      changedPaths = new Set();
      const result = await builder.build({ signal: inFlight.signal, ...(changed ? { changed } : {}) });
      if (!stopped) watchInputs();
      options.report(result);
    } catch (error) {
      // A bug must not end a long-running watch; say what happened and keep watching.
      io.stderr.write(`connector-compiler build --watch: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      if (io.env.CONNECTOR_COMPILER_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
    } finally {
      inFlight = undefined;
      running = undefined;
      if (pending && !stopped) {
        pending = false;
        running = rebuild();
      }
    }
  };

  startWatchers();
  running = rebuild();
  await running;
  // Loaded now, while the user is still editing, not on the first change.
  builder.warmUp().catch(() => undefined);
  options.reportState?.('watching');

  await new Promise<void>((resolve) => {
    const stop = () => {
      stopped = true;
      inFlight?.abort();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    if (options.signal) {
      if (options.signal.aborted) stop();
      options.signal.addEventListener('abort', stop, { once: true });
    }
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  if (timer) clearTimeout(timer);
  for (const w of [...watchers, ...inputWatchers.values()]) w.close();
  await running;
  await builder.close();
  options.reportState?.('stopped');
  return 0;
}
