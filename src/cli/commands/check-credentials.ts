import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { diagnostic, type Diagnostic, type DiagnosticCode } from '../../diagnostics/diagnostic.js';
import { formatDiagnosticsText } from '../../diagnostics/format.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { credentialRulesFor } from '../../model/credential-rules.js';
import { profileMethod } from '../../emit/forms/form-schema.js';
import { loadConfig } from '../../config/config-file.js';
import { loadSpecs } from '../../load/load-specs.js';
import { DEFAULT_LOAD_LIMITS } from '../../load/read-spec.js';
import { resolveSpecInputs } from '../spec-inputs.js';
import type { AuthMethod, ConnectorModel } from '../../model/connector-model.js';
import { checkCredentials, type CredentialProblem, type CredentialProblemCode, type CredentialRule } from '../../runtime/credentials.js';
import { compileSpecs } from '../../pipeline/compile-spec.js';
import type { CommandBody } from '../command.js';
import { type CliIo, EXIT, UsageError, useColor } from '../io.js';
import { parseFormat, printDiagnostics } from '../report.js';
import { parseCommandArgs } from '../args.js';

const HELP = `Usage: connector-compiler check-credentials <connector> <credentials.json> [options]

Checks a credentials file against a connector's credential rules: the same
rules the generated form schema and the generated client enforce. Problems
name each field by its label; values are never printed.

Arguments:
  connector          Connector id, e.g. linear
  credentials.json   A JSON object with one property per field; - reads stdin

Options:
  --method <id>      Auth method, e.g. api-key (default: the connector's first)
  --profile          Check the method's connector profile (the admin form of an
                     OAuth 2.0 method: Client ID, Client Secret…) instead
  --specs <path>     Spec file, directory or glob (default: the config's
                     \`input\`, else connectors/); repeatable
  -c, --config <file> Config file (default: connector-compiler.config.json,
                     .ts, .mts or .mjs in the working directory, if present)
  --format <kind>    text (default) or json
  -h, --help         Show this help

Example:
  connector-compiler check-credentials linear --method api-key creds.json
  connector-compiler check-credentials linear --method oauth2 --profile app.json

Exit codes: 0 valid, 1 invalid (or the connector's spec has errors), 2 usage error.`;

const PROBLEM_CODES: Record<CredentialProblemCode, DiagnosticCode> = {
  missing: 'CC6001',
  pattern: 'CC6002',
  format: 'CC6003',
  unknown: 'CC6004',
  type: 'CC6005',
  length: 'CC6006',
};

export const checkCredentialsCommand: CommandBody = {
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args);
    const format = parseFormat(values.format);
    if (positionals.length !== 2) {
      throw new UsageError(positionals.length < 2 ? 'Expected a connector id and a credentials file.' : `Unexpected argument \`${positionals[2]}\`.`);
    }
    const [connectorId = '', credentialsPath = ''] = positionals;

    // The specs `build` and `validate` see: --specs, else the config's input, else connectors/.
    const loadedConfig = await loadConfig(io.cwd, values.config);
    const inputs = await resolveSpecInputs(values.specs ?? [], loadedConfig, io.cwd);
    const read = await loadSpecs(inputs.files, { cwd: io.cwd, limits: { ...DEFAULT_LOAD_LIMITS, ...loadedConfig.config.limits } });
    const loaded = { specs: read.specs, diagnostics: [...loadedConfig.diagnostics, ...inputs.diagnostics, ...read.diagnostics] };
    if (loaded.specs.length === 0) {
      printDiagnostics(loaded.diagnostics, [], 'text', io);
      throw new UsageError('No connector specs to check against; pass `--specs <path>`.');
    }
    const validated = compileSpecs(loaded.specs);
    const model = validated.models.find((candidate) => candidate.id === connectorId);
    if (!model) {
      // A spec that exists but has errors yields no model: show why rather than "unknown connector".
      const broken = validated.diagnostics.filter((d) => d.severity === 'error' && path.posix.basename(d.file).replace(/\.ya?ml$/i, '') === connectorId);
      if (broken.length > 0) {
        printDiagnostics(broken, loaded.specs, format, io);
        if (format === 'text') io.stderr.write(`The spec for \`${connectorId}\` has errors; fix them before checking credentials against it.\n`);
        return EXIT.diagnostics;
      }
      const ids = validated.models.map((candidate) => candidate.id);
      throw new UsageError([`Unknown connector \`${connectorId}\`.`, didYouMean(connectorId, ids), `Known connectors: ${ids.map((id) => `\`${id}\``).join(', ')}.`].filter(Boolean).join(' '));
    }
    const picked = pickMethod(model, values.method);
    const method = values.profile === true ? profileOf(model, picked) : picked;

    const display = credentialsPath === '-' ? '<stdin>' : credentialsPath;
    const text = await readCredentials(credentialsPath, io);
    const diagnostics = checkText(text, display, credentialRulesFor(model, method));

    if (format === 'json') {
      io.stdout.write(jsonReport(model, method, display, diagnostics));
    } else if (diagnostics.length > 0) {
      // No code frames: the excerpt would print the very values this command must not echo.
      io.stderr.write(`${formatDiagnosticsText(diagnostics, { color: useColor(io) })}\n`);
      io.stderr.write(`${display}: ${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} for ${model.name} — ${method.label}.\n`);
    } else {
      io.stdout.write(`${display}: valid credentials for ${model.name} — ${method.label}.\n`);
    }
    return diagnostics.length > 0 ? EXIT.diagnostics : EXIT.ok;
  },
};

function parseCliArgs(args: readonly string[]) {
  return parseCommandArgs(args, { method: { type: 'string' }, profile: { type: 'boolean' }, specs: { type: 'string', multiple: true }, format: { type: 'string' }, config: { type: 'string', short: 'c' } });
}

/** The connector profile of `method` as a method of its own (same rules as its admin form), labelled `<label> connector profile`. */
function profileOf(model: ConnectorModel, method: AuthMethod): AuthMethod {
  const profile = profileMethod(method);
  if (profile === undefined) {
    const withProfile = model.authMethods.filter((candidate) => candidate.profile !== undefined).map((candidate) => `\`${candidate.id}\``);
    throw new UsageError(
      `${model.name}'s \`${method.id}\` method has no connector profile.${withProfile.length > 0 ? ` Methods with one: ${withProfile.join(', ')}.` : ''}`,
    );
  }
  return { ...profile, label: `${method.label} connector profile` };
}

