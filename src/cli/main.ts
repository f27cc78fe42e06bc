#!/usr/bin/env node
import { type Command, type CommandEntry, defineCommand } from './command.js';
import { type CliIo, EXIT, UsageError, processIo } from './io.js';
import { definedProps } from '../defined-props.js';

/** Every command, loaded on demand so `--help` and no-op builds start fast. */
const COMMANDS: readonly CommandEntry[] = [
  defineCommand('build', 'Validate specs and generate clients, form schemas and guide pages', () => import('./commands/build.js')),
  defineCommand('validate', 'Check connector specs and report every problem with file:line:column', () => import('./commands/validate.js')),
  defineCommand('new', 'Scaffold a commented spec for a new connector', () => import('./commands/new.js')),
  defineCommand('check-credentials', "Check a credentials JSON file against a connector's rules", () => import('./commands/check-credentials.js')),
  defineCommand('import', 'Turn existing guide pages into connector specs', () => import('./commands/import.js')),
];

const VERSION = '0.1.0';

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `Usage: connector-compiler <command> [options]

Compiles YAML connector specs into typed clients, credential form schemas and
MDX guide pages.

Commands:
${lines.join('\n')}

Run \`connector-compiler <command> --help\` for a command's options.
`;
}

export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(mainHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (name === 'build' && !rest.includes('--help') && !rest.includes('-h') && !rest.includes('--watch')) {
    // The commonest build changes nothing: answer it from stats before loading the compiler (see no-op-stamp.ts).
    // `hrtime`, not `performance.now()`: the first use of `performance` loads perf_hooks, 2 ms.
    const started = process.hrtime.bigint();
    const { readNoOpStamp } = await import('../project/no-op-stamp.js');
    const verdict = readNoOpStamp(io.cwd, rest);
    if (io.env.CONNECTOR_COMPILER_DEBUG) io.stderr.write(`no-op stamp: ${'summary' in verdict ? 'nothing changed' : verdict.stale}\n`);
    if ('summary' in verdict) {
      const { writeStampedSummary } = await import('./build-summary.js');
      writeStampedSummary(verdict.summary, rest.includes('--check'), Number(process.hrtime.bigint() - started) / 1e6, io);
      return EXIT.ok;
    }
  }
  const entry = COMMANDS.find((command) => command.name === name);
  if (!entry) {
    io.stderr.write(`connector-compiler: unknown command \`${name}\`.\n\n${mainHelp()}`);
    return EXIT.usage;
  }
  // `--format json` promises one JSON document on stdout whatever happens: the command's output is
  // held until it returns, so a usage or internal error replaces it instead of following half of it.
  // Watch mode prints a document per rebuild as it goes, so it is not held.
  const json = wantsJson(rest) && !rest.includes('--watch');
  const held = json ? holdStdout(io) : undefined;
  const commandIo = held?.io ?? io;
  let command: Command;
  try {
    command = await entry.load();
  } catch (error) {
    return internalError(name, error, io, json);
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return EXIT.ok;
  }
  try {
    const code = await command.run(rest, commandIo);
    held?.flush();
    return code;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`connector-compiler ${name}: ${error.message}\n\n${command.help}\n`);
      if (json) writeJsonDiagnostic(io, 'CC7001', `\`connector-compiler ${name}\`: ${error.message}`, `Run \`connector-compiler ${name} --help\` for its options.`);
      return EXIT.usage;
    }
    return internalError(name, error, io, json);
  }
}

function internalError(name: string, error: unknown, io: CliIo, json = false): number {
  const message = error instanceof Error ? error.message : String(error);
  const hint = 'This is a bug in connector-compiler; please report it with the spec that triggered it.';
  io.stderr.write(`connector-compiler ${name}: internal error: ${message}\n${hint}\n`);
  if (io.env.CONNECTOR_COMPILER_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
  if (json) writeJsonDiagnostic(io, 'CC7002', `Internal error in \`connector-compiler ${name}\`: ${message}`, hint);
  return EXIT.internal;
}

/** `--format json` or `--format=json` among a command's arguments (before a `--`). */
export function wantsJson(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') return false;
    if (args[i] === '--format=json' || (args[i] === '--format' && args[i + 1] === 'json')) return true;
  }
  return false;
}

/** An io whose stdout writes are kept until `flush`: dropped if the command fails. */
function holdStdout(io: CliIo): { io: CliIo; flush: () => void } {
  const chunks: string[] = [];
  const stdout = { write: (text: string) => chunks.push(text), ...definedProps({ isTTY: io.stdout.isTTY }) };
  const held: CliIo = { cwd: io.cwd, env: io.env, stdout, stderr: io.stderr, get stdin() { return io.stdin; } };
  return { io: held, flush: () => { if (chunks.length > 0) io.stdout.write(chunks.join('')); } };
}

/** The one JSON document of a run that ended without a result of its own. */
function writeJsonDiagnostic(io: CliIo, code: 'CC7001' | 'CC7002', message: string, hint: string): void {
  io.stdout.write(`${JSON.stringify({ diagnostics: [{ code, severity: 'error', message, file: '', line: 1, column: 1, hint }] }, null, 2)}\n`);
}

// Run when executed directly (the `bin`), not when imported by tests.
const { realpathSync } = process.getBuiltinModule?.('node:fs') ?? (await import('node:fs'));
const { pathToFileURL } = process.getBuiltinModule?.('node:url') ?? (await import('node:url'));
const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  // `connector-compiler validate --format json | head -1` closes the pipe early; that is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  process.exitCode = await runCli(process.argv.slice(2));
}
