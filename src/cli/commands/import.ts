import type { Command } from '../command.js';
import { EXIT } from '../io.js';

/** Placeholder: replaced by the real `import` command. */
const command: Command = {
  name: 'import',
  summary: 'import (not implemented yet)',
  help: 'Usage: connector-compiler import — not implemented yet.',
  async run(_args, io) {
    io.stderr.write('connector-compiler import: not implemented yet.\n');
    return EXIT.internal;
  },
};

export default command;
