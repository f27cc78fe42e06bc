import { createColors } from 'picocolors';
import path from 'node:path';
import type { BuildOptions, BuildResult, NoOpEvidence } from '../../project/builder.js';
import { nodeBuildFs, type StatEvidence } from '../../project/fs.js';
import { formatDuration } from '../summary-line.js';
import { CONFIG_FILE_NAMES, MODULE_CONFIG, configSources, configToSettings, loadConfig } from '../../config/config-file.js';
import { timestamp, writeBuildSummary } from '../build-summary.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Target } from '../../emit/emitter.js';
import type { CommandBody } from '../command.js';
import { type CliIo, EXIT, UsageError, isCi, useColor } from '../io.js';
import { type OutputFormat, parseFormat, printDiagnostics } from '../report.js';
import { parseCommandArgs } from '../args.js';
import { definedProps } from '../../defined-props.js';

/** Exit code after SIGINT, as shells expect (128 + signal 2). */
export const EXIT_INTERRUPTED = 130;

const HELP = `Usage: connector-compiler build [paths…] [options]

Validates every spec, then generates the typed clients, credential form schemas
and guide pages into the output directory. If any spec has an error nothing is
written. Only files whose content changed are rewritten, files of deleted
connectors are removed, and the whole output changes at once or not at all.

Arguments:
  paths…                   Spec files, directories or globs (default: the config's
                           \`input\`, else connectors/). Naming specs builds only
                           those: other connectors' output is left as it is (and
                           still indexed), and nothing is removed

Options:
  --check                  Write nothing; exit 1 and list the files that would be
                           written or removed (for CI)
  --watch                  Rebuild whenever a spec, the config or a template changes
  --force                  Overwrite or delete generated files that were edited by
                           hand, and take over files the compiler did not write
  -c, --config <file>      Config file (default: connector-compiler.config.json,
                           .ts, .mts or .mjs in the working directory, if present)
  --out-dir <dir>          Output directory (default: generated)
  --targets <list>         Comma-separated subset of clients,forms,docs
  --templates <dir>        Handlebars templates overriding the built-in ones
  --runtime-import <mod>   Module the generated clients import their runtime from
  --platform-name <name>   Product name in guide titles (default: StackOne Hub)
  --docs-url <url>         Docs site origin for llms.txt links
  --allow-incomplete       Build specs whose API part is still an import TODO
                           (no client is generated for them)
  --cache-dir <dir>        Build cache (default: .connector-compiler-cache)
  --no-cache               Do not read or write the build cache
  --workers <n>            Worker threads for large cold builds (default: one
                           fewer than the CPU cores, at most 3; 0 = none)
  --verbose                List every file written or removed
  --format <kind>          text (default) or json (one JSON document on stdout;
                           one per line with --watch)
  -h, --help               Show this help

Command-line options override the config file.

Exit codes: 0 built (or --check found nothing to do), 1 errors in specs or
--check found changes, 2 usage error, 3 internal error, 130 interrupted.`;

export const buildCommand: CommandBody = {
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args);
    const format = parseFormat(values.format);
    if (values.check && values.watch) throw new UsageError('`--check` and `--watch` cannot be combined.');
    // Config warnings (a second config file that is ignored) are reported with every build's result.
    let configWarnings: readonly Diagnostic[] = [];
    const load = async () => {
      const next = await loadBuildOptions(values, positionals, io);
      if (!('diagnostics' in next)) configWarnings = next.warnings;
      return next;
    };
    const withConfigWarnings = (result: BuildResult): BuildResult => (configWarnings.length === 0 ? result : { ...result, diagnostics: [...configWarnings, ...result.diagnostics] });
    // Stat-ed before the config is read, so an edit made meanwhile cannot hide behind the stamp.
    const configEvidence = configFileEvidence(values.config, io.cwd);
    const loaded = await load();
    if ('diagnostics' in loaded) {
      printDiagnostics(loaded.diagnostics, loaded.sources, format, io);
      if (format === 'text') io.stderr.write(`Config has ${loaded.diagnostics.length === 1 ? 'a problem' : 'problems'}; nothing was built.\n`);
      return EXIT.diagnostics;
    }
    if (values.watch) {
      const { runWatch } = await import('../../project/watch.js');
      return runWatch({
        io,
        loadOptions: load,
        report: (result) => reportBuild(withConfigWarnings(result), format, io, { verbose: values.verbose === true, watch: true }),
        reportConfigProblems: (diagnostics, sources) => {
          printDiagnostics(diagnostics, sources, format, io);
          if (format === 'text') io.stderr.write(`${timestamp()} Config has problems; keeping the previous settings.\n`);
        },
        // Said every time, also when piped (turbo, nx, a CI log), on stderr so `--format json` stays one document per line.
        reportState: (state) => io.stderr.write(state === 'watching' ? `${timestamp()} Watching for changes; press Ctrl+C to stop.\n` : `${timestamp()} Stopped watching.\n`),
      });
    }
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    const progress = progressReporter(io, format);
    try {
      const { buildProject } = await import('../../project/builder.js');
      const result = await buildProject({ ...loaded.options, signal: controller.signal, onProgress: progress.update });
      progress.clear();
      reportBuild(withConfigWarnings(result), format, io, { verbose: values.verbose === true, watch: false });
      if (result.noOpEvidence && format === 'text' && !result.check && configWarnings.length === 0) await stampNoOp(args, io, loaded, result, result.noOpEvidence, configEvidence);
      if (result.status === 'interrupted') return EXIT_INTERRUPTED;
      if (result.status === 'failed') return EXIT.diagnostics;
      return result.check && !result.upToDate ? EXIT.diagnostics : EXIT.ok;
    } finally {
      progress.clear();
      process.off('SIGINT', onSigint);
    }
  },
};

