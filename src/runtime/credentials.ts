/**
 * Credential rules shared by the generated form schemas, the generated clients
 * (checked at construction) and `connector-compiler check-credentials`: one
 * implementation, so the three places always agree. No dependencies: this
 * file ships inside the client runtime.
 *
 * The semantics are JSON Schema's (draft-07, as ajv with ajv-formats in full
 * mode evaluates it), so the form's schema accepts exactly the credentials
 * this module accepts, with the same messages:
 * - a field is missing when its key is absent or `undefined`;
 * - any present value must be a string (`null` included: it is not text);
 * - a required field must not be empty; every string is checked against every
 *   rule (length, pattern, format), and each broken rule is one problem;
 * - lengths count code points, patterns use the `u` flag, formats are
 *   ajv-formats' full-mode definitions;
 * - a select field's value must be one of its option values (`enum`);
 * - a `number`, `integer` or `boolean` field's value must be a JSON value of
 *   that type (`type`), within `minimum` and `maximum`; no length, pattern or
 *   role applies to it (the compiler checked where it may be sent, CC3031);
 * - a field with `showWhen` is required only while its condition holds: the
 *   other field's value is one of `values` (strict equality, as JSON Schema's
 *   `enum`), or, without `values`, present and not `""`. A value given while
 *   the condition does not hold is still checked by the field's rules.
 */

export type CredentialFormat = 'uri' | 'email' | 'hostname' | 'uuid';

/**
 * Where an auth method puts a field's value, as far as that limits what the
 * value may hold. Derived from the spec's placements and base URL (see
 * `placementRoles` in src/model/credential-rules.ts), never written by hand:
 * - `header`: inside an HTTP header value (bearer, header placements);
 * - `basic-user`: the user name of HTTP basic auth;
 * - `utf8`: sent as UTF-8 bytes, percent-encoded or in base64 (query parameters,
 *   basic auth), where an unpaired surrogate has no encoding;
 * - `host-label`: one whole label of the base URL's host (`https://{subdomain}.clayhr.com`);
 * - `host`: the whole host (`https://{host}/api`), a public host name;
 * - `local-host`: the whole host, where the spec allows IP addresses and local names (`api.allowLocalHosts`);
 * - `port`: the whole port of the base URL;
 * - `path`: inside a path segment of the base URL.
 */
export type CredentialRole = 'header' | 'basic-user' | 'utf8' | 'json-number' | 'host-label' | 'host' | 'local-host' | 'port' | 'path';

/** A role's rule: a pattern (`u` flag) the value must match, and its message. Every pattern accepts `""`. */
export interface RoleRule {
  readonly pattern: string;
  readonly message: (label: string) => string;
}

// One DNS label of letters, digits and hyphens, not starting or ending with a hyphen.
const LABEL_SOURCE = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
// `xn--` labels are punycode, which URL parsers decode and refuse when invalid.
const NO_PUNYCODE = '(?!(?:[^.]*\\.)*[Xx][Nn]--)';
// A numeric last label makes URL parsers read the host as an IPv4 address (`127.1`, `0x7f.1`, `2130706433`).
const NO_NUMERIC_LAST_LABEL = '(?!(?:[^.]*\\.)*(?:[0-9]+|0[Xx][0-9A-Fa-f]*)$)';
const NO_LOCAL_NAME = '(?!(?:[^.]*\\.)*(?:[Ll][Oo][Cc][Aa][Ll][Hh][Oo][Ss][Tt]|[Ll][Oo][Cc][Aa][Ll])$)';
const HOST_NAME_SOURCE = `(?=.{1,253}$)${NO_PUNYCODE}${NO_NUMERIC_LAST_LABEL}${LABEL_SOURCE}(?:\\.${LABEL_SOURCE})*`;
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';

/**
 * The rule of each role. These patterns are the one definition: the form
 * schema carries them (`allOf` entries with their message), and
 * `checkCredentials` runs them; the client's own URL and header checks then
 * never refuse a value they accept (test/emit/forms/agreement.test.ts).
 */
