import { definedProps } from '../defined-props.js';
import type { AuthMethod, ConnectorModel, CredentialField, TemplatePart } from './connector-model.js';
import { CREDENTIAL_ROLES, type CredentialRole, type CredentialRule, wholeValuePattern } from '../runtime/credentials.js';
import { classifySlots } from '../runtime/url.js';

/**
 * The credential rules for one auth method, in form order: the data that the
 * form schema, the generated client (`assertCredentials(RULES, …)`) and
 * `check-credentials` all validate against. Plain data with a fixed key order,
 * so it can be printed into generated code as it is.
 */
export function credentialRulesFor(model: ConnectorModel, method: AuthMethod): CredentialRule[] {
  const roles = placementRoles(model, method);
  return method.fields.map((field) => credentialRuleFor(field, roles.get(field.key)));
}

/**
 * The roles each field plays in this method's requests: in a header value
 * (bearer and header placements), as the basic-auth user name, and in the
 * base URL or an OAuth 2.0 endpoint (a host label, the whole host, the port, a path segment), where
 * the slot is decided by the runtime's own `classifySlots`. Query values and
 * basic auth are encoded as UTF-8, so they only need well-formed text.
 */
export function placementRoles(model: ConnectorModel, method: AuthMethod): Map<string, CredentialRole[]> {
  const found = new Map<string, Set<CredentialRole>>();
  const add = (parts: readonly TemplatePart[], role: CredentialRole) => {
    for (const part of parts) {
      if (part.type !== 'field') continue;
      const roles = found.get(part.key) ?? new Set<CredentialRole>();
      roles.add(role);
      found.set(part.key, roles);
    }
  };
  for (const placement of method.placements) {
    if (placement.type === 'bearer' || placement.type === 'header') add(placement.value.parts, 'header');
    if (placement.type === 'query') add(placement.value.parts, 'utf8');
    // String members are JSON-escaped into plain ASCII; number members must be JSON numbers.
    if (placement.type === 'json-header') for (const member of placement.members) if (member.as === 'number') add(member.value.parts, 'json-number');
    if (placement.type === 'basic') {
      add(placement.username.parts, 'basic-user');
      add([...placement.username.parts, ...placement.password.parts], 'utf8');
    }
  }
  // The base URL, and an OAuth 2.0 method's endpoints templated from a region or tenant: the same slots.
  const urls = [model.api.baseUrl.parts, ...(method.oauth2 !== undefined ? [method.oauth2.authorizationUrl.parts, method.oauth2.tokenUrl.parts] : [])];
  for (const url of urls) {
    const slots = classifySlots(url);
    url.forEach((part, index) => {
      const slot = slots[index];
      if (part.type !== 'field' || slot === undefined) return;
      const role: CredentialRole = slot === 'label' ? 'host-label' : slot === 'hostname' || slot === 'host-suffix' ? (model.api.allowLocalHosts === true ? 'local-host' : 'host') : slot;
      add([part], role);
    });
  }
  return new Map([...found].map(([key, roles]) => [key, CREDENTIAL_ROLES.filter((role) => roles.has(role))]));
}

/** One field's rule: only the validation-relevant parts of the field, unset options left out. */
export function credentialRuleFor(field: CredentialField, roles: readonly CredentialRole[] = []): CredentialRule {
  return {
    key: field.key,
    label: field.label,
    required: field.required,
    secret: field.secret,
    // Patterns match the whole value, as documented; `^…$` patterns are kept as written.
    ...(field.pattern !== undefined ? { pattern: wholeValuePattern(field.pattern) } : {}),
    ...definedProps({ patternMessage: field.patternMessage, format: field.format, minLength: field.minLength, maxLength: field.maxLength, type: field.valueType, minimum: field.minimum, maximum: field.maximum }),
    ...(field.showWhen !== undefined ? { showWhen: { key: field.showWhen.field, ...(field.showWhen.values !== undefined ? { values: [...field.showWhen.values] } : {}) } } : {}),
    // A select's options were each checked against its roles at validation (CC3031), so its rule carries the options instead;
    // so was every place a number or boolean is sent (its text, `443` or `true`, fits each), so it carries no roles.
    ...(field.options !== undefined ? { options: field.options.map((option) => option.value) } : roles.length > 0 && field.valueType === undefined ? { roles: [...roles] } : {}),
  };
}
