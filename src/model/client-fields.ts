/**
 * Helpers over the model that more than one consumer needs: the credential
 * fields and rules of a generated client (the client emitter, and anything
 * that must agree with it), and whether an operation's params are required.
 */
import type { AuthMethod, ConnectorModel, CredentialField, Operation, Template } from './connector-model.js';
import type { CredentialRule } from '../runtime/credentials.js';
import { credentialRuleFor, credentialRulesFor, placementRoles } from './credential-rules.js';

/** The variable OAuth 2.0 methods provide besides their fields (see the validator's `OAUTH2_TEMPLATE_VARIABLES`). */
const ACCESS_TOKEN: CredentialField = { key: 'accessToken', label: 'Access Token', description: 'An OAuth 2.0 access token obtained for this connection.', required: true, secret: true };

/**
 * The fields a client for `method` needs: the method's own fields, then any
 * field the base URL uses that the method does not list (a subdomain), then
 * the OAuth 2.0 access token when the placements use it.
 */
export function clientFields(model: ConnectorModel, method: AuthMethod): CredentialField[] {
  const fields = [...method.fields];
  const has = (key: string) => fields.some((field) => field.key === key);
  for (const part of model.api.baseUrl.parts) {
    if (part.type !== 'field' || has(part.key)) continue;
    const field = model.fields.find((f) => f.key === part.key);
    if (field) fields.push(field);
  }
  const usesToken = method.placements.some((placement) => templatesOf(placement).some((t) => t.parts.some((p) => p.type === 'field' && p.key === 'accessToken')));
  if (method.type === 'oauth2' && usesToken && !has('accessToken')) fields.push(ACCESS_TOKEN);
  return fields;
}

/** Rules for the client's fields: the forms helper's rules first, so the form and the client agree. */
export function clientRules(model: ConnectorModel, method: AuthMethod): CredentialRule[] {
  const own = credentialRulesFor(model, method);
  const extra = clientFields(model, method).filter((field) => !method.fields.includes(field));
  const roles = placementRoles(model, method);
  return [...own, ...extra.map((field) => credentialRuleFor(field, roles.get(field.key)))];
}

/** Whether a call must pass `params`: some parameter, or the body, is required. */
export function paramsRequired(operation: Operation): boolean {
  return operation.parameters.some((parameter) => parameter.required) || operation.body?.required === true;
}

function templatesOf(placement: AuthMethod['placements'][number]): Template[] {
  if (placement.type === 'json-header') return placement.members.map((member) => member.value);
  return placement.type === 'basic' ? [placement.username, placement.password] : [placement.value];
}
