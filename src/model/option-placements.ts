import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { ROLE_RULES, type CredentialRole } from '../runtime/credentials.js';
import { report, type FieldRuleContext } from '../validate/field-rules.js';
import type { RawSpec } from '../validate/raw-spec.js';
import type { ConnectorModel, CredentialField } from './connector-model.js';
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
    // A number or boolean wherever this method or the base URL puts it (a base URL field the method does not list included).
    for (const field of model.fields) {
      if (field.valueType === undefined || reported.has(field.key)) continue;
      const role = (roles.get(field.key) ?? []).find((r) => !typedValueFits(field, r));
      if (role === undefined) continue;
      reported.add(field.key);
      const fieldIndex = spec.fields.findIndex((raw) => raw.key === field.key);
      at('CC3031', ['fields', fieldIndex, 'type'], `Field \`${field.key}\` is a ${field.valueType === 'boolean' ? 'checkbox' : 'number'}, but auth method \`${method.id}\` or the base URL puts it where its text cannot go (${role}).`, TYPED_HINTS[role] ?? 'Use a text field there.');
    }
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


/** The largest whole number whose text always passes the `json-number` rule (15 digits). */
const JSON_NUMBER_LIMIT = 999_999_999_999_999;

/**
 * Whether every value a number or boolean field accepts has a text (`String(value)`:
 * `443`, `-2.5`, `true`) that the role's rule accepts. Header, query, basic-auth and
 * path text always fit. A host or host label never takes one (`true` is no host, and
 * a numeric last label reads as an IPv4 address); a port takes a whole number in
 * 0–65535; a JSON number member a whole number of at most 15 digits.
 */
function typedValueFits(field: CredentialField, role: CredentialRole): boolean {
  const whole = (low: number, high: number) => field.valueType === 'integer' && field.minimum !== undefined && field.maximum !== undefined && field.minimum >= low && field.maximum <= high;
  switch (role) {
    case 'header':
    case 'basic-user':
    case 'utf8':
    case 'path':
      return true;
    case 'port':
      return whole(0, 65535);
    case 'json-number':
      return whole(-JSON_NUMBER_LIMIT, JSON_NUMBER_LIMIT);
    case 'host-label':
    case 'host':
    case 'local-host':
      return false;
  }
}

const TYPED_HINTS: Partial<Record<CredentialRole, string>> = {
  port: 'A port must be `type: number` with `integer: true`, `minimum: 0` or more and `maximum: 65535` or less.',
  'json-number': 'A JSON number member needs `integer: true` with `minimum` and `maximum` within ±999999999999999.',
  'host-label': 'Use a text field or a select for a part of the host.',
  host: 'Use a text field or a select for the host.',
  'local-host': 'Use a text field or a select for the host.',
};
