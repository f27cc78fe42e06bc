/** What a command may touch of the process; tests pass their own. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Read by commands that accept `-` for a file (e.g. `check-credentials`); tests pass their own. */
  readonly stdin?: AsyncIterable<string | Uint8Array>;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    // Lazily: opening stdin costs 2 ms, and only `check-credentials -` reads it.
    get stdin() {
      return process.stdin;
    },
  };
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, diagnostics: 1, usage: 2, internal: 3 } as const;

/** Thrown for bad command-line usage; printed with the command's help, exit code 2. */
export class UsageError extends Error {}

/** Colours only on a TTY, never in CI or when NO_COLOR is set. */
export function useColor(io: CliIo, stream: 'stdout' | 'stderr' = 'stderr'): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io[stream].isTTY === true && !isCi(io);
}

export function isCi(io: CliIo): boolean {
  const ci = io.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}
