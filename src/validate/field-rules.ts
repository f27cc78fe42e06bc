/**
 * Rules for field kinds (`type: select`): a select has options, their values
 * are unique, a default is one of them, and, where an auth method or the base
 * URL puts the value, every option passes that place's rule. Checking the
 * fixed options here is what lets a select fill slots free text may not
 * (`https://api.{site}`), and keeps run-time patterns off selects.
 */
import { diagnostic, type Diagnostic, type DiagnosticCode } from '../diagnostics/diagnostic.js';
import type { SpecPath, SpecSourceMap } from '../load/source-map.js';
import type { ConnectorModel } from '../model/connector-model.js';
import { placementRoles } from '../emit/forms/credential-rules.js';
import { ROLE_RULES } from '../runtime/credentials.js';
import type { RawSpec } from './raw-spec.js';

export interface FieldRuleContext {
  readonly file: string;
  readonly sourceMap: SpecSourceMap;
}

/** CC3040: the option lists of select fields, and defaults. */
export function checkFieldOptions(spec: RawSpec, context: FieldRuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = report(out, context);
  spec.fields.forEach((field, index) => {
    const options = field.options ?? [];
    if (field.type === 'select' && field.options === undefined) {
      at('CC3040', ['fields', index, 'type'], `Select field \`${field.key}\` has no \`options\`.`, 'List its choices: `options: [{ value: us, label: US }, …]`.');
    }
    if (field.type !== 'select' && field.options !== undefined) {
      at('CC3040', ['fields', index, 'options'], `Field \`${field.key}\` has \`options\` but is not a select.`, 'Add `type: select`, or remove `options`.', true);
    }
    const seen = new Set<string>();
    options.forEach((option, optionIndex) => {
      if (seen.has(option.value)) at('CC3040', ['fields', index, 'options', optionIndex, 'value'], `Field \`${field.key}\` lists option \`${option.value}\` twice.`, 'Option values must be unique; remove the second one.');
      seen.add(option.value);
    });
    if (field.type === 'select' && field.default !== undefined && field.options !== undefined && !seen.has(field.default)) {
      at('CC3040', ['fields', index, 'default'], `The default of \`${field.key}\` is not one of its option values.`, `Use one of ${[...seen].map((value) => `\`${value}\``).join(', ')}.`);
    }
  });
  return out;
}

/**
 * CC3031: each option of a select passes the rule of every place an auth
 * method or the base URL puts the field (a header value, a host, a host
 * label, a port…), the same `ROLE_RULES` the form and the client apply to
 * free text. Reported once per option and role, at the option's value.
 */
export function checkOptionPlacements(model: ConnectorModel, spec: RawSpec, context: FieldRuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = report(out, context);
  const reported = new Set<string>();
  for (const method of model.authMethods) {
    const roles = placementRoles(model, method);
    for (const field of method.fields) {
      if (field.multiline === true) {
        // Its value may hold line breaks, which no header, host or port can carry.
        const role = (roles.get(field.key) ?? []).find((r) => !new RegExp(ROLE_RULES[r].pattern, 'u').test('a\nb'));
        if (role !== undefined && !reported.has(field.key)) {
          reported.add(field.key);
          const fieldIndex = spec.fields.findIndex((raw) => raw.key === field.key);
          at('CC3031', ['fields', fieldIndex, 'type'], `Field \`${field.key}\` is multi-line, but auth method \`${method.id}\` or the base URL puts it where a line break cannot go (${role}).`, 'Use `type: text`, or send the field in a query parameter or the basic-auth password.');
        }
      }
      if (field.options === undefined) continue;
      const fieldIndex = spec.fields.findIndex((raw) => raw.key === field.key);
      for (const role of roles.get(field.key) ?? []) {
        field.options.forEach((option, optionIndex) => {
          const id = `${field.key}\u0000${optionIndex}\u0000${role}`;
          if (reported.has(id) || new RegExp(ROLE_RULES[role].pattern, 'u').test(option.value)) return;
          reported.add(id);
          at('CC3031', ['fields', fieldIndex, 'options', optionIndex, 'value'], `Option \`${option.value}\` of \`${field.key}\`: ${ROLE_RULES[role].message(field.label)}`, 'Every option of a select must fit each place the value is sent.');
        });
      }
    }
  }
  return out;
}

function report(out: Diagnostic[], context: FieldRuleContext) {
  return (code: DiagnosticCode, path: SpecPath, message: string, hint: string, key = false) => {
    const range = key ? context.sourceMap.keyRange(path) : context.sourceMap.valueRange(path);
    out.push(diagnostic(code, 'error', message, { file: context.file, ...range, path: toPointer(path) }, hint));
  };
}

function toPointer(path: SpecPath): string {
  return `/${path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}