export const ROLE_RULES: Readonly<Record<CredentialRole, RoleRule>> = {
  header: {
    // Tab, visible ASCII, space and Latin-1: what fetch accepts in a header value (no CR, LF, NUL or DEL).
    pattern: '^[\\t\\x20-\\x7E\\x80-\\xFF]*$',
    message: (label) => `${label} cannot be sent in an HTTP header: it contains a line break or an unsupported character.`,
  },
  'basic-user': {
    pattern: '^[^:]*$',
    message: (label) => `${label} cannot contain a colon: HTTP basic auth uses it as the separator.`,
  },
  utf8: {
    pattern: '^[^\\uD800-\\uDFFF]*$',
    message: (label) => `${label} contains an unpaired surrogate character, which cannot be sent.`,
  },
  'json-number': {
    // Sent as a JSON number (a JSON-valued header member with `as: number`): JSON's own syntax, and
    // at most 15 integer digits and no exponent, so every accepted value is a number JavaScript holds exactly.
    pattern: '^(?:-?(?:0|[1-9][0-9]{0,14})(?:\\.[0-9]{1,15})?)?$',
    message: (label) => `${label} must be a number: it is sent as a JSON number in an HTTP header.`,
  },
  'host-label': {
    pattern: `^(?:(?![Xx][Nn]--)${LABEL_SOURCE})?$`,
    message: (label) => `${label} must be a single host name label (letters, digits and hyphens) to be part of the API address.`,
  },
  host: {
    pattern: `^(?:${NO_LOCAL_NAME}${HOST_NAME_SOURCE})?$`,
    message: (label) => `${label} must be a host name such as api.example.com, not an IP address or a local name.`,
  },
  'local-host': {
    pattern: `^(?:${OCTET}(?:\\.${OCTET}){3}|${HOST_NAME_SOURCE})?$`,
    message: (label) => `${label} must be a host name such as api.example.com, or an IPv4 address.`,
  },
  port: {
    pattern: '^(?:[0-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])?$',
    message: (label) => `${label} must be a port number (0 to 65535, no leading zeros).`,
  },
  path: {
    // `.` and `..` are dot segments to URL parsers, even percent-encoded; a lone surrogate cannot be percent-encoded.
    pattern: '^(?!\\.{1,2}$)[^\\uD800-\\uDFFF]*$',
    message: (label) => `${label} cannot be \`.\`, \`..\` or contain an unpaired surrogate character in the API address.`,
  },
};

/** The order roles are listed in, in rules and in the form schema. */
export const CREDENTIAL_ROLES = Object.keys(ROLE_RULES) as readonly CredentialRole[];

/** One credential field's rules, as emitted into generated clients (plain data). */
export interface CredentialRule {
  readonly key: string;
  readonly label: string;
  readonly required: boolean;
  readonly secret: boolean;
  /**
   * ECMAScript regex source, matched with the `u` flag, anchored so that it
   * matches the whole value (see `wholeValuePattern`).
   */
  readonly pattern?: string;
  /** Completes "<label> …", e.g. "must start with lin_api_". */
  readonly patternMessage?: string;
  readonly format?: CredentialFormat;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Where the auth method puts the value (in `CREDENTIAL_ROLES` order); each role adds its rule. */
  readonly roles?: readonly CredentialRole[];
  /**
   * A select field's option values: the value must be one of them. A select
   * carries no `roles`: the compiler checked every option against them.
   */
  readonly options?: readonly string[];
  /** A field that is not text: its JSON type (absent: a string). */
  readonly type?: CredentialValueType;
  /** A number field's bounds, inclusive. */
  readonly minimum?: number;
  readonly maximum?: number;
  /** Required only while this condition holds (see `conditionHolds`). */
  readonly showWhen?: CredentialCondition;
}

/** The JSON type of a field that is not text. */
export type CredentialValueType = 'number' | 'integer' | 'boolean';

/** A value a condition compares with: text, a number or a boolean. */
export type ConditionValue = string | number | boolean;

/**
 * "Shown only when field `key` has one of `values`", or, without `values`,
 * "when field `key` has any value" (present and not `""`).
 */