type Values = ReturnType<typeof parseCliArgs>['values'];

/** The config files `loadConfig` looks for (or the one `--config` names), each with its stat or none. */
function configFileEvidence(explicit: string | undefined, cwd: string): StatEvidence[] {
  const candidates = explicit !== undefined ? [path.resolve(cwd, explicit)] : CONFIG_FILE_NAMES.map((name) => path.join(cwd, name));
  return candidates.map((file) => [file, nodeBuildFs.stat(file)]);
}

/**
 * Keeps what the build left as the no-op stamp (see `project/no-op-stamp.ts`), so
 * the same command next time answers from stats alone. Not for a config
 * module, whose imports nothing tracks, nor for a cache outside the default place.
 */
async function stampNoOp(args: readonly string[], io: CliIo, loaded: { options: BuildOptions; configFile?: string }, result: BuildResult, evidence: NoOpEvidence, configEvidence: readonly StatEvidence[]): Promise<void> {
  if (loaded.configFile !== undefined && MODULE_CONFIG.test(loaded.configFile)) return;
  const { resolveBuildSettings } = await import('../../project/settings.js');
  const { noOpStampRoot, writeNoOpStamp } = await import('../../project/no-op-stamp.js');
  const { cacheDir } = resolveBuildSettings({ root: io.cwd, ...loaded.options });
  if (cacheDir === undefined || path.dirname(cacheDir) !== noOpStampRoot(io.cwd)) return;
  writeNoOpStamp(io.cwd, args, { specs: result.specs, unchanged: evidence.files, outDir: result.outDir }, [...configEvidence, ...evidence.stats]);
}

/** Config file + command-line flags → build options; flags win. */
async function loadBuildOptions(values: Values, positionals: readonly string[], io: CliIo): Promise<{ options: BuildOptions; configFile?: string; warnings: readonly Diagnostic[] } | { diagnostics: readonly Diagnostic[]; sources: { file: string; source: string }[] }> {
  const config = await loadConfig(io.cwd, values.config);
  if (hasErrors(config.diagnostics)) {
    const sources = configSources(config);
    return { diagnostics: config.diagnostics, sources };
  }
  const base = configToSettings(config.config, config.root);
  const fromCwd = <P extends string | undefined>(p: P): P => (p === undefined ? p : path.resolve(io.cwd, p)) as P;
  const targets = values.targets === undefined ? undefined : parseTargets(values.targets);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 16)) throw new UsageError('`--workers` takes a whole number from 0 to 16.');
  const named = positionals.map(fromCwd);
  // Paths on the command line make a subset build (see `BuildOptions.subset`), unless they are exactly the project's inputs.
  const configured = (base.inputs ?? ['connectors']).map((input) => path.resolve(base.root ?? io.cwd, input));
  const subset = named.length > 0 && !(named.length === configured.length && named.every((input) => configured.includes(input)));
  const options: BuildOptions = {
    ...base,
    ...(named.length > 0 ? { inputs: named } : {}),
    ...(subset ? { subset: true } : {}),
    ...definedProps({ outDir: fromCwd(values['out-dir']), cacheDir: fromCwd(values['cache-dir']) }),
    ...(values['no-cache'] ? { cacheDir: false as const } : {}),
    ...definedProps({ targets, workers }),
    emit: {
      ...base.emit,
      ...definedProps({ templatesDir: fromCwd(values.templates), runtimeImport: values['runtime-import'] }),
      ...(values['platform-name'] !== undefined || values['docs-url'] !== undefined
        ? { site: { ...base.emit?.site, ...definedProps({ platformName: values['platform-name'], docsUrl: values['docs-url'] }) } }
        : {}),
    },
    ...(values['allow-incomplete'] ? { allowIncomplete: true } : {}),
    check: values.check === true,
    force: values.force === true,
  };
  return { options, warnings: config.diagnostics, ...(config.file ? { configFile: config.file } : {}) };
}

