import type { Command } from '../command.js';
import { EXIT } from '../io.js';

/** Placeholder: replaced by the real `build` command. */
const command: Command = {
  name: 'build',
  summary: 'build (not implemented yet)',
  help: 'Usage: connector-compiler build — not implemented yet.',
  async run(_args, io) {
    io.stderr.write('connector-compiler build: not implemented yet.\n');
    return EXIT.internal;
  },
};

export default command;
