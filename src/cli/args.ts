import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestMatch } from '../diagnostics/suggest.js';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What `parseArgs` returns for a command's options (spelled out so declarations can name it). */
export type ParsedCommandArgs<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: T }>>;

/**
 * `node:util` parseArgs for every command, with usage errors a person can act
 * on: Node's own wording is long and about positional arguments, so an unknown
 * option gets "Did you mean `--format`?" and a missing value says which.
 */
export function parseCommandArgs<const T extends Options>(args: readonly string[], options: T): ParsedCommandArgs<T> {
  try {
    return parseArgs({ args: [...args], allowPositionals: true, strict: true, options });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
    if (unknown !== undefined) {
      const suggestion = closestMatch(unknown.replace(/^-+/, ''), [...Object.keys(options), 'help']);
      throw new UsageError(`Unknown option \`${unknown}\`.${suggestion !== undefined ? ` Did you mean \`--${suggestion}\`?` : ''}`);
    }
    const missing = /'(--[\w-]+)(?: [^']*)?<value>' argument missing/.exec(message)?.[1];
    if (missing !== undefined) throw new UsageError(missing === '--format' ? '`--format` needs a value: `text` or `json`.' : `\`${missing}\` needs a value.`);
    throw new UsageError(message);
  }
}
