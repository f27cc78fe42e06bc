/**
 * The runtime data of one generated client (`ConnectorDescription`), built
 * from the model as plain data; `literal()` prints it. Keeping behaviour in
 * data means the generated file holds types and thin methods, and all the
 * request logic lives (and is tested) once, in the runtime.
 */
import type { AuthMethod, ConnectorModel, CredentialField, OAuth2Settings, Operation, Template } from '../../model/connector-model.js';
import type { ConnectorDescription, OAuth2Description, OperationDescription, PlacementDescription, TemplatePart } from '../../runtime/description.js';
import type { CredentialRule } from '../../runtime/credentials.js';
import { clientRules } from '../../model/client-fields.js';
import { credentialRuleFor, credentialRulesFor, placementRoles } from '../../model/credential-rules.js';
import { parameterKeys } from './identifiers.js';

export function describeConnector(model: ConnectorModel): ConnectorDescription {
  const verify = model.api.verify;
  const verifyOperation = verify && model.api.operations.find((operation) => operation.id === verify.operationId);
  return {
    id: model.id,
    name: model.name,
    baseUrl: templateParts(model.api.baseUrl),
    headers: model.api.headers.map((header) => [header.name, header.value] as const),
    authMethods: Object.fromEntries(
      model.authMethods.map((method) => [
        method.id,
        { label: method.label, rules: clientRules(model, method), placements: method.placements.map(describePlacement), ...(method.oauth2 ? { oauth2: describeOAuth2(method.oauth2) } : {}) },
      ]),
    ),
    operations: Object.fromEntries(model.api.operations.map((operation) => [operation.id, describeOperation(operation)])),
    ...(verify && verifyOperation
      ? {
          verify: {
            operation: verify.operationId,
            arguments: verifyArguments(verifyOperation, verify.arguments),
            // Only when present, so clients of specs without conditions print as before.
            ...(verify.expect.length > 0 ? { expect: verify.expect } : {}),
            ...(verify.failWhen.length > 0 ? { failWhen: verify.failWhen } : {}),
          },
        }
      : {}),
  };
}

function endpoint(url: Template): string | readonly TemplatePart[] {
  return url.parts.some((part) => part.type === 'field') ? templateParts(url) : url.parts.map((part) => (part.type === 'text' ? part.value : '')).join('');
}

function describeOAuth2(oauth2: OAuth2Settings): OAuth2Description {
  return {
    // Fixed URLs as text; templated ones as parts, which `oauth2Config` fills in like the base URL.
    authorizationUrl: endpoint(oauth2.authorizationUrl),
    tokenUrl: endpoint(oauth2.tokenUrl),
    scopes: oauth2.scopes,
    scopeSeparator: oauth2.scopeSeparator,
    pkce: oauth2.pkce,
    // `fromEntries` defines own properties, so a parameter called `__proto__` stays an ordinary key.
    authorizationParams: Object.fromEntries(oauth2.authorizationParams.map((param) => [param.name, param.value])),
    clientAuthentication: oauth2.clientAuthentication,
    clientCredentials: oauth2.clientCredentials,
  };
}

function describeOperation(operation: Operation): OperationDescription {
  const keys = parameterKeys(operation);
  const pathKey = new Map(keys.filter((k) => k.parameter.in === 'path').map((k) => [k.parameter.name, k.key]));
  return {
    method: operation.method,
    pathTemplate: operation.path,
    path: operation.pathParts.map((part) => (part.type === 'text' ? { type: 'text', value: part.value } : { type: 'param', key: pathKey.get(part.name) ?? part.name })),
    idempotent: operation.idempotent,
    parameters: keys.map(({ parameter, key }) => ({ key, name: parameter.name, in: parameter.in, required: parameter.required })),
    ...(operation.body ? { body: { required: operation.body.required } } : {}),
  };
}

/** The spec names verify arguments by parameter name; the runtime wants params-object keys. */
function verifyArguments(operation: Operation, args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const keys = parameterKeys(operation);
  // No prototype, so an argument called `__proto__` stays an ordinary key.
  const out = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of Object.entries(args)) {
    if (name === 'body' && operation.body) {
      out['body'] = value;
      continue;
    }
    // Several parameters may share a name (path `id`, query `id`): the first in rank order (path, query, header) takes it.
    const match = keys.filter((k) => k.parameter.name === name).sort((a, b) => rank(a.parameter.in) - rank(b.parameter.in))[0];
    out[match?.key ?? name] = value;
  }
  return out;
}

function rank(location: 'path' | 'query' | 'header'): number {
  return location === 'path' ? 0 : location === 'query' ? 1 : 2;
}

function describePlacement(placement: AuthMethod['placements'][number]): PlacementDescription {
  switch (placement.type) {
    case 'bearer':
      return { type: 'bearer', value: templateParts(placement.value) };
    case 'header':
    case 'query':
      return { type: placement.type, name: placement.name, value: templateParts(placement.value) };
    case 'json-header':
      return { type: 'json-header', name: placement.name, members: placement.members.map((member) => ({ name: member.name, value: templateParts(member.value), as: member.as })) };
    case 'basic':
      return { type: 'basic', username: templateParts(placement.username), password: templateParts(placement.password) };
  }
}


function templateParts(template: Template): TemplatePart[] {
  return template.parts.map((part) => (part.type === 'text' ? { type: 'text', value: part.value } : { type: 'field', key: part.key }));
}
