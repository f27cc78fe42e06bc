import path from 'node:path';
import { compareStrings } from '../diagnostics/diagnostic.js';
import { ALL_TARGETS, resolveEmitOptions, type EmitOptions, type EmitOptionsInput, type Target } from '../emit/emitter.js';
import type { LoadLimits } from '../load/read-spec.js';
import type { BuildFs } from './fs.js';
import { hashParts } from './hash.js';
import { displayPath } from './spec-files.js';

/** Where the build reads from and writes to, and what it generates; plain data. */
export interface BuildSettingsInput {
  /** Project root: relative paths below resolve against it. Default: `process.cwd()`. */
  readonly root?: string;
  /** Spec files, directories or globs. Default: `['connectors']`. */
  readonly inputs?: readonly string[];
  /** Output directory. Default: `generated`. */
  readonly outDir?: string;
  /** Machine-local cache directory, or `false` for none. Default: `.connector-compiler-cache`. */
  readonly cacheDir?: string | false;
  /** Which artefacts to generate. Default: all of `clients`, `forms`, `docs`. */
  readonly targets?: readonly Target[];
  /** Emitter settings; `templatesDir` resolves against `root`. */
  readonly emit?: EmitOptionsInput;
  /** Resource limits for reading specs, merged over `DEFAULT_LOAD_LIMITS`. */
  readonly limits?: Partial<LoadLimits>;
  /** Build specs whose API part is still an import TODO (CC3020 becomes a warning; no client for them). */
  readonly allowIncomplete?: boolean;
}

export interface BuildSettings {
  readonly root: string;
  readonly inputs: readonly string[];
  readonly outDir: string;
  /** `outDir` as shown in messages. */
  readonly outDirDisplay: string;
  readonly cacheDir: string | undefined;
  readonly targets: readonly Target[];
  /** With `templatesDir` absolute, as the emitters receive it. */
  readonly emit: EmitOptions;
  readonly limits: Partial<LoadLimits> | undefined;
  readonly allowIncomplete: boolean;
}

export const DEFAULT_INPUTS: readonly string[] = ['connectors'];
export const DEFAULT_OUT_DIR = 'generated';
export const DEFAULT_CACHE_DIR = '.connector-compiler-cache';

export function resolveBuildSettings(input: BuildSettingsInput): BuildSettings {
  const root = path.resolve(input.root ?? process.cwd());
  const outDir = path.resolve(root, input.outDir ?? DEFAULT_OUT_DIR);
  const cacheRoot = input.cacheDir === false ? undefined : path.resolve(root, input.cacheDir ?? DEFAULT_CACHE_DIR);
  // One cache per output directory, so two configs sharing a cache never prune each other's entries.
  const cacheDir = cacheRoot ? path.join(cacheRoot, hashParts([displayPath(outDir, root)]).slice(0, 12)) : undefined;
  const partial = input.emit ?? {};
  const emit: EmitOptions = {
    ...resolveEmitOptions(partial),
    ...(partial.templatesDir !== undefined ? { templatesDir: path.resolve(root, partial.templatesDir) } : {}),
  };
  const targets = ALL_TARGETS.filter((target) => (input.targets ?? ALL_TARGETS).includes(target));
  return { root, inputs: input.inputs && input.inputs.length > 0 ? input.inputs : DEFAULT_INPUTS, outDir, outDirDisplay: displayPath(outDir, root), cacheDir, targets, emit, limits: input.limits, allowIncomplete: input.allowIncomplete === true };
}

/**
 * Hash of everything besides the specs and the compiler that shapes the
 * output: targets, emit options and the *contents* of the template overrides
 * (not their absolute path, so the manifest is the same on every machine).
 * Throws when `templatesDir` is not a readable directory.
 */
export function optionsHash(settings: BuildSettings, fs: BuildFs): string {
  const { templatesDir, ...emit } = settings.emit;
  const templates = templatesDir === undefined ? 'built-in' : hashDirectory(templatesDir, fs);
  return hashParts([stableJson({ targets: settings.targets, emit, limits: settings.limits ?? 'default', allowIncomplete: settings.allowIncomplete }), templates]);
}

function hashDirectory(dir: string, fs: BuildFs): string {
  const parts: string[] = [];
  const walk = (relative: string) => {
    const absolute = path.join(dir, relative);
    for (const name of fs.readdir(absolute).sort(compareStrings)) {
      const child = path.join(absolute, name);
      const childRelative = relative ? `${relative}/${name}` : name;
      const info = fs.stat(child);
      if (info?.isDirectory) walk(childRelative);
      else if (info?.isFile) parts.push(childRelative, fs.readFile(child).toString('utf8'));
    }
  };
  walk('');
  return hashParts(parts);
}

/** JSON with object keys sorted at every level. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => compareStrings(a, b))) : v,
  );
}
