/**
 * Credential rules shared by the generated form schemas, the generated clients
 * (checked at construction) and `connector-compiler check-credentials`: one
 * implementation, so the three places always agree. No dependencies: this
 * file ships inside the client runtime.
 */

export type CredentialFormat = 'uri' | 'email' | 'hostname' | 'uuid';

/** One credential field's rules, as emitted into generated clients (plain data). */
export interface CredentialRule {
  readonly key: string;
  readonly label: string;
  readonly required: boolean;
  readonly secret: boolean;
  /** ECMAScript regex source, matched with the `u` flag. */
  readonly pattern?: string;
  /** Completes "<label> …", e.g. "must start with lin_api_". */
  readonly patternMessage?: string;
  readonly format?: CredentialFormat;
  readonly minLength?: number;
  readonly maxLength?: number;
}

export type CredentialProblemCode = 'missing' | 'type' | 'pattern' | 'format' | 'length' | 'unknown';

export interface CredentialProblem {
  readonly key: string;
  readonly code: CredentialProblemCode;
  /** Names the field by its label and never contains the value. */
  readonly message: string;
}

/**
 * Checks a credentials object against the rules. Messages name fields by label
 * ("API Key must start with lin_api_") and never echo a value, secret or not.
 */
export function checkCredentials(rules: readonly CredentialRule[], values: unknown): CredentialProblem[] {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    return [{ key: '', code: 'type', message: 'Credentials must be an object with one property per field.' }];
  }
  const record = values as Record<string, unknown>;
  const problems: CredentialProblem[] = [];
  const known = new Set(rules.map((rule) => rule.key));
  for (const rule of rules) {
    const value = Object.prototype.hasOwnProperty.call(record, rule.key) ? record[rule.key] : undefined;
    if (value === undefined || value === null || value === '') {
      if (rule.required) problems.push({ key: rule.key, code: 'missing', message: `${rule.label} is required.` });
      continue;
    }
    if (typeof value !== 'string') {
      problems.push({ key: rule.key, code: 'type', message: `${rule.label} must be text.` });
      continue;
    }
    // JSON Schema counts length in code points; so do we, so the form and the client agree.
    const length = [...value].length;
    if (rule.minLength !== undefined && length < rule.minLength) {
      problems.push({ key: rule.key, code: 'length', message: `${rule.label} must be at least ${rule.minLength} characters long.` });
    } else if (rule.maxLength !== undefined && length > rule.maxLength) {
      problems.push({ key: rule.key, code: 'length', message: `${rule.label} must be at most ${rule.maxLength} characters long.` });
    }
    if (rule.pattern !== undefined && !new RegExp(rule.pattern, 'u').test(value)) {
      problems.push({ key: rule.key, code: 'pattern', message: `${rule.label} ${rule.patternMessage ?? 'is not in the expected format'}.` });
    }
    if (rule.format !== undefined && !FORMAT_CHECKS[rule.format](value)) {
      problems.push({ key: rule.key, code: 'format', message: `${rule.label} must be ${FORMAT_NAMES[rule.format]}.` });
    }
  }
  for (const key of Object.keys(record)) {
    // Unknown keys are named by key only: their values may be secrets pasted in the wrong place.
    if (!known.has(key)) problems.push({ key, code: 'unknown', message: `Unknown credential field \`${key}\`; expected ${[...known].map((k) => `\`${k}\``).join(', ')}.` });
  }
  return problems;
}

/** Thrown by generated clients when credentials break the rules. Carries no values. */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
  constructor(readonly problems: readonly CredentialProblem[]) {
    super(problems.map((problem) => problem.message).join(' '));
  }
}

export function assertCredentials(rules: readonly CredentialRule[], values: unknown): void {
  const problems = checkCredentials(rules, values);
  if (problems.length > 0) throw new CredentialsError(problems);
}

const FORMAT_NAMES: Record<CredentialFormat, string> = {
  uri: 'a full URL such as https://example.com',
  email: 'an email address',
  hostname: 'a host name such as example.com',
  uuid: 'a UUID',
};

/**
 * Same definitions as ajv-formats' "fast" mode, so the JSON Schema `format`
 * in the generated form and this check accept the same strings.
 */
const FORMAT_CHECKS: Record<CredentialFormat, (value: string) => boolean> = {
  uri: (value) => /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/)?[^\s]*$/i.test(value),
  email: (value) => /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(value),
  hostname: (value) => /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i.test(value),
  uuid: (value) => /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(value),
};