export interface CredentialCondition {
  readonly key: string;
  readonly values?: readonly ConditionValue[];
}

/** Whether a field with this condition is shown (and so, when required, required) for these credentials. */
export function conditionHolds(condition: CredentialCondition, record: Readonly<Record<string, unknown>>): boolean {
  const value = Object.prototype.hasOwnProperty.call(record, condition.key) ? record[condition.key] : undefined;
  if (condition.values === undefined) return value !== undefined && value !== '';
  return condition.values.some((candidate) => candidate === value);
}

/**
 * The text a number or boolean value is sent as, wherever a template puts it
 * (a header, a query parameter, basic auth, the base URL): ECMAScript's
 * `String(value)`, so `443`, `-2.5`, `true`, `false`. Text is sent as it is.
 */
export function valueText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  return undefined;
}

export type CredentialProblemCode = 'missing' | 'type' | 'pattern' | 'format' | 'length' | 'unknown';

export interface CredentialProblem {
  readonly key: string;
  readonly code: CredentialProblemCode;
  /** Names the field by its label and never contains the value. */
  readonly message: string;
}

/**
 * The message for each way one field can fail. The form schema carries these
 * same texts (as ajv-errors `errorMessage`), so a form shows what the client throws.
 */
export interface CredentialMessages {
  readonly missing: string;
  readonly type: string;
  readonly minLength?: string;
  readonly maxLength?: string;
  readonly pattern?: string;
  readonly format?: string;
  /** One message per role, in the rule's role order. */
  readonly roles?: readonly string[];
  /** When the value is not one of a select's options (JSON Schema `enum`). */
  readonly options?: string;
  /** A number field's bounds (JSON Schema `minimum`, `maximum`). */
  readonly minimum?: string;
  readonly maximum?: string;
}

/**
 * A spec pattern as the rules carry it: matching the whole value. A pattern
 * already anchored at both ends (`^…$`, no top-level `|`) is kept as written;
 * any other is wrapped as `^(?:…)$`, so `lin_api_` alone does not accept
 * `junk lin_api_abc` or a value with a line break after the key.
 */
export function wholeValuePattern(pattern: string): string {
  return isAnchored(pattern) ? pattern : `^(?:${pattern})$`;
}

/** `^…$` with the `$` not escaped and no `|` outside groups and classes. */
function isAnchored(pattern: string): boolean {
  if (!pattern.startsWith('^') || !pattern.endsWith('$')) return false;
  let depth = 0;
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\') {
      // An escape takes the next character; a `$` taken this way is a literal dollar.
      if (index === pattern.length - 2) return false;
      index++;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
    } else if (char === '|' && depth === 0) {
      return false;
    }
  }
  return true;
}

/** The problem reported when the credentials are not a JSON object. */
export const CREDENTIALS_TYPE_MESSAGE = 'Credentials must be an object with one property per field.';

/**
 * A required field must not be empty, so its effective minimum length is at
 * least 1; the form schema emits this same number as `minLength`.
 */
export function effectiveMinLength(rule: CredentialRule): number | undefined {
  // Lengths are for text; a number or boolean is present or not.
  if (rule.type !== undefined) return undefined;
  return rule.required ? Math.max(1, rule.minLength ?? 0) : rule.minLength;
}

