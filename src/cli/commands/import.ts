import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareStrings, diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { configSources, loadConfig } from '../../config/config-file.js';
import { DEFAULT_EMIT_OPTIONS } from '../../emit/emitter.js';
import { importPages, type PageInput } from '../../import/import-pages.js';
import { connectorIdProblem, isConnectorId } from '../../connector-id.js';
import { definedProps } from '../../defined-props.js';
import type { CommandBody } from '../command.js';
import { type CliIo, EXIT, UsageError } from '../io.js';
import { parseFormat, printDiagnostics } from '../report.js';
import { parseCommandArgs } from '../args.js';

const HELP = `Usage: connector-compiler import <page.md|page.mdx|dir>… [options]

Turns existing guide pages (.mdx sources or their .md exports) into connector
specs. The name, auth method, credential fields, callouts, sections and steps
come from the pages; pages of one connector (hive__api-key.md,
hive__oauth2.md) become one spec with an auth method each; a connector-profile
page (told by its title) becomes its OAuth 2.0 method's \`profile\`. A guide
page cannot tell the API, so each spec ends with an \`api.todo\` that fails
validation (CC3020) until you fill in \`baseUrl\`, \`operations\` and \`apply\`.

Every page is rebuilt from its new spec and compared with the original; what
a spec cannot hold is reported with the page's line and column.

Arguments:
  pages…                   Guide pages, or directories searched for *.md and
                           *.mdx (where a page has both, the .mdx source is
                           read and its .md export skipped; the connector
                           overview pages of a build's docs/ are skipped)

Options:
  --out <dir>              Directory for the specs (default: connectors/)
  --id <id>                Connector id for every page (default: from the file
                           name, <id>__<method>.md, or the build layout
                           …/connectors/<id>/guides/link-account/<method>.mdx
                           or …/guides/connector-profile/<method>.mdx)
  --force                  Overwrite specs that already exist
  --allow-incomplete       Exit 0 although the API part is still a TODO
  --platform-name <name>   Product name in the pages' titles (default: the
                           config's site.platformName, else StackOne Hub)
  -c, --config <file>      Config file (default: connector-compiler.config.json
                           or .ts/.mts/.mjs in the working directory); its
                           \`site\` names the docs site the pages come from
  --format <kind>          text (default) or json
  -h, --help               Show this help

Exit codes: 0 imported, 1 problems found (a page that is not a guide page, an
existing spec without --force, or the API TODO without --allow-incomplete),
2 usage error.`;

export const importCommand: CommandBody = {
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args);
    const format = parseFormat(values.format);
    if (positionals.length === 0) throw new UsageError('Give at least one guide page, e.g. `connector-compiler import docs/hive__api-key.md`.');
    if (values.id !== undefined && !isConnectorId(values.id)) throw new UsageError(connectorIdProblem(values.id));
    if (values['platform-name'] !== undefined && values['platform-name'].trim() === '') throw new UsageError('`--platform-name` cannot be empty.');
    const loadedConfig = await loadConfig(io.cwd, values.config);
    const site = { ...DEFAULT_EMIT_OPTIONS.site, ...loadedConfig.config.site, ...definedProps({ platformName: values['platform-name'] }) };

    const diagnostics: Diagnostic[] = [...loadedConfig.diagnostics];
    const pages = readPages(positionals, io, diagnostics);
    const outDir = path.resolve(io.cwd, values.out ?? 'connectors');
    const result = importPages(pages, {
      ...definedProps({ id: values.id }),
      outDir: shown(io, outDir),
      schemaRef: schemaReference(outDir),
      site,
      allowIncomplete: values['allow-incomplete'] === true,
    });

    const written: { file: string; id: string; pages: readonly string[] }[] = [];
    const unwritten = new Set<string>();
    for (const spec of result.specs) {
      const target = path.join(outDir, `${spec.id}.yaml`);
      const existing = [target, path.join(outDir, `${spec.id}.yml`)].find((file) => existsSync(file));
      if (existing && !values.force) {
        unwritten.add(spec.file);
        diagnostics.push(diagnostic('CC5002', 'error', `\`${shown(io, existing)}\` already exists; it was not overwritten.`, { file: shown(io, existing) }, 'Pass `--force` to replace it with the imported spec.'));
        continue;
      }
      try {
        mkdirSync(outDir, { recursive: true });
        writeFileSync(target, spec.yaml);
        written.push({ file: spec.file, id: spec.id, pages: spec.pages });
      } catch (error) {
        diagnostics.push(diagnostic('CC5001', 'error', `Could not write \`${spec.file}\`: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, { file: spec.file }));
      }
    }

    // What was found in a spec that was not written would point into a file that does not exist.
    diagnostics.push(...result.diagnostics.filter((d) => !unwritten.has(d.file)));
    const sorted = sortDiagnostics(diagnostics);
    const sources = [...pages, ...configSources(loadedConfig), ...result.specs.filter((spec) => !unwritten.has(spec.file)).map((spec) => ({ file: spec.file, source: spec.yaml }))];
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ specs: written, diagnostics: sorted }, null, 2)}\n`);
    } else {
      printDiagnostics(sorted, sources, 'text', io);
      io.stdout.write(summary(pages.length, written, sorted));
    }
    return hasErrors(sorted) ? EXIT.diagnostics : EXIT.ok;
  },
};