function pickMethod(model: ConnectorModel, requested: string | undefined): AuthMethod {
  const first = model.authMethods[0];
  if (requested === undefined && first) return first;
  const method = model.authMethods.find((candidate) => candidate.id === requested);
  if (method) return method;
  const ids = model.authMethods.map((candidate) => candidate.id);
  throw new UsageError([`${model.name} has no auth method \`${requested ?? ''}\`.`, didYouMean(requested ?? '', ids), `Its methods: ${ids.map((id) => `\`${id}\``).join(', ')}.`].filter(Boolean).join(' '));
}

async function readCredentials(file: string, io: CliIo): Promise<string> {
  if (file === '-') {
    if (!io.stdin) throw new UsageError('Cannot read credentials from stdin here.');
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `No such file: \`${file}\`.` : `Cannot read \`${file}\`: ${code ?? 'unknown error'}.`);
  }
}

/** Parses and checks the credentials text; every diagnostic is free of values by construction. */
export function checkText(text: string, file: string, rules: readonly CredentialRule[]): Diagnostic[] {
  const source = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    // V8's message quotes the text around the error, which may be a secret: report the position only.
    const position = /at position (\d+)/.exec((error as Error).message);
    const at = position ? lineColumn(source, Number(position[1])) : { line: 1, column: 1 };
    return [diagnostic('CC6005', 'error', `\`${file}\` is not valid JSON.`, { file, ...at }, 'The file must hold one JSON object with a string per field, e.g. {"apiKey": "…"}.')];
  }
  const locate = keyLocator(source);
  return checkCredentials(rules, data).map((problem) => toDiagnostic(problem, file, locate(problem), hintFor(problem, rules)));
}

function toDiagnostic(problem: CredentialProblem, file: string, at: { line: number; column: number }, hint: string | undefined): Diagnostic {
  return diagnostic(PROBLEM_CODES[problem.code], 'error', problem.message, { file, ...at, ...(problem.key !== '' ? { path: `/${escapePointer(problem.key)}` } : {}) }, hint);
}

function hintFor(problem: CredentialProblem, rules: readonly CredentialRule[]): string | undefined {
  // A number or checkbox field takes a JSON number or `true`/`false`, not a string.
  const type = rules.find((rule) => rule.key === problem.key)?.type;
  const example = type === 'boolean' ? 'true' : type !== undefined ? '1' : '"…"';
  switch (problem.code) {
    case 'unknown':
      return [`Remove \`${problem.key}\`.`, didYouMean(problem.key, rules.map((rule) => rule.key))].filter(Boolean).join(' ');
    case 'missing':
      return `Add "${problem.key}": ${example} to the object.`;
    case 'type':
      if (problem.key === '') return 'The file must hold one JSON object, e.g. {"apiKey": "…"}.';
      return type === undefined ? `Write it as a JSON string: "${problem.key}": "…".` : `Write it as ${type === 'boolean' ? '`true` or `false`' : 'a JSON number'}, without quotes: "${problem.key}": ${example}.`;
    default:
      return undefined;
  }
}

/**
 * Where each problem points: the key of a present property, otherwise the
 * object itself. JSON is YAML, so the yaml parser gives positions; the values
 * are never read from its tree.
 */
function keyLocator(source: string): (problem: CredentialProblem) => { line: number; column: number } {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, uniqueKeys: false, keepSourceTokens: false });
  const root = document.contents;
  const rootAt = root?.range ? position(lineCounter, root.range[0]) : { line: 1, column: 1 };
  const keys = new Map<string, { line: number; column: number }>();
  if (document.errors.length === 0 && isMap(root)) {
    for (const pair of root.items) {
      // JSON.parse keeps the last of duplicate keys, so the last position wins here too.
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && pair.key.range) keys.set(pair.key.value, position(lineCounter, pair.key.range[0]));
    }
  }
  return (problem) => (problem.code !== 'missing' ? keys.get(problem.key) : undefined) ?? rootAt;
}

function position(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function jsonReport(model: ConnectorModel, method: AuthMethod, file: string, diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify({ connector: model.id, method: method.id, file, valid: diagnostics.length === 0, diagnostics }, null, 2)}\n`;
}

export default checkCredentialsCommand;
