/**
 * The one composition of the front end: load → validate → model, for one spec
 * (`compileSpec`) and for a project (`compileSpecs`, adding the cross-file
 * rule). `compile()`, the build engine and the `validate` / `check-credentials`
 * commands all go through here. Imports no emitter, so the build engine can
 * load it without the heavy emit stage.
 */
import { compareStrings, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParsedSpec } from '../load/read-spec.js';
import { modelSpec } from '../model/build-model.js';
import type { ConnectorModel } from '../model/connector-model.js';
import { createMarkdownParser, type MarkdownParser } from '../model/markdown-blocks.js';
import { checkUniqueIds, declaredIdOf } from '../validate/validate-project.js';
import { createValidationContext, validateSpec, type ValidationContext } from '../validate/validate-spec.js';

/** Reusable per-run state of the front end: the validator's and the model builder's. */
export interface CompileContext {
  readonly validation: ValidationContext;
  readonly parseMarkdown: MarkdownParser;
}

export function createCompileContext(options: { readonly allowIncomplete?: boolean } = {}): CompileContext {
  return { validation: createValidationContext(options), parseMarkdown: createMarkdownParser() };
}

export interface CompiledSpec {
  /** Present when no stage reported an error (warnings allowed). */
  readonly model?: ConnectorModel;
  readonly diagnostics: readonly Diagnostic[];
  /** The top-level `id` the file declares, when it can be read even though the spec failed (for the unique-id rule). */
  readonly declaredId?: string;
}

/** validate → model for one parsed spec. The model is built even after semantic errors, so markdown problems are reported in the same run. */
export function compileSpec(parsed: ParsedSpec, context: CompileContext = createCompileContext()): CompiledSpec {
  const validated = validateSpec(parsed, context.validation);
  const diagnostics = [...validated.diagnostics];
  if (validated.checked === undefined) {
    const declaredId = declaredIdOf(parsed);
    return { diagnostics, ...(declaredId !== undefined ? { declaredId } : {}) };
  }
  const modelled = modelSpec(validated.checked, context.parseMarkdown);
  diagnostics.push(...modelled.diagnostics);
  if (hasErrors(diagnostics)) return { diagnostics, declaredId: validated.checked.spec.id };
  return { model: modelled.model, diagnostics };
}

export interface ProjectCompilation {
  /** Models of the specs without errors, sorted by id. */
  readonly models: readonly ConnectorModel[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Every spec through `compileSpec`, then the rule that spans files (unique ids, which also sees the ids of failed specs). */
export function compileSpecs(specs: readonly ParsedSpec[], context: CompileContext = createCompileContext()): ProjectCompilation {
  const diagnostics: Diagnostic[] = [];
  const compiled = specs.map((spec) => ({ spec, result: compileSpec(spec, context) }));
  for (const { result } of compiled) diagnostics.push(...result.diagnostics);
  const duplicates = checkUniqueIds(
    compiled.flatMap(({ spec, result }) => {
      const id = result.model?.id ?? result.declaredId;
      if (id === undefined) return [];
      const range = spec.sourceMap?.valueRange(['id']);
      return [{ file: spec.file, id, ...(range ? { range } : {}) }];
    }),
  );
  diagnostics.push(...duplicates);
  // A file whose id is taken has an error, so like any failing spec it yields no model.
  const failed = new Set(duplicates.map((d) => d.file));
  const models = compiled.flatMap(({ result }) => (result.model && !failed.has(result.model.sourceFile) ? [result.model] : []));
  return { models: models.sort((a, b) => compareStrings(a.id, b.id)), diagnostics };
}
