import type { StatEvidence } from './fs.js';
import { tooRecentToTrust } from './racy-stat.js';

// `getBuiltinModule` (Node 20.16+) skips building an ES module facade for `fs`, 4 ms of a 100 ms no-op.
const { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } = process.getBuiltinModule?.('node:fs') ?? (await import('node:fs'));
const path = process.getBuiltinModule?.('node:path') ?? (await import('node:path')).default;

/**
 * The no-op stamp: the CLI's shortcut for the commonest build of all, the
 * one where nothing changed.
 *
 * When a `build` leaves the output up to date (it wrote what changed, or
 * found nothing to do) and has nothing to report, the CLI writes down every
 * path the next build's outcome rests on, with its stat
 * (`BuildResult.noOpEvidence`, plus the config files it looked for).
 * The next identical invocation re-stats that list before loading anything
 * else: if every path still has the same size, mtime, inode and ctime (and every
 * absent one is still absent), it prints the same summary and exits. That
 * skips loading the builder, the config, the state and the compiler's
 * fingerprint, about half of a no-op build. Anything different, or any doubt
 * (unreadable stamp, another argv, a glob input, a module config), falls back
 * to the full build, which decides afresh.
 *
 * Deliberately small and import-light: this module is all a no-op loads.
 */
const STAMP_VERSION = 2;
/** Under the default cache directory: found without reading the config. */
const STAMP_DIR = path.join('.connector-compiler-cache', 'no-op');
/** Stamps kept (one per distinct command line); the oldest go first. */
const MAX_STAMPS = 8;

/** What the stamped build reported. */
export interface StampedSummary {
  readonly specs: number;
  readonly unchanged: number;
  readonly outDir: string;
}

interface StoredStamp {
  readonly version: typeof STAMP_VERSION;
  readonly invocation: string;
  readonly summary: StampedSummary;
  /** Paths that existed, `\n`-joined (one string parses much faster than 8,000). */
  readonly present: string;
  /** Size, mtime, inode and ctime of each `present` path, flattened. */
  readonly stats: readonly number[];
  /** Paths that did not exist. */
  readonly absent: readonly string[];
}

/**
 * The command line a stamp answers for. `--check` is left out: a no-op
 * build and an up-to-date check rest on the same stats.
 */
function invocationKey(cwd: string, args: readonly string[]): string {
  return JSON.stringify([STAMP_VERSION, process.version, cwd, args.filter((arg) => arg !== '--check')]);
}

function stampFile(cwd: string, key: string): string {
  // FNV-1a: a file name, not a security boundary (the stamp holds the full key and is compared on read).
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return path.join(cwd, STAMP_DIR, `${(hash >>> 0).toString(16).padStart(8, '0')}.json`);
}

/** The stamped summary, or why the stamp does not answer (shown with `CONNECTOR_COMPILER_DEBUG`). */
export type StampVerdict = { readonly summary: StampedSummary } | { readonly stale: string };

/** The summary of the stamped no-op build for `build <args>` in `cwd`, if every stat it rested on is unchanged. */
export function readNoOpStamp(cwd: string, args: readonly string[]): StampVerdict {
  const key = invocationKey(cwd, args);
  const file = stampFile(cwd, key);
  let stamp: StoredStamp;
  try {
    stamp = JSON.parse(readFileSync(file, 'utf8')) as StoredStamp;
  } catch {
    return { stale: `no stamp for this command line (${path.relative(cwd, file)})` };
  }
  try {
    if (stamp.version !== STAMP_VERSION || stamp.invocation !== key) return { stale: 'the stamp is for another version or command line' };
    const present = stamp.present.split('\n');
    const { stats } = stamp;
    if (stats.length !== present.length * 4) return { stale: 'the stamp is malformed' };
    // Relative paths resolve against the process's directory; a caller with another `cwd` (tests) needs them joined.
    const resolve = cwd === process.cwd() ? (file: string) => file : (file: string) => path.resolve(cwd, file);
    const options = { throwIfNoEntry: false } as const;
    for (let i = 0; i < present.length; i++) {
      const info = statSync(resolve(present[i]!), options);
      if (!info || info.size !== stats[i * 4] || info.mtimeMs !== stats[i * 4 + 1] || info.ino !== stats[i * 4 + 2] || info.ctimeMs !== stats[i * 4 + 3]) return { stale: `\`${present[i]}\` ${info ? 'changed' : 'is gone'}` };
    }
    for (const file of stamp.absent) if (statSync(resolve(file), options)) return { stale: `\`${file}\` appeared` };
    return { summary: stamp.summary };
  } catch (error) {
    // A malformed stamp, or a path that cannot be stat-ed (ENOTDIR, EACCES): build normally.
    return { stale: `the stamp cannot be checked: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Writes the stamp for `build <args>` in `cwd`. Best effort: a stamp that
 * cannot be written only means the next no-op takes the long way.
 * Returns false (and writes nothing) when a stat is too recent to trust.
 */
export function writeNoOpStamp(cwd: string, args: readonly string[], summary: StampedSummary, evidence: readonly StatEvidence[], now = Date.now()): boolean {
  const present: string[] = [];
  const stats: number[] = [];
  const absent: string[] = [];
  const shown = (file: string) => {
    const relative = path.relative(cwd, file);
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative || '.';
  };
  for (const [file, stat] of evidence) {
    if (file.includes('\n')) return false;
    if (!stat) {
      absent.push(shown(file));
      continue;
    }
    if (tooRecentToTrust(stat.mtimeMs, now) || tooRecentToTrust(stat.ctimeMs, now)) return false;
    present.push(shown(file));
    stats.push(stat.size, stat.mtimeMs, stat.ino, stat.ctimeMs);
  }
  const key = invocationKey(cwd, args);
  const stamp: StoredStamp = { version: STAMP_VERSION, invocation: key, summary, present: present.join('\n'), stats, absent };
  const file = stampFile(cwd, key);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(stamp));
    renameSync(temp, file);
    pruneStamps(path.dirname(file));
    return true;
  } catch {
    return false;
  }
}

/** Keeps the `MAX_STAMPS` most recently written stamps. */
function pruneStamps(dir: string): void {
  const stamps = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ file: path.join(dir, name), mtime: statSync(path.join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const stale of stamps.slice(MAX_STAMPS)) unlinkSync(stale.file);
}

/** Where stamps live: under the default cache directory of `cwd`; a build whose cache is elsewhere writes none. */
export function noOpStampRoot(cwd: string): string {
  return path.dirname(path.join(cwd, STAMP_DIR));
}
