import type { AuthMethod, CredentialField } from '../../model/connector-model.js';
import { type CredentialRule, wholeValuePattern } from '../../runtime/credentials.js';

/**
 * The credential rules for one auth method, in form order: the data that the
 * form schema, the generated client (`assertCredentials(RULES, …)`) and
 * `check-credentials` all validate against. Plain data with a fixed key order,
 * so it can be printed into generated code as it is.
 */
export function credentialRulesFor(method: AuthMethod): CredentialRule[] {
  return method.fields.map(credentialRuleFor);
}

/** One field's rule: only the validation-relevant parts of the field, unset options left out. */
export function credentialRuleFor(field: CredentialField): CredentialRule {
  return {
    key: field.key,
    label: field.label,
    required: field.required,
    secret: field.secret,
    // Patterns match the whole value, as documented; `^…$` patterns are kept as written.
    ...(field.pattern !== undefined ? { pattern: wholeValuePattern(field.pattern) } : {}),
    ...(field.patternMessage !== undefined ? { patternMessage: field.patternMessage } : {}),
    ...(field.format !== undefined ? { format: field.format } : {}),
    ...(field.minLength !== undefined ? { minLength: field.minLength } : {}),
    ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
  };
}
