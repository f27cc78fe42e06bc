/**
 * Rules for field kinds (`type: select`): a select has options, their values
 * are unique, a default is one of them, and, where an auth method or the base
 * URL puts the value, every option passes that place's rule. Checking the
 * fixed options here is what lets a select fill slots free text may not
 * (`https://api.{site}`), and keeps run-time patterns off selects.
 */
import { diagnostic, type Diagnostic, type DiagnosticCode } from '../diagnostics/diagnostic.js';
import type { SpecPath, SpecSourceMap } from '../load/source-map.js';
import { ROLE_RULES } from '../runtime/credentials.js';
import type { RawSpec } from './raw-spec.js';

export interface FieldRuleContext {
  readonly file: string;
  readonly sourceMap: SpecSourceMap;
}

/** CC3043: the option lists of select fields, and defaults. */
export function checkFieldOptions(spec: RawSpec, context: FieldRuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = report(out, context);
  spec.fields.forEach((field, index) => {
    const options = field.options ?? [];
    if (field.type === 'select' && field.options === undefined) {
      at('CC3043', ['fields', index, 'type'], `Select field \`${field.key}\` has no \`options\`.`, 'List its choices: `options: [{ value: us, label: US }, …]`.');
    }
    if (field.type !== 'select' && field.options !== undefined) {
      at('CC3043', ['fields', index, 'options'], `Field \`${field.key}\` has \`options\` but is not a select.`, 'Add `type: select`, or remove `options`.', true);
    }
    const seen = new Set<string>();
    options.forEach((option, optionIndex) => {
      if (seen.has(option.value)) at('CC3043', ['fields', index, 'options', optionIndex, 'value'], `Field \`${field.key}\` lists option \`${option.value}\` twice.`, 'Option values must be unique; remove the second one.');
      seen.add(option.value);
    });
    if (field.type === 'select' && field.default !== undefined && field.options !== undefined && !seen.has(field.default)) {
      at('CC3043', ['fields', index, 'default'], `The default of \`${field.key}\` is not one of its option values.`, `Use one of ${[...seen].map((value) => `\`${value}\``).join(', ')}.`);
    }
  });
  return out;
}

/** Reports an error at a spec path (the value's range, or the key's with `key`). */
export function report(out: Diagnostic[], context: FieldRuleContext) {
  return (code: DiagnosticCode, path: SpecPath, message: string, hint: string, key = false) => {
    const range = key ? context.sourceMap.keyRange(path) : context.sourceMap.valueRange(path);
    out.push(diagnostic(code, 'error', message, { file: context.file, ...range, path: toPointer(path) }, hint));
  };
}

function toPointer(path: SpecPath): string {
  return `/${path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}
