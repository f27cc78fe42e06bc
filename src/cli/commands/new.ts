import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configToSettings, loadConfig } from '../../config/config-file.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../io.js';
import { printDiagnostics } from '../report.js';
import { parseCommandArgs } from '../args.js';

const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const HELP = `Usage: connector-compiler new <id> [options]

Scaffolds connectors/<id>.yaml: a commented spec that validates as it is, with
one API-key field, its guide and one API operation, ready to edit.

Arguments:
  id                  Kebab-case connector id, e.g. \`acme-crm\`; also the file name

Options:
  --name <name>       Display name (default: from the id, e.g. \`Acme Crm\`)
  --dir <dir>         Directory for the spec (default: the config's first input
                      directory, else connectors/)
  -c, --config <file> Config file to read the input directory from
  -h, --help          Show this help

Never overwrites an existing spec.`;

export const newCommand: Command = {
  name: 'new',
  summary: 'Scaffold a commented spec for a new connector',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args);
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'Give the new connector\'s id, e.g. `connector-compiler new acme-crm`.' : 'Give exactly one connector id.');
    const id = positionals[0]!;
    if (!ID_PATTERN.test(id) || id.length > 64) {
      throw new UsageError(`\`${id}\` is not a valid connector id: use lowercase letters and digits in dash-separated words, starting with a letter (e.g. \`acme-crm\`), at most 64 characters.`);
    }
    const name = values.name ?? id.split('-').map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');
    if (name.trim() === '' || /[\n\r\u2028\u2029]/.test(name) || name.length > 200) throw new UsageError('`--name` must be one line of at most 200 characters.');

    let dir: string;
    if (values.dir !== undefined) {
      dir = path.resolve(io.cwd, values.dir);
    } else {
      const config = await loadConfig(io.cwd, values.config);
      if (config.diagnostics.some((d) => d.severity === 'error')) {
        printDiagnostics(config.diagnostics, config.source !== undefined && config.diagnostics[0] ? [{ file: config.diagnostics[0].file, source: config.source }] : [], 'text', io);
        return EXIT.diagnostics;
      }
      const settings = configToSettings(config.config, config.root);
      const firstDir = (settings.inputs ?? ['connectors']).map((input) => input.split('/').filter((part) => !/[*?[\]{}!]/.test(part)).join('/')).find((input) => input !== '' && !/\.ya?ml$/i.test(input));
      dir = path.resolve(config.root, firstDir ?? 'connectors');
    }
    const file = path.join(dir, `${id}.yaml`);
    const shown = path.relative(io.cwd, file).split(path.sep).join('/') || file;
    for (const existing of [file, path.join(dir, `${id}.yml`)]) {
      if (existsSync(existing)) {
        io.stderr.write(`connector-compiler new: \`${path.relative(io.cwd, existing).split(path.sep).join('/')}\` already exists; nothing was written.\nEdit it, or choose another id.\n`);
        return EXIT.diagnostics;
      }
    }
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(file, scaffoldSpec(id, name, schemaReference(dir)), { flag: 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.stderr.write(`connector-compiler new: could not write \`${shown}\` (${code ?? String(error)}).\n`);
      return EXIT.diagnostics;
    }
    io.stdout.write(`Created ${shown}.\nFill in the TODOs, then run \`connector-compiler validate ${shown}\` and \`connector-compiler build\`.\n`);
    return EXIT.ok;
  },
};

/** Where editors find the schema: this package's copy, relative to the new spec's directory. */
function schemaReference(dir: string): string {
  const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const schema = path.join(packageRoot, 'schema', 'connector-spec.schema.json');
  if (!existsSync(schema)) return 'https://connector-compiler.dev/schema/connector-spec.v1.json';
  return path.relative(dir, schema).split(path.sep).join('/');
}

/** YAML double-quoted scalar; JSON string syntax is valid YAML and escapes everything that matters. */
function q(text: string): string {
  return JSON.stringify(text);
}

/** The scaffold: every line a user has to touch is marked TODO; it validates as written. */
export function scaffoldSpec(id: string, name: string, schemaRef: string): string {
  const host = `${id.replace(/-/g, '')}.example.com`;
  return `# yaml-language-server: $schema=${schemaRef}
# Connector spec for ${name.replace(/[^\x20-\x7e\u00a0-\uffff]/g, '')}. It validates as it is; replace every TODO with the real
# values, then run \`connector-compiler validate\` and \`connector-compiler build\`.
specVersion: 1
# Kebab-case; must equal the file name.
id: ${id}
name: ${q(name)}
website: https://${host} # TODO: the provider's public website
category: other # TODO: kebab-case category, e.g. crm, hris, ats
description: ${q(`TODO: one line about what ${name} does.`)}

# Credential fields the end user fills in, in form order. Keys are lowerCamelCase.
fields:
  - key: apiKey
    label: API Key
    description: ${q(`TODO: where the user finds the key in ${name}, e.g. "Settings → API".`)}
    secret: true # masked in forms, redacted in logs and errors
    # pattern: ^key_[A-Za-z0-9]+$   # optional regex the value must match
    # patternMessage: must start with key_

# Authentication methods; each gets its own form schema and guide page.
auth:
  - id: api-key
    type: api-key # api-key | basic | oauth2
    # Where the credentials go on every request: bearer, header, query or basic.
    apply:
      - type: bearer
        value: "{apiKey}"
    guide:
      sections:
        - heading: ${q(`Generate your ${name} API key`)}
          intro: ${q(`TODO: one or two sentences on what the user will do in ${name}.`)}
          steps:
            # Step bodies are Markdown: **bold**, [links](https://…), lists,
            # images as ![alt](https://…){width=1280 height=800}, and > [!NOTE] callouts.
            - title: ${q(`Sign in to ${name}`)}
              body: |
                TODO: Go to [the dashboard](https://${host}) and sign in.
            - title: Create an API key
              body: |
                TODO: Open **Settings** and click **Create API key**.
            - title: Copy the key
              body: |
                Copy the key and paste it into the **API Key** field of the connection form.

api:
  baseUrl: https://api.${host} # TODO: the API's base URL; may use {fieldKey} placeholders
  # Operations become methods of the generated client.
  operations:
    - id: getCurrentUser
      summary: Get the authenticated user # TODO: an operation that exists
      method: GET
      path: /me
      response:
        schema:
          type: object
          properties:
            id: { type: string }
`;
}

function parseCliArgs(args: readonly string[]) {
  return parseCommandArgs(args, { name: { type: 'string' }, dir: { type: 'string' }, config: { type: 'string', short: 'c' } });
}

export default newCommand;
