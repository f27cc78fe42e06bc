import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { definedProps } from '../defined-props.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { Ajv, type ValidateFunction } from 'ajv';
import type { ClientFormat, RuntimePlacement, Target } from '../emit/emitter.js';
import type { BuildSettingsInput } from '../project/settings.js';

/** Config file names looked for in the working directory, in this order. */
export const CONFIG_FILE_NAMES = ['connector-compiler.config.json', 'connector-compiler.config.ts', 'connector-compiler.config.mts', 'connector-compiler.config.mjs'] as const;

/** Config modules (`export default { … }`) rather than JSON. */
export const MODULE_CONFIG = /\.(m?js|m?ts)$/;
const TYPESCRIPT_CONFIG = /\.m?ts$/;

/**
 * Identity function that gives a TypeScript config its type:
 *
 *     // connector-compiler.config.ts
 *     import { defineConfig } from 'connector-compiler';
 *     export default defineConfig({ outDir: 'generated', targets: ['clients', 'forms'] });
 */
export function defineConfig(config: ProjectConfig): ProjectConfig {
  return config;
}

/**
 * The config file's contents (`connector-compiler.config.json`). Every key is
 * optional; relative paths resolve against the config file's directory.
 */
export interface ProjectConfig {
  /** Spec files, directories or globs. Default: `["connectors"]`. */
  readonly input?: readonly string[];
  /** Output directory. Default: `generated`. */
  readonly outDir?: string;
  /** Machine-local cache directory, or `false`. Default: `.connector-compiler-cache`. */
  readonly cacheDir?: string | false;
  /** Artefacts to generate. Default: `["clients", "forms", "docs"]`. */
  readonly targets?: readonly Target[];
  /** Handlebars templates overriding the built-in guide templates. */
  readonly templatesDir?: string;
  /** Module the generated clients import their runtime from. Default: `connector-compiler/runtime`. */
  readonly runtimeImport?: string;
  /** `ts` (default): TypeScript client sources; `js`: ready-to-run ESM `.js` with `.d.ts` declarations. */
  readonly clientFormat?: ClientFormat;
  /** `package` (default): clients import `runtimeImport`; `local`: the runtime is emitted beside them in `clients/runtime/`. */
  readonly runtime?: RuntimePlacement;
  /** The docs site the guide pages belong to. */
  readonly site?: { readonly platformName?: string; readonly docsUrl?: string; readonly companyName?: string; readonly oauthRedirectUrl?: string };
  /** Build specs whose API part is still an import TODO (no client is generated for them). */
  readonly allowIncomplete?: boolean;
  /** Resource limits for reading specs. */
  readonly limits?: { readonly maxBytes?: number; readonly maxAliasCount?: number; readonly maxDepth?: number };
}

export interface LoadedConfig {
  /** Absolute path of the config file, when there is one. */
  readonly file?: string;
  /** The config file as its diagnostics name it: relative to the working directory, `/`-separated. */
  readonly shown?: string;
  /** Directory relative paths in the config resolve against: the config's, or the working directory. */
  readonly root: string;
  readonly config: ProjectConfig;
  /** The file's text, for code frames under its diagnostics. */
  readonly source?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** Where the config's JSON Schema lives; the same file is shipped for editors (`"$schema"` in a config points at it). */
export const CONFIG_SCHEMA_URL = new URL('../../schema/connector-compiler.config.schema.json', import.meta.url);

/** A key's rule as the schema states it: `mustBe` is the wording of `Config key … must be …`; `properties` for `site` and `limits`. */
interface KeySchema {
  readonly mustBe: string;
  readonly properties?: Readonly<Record<string, KeySchema>>;
}

let configSchema: { keys: Readonly<Record<string, KeySchema>>; validate: ValidateFunction } | undefined;

/** The config schema and its validator, compiled once per process (JSON configs are read again in watch mode). */
function loadConfigSchema(): NonNullable<typeof configSchema> {
  if (configSchema) return configSchema;
  const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_URL, 'utf8')) as { properties: Record<string, KeySchema> };
  const ajv = new Ajv({ allErrors: true, strict: false });
  configSchema = { keys: schema.properties, validate: ajv.compile(schema) };
  return configSchema;
}

