import type { ValidateFunction } from 'ajv';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParsedSpec } from '../load/read-spec.js';
import type { SpecSourceMap } from '../load/source-map.js';
import { checkIncomplete, type CompleteSpec, type IncompletePlaceholders } from './incomplete.js';
import type { RawSpec } from './raw-spec.js';
import { schemaErrorsToDiagnostics } from './schema-diagnostics.js';
import { withoutSchemaErrors } from './schema-pruning.js';
import { checkPlaceholderText } from './placeholder-text.js';
import { checkOutputNames } from './output-names.js';
import { checkSecretLikeText } from './secret-text.js';
import { checkSemantics } from './semantic-rules.js';
import { checkGuideScopes } from './scope-rules.js';
import { checkFieldConditions, checkFieldKinds, checkFieldOptions } from './field-rules.js';
import { createPatternSafetyCache, type PatternSafety } from './pattern-safety.js';
import { createSpecSchemaValidator } from './spec-schema.js';
import { checkControlCharacters, checkHeaderValues } from './text-rules.js';

/** Reusable per-run state: the compiled schema and the pattern-safety memo. */
export interface ValidationContext {
  readonly schemaValidator: ValidateFunction;
  /** Report an imported spec's API TODO (CC3020) as a warning, so its model is built, marked incomplete. */
  readonly allowIncomplete?: boolean;
  /** The ReDoS check of field patterns, memoised for the run. */
  readonly patternSafety?: (source: string) => PatternSafety;
}

export function createValidationContext(options: { readonly allowIncomplete?: boolean } = {}): ValidationContext {
  return { schemaValidator: createSpecSchemaValidator(), patternSafety: createPatternSafetyCache(), ...(options.allowIncomplete ? { allowIncomplete: true } : {}) };
}

/** A spec that passed the JSON Schema, ready for the model builder. */
export interface CheckedSpec {
  readonly file: string;
  readonly sourceMap: SpecSourceMap;
  readonly spec: CompleteSpec;
  /** Present when the spec is an imported one with an API TODO (see `incomplete.ts`). */
  readonly placeholders?: IncompletePlaceholders;
}

export interface ValidationResult {
  /**
   * Present when the spec passed the JSON Schema (the parts that did), even if
   * a semantic rule failed: the model builder tolerates dangling references, so
   * its own problems (markdown) are reported in the same run. Whether the spec
   * is valid is `hasErrors(diagnostics)`.
   */
  readonly checked?: CheckedSpec;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The validate stage for one parsed spec: JSON Schema, then the semantic rules.
 * Builds no model (that is `model/`'s job; `compileSpec` composes the two).
 */
export function validateSpec(parsed: ParsedSpec, context: ValidationContext = createValidationContext()): ValidationResult {
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  if (parsed.data === undefined || parsed.sourceMap === undefined || hasErrors(diagnostics)) return { diagnostics };
  const { file, sourceMap } = parsed;

  const version = (parsed.data as { specVersion?: unknown }).specVersion;
  if (typeof version === 'number' && version !== 1) {
    diagnostics.push(diagnostic('CC3024', 'error', `Spec format version ${version} is not supported by this compiler (it reads version 1).`, { file, ...sourceMap.valueRange(['specVersion']) }, 'Upgrade connector-compiler, or write `specVersion: 1`.'));
    return { diagnostics };
  }
  let data = parsed.data;
  if (!context.schemaValidator(data)) {
    const errors = context.schemaValidator.errors ?? [];
    diagnostics.push(...schemaErrorsToDiagnostics(errors, file, sourceMap));
    // The rest of the spec may still have problems of its own: check it without the broken parts, if it stands without them.
    const rest = withoutSchemaErrors(data, errors);
    if (rest === undefined || !context.schemaValidator(rest)) return { diagnostics };
    data = rest;
  }
  const incomplete = checkIncomplete(data as RawSpec, { file, sourceMap, allowIncomplete: context.allowIncomplete === true });
  diagnostics.push(...incomplete.diagnostics);
  const spec = incomplete.spec;
  diagnostics.push(...checkSemantics(spec, { file, sourceMap, expectedId: expectedIdFromFile(file), ...(context.patternSafety ? { patternSafety: context.patternSafety } : {}) }));
  diagnostics.push(...checkGuideScopes(spec, { file, sourceMap }));
  diagnostics.push(...checkPlaceholderText(data, { file, sourceMap }));
  diagnostics.push(...checkOutputNames(spec, { file, sourceMap }));
  diagnostics.push(...checkHeaderValues(spec, { file, sourceMap }));
  diagnostics.push(...checkControlCharacters(spec, { file, sourceMap }));
  diagnostics.push(...checkSecretLikeText(spec, { file, sourceMap }));
  diagnostics.push(...checkFieldOptions(spec, { file, sourceMap }));
  diagnostics.push(...checkFieldKinds(spec, { file, sourceMap }));
  diagnostics.push(...checkFieldConditions(spec, { file, sourceMap }));
  return { checked: { file, sourceMap, spec, ...(incomplete.placeholders ? { placeholders: incomplete.placeholders } : {}) }, diagnostics };
}

/** `connectors/clay-hr.yaml` → `clay-hr`; ids must equal their file names. */
export function expectedIdFromFile(file: string): string | undefined {
  const base = file.split(/[\\/]/).pop() ?? '';
  const match = /^(.*)\.ya?ml$/.exec(base);
  return match ? match[1] : undefined;
}
