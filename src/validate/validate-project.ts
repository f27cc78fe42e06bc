import { diagnostic, type Diagnostic, compareStrings } from '../diagnostics/diagnostic.js';
import type { ParsedSpec } from '../load/read-spec.js';
import type { ConnectorModel } from '../model/connector-model.js';
import { createValidationContext, validateSpec, type ValidationContext } from './validate-spec.js';

export interface ProjectValidation {
  /** Models of the specs without errors, sorted by id. */
  readonly models: readonly ConnectorModel[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Validates every spec, then the rules that span files (unique ids). */
export function validateSpecs(specs: readonly ParsedSpec[], context: ValidationContext = createValidationContext()): ProjectValidation {
  const diagnostics: Diagnostic[] = [];
  const models: ConnectorModel[] = [];
  for (const spec of specs) {
    const result = validateSpec(spec, context);
    diagnostics.push(...result.diagnostics);
    if (result.model) models.push(result.model);
  }
  const duplicates = checkUniqueIds(models, specs);
  diagnostics.push(...duplicates);
  // A file whose id is taken has an error, so like any failing spec it yields no model.
  const failed = new Set(duplicates.map((d) => d.file));
  const kept = models.filter((model) => !failed.has(model.sourceFile));
  return { models: kept.sort((a, b) => compareStrings(a.id, b.id)), diagnostics };
}

/** Two files may not declare the same connector id (e.g. `a/hive.yaml` and `b/hive.yaml`). */
export function checkUniqueIds(models: readonly ConnectorModel[], specs: readonly ParsedSpec[]): Diagnostic[] {
  const first = new Map<string, ConnectorModel>();
  const out: Diagnostic[] = [];
  for (const model of [...models].sort((a, b) => compareStrings(a.sourceFile, b.sourceFile))) {
    const earlier = first.get(model.id);
    if (!earlier) {
      first.set(model.id, model);
      continue;
    }
    const range = specs.find((s) => s.file === model.sourceFile)?.sourceMap?.valueRange(['id']);
    out.push(
      diagnostic('CC3004', 'error', `Connector id \`${model.id}\` is already declared in \`${earlier.sourceFile}\`.`, { file: model.sourceFile, ...(range ?? {}), path: '/id' }, 'Connector ids must be unique across all spec files.'),
    );
  }
  return out;
}
