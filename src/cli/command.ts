import type { CliIo } from './io.js';

/** One CLI command. Modules are imported only when their command runs, to keep start-up fast. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

export type CommandLoader = () => Promise<Command>;
