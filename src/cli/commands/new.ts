import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectorIdProblem, isConnectorId } from '../../connector-id.js';
import { configSources, configToSettings, loadConfig } from '../../config/config-file.js';
import type { CommandBody } from '../command.js';
import { EXIT, UsageError } from '../io.js';
import { printDiagnostics } from '../report.js';
import { parseCommandArgs } from '../args.js';
import { scaffoldConfig, scaffoldIgnoreFiles, scaffoldPackageJson, scaffoldSpec } from '../../scaffold.js';

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
  --package           Also set up the current directory as the monorepo package
                      that owns the specs: package.json ("type": "module", an
                      exports map for clients, forms and docs, a build script)
                      connector-compiler.config.json (ready-to-run .js
                      clients with their runtime beside them), and a
                      .prettierignore and .gitignore for the output and the
                      cache; see docs/monorepo.md
  -h, --help          Show this help

Never overwrites an existing file.`;

export const newCommand: CommandBody = {
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args);
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'Give the new connector\'s id, e.g. `connector-compiler new acme-crm`.' : 'Give exactly one connector id.');
    const id = positionals[0]!;
    if (!isConnectorId(id)) throw new UsageError(connectorIdProblem(id));
    const name = values.name ?? id.split('-').map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');
    if (name.trim() === '' || /[\n\r\u2028\u2029]/.test(name) || name.length > 200) throw new UsageError('`--name` must be one line of at most 200 characters.');

    let dir: string;
    if (values.dir !== undefined) {
      dir = path.resolve(io.cwd, values.dir);
    } else {
      const config = await loadConfig(io.cwd, values.config);
      if (config.diagnostics.some((d) => d.severity === 'error')) {
        printDiagnostics(config.diagnostics, configSources(config), 'text', io);
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
    if (values.package === true) {
      for (const [name, contents] of [
        ['package.json', scaffoldPackageJson(packageName(io.cwd), compilerVersion())],
        ['connector-compiler.config.json', scaffoldConfig()],
        ...scaffoldIgnoreFiles(),
      ] as const) {
        try {
          writeFileSync(path.join(io.cwd, name), contents, { flag: 'wx' });
          io.stdout.write(`Created ${name}.\n`);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code !== 'EEXIST') throw error;
          io.stdout.write(`Kept the existing ${name}; docs/monorepo.md lists what it needs.\n`);
        }
      }
    }
    io.stdout.write(`Created ${shown}.\nFill in the TODOs, then run \`connector-compiler validate ${shown}\` and \`connector-compiler build\`.\n`);
    return EXIT.ok;
  },
};

/** The compiler's own version, for the dev dependency of a scaffolded package. */
function compilerVersion(): string {
  const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  return (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** An npm package name from the directory name: lowercase, URL-safe characters only. */
function packageName(dir: string): string {
  const name = path.basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '');
  return name === '' ? 'connectors' : name;
}

/** Where editors find the schema: this package's copy, relative to the new spec's directory. */
function schemaReference(dir: string): string {
  const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const schema = path.join(packageRoot, 'schema', 'connector-spec.schema.json');
  if (!existsSync(schema)) return 'https://connector-compiler.dev/schema/connector-spec.v1.json';
  return path.relative(dir, schema).split(path.sep).join('/');
}

function parseCliArgs(args: readonly string[]) {
  return parseCommandArgs(args, { name: { type: 'string' }, dir: { type: 'string' }, config: { type: 'string', short: 'c' }, package: { type: 'boolean' } });
}

export default newCommand;