/**
 * Finds and reads the config: `explicit` (from `--config`) or the first of
 * `CONFIG_FILE_NAMES` in `cwd`. No config is fine (defaults apply). Problems
 * are CC5003 diagnostics at the offending key's line and column.
 */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  const present = explicit !== undefined ? [path.resolve(cwd, explicit)] : CONFIG_FILE_NAMES.map((name) => path.join(cwd, name)).filter((candidate) => existsSync(candidate));
  const file = present[0];
  if (file === undefined) return { root: cwd, config: {}, diagnostics: [] };
  const root = path.dirname(file);
  const shown = path.relative(cwd, file).split(path.sep).join('/') || file;
  const fail = (message: string, hint?: string, where: { line?: number; column?: number } = {}): LoadedConfig => ({ file, shown, root, config: {}, diagnostics: [diagnostic('CC5003', 'error', message, { file: shown, ...where }, hint)] });
  // Two config files side by side: say which one is used rather than silently ignore the other.
  const ignored = present.slice(1).map((other) => diagnostic('CC5003', 'warning', `\`${path.basename(other)}\` is ignored: \`${shown}\` comes first.`, { file: path.relative(cwd, other).split(path.sep).join('/') }, 'Keep one config file, or pick one with `--config`.'));

  if (MODULE_CONFIG.test(file)) {
    if (!existsSync(file)) return fail(`Config file \`${shown}\` does not exist.`, 'Check the `--config` path.');
    let data: unknown;
    try {
      data = await importConfigModule(file);
    } catch (error) {
      return fail(`Could not load \`${shown}\`: ${error instanceof Error ? error.message : String(error)}`, 'The config module must `export default` a plain object.');
    }
    const { closestMatch } = await import('../diagnostics/suggest.js');
    const checked = checkConfig(data, shown, () => ({}), closestMatch);
    return { file, shown, root, config: checked.config, diagnostics: [...ignored, ...checked.diagnostics] };
  }

  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? `Config file \`${shown}\` does not exist.` : `Cannot read \`${shown}\`: ${code ?? String(error)}.`, code === 'ENOENT' ? 'Check the `--config` path.' : 'Check the file permissions.');
  }
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /at position (\d+)/.exec(message);
    const where = offset ? positionAt(source, Number(offset[1])) : {};
    return { ...fail(`\`${shown}\` is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}.`, 'Config files are plain JSON: double quotes, no comments, no trailing commas.', where), source };
  }
  let checked = checkConfig(data, shown, () => ({}), () => undefined);
  // Positions and suggestions cost a YAML parse and a module load, so they come only when there is something to report.
  if (checked.diagnostics.length > 0) {
    const { closestMatch } = await import('../diagnostics/suggest.js');
    checked = checkConfig(data, shown, await locator(source), closestMatch);
  }
  return { file, shown, root, config: checked.config, source, diagnostics: [...ignored, ...checked.diagnostics] };
}

/**
 * The config file's text under the name its diagnostics give it, for their
 * code frames. A warning about a second config file names that other file,
 * which has no text here, so it gets no frame rather than this file's lines.
 */
export function configSources(loaded: LoadedConfig): { file: string; source: string }[] {
  return loaded.source !== undefined && loaded.shown !== undefined ? [{ file: loaded.shown, source: loaded.source }] : [];
}

/**
 * The default export of a config module, read afresh each time (watch mode
 * reloads the config when it changes). TypeScript goes through jiti, the
 * loader ESLint uses for `eslint.config.ts`: Node 20 cannot strip types, and
 * jiti is loaded only when such a config exists.
 */
let configLoads = 0;

async function importConfigModule(file: string): Promise<unknown> {
  if (TYPESCRIPT_CONFIG.test(file)) {
    const { createJiti } = await import('jiti');
    const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false });
    return jiti.import(file, { default: true });
  }
  // A new query each time makes Node load an edited file again instead of returning its cached module.
  const module = (await import(`${pathToFileURL(file).href}?load=${++configLoads}`)) as { default?: unknown };
  return module.default;
}

