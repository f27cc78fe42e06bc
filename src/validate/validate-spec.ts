import type { ValidateFunction } from 'ajv';
import { diagnostic, hasErrors, type Diagnostic, type DiagnosticCode } from '../diagnostics/diagnostic.js';
import type { ParsedSpec } from '../load/read-spec.js';
import type { ConnectorModel } from '../model/connector-model.js';
import { buildModel } from '../model/build-model.js';
import { createMarkdownParser, type MarkdownParser, type MarkdownProblem } from '../model/markdown-blocks.js';
import { checkIncomplete } from './incomplete.js';
import type { RawSpec } from './raw-spec.js';
import { schemaErrorsToDiagnostics } from './schema-diagnostics.js';
import { withoutSchemaErrors } from './schema-pruning.js';
import { checkPlaceholderText } from './placeholder-text.js';
import { checkOutputNames } from './output-names.js';
import { checkSecretLikeText } from './secret-text.js';
import { checkSemantics } from './semantic-rules.js';
import { checkFieldOptions, checkOptionPlacements } from './field-rules.js';
import { createPatternSafetyCache, type PatternSafety } from './pattern-safety.js';
import { createSpecSchemaValidator } from './spec-schema.js';
import { checkControlCharacters, checkHeaderValues } from './text-rules.js';

/** Reusable per-run state: the compiled schema and the markdown reader. */
export interface ValidationContext {
  readonly schemaValidator: ValidateFunction;
  readonly parseMarkdown: MarkdownParser;
  /** Report an imported spec's API TODO (CC3020) as a warning and build its model, marked incomplete. */
  readonly allowIncomplete?: boolean;
  /** The ReDoS check of field patterns, memoised for the run. */
  readonly patternSafety?: (source: string) => PatternSafety;
}

export function createValidationContext(options: { readonly allowIncomplete?: boolean } = {}): ValidationContext {
  return { schemaValidator: createSpecSchemaValidator(), parseMarkdown: createMarkdownParser(), patternSafety: createPatternSafetyCache(), ...(options.allowIncomplete ? { allowIncomplete: true } : {}) };
}

export interface ValidationResult {
  /** Present when the spec has no errors (warnings allowed). */
  readonly model?: ConnectorModel;
  readonly diagnostics: readonly Diagnostic[];
}

const MARKDOWN_CODES: Record<MarkdownProblem['kind'], DiagnosticCode> = {
  parse: 'CC3010',
  'link-without-url': 'CC3011',
  'image-without-alt': 'CC3012',
  'unsafe-url': 'CC3013',
  unsupported: 'CC3014',
  'raw-html': 'CC3014',
};

/**
 * validate → model for one parsed spec: JSON Schema, then semantic rules, then
 * the model (whose markdown reading reports its own problems).
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
  diagnostics.push(...checkPlaceholderText(data, { file, sourceMap }));
  diagnostics.push(...checkOutputNames(spec, { file, sourceMap }));
  diagnostics.push(...checkHeaderValues(spec, { file, sourceMap }));
  diagnostics.push(...checkControlCharacters(spec, { file, sourceMap }));
  diagnostics.push(...checkSecretLikeText(spec, { file, sourceMap }));
  diagnostics.push(...checkFieldOptions(spec, { file, sourceMap }));
  // The model is built even after semantic errors (it tolerates dangling references),
  // so markdown problems are reported in the same run rather than after the next fix.

  const model = incomplete.finish(buildModel(spec, {
    sourceFile: file,
    parseMarkdown: context.parseMarkdown,
    onMarkdownProblem: (path, problem) => {
      const { line, column } = sourceMap.stringPosition(path, problem.offset);
      // Underline the offending text when it ends on the same line (the last character, then one past it).
      const last = problem.endOffset !== undefined && problem.endOffset > problem.offset ? sourceMap.stringPosition(path, problem.endOffset - 1) : undefined;
      const end = last !== undefined && last.line === line ? { endLine: line, endColumn: last.column + 1 } : {};
      const severity = problem.kind === 'raw-html' ? 'warning' : 'error';
      diagnostics.push(diagnostic(MARKDOWN_CODES[problem.kind], severity, problem.message, { file, line, column, ...end, path: `/${path.join('/')}` }, problem.hint));
    },
  }));
  diagnostics.push(...checkOptionPlacements(model, spec, { file, sourceMap }));
  return hasErrors(diagnostics) ? { diagnostics } : { model, diagnostics };
}

/** `connectors/clay-hr.yaml` → `clay-hr`; ids must equal their file names. */
export function expectedIdFromFile(file: string): string | undefined {
  const base = file.split(/[\\/]/).pop() ?? '';
  const match = /^(.*)\.ya?ml$/.exec(base);
  return match ? match[1] : undefined;
}
