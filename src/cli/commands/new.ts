import type { Command } from '../command.js';
import { EXIT } from '../io.js';

/** Placeholder: replaced by the real `new` command. */
const command: Command = {
  name: 'new',
  summary: 'new (not implemented yet)',
  help: 'Usage: connector-compiler new — not implemented yet.',
  async run(_args, io) {
    io.stderr.write('connector-compiler new: not implemented yet.\n');
    return EXIT.internal;
  },
};

export default command;
