import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { ROLE_RULES } from '../runtime/credentials.js';
import { report, type FieldRuleContext } from '../validate/field-rules.js';
import type { RawSpec } from '../validate/raw-spec.js';
import type { ConnectorModel } from './connector-model.js';
import { placementRoles } from './credential-rules.js';

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