/** Every message one rule can produce, keyed like the JSON Schema keyword that reports it. */
export function credentialMessages(rule: CredentialRule): CredentialMessages {
  const label = plain(rule.label);
  const minLength = effectiveMinLength(rule);
  const messages: { -readonly [K in keyof CredentialMessages]: CredentialMessages[K] } = {
    missing: `${label} is required.`,
    type: rule.type === undefined ? `${label} must be text.` : `${label} must be ${TYPE_NAMES[rule.type]}.`,
  };
  if (minLength !== undefined) {
    // For a required field the only string shorter than 1 is "", which is "not filled in".
    messages.minLength = rule.required && minLength === 1 ? messages.missing : `${label} must be at least ${characters(minLength)} long.`;
  }
  if (rule.maxLength !== undefined) messages.maxLength = `${label} must be at most ${characters(rule.maxLength)} long.`;
  if (rule.pattern !== undefined) messages.pattern = sentence(`${label} ${plain(rule.patternMessage ?? 'is not in the expected format')}`);
  if (rule.format !== undefined) messages.format = `${label} must be ${FORMAT_NAMES[rule.format]}.`;
  if (rule.roles !== undefined && rule.roles.length > 0) messages.roles = rule.roles.map((role) => ROLE_RULES[role].message(label));
  if (rule.minimum !== undefined) messages.minimum = `${label} must be at least ${rule.minimum}.`;
  if (rule.maximum !== undefined) messages.maximum = `${label} must be at most ${rule.maximum}.`;
  if (rule.options !== undefined) messages.options = `${label} must be one of ${rule.options.map((option) => `\`${plain(option)}\``).join(', ')}.`;
  return messages;
}

/**
 * The problem reported for keys that are not fields. It names the expected
 * keys, never the unexpected ones: the form schema can only carry one fixed
 * text, and this text is the same everywhere. (`CredentialProblem.key` and the
 * CLI's hint name the unexpected key.)
 */
export function unknownFieldMessage(rules: readonly CredentialRule[]): string {
  if (rules.length === 0) return 'No credential fields are expected.';
  return `Only these credential fields are allowed: ${rules.map((rule) => `\`${plain(rule.key)}\` (${plain(rule.label)})`).join(', ')}.`;
}

/**
 * Checks a credentials object against the rules. Messages name fields by label
 * ("API Key must start with lin_api_.") and never echo a value, secret or not.
 * Problems come in rule order, then unknown keys in object order.
 */
export function checkCredentials(rules: readonly CredentialRule[], values: unknown): CredentialProblem[] {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    return [{ key: '', code: 'type', message: CREDENTIALS_TYPE_MESSAGE }];
  }
  const record = values as Record<string, unknown>;
  const problems: CredentialProblem[] = [];
  for (const rule of rules) {
    const messages = credentialMessages(rule);
    const value = Object.prototype.hasOwnProperty.call(record, rule.key) ? record[rule.key] : undefined;
    if (value === undefined) {
      if (rule.required && (rule.showWhen === undefined || conditionHolds(rule.showWhen, record))) problems.push({ key: rule.key, code: 'missing', message: messages.missing });
      continue;
    }
    if (rule.type !== undefined) {
      problems.push(...checkTypedValue(rule, messages, value));
      continue;
    }
    if (typeof value !== 'string') {
      problems.push({ key: rule.key, code: 'type', message: messages.type });
      // JSON Schema's `enum` applies to any type, and no option is a non-string.
      if (rule.options !== undefined) problems.push({ key: rule.key, code: 'format', message: messages.options ?? '' });
      continue;
    }
    // JSON Schema counts length in code points; so do we, so the form and the client agree.
    const length = [...value].length;
    const minLength = effectiveMinLength(rule);
    if (minLength !== undefined && length < minLength) {
      problems.push({ key: rule.key, code: length === 0 && messages.minLength === messages.missing ? 'missing' : 'length', message: messages.minLength ?? '' });
    }
    if (rule.maxLength !== undefined && length > rule.maxLength) {
      problems.push({ key: rule.key, code: 'length', message: messages.maxLength ?? '' });
    }
    if (rule.pattern !== undefined && !new RegExp(rule.pattern, 'u').test(value)) {
      problems.push({ key: rule.key, code: 'pattern', message: messages.pattern ?? '' });
    }
    if (rule.format !== undefined && !FORMAT_CHECKS[rule.format](value)) {
      problems.push({ key: rule.key, code: 'format', message: messages.format ?? '' });
    }
    if (rule.options !== undefined && !rule.options.includes(value)) {
      problems.push({ key: rule.key, code: 'format', message: messages.options ?? '' });
    }
    (rule.roles ?? []).forEach((role, index) => {
      if (!new RegExp(ROLE_RULES[role].pattern, 'u').test(value)) problems.push({ key: rule.key, code: 'format', message: messages.roles?.[index] ?? '' });
    });
  }
  const known = new Set(rules.map((rule) => rule.key));
  for (const key of Object.keys(record)) {
    // Unknown keys are named by key only: their values may be secrets pasted in the wrong place.
    if (!known.has(key)) problems.push({ key, code: 'unknown', message: unknownFieldMessage(rules) });
  }
  return problems;
}

/** A number or boolean field's problems: its type, then its bounds (which, as in JSON Schema, only a number can break). */
function checkTypedValue(rule: CredentialRule, messages: CredentialMessages, value: unknown): CredentialProblem[] {
  const typed = rule.type === 'boolean' ? typeof value === 'boolean' : typeof value === 'number' && Number.isFinite(value) && (rule.type === 'number' || Number.isInteger(value));
  if (!typed) return typeof value === 'number' && Number.isFinite(value) ? [{ key: rule.key, code: 'type', message: messages.type }, ...bounds(rule, messages, value)] : [{ key: rule.key, code: 'type', message: messages.type }];
  return typeof value === 'number' ? bounds(rule, messages, value) : [];
}

function bounds(rule: CredentialRule, messages: CredentialMessages, value: number): CredentialProblem[] {
  const problems: CredentialProblem[] = [];
  if (rule.minimum !== undefined && value < rule.minimum) problems.push({ key: rule.key, code: 'format', message: messages.minimum ?? '' });
  if (rule.maximum !== undefined && value > rule.maximum) problems.push({ key: rule.key, code: 'format', message: messages.maximum ?? '' });
  return problems;
}

const TYPE_NAMES: Record<CredentialValueType, string> = {
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
};

/** Thrown by generated clients when credentials break the rules. Carries no values. */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
  constructor(readonly problems: readonly CredentialProblem[]) {
    super(describeProblems(problems));
  }
}

export function assertCredentials(rules: readonly CredentialRule[], values: unknown): void {
  const problems = checkCredentials(rules, values);
  if (problems.length > 0) throw new CredentialsError(problems);
}

/** One line for an error message: each distinct message once, then the unexpected keys by name. */
function describeProblems(problems: readonly CredentialProblem[]): string {
  const messages = [...new Set(problems.map((problem) => problem.message))];
  const unknown = problems.filter((problem) => problem.code === 'unknown').map((problem) => `\`${plain(problem.key)}\``);
  if (unknown.length > 0) messages.push(`Unexpected: ${unknown.join(', ')}.`);
  return messages.join(' ');
}