function parseCliArgs(args: readonly string[]) {
  return parseCommandArgs(args, {
    out: { type: 'string' },
    id: { type: 'string' },
    force: { type: 'boolean' },
    'allow-incomplete': { type: 'boolean' },
    'platform-name': { type: 'string' },
    format: { type: 'string' },
    config: { type: 'string', short: 'c' },
  });
}


/** Reads the pages named on the command line; directories give their *.md and *.mdx files, sorted. */
function readPages(arguments_: readonly string[], io: CliIo, diagnostics: Diagnostic[]): PageInput[] {
  const files: string[] = [];
  for (const argument of arguments_) {
    const absolute = path.resolve(io.cwd, argument);
    if (!existsSync(absolute)) {
      diagnostics.push(diagnostic('CC1001', 'error', `\`${argument}\` does not exist.`, { file: argument }));
      continue;
    }
    if (statSync(absolute).isDirectory()) files.push(...pagesIn(absolute));
    else files.push(absolute);
  }
  const pages: PageInput[] = [];
  for (const file of [...new Set(files)]) {
    try {
      pages.push({ file: shown(io, file), source: readFileSync(file, 'utf8') });
    } catch (error) {
      diagnostics.push(diagnostic('CC1002', 'error', `\`${shown(io, file)}\` cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, { file: shown(io, file) }));
    }
  }
  return pages;
}

/**
 * The guide pages in a directory tree. A build's docs/ holds each page twice
 * (the `.mdx` source and its `.md` export) and an overview page per connector:
 * only the sources of guide pages are read, so each page is imported once.
 */
function pagesIn(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
  const names = new Set(entries.map((entry) => entry.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...pagesIn(full));
    else if (/\.mdx$/i.test(entry.name)) {
      if (!isOverviewPage(full)) out.push(full);
    } else if (/\.md$/i.test(entry.name) && !names.has(`${entry.name}x`) && !isOverviewPage(full)) out.push(full);
  }
  return out;
}

/** `…/connectors/<id>/index.md(x)`: the connector overview page a build writes, not a guide. */
function isOverviewPage(file: string): boolean {
  const parts = file.split(path.sep);
  return /^index\.mdx?$/i.test(parts.at(-1) ?? '') && parts.at(-3) === 'connectors';
}

/** A path as the user would write it: relative to the working directory, `/`-separated. */
function shown(io: CliIo, file: string): string {
  const relative = path.relative(io.cwd, file);
  return (relative === '' || relative.startsWith('..') ? file : relative).split(path.sep).join('/');
}

/** Where editors find the schema: this package's copy, relative to the specs' directory. */
function schemaReference(dir: string): string {
  const schema = fileURLToPath(new URL('../../../schema/connector-spec.schema.json', import.meta.url));
  if (!existsSync(schema)) return 'https://connector-compiler.dev/schema/connector-spec.v1.json';
  return path.relative(dir, schema).split(path.sep).join('/');
}

function summary(pageCount: number, written: readonly { file: string; pages: readonly string[] }[], diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const lines = written.map((spec) => `  ${spec.file} ← ${spec.pages.join(', ')}`);
  const head = `Imported ${pageCount} page${pageCount === 1 ? '' : 's'} into ${written.length} spec${written.length === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`;
  const next = written.length > 0 ? ['Next: fill in each spec\'s `api` and `apply` TODOs, then run `connector-compiler validate`.'] : [];
  return `${[head, ...lines, ...next].join('\n')}\n`;
}

export default importCommand;