function parseTargets(list: string): Target[] {
  const known: readonly string[] = ['clients', 'forms', 'docs'];
  const targets = list.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const unknown = targets.filter((t) => !known.includes(t));
  if (unknown.length > 0 || targets.length === 0) throw new UsageError(`Unknown target${unknown.length === 1 ? '' : 's'} ${unknown.map((t) => `\`${t}\``).join(', ') || '(none given)'}; use a comma-separated subset of clients,forms,docs.`);
  return targets as Target[];
}

/** Diagnostics, the file listing for --check/--verbose, then the one-line summary. */
export function reportBuild(result: BuildResult, format: OutputFormat, io: CliIo, options: { verbose: boolean; watch: boolean }): void {
  const specs = [...result.sources].map(([file, source]) => ({ file, source }));
  if (format === 'json') {
    const build = {
      status: result.status,
      check: result.check,
      upToDate: result.upToDate,
      specs: result.specs,
      compiled: result.compiled,
      written: result.written,
      removed: result.removed,
      unchanged: result.unchanged,
      abandoned: result.abandoned,
      partial: result.partial === true,
      outDir: result.outDir,
      durationMs: Math.round(result.durationMs),
    };
    const document = { diagnostics: result.diagnostics, build };
    io.stdout.write(options.watch ? `${JSON.stringify(document)}\n` : `${JSON.stringify(document, null, 2)}\n`);
    return;
  }
  printDiagnostics(result.diagnostics, specs, 'text', io);
  const color = useColor(io, 'stdout');
  const paint = createColors(color);
  if (result.status === 'ok' && (result.check || options.verbose)) {
    const verb = result.check ? ['would write', 'would remove'] : ['wrote', 'removed'];
    for (const file of result.written) io.stdout.write(`  ${paint.green(verb[0]!)} ${result.outDir}/${file}\n`);
    for (const file of result.removed) io.stdout.write(`  ${paint.red(verb[1]!)} ${result.outDir}/${file}\n`);
  }
  writeBuildSummary(result, io, options);
}

/** ANSI "erase the whole line" (picocolors has colours only). */
const ERASE_LINE = '\u001b[2K';

/** A progress line on a TTY (never in CI): rewritten in place, cleared before the summary. */
function progressReporter(io: CliIo, format: OutputFormat): { update: (p: { done: number; total: number }) => void; clear: () => void } {
  const enabled = format === 'text' && io.stderr.isTTY === true && !isCi(io);
  const started = performance.now();
  let shown = false;
  let last = 0;
  return {
    update({ done, total }) {
      if (!enabled || total < 20) return;
      const now = performance.now();
      if (now - last < 80 && done < total) return;
      last = now;
      shown = true;
      io.stderr.write(`\r${ERASE_LINE}Compiling specs: ${done}/${total} (${formatDuration(now - started)})`);
    },
    clear() {
      if (shown) io.stderr.write(`\r${ERASE_LINE}`);
      shown = false;
    },
  };
}

function parseCliArgs(args: readonly string[]) {
  return parseCommandArgs(args, {
    check: { type: 'boolean' },
    watch: { type: 'boolean' },
    force: { type: 'boolean' },
    config: { type: 'string', short: 'c' },
    'out-dir': { type: 'string' },
    targets: { type: 'string' },
    templates: { type: 'string' },
    'runtime-import': { type: 'string' },
    'platform-name': { type: 'string' },
    'docs-url': { type: 'string' },
    'cache-dir': { type: 'string' },
    'no-cache': { type: 'boolean' },
    'allow-incomplete': { type: 'boolean' },
    workers: { type: 'string' },
    verbose: { type: 'boolean' },
    format: { type: 'string' },
  });
}

export default buildCommand;
