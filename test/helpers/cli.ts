/**
 * The CLI in-process, through its injectable IO (`runCli(argv, io)`): what
 * most CLI tests need, without starting node for each run. Tests about the
 * process itself (the bin, exit on signals, watch, locks held by another
 * process) spawn `dist/cli/main.js` instead (test/project/helpers.ts `runCli`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CapturedIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

/** A CliIo that records output; stdin is the given text, if any; no colours. */
export function captureIo(stdinText?: string, cwd: string = ROOT, env: Readonly<Record<string, string>> = {}): CapturedIo {
  let out = '';
  let err = '';
  return {
    cwd,
    env: { NO_COLOR: '1', ...env },
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    ...(stdinText !== undefined ? { stdin: (async function* () { yield stdinText; })() } : {}),
    out: () => out,
    err: () => err,
  };
}

/** Runs the CLI in-process in `cwd` as CI would (`CI=true`, no colours): the same result shape as the spawned `runCli`. */
export async function runCliInProcess(cwd: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo(undefined, cwd, { CI: 'true', ...env });
  const code = await runCli(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}
