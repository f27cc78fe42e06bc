import type { AuthMethod, ConnectorModel } from '../../model/connector-model.js';
import { CREDENTIALS_TYPE_MESSAGE, type CredentialRule, credentialMessages, effectiveMinLength, ROLE_RULES, unknownFieldMessage } from '../../runtime/credentials.js';
import { credentialRulesFor } from '../../model/credential-rules.js';
import type { JsonObject } from './json.js';

/** The JSON Schema dialect of every form schema; @rjsf/validator-ajv8 (ajv's default class) targets it. */
export const FORM_SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/** Display-only parts of a field that the rules do not carry. */
export interface FieldAnnotations {
  readonly description?: string;
  readonly example?: string;
  /** The value the form starts with (JSON Schema `default`, which react-jsonschema-form fills in). */
  readonly default?: string | number | boolean;
}

export interface CredentialSchemaOptions {
  readonly title: string;
  readonly description: string;
  /** By field key. */
  readonly annotations?: Readonly<Record<string, FieldAnnotations>>;
}

/** The form schema for one auth method of a connector. */
export function buildFormSchema(model: ConnectorModel, method: AuthMethod): JsonObject {
  const annotations: Record<string, FieldAnnotations> = {};
  for (const field of method.fields) {
    annotations[field.key] = {
      ...(field.description !== undefined ? { description: field.description } : {}),
      ...(field.example !== undefined ? { example: field.example } : {}),
      ...(field.default !== undefined ? { default: field.default } : {}),
    };
  }
  return credentialSchema(credentialRulesFor(model, method), {
    title: formTitle(model, method),
    description: formDescription(model, method),
    annotations,
  });
}

/**
 * The admin form of an OAuth 2.0 method's connector profile: the same rules
 * as every credential form, over the profile's fields. `undefined` when the
 * method has no profile.
 */
export function buildProfileFormSchema(model: ConnectorModel, method: AuthMethod): JsonObject | undefined {
  const profile = profileMethod(method);
  if (profile === undefined) return undefined;
  const annotations: Record<string, FieldAnnotations> = {};
  for (const field of profile.fields) {
    annotations[field.key] = {
      ...(field.description !== undefined ? { description: field.description } : {}),
      ...(field.example !== undefined ? { example: field.example } : {}),
      ...(field.default !== undefined ? { default: field.default } : {}),
    };
  }
  return credentialSchema(credentialRulesFor(model, profile), {
    title: profileFormTitle(model, method),
    description: `One-time admin setup before users can link ${model.name} accounts: ${profile.fields.map((field) => field.label).join(', ')}.`,
    annotations,
  });
}

/**
 * The profile as an auth method of its own (its fields, no placements), so
 * the form, its UI schema and `check-credentials --profile` share the
 * credential-form code and rules.
 */
export function profileMethod(method: AuthMethod): AuthMethod | undefined {
  if (method.profile === undefined) return undefined;
  // `oauth2` too: a profile field its endpoints are templated from gets the same URL rules.
  return { id: method.id, type: method.type, label: method.label, fields: method.profile.fields, placements: [], ...(method.oauth2 !== undefined ? { oauth2: method.oauth2 } : {}) };
}

/** "Linear OAuth 2.0 connector profile": the admin form's heading. */
export function profileFormTitle(model: ConnectorModel, method: AuthMethod): string {
  return `${model.name} ${method.label} connector profile`;
}

/** "Connect Linear — API Key": the form's heading. */
export function formTitle(model: ConnectorModel, method: AuthMethod): string {
  return `Connect ${model.name} — ${method.label}`;
}

function formDescription(model: ConnectorModel, method: AuthMethod): string {
  if (method.fields.length === 0) return `Nothing to fill out: ${model.name} connects with ${method.label}.`;
  return `Fill out the following fields to connect ${model.name}: ${method.fields.map((field) => field.label).join(', ')}.`;
}

/**
 * A draft-07 schema that accepts exactly the credentials `checkCredentials`
 * accepts for these rules. Each rule becomes the matching keyword, and each
 * keyword carries its message as an ajv-errors `errorMessage`, taken from the
 * runtime's `credentialMessages`, so a form and a client report the same text.
 */