function characters(count: number): string {
  return `${count} character${count === 1 ? '' : 's'}`;
}

/** Ends a message with a full stop unless the spec text already ends a sentence. */
function sentence(text: string): string {
  return /[.!?]$/u.test(text) ? text : `${text}.`;
}

/**
 * Spec text inside messages is inert: ajv-errors would read `${…}` in the
 * form schema's messages as a pointer into the submitted data and print that
 * value, so the sequence is broken up here, identically for every consumer.
 */
function plain(text: string): string {
  return text.replaceAll('${', '$ {');
}

const FORMAT_NAMES: Record<CredentialFormat, string> = {
  uri: 'a full URL such as https://example.com',
  email: 'an email address',
  hostname: 'a host name such as example.com',
  uuid: 'a UUID',
};

/**
 * ajv-formats' "full" mode definitions (identical in ajv-formats 2.1 and 3.0),
 * which is what ajv + ajv-formats and @rjsf/validator-ajv8 use by default, so
 * the `format` in the generated form and this check accept the same strings.
 * The property test in test/emit/forms/agreement.test.ts holds them to that.
 */
const NOT_URI_FRAGMENT = /\/|:/;
// prettier-ignore
const URI = /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const HOSTNAME = /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i;
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

const FORMAT_CHECKS: Record<CredentialFormat, (value: string) => boolean> = {
  uri: (value) => NOT_URI_FRAGMENT.test(value) && URI.test(value),
  email: (value) => EMAIL.test(value),
  hostname: (value) => HOSTNAME.test(value),
  uuid: (value) => UUID.test(value),
};