/** Validates parsed config data; unknown keys and wrong types are diagnostics, the valid rest is kept. */
export function checkConfig(
  data: unknown,
  file: string,
  locate: (keyPath: readonly string[]) => { line?: number; column?: number },
  closestMatch: (actual: string, candidates: readonly string[]) => string | undefined,
): { config: ProjectConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (!isObject(data)) {
    diagnostics.push(diagnostic('CC5003', 'error', 'The config must be an object, e.g. `{ "input": ["connectors"], "outDir": "generated" }`.', { file, ...locate([]) }));
    return { config: {}, diagnostics };
  }
  const { keys, validate } = loadConfigSchema();
  // Each schema error counts against the key it is about: a top-level key, or a key of `site`/`limits`;
  // messages are the keys' `mustBe` wording, positions come from the key path.
  const invalid = new Set<string>();
  if (!validate(data)) {
    for (const error of validate.errors ?? []) {
      const segments = error.instancePath.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
      const [key, inner] = segments;
      if (key === undefined) continue;
      invalid.add(JSON.stringify(inner !== undefined && keys[key]?.properties ? [key, inner] : [key]));
    }
  }
  const breaks = (keyPath: readonly string[], value: unknown): boolean => value === undefined || invalid.has(JSON.stringify(keyPath));
  const config: Record<string, unknown> = {};
  const report = (keyPath: string[], message: string, hint?: string) => diagnostics.push(diagnostic('CC5003', 'error', message, { file, ...locate(keyPath), path: `/${keyPath.join('/')}` }, hint));
  const known = Object.keys(keys).filter((k) => k !== '$schema');
  for (const [key, value] of Object.entries(data)) {
    const rule = Object.hasOwn(keys, key) ? keys[key] : undefined;
    if (!rule) {
      const suggestion = closestMatch(key, known);
      report([key], `Unknown config key \`${key}\`.`, suggestion ? `Did you mean \`${suggestion}\`?` : `Known keys: ${known.map((k) => `\`${k}\``).join(', ')}.`);
      continue;
    }
    const nested = rule.properties;
    // A nested key's own problems are reported below; the object itself is wrong only when it is not an object.
    if (nested ? !isObject(value) : breaks([key], value)) {
      report([key], `Config key \`${key}\` must be ${rule.mustBe}.`);
      continue;
    }
    if (nested) {
      const out: Record<string, unknown> = {};
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>)) {
        const innerRule = Object.hasOwn(nested, inner) ? nested[inner] : undefined;
        if (!innerRule) {
          const suggestion = closestMatch(inner, Object.keys(nested));
          report([key, inner], `Unknown config key \`${key}.${inner}\`.`, suggestion ? `Did you mean \`${suggestion}\`?` : `Known keys: ${Object.keys(nested).map((k) => `\`${k}\``).join(', ')}.`);
          continue;
        }
        if (breaks([key, inner], innerValue)) report([key, inner], `Config key \`${key}.${inner}\` must be ${innerRule.mustBe}.`);
        else out[inner] = innerValue;
      }
      config[key] = out;
    } else if (key !== '$schema') {
      config[key] = key === 'input' && typeof value === 'string' ? [value] : value;
    }
  }
  return { config: config as ProjectConfig, diagnostics };
}

/** Turns a config into build settings (paths relative to `root`). */
export function configToSettings(config: ProjectConfig, root: string): BuildSettingsInput {
  return {
    root,
    ...definedProps({ inputs: config.input, outDir: config.outDir, cacheDir: config.cacheDir, targets: config.targets, limits: config.limits, allowIncomplete: config.allowIncomplete }),
    emit: definedProps({
      templatesDir: config.templatesDir,
      runtimeImport: config.runtimeImport,
      clientFormat: config.clientFormat,
      runtime: config.runtime,
      site: config.site,
    }),
  };
}

/** Positions of keys in the JSON text: JSON is YAML, so the YAML parser's ranges serve (loaded only here). */
async function locator(source: string): Promise<(keyPath: readonly string[]) => { line?: number; column?: number }> {
  const { LineCounter, parseDocument, isMap, isScalar } = await import('yaml');
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter });
  return (keyPath) => {
    let node: unknown = document.contents;
    let offset: number | undefined = (node as { range?: [number] } | null)?.range?.[0];
    for (const key of keyPath) {
      if (!isMap(node)) break;
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      if (!pair) break;
      offset = (pair.key as { range?: [number] }).range?.[0];
      node = pair.value;
    }
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
}

function positionAt(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