export function credentialSchema(rules: readonly CredentialRule[], options: CredentialSchemaOptions): JsonObject {
  const properties: Record<string, JsonObject> = {};
  for (const rule of rules) properties[rule.key] = propertySchema(rule, options.annotations?.[rule.key] ?? {});
  // A conditional field is required only while its condition holds: an `if`/`then` below, not the top-level `required`.
  const required = rules.filter((rule) => rule.required && rule.showWhen === undefined);
  const conditional = rules.filter((rule) => rule.required && rule.showWhen !== undefined);
  const requiredMessages: Record<string, string> = {};
  for (const rule of required) requiredMessages[rule.key] = credentialMessages(rule).missing;
  return {
    $schema: FORM_SCHEMA_DIALECT,
    title: options.title,
    description: options.description,
    type: 'object',
    required: required.map((rule) => rule.key),
    properties,
    additionalProperties: false,
    ...(conditional.length > 0 ? { allOf: conditional.map(conditionalRequirement) } : {}),
    errorMessage: {
      type: CREDENTIALS_TYPE_MESSAGE,
      ...(required.length > 0 ? { required: requiredMessages } : {}),
      additionalProperties: unknownFieldMessage(rules),
    },
  };
}

/**
 * `{ if: <condition>, then: { required: [key] } }` for a required field with
 * `showWhen`. Its string `errorMessage` (ajv-errors) replaces both errors ajv
 * reports when it fails (`required` inside `then`, and `if` itself) with the
 * field's one "is required" message, as `checkCredentials` reports it.
 */
function conditionalRequirement(rule: CredentialRule): JsonObject {
  const condition = rule.showWhen!;
  const test: JsonObject = condition.values === undefined ? { not: { const: '' } } : condition.values.length === 1 ? { const: condition.values[0]! } : { enum: [...condition.values] };
  return {
    if: { required: [condition.key], properties: { [condition.key]: test } },
    then: { required: [rule.key] },
    errorMessage: credentialMessages(rule).missing,
  };
}

function propertySchema(rule: CredentialRule, annotations: FieldAnnotations): JsonObject {
  if (rule.type !== undefined) return typedPropertySchema(rule, annotations);
  const messages = credentialMessages(rule);
  const minLength = effectiveMinLength(rule);
  return {
    type: 'string',
    title: rule.label,
    ...(annotations.description !== undefined ? { description: annotations.description } : {}),
    // Annotation for UIs and API tools: the value is entered, never displayed back.
    ...(rule.secret ? { writeOnly: true } : {}),
    ...(minLength !== undefined ? { minLength } : {}),
    ...(rule.maxLength !== undefined ? { maxLength: rule.maxLength } : {}),
    ...(rule.pattern !== undefined ? { pattern: rule.pattern } : {}),
    ...(rule.format !== undefined ? { format: rule.format } : {}),
    // A select: the option values; their labels are in the UI schema (`ui:enumNames`).
    ...(rule.options !== undefined ? { enum: [...rule.options] } : {}),
    // One entry per role (where the value is sent), each with its own pattern and message.
    ...(rule.roles !== undefined && rule.roles.length > 0
      ? { allOf: rule.roles.map((role, index) => ({ pattern: ROLE_RULES[role].pattern, errorMessage: { pattern: messages.roles?.[index] ?? '' } })) }
      : {}),
    ...(annotations.example !== undefined ? { examples: [annotations.example] } : {}),
    ...(annotations.default !== undefined ? { default: annotations.default } : {}),
    errorMessage: {
      type: messages.type,
      ...(messages.minLength !== undefined ? { minLength: messages.minLength } : {}),
      ...(messages.maxLength !== undefined ? { maxLength: messages.maxLength } : {}),
      ...(messages.pattern !== undefined ? { pattern: messages.pattern } : {}),
      ...(messages.format !== undefined ? { format: messages.format } : {}),
      ...(messages.options !== undefined ? { enum: messages.options } : {}),
    },
  };
}

/** A number or boolean field: its JSON type, a number's bounds, and their messages; no lengths, patterns or roles. */
function typedPropertySchema(rule: CredentialRule, annotations: FieldAnnotations): JsonObject {
  const messages = credentialMessages(rule);
  return {
    type: rule.type!,
    title: rule.label,
    ...(annotations.description !== undefined ? { description: annotations.description } : {}),
    ...(rule.minimum !== undefined ? { minimum: rule.minimum } : {}),
    ...(rule.maximum !== undefined ? { maximum: rule.maximum } : {}),
    ...(annotations.default !== undefined ? { default: annotations.default } : {}),
    errorMessage: {
      type: messages.type,
      ...(messages.minimum !== undefined ? { minimum: messages.minimum } : {}),
      ...(messages.maximum !== undefined ? { maximum: messages.maximum } : {}),
    },
  };
}
