import { hasErrors, sortDiagnostics } from '../../diagnostics/diagnostic.js';
import { configSources, loadConfig } from '../../config/config-file.js';
import { loadSpecs } from '../../load/load-specs.js';
import { DEFAULT_LOAD_LIMITS } from '../../load/read-spec.js';
import { compileSpecs, createCompileContext } from '../../pipeline/compile-spec.js';
import type { CommandBody } from '../command.js';
import { EXIT } from '../io.js';
import { printDiagnostics, parseFormat } from '../report.js';
import { parseCommandArgs } from '../args.js';
import { resolveSpecInputs } from '../spec-inputs.js';

export const validateCommand: CommandBody = {
  help: `Usage: connector-compiler validate [paths…] [--allow-incomplete] [--format text|json]

Validates connector specs (files, directories searched for *.yaml, or globs)
against the spec format and its semantic rules. Reports every problem in
every file.

Arguments:
  paths…              Spec files, directories or globs (default: the config's
                      \`input\`, else connectors/)

Options:
  --allow-incomplete  Accept specs whose API part is still an import TODO
                      (CC3020 becomes a warning)
  -c, --config <file> Config file (default: connector-compiler.config.json,
                      .ts, .mts or .mjs in the working directory, if present)
  --format <kind>     text (default) or json
  -h, --help          Show this help

The inputs, resource limits (\`limits\`) and \`allowIncomplete\` are read from
the config file as \`build\` reads them, so \`validate\` checks the specs
\`build\` builds and refuses exactly what \`build\` refuses.

Exit codes: 0 clean (warnings allowed), 1 problems found, 2 usage error.`,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args);
    const format = parseFormat(values.format);
    const loadedConfig = await loadConfig(io.cwd, values.config);
    const { config, diagnostics: configDiagnostics } = loadedConfig;
    const limits = { ...DEFAULT_LOAD_LIMITS, ...config.limits };
    const inputs = await resolveSpecInputs(positionals, loadedConfig, io.cwd);
    const read = await loadSpecs(inputs.files, { cwd: io.cwd, limits });
    const loaded = { specs: read.specs, diagnostics: [...inputs.diagnostics, ...read.diagnostics] };
    const allowIncomplete = values['allow-incomplete'] === true || config.allowIncomplete === true;
    const validated = compileSpecs(loaded.specs, createCompileContext({ allowIncomplete }));
    const diagnostics = sortDiagnostics([...configDiagnostics, ...loaded.diagnostics, ...validated.diagnostics]);
    const sources = [...loaded.specs, ...configSources(loadedConfig)];
    printDiagnostics(diagnostics, sources, format, io);
    if (format === 'text') {
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
      const summary = `${loaded.specs.length} spec${loaded.specs.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.\n`;
      (errors > 0 ? io.stderr : io.stdout).write(summary);
    }
    return hasErrors(diagnostics) ? EXIT.diagnostics : EXIT.ok;
  },
};

const OPTIONS = { format: { type: 'string' }, 'allow-incomplete': { type: 'boolean' }, config: { type: 'string', short: 'c' } } as const;

function parseCliArgs(args: readonly string[]) {
  return parseCommandArgs(args, OPTIONS);
}

export default validateCommand;
