import type { Command } from '../command.js';
import { EXIT } from '../io.js';

/** Placeholder: replaced by the real `check-credentials` command. */
const command: Command = {
  name: 'check-credentials',
  summary: 'check-credentials (not implemented yet)',
  help: 'Usage: connector-compiler check-credentials — not implemented yet.',
  async run(_args, io) {
    io.stderr.write('connector-compiler check-credentials: not implemented yet.\n');
    return EXIT.internal;
  },
};

export default command;
