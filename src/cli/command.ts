import type { CliIo } from './io.js';

/** What a command module exports (as its default): its `--help` text and what it does. */
export interface CommandBody {
  /** Full `--help` text. */
  readonly help: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** One CLI command: its name and one-line summary (stated once, in `main.ts`) with its module's body. */
export interface Command extends CommandBody {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
}

/** A command as `main.ts` lists it: name and summary at hand, the module imported only when the command runs, to keep start-up fast. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}

/** Names a command once: `summary` serves the command list, `load` imports the module whose default export is the body. */
export function defineCommand(name: string, summary: string, load: () => Promise<{ default: CommandBody }>): CommandEntry {
  return { name, summary, load: async () => ({ name, summary, ...(await load()).default }) };
}
