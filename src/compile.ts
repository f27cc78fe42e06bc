import { hasErrors, sortDiagnostics, type Diagnostic, compareStrings } from './diagnostics/diagnostic.js';
import { locateByPath } from './validate/locate-diagnostics.js';
import { clientEmitter } from './emit/client/index.js';
import { docsEmitter } from './emit/docs/index.js';
import { ALL_TARGETS, resolveEmitOptions, type EmitOptions, type EmitOptionsInput, type Emitter, type OutputFile, type Target } from './emit/emitter.js';
import { formsEmitter } from './emit/forms/index.js';
import type { SpecSource } from './load/load-specs.js';
import { DEFAULT_LOAD_LIMITS, parseSpecText, type LoadLimits } from './load/read-spec.js';
import type { ConnectorModel } from './model/connector-model.js';
import { compileSpecs, createCompileContext } from './pipeline/compile-spec.js';

/** Emit options with their defaults (defined beside the defaults, in emit/emitter.ts). */
export { resolveEmitOptions };

export const EMITTERS: Readonly<Record<Target, Emitter>> = { clients: clientEmitter, forms: formsEmitter, docs: docsEmitter };

export interface CompileOptions {
  /** Spec texts with their display paths. Reading them from disk is the caller's job (see `loadSpecs`). */
  readonly specs: readonly SpecSource[];
  readonly targets?: readonly Target[];
  readonly emit?: EmitOptionsInput;
  readonly limits?: LoadLimits;
  /** Build specs whose API part is still an import TODO (CC3020 becomes a warning; no client for them). */
  readonly allowIncomplete?: boolean;
  /** Replaces built-in emitters by target (tests, plugins); targets without an emitter here use the built-in one. */
  readonly emitters?: Readonly<Partial<Record<Target, Emitter>>>;
}

export interface CompileResult {
  readonly models: readonly ConnectorModel[];
  /** Every diagnostic of every spec, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Generated files by output-relative path, sorted; empty when any spec has an error. */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * The whole compiler as one pure function: load → validate → model → emit.
 * Touches no disk beyond reading user templates; writing is `build/`'s job.
 */
export function compile(options: CompileOptions): CompileResult {
  const parsed = options.specs.map((spec) => parseSpecText(spec.file, spec.source, options.limits ?? DEFAULT_LOAD_LIMITS));
  const { models, diagnostics } = compileSpecs(parsed, createCompileContext({ allowIncomplete: options.allowIncomplete === true }));
  if (hasErrors(diagnostics)) return { models, diagnostics: sortDiagnostics(diagnostics), files: new Map() };
  const emitted = emitAll(models, options.targets ?? ALL_TARGETS, resolveEmitOptions(options.emit), { ...EMITTERS, ...options.emitters });
  const byFile = new Map(parsed.map((spec) => [spec.file, spec]));
  const located = locateByPath(emitted.diagnostics, (file) => byFile.get(file)?.sourceMap);
  return { models, diagnostics: sortDiagnostics([...diagnostics, ...located]), files: emitted.files };
}

/** Runs the chosen emitters over valid models; output is sorted by path for determinism. */
export function emitAll(models: readonly ConnectorModel[], targets: readonly Target[], options: EmitOptions, emitters: Readonly<Record<Target, Emitter>> = EMITTERS): { files: Map<string, string>; diagnostics: Diagnostic[] } {
  const files: OutputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const target of ALL_TARGETS.filter((t) => targets.includes(t))) {
    const emitter = emitters[target].prepare(options);
    for (const model of models) {
      const result = emitter.emitConnector(model);
      files.push(...result.files);
      diagnostics.push(...result.diagnostics);
    }
    const index = emitter.emitIndex(models);
    files.push(...index.files);
    diagnostics.push(...index.diagnostics);
  }
  files.sort((a, b) => compareStrings(a.path, b.path));
  return { files: new Map(files.map((f) => [f.path, f.contents])), diagnostics };
}
