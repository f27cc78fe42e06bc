/**
 * Building request URLs: the base URL from its template (ClayHR's
 * `https://{subdomain}.clayhr.com/api/v1`), path parameters and the query
 * string. A value can fill its slot and nothing more: it cannot add a host,
 * a port, a user, a path segment, a query or a fragment.
 */
import type { CredentialProblem } from './credentials.js';
import type { PathPart, TemplatePart } from './description.js';

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const PORT = /^[0-9]{1,5}$/;

/**
 * `host-suffix` is the end of the host after literal labels (`https://api.{site}`):
 * the compiler allows only a select field there, whose every option it checked.
 */
export type Slot = 'label' | 'hostname' | 'host-suffix' | 'port' | 'path';

/** Field values by key, and field labels for messages. */
export interface FieldValues {
  readonly values: Readonly<Record<string, string | undefined>>;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Expands the base URL template. Returns the URL (no trailing slash) or the
 * problems, one per offending field; problems never include the value.
 *
 * - A field that is the whole host takes a host name (`api.example.com`).
 * - A field that is part of the host (`{subdomain}.clayhr.com`) takes one
 *   DNS label: no dots, so it cannot climb to another domain.
 * - A field that ends the host after literal labels (`api.{site}`) takes a
 *   host name; the compiler allows only a select field there.
 * - A field after `:` in the authority takes a port number.
 * - A field in the path is percent-encoded and may not be empty, `.` or `..`.
 */
export function expandBaseUrl(parts: readonly TemplatePart[], fields: FieldValues): { url: string } | { problems: CredentialProblem[] } {
  const problems: CredentialProblem[] = [];
  let text = '';
  const slots = classifySlots(parts);
  parts.forEach((part, index) => {
    if (part.type === 'text') {
      text += part.value;
      return;
    }
    const slot = slots[index]!;
    const value = fields.values[part.key] ?? '';
    const label = fields.labels[part.key] ?? part.key;
    const problem = checkSlot(slot, value, label);
    if (problem) {
      problems.push({ key: part.key, code: value === '' ? 'missing' : 'format', message: problem });
      return;
    }
    text += slot === 'path' ? encodeURIComponent(value) : value.toLowerCase();
  });
  if (problems.length > 0) return { problems };
  const expectedHost = authorityOf(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problems: [{ key: '', code: 'format', message: 'The base URL built from the credentials is not a valid URL.' }] };
  }
  // Belt and braces: the parser must see exactly the host and port we assembled.
  const [, hostname = '', port = ''] = /^(.*?)(?::([0-9]*))?$/.exec(expectedHost) ?? [];
  const defaultPort = url.protocol === 'https:' ? '443' : '80';
  if (url.hostname !== hostname.toLowerCase() || (url.port !== port && !(url.port === '' && port === defaultPort)) || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    return { problems: [{ key: '', code: 'format', message: 'The base URL built from the credentials points somewhere other than the spec allows.' }] };
  }
  return { url: text.replace(/\/+$/, '') };
}

/**
 * Decides, for each field part, which slot of the URL it fills, from the
 * literal text around it. The compiler derives each field's credential rules
 * from the same decision (`placementRoles`), so the form, `check-credentials`
 * and this module see the same slots.
 */
export function classifySlots(parts: readonly TemplatePart[]): Slot[] {
  const slots: Slot[] = [];
  let before = '';
  parts.forEach((part, index) => {
    if (part.type === 'text') {
      before += part.value;
      return;
    }
    const afterScheme = before.slice(before.indexOf('://') + 3);
    if (/[/?#]/.test(afterScheme)) {
      slots[index] = 'path';
    } else if (afterScheme.includes(':')) {
      slots[index] = 'port';
    } else {
      const next = parts[index + 1];
      const textAfter = next?.type === 'text' ? next.value : next === undefined ? '' : 'x';
      const wholeHost = (afterScheme === '' || afterScheme.endsWith('@')) && (textAfter === '' || /^[:/?#]/.test(textAfter));
      const endsHost = textAfter === '' || /^[:/?#]/.test(textAfter);
      slots[index] = wholeHost ? 'hostname' : afterScheme.endsWith('.') && endsHost ? 'host-suffix' : 'label';
    }
    before += 'x';
  });
  return slots;
}

function checkSlot(slot: Slot, value: string, label: string): string | undefined {
  if (value === '') return `${label} is required to build the API address.`;
  switch (slot) {
    case 'label':
      return LABEL.test(value) ? undefined : `${label} must be a single host name label (letters, digits and hyphens) to be part of the API address.`;
    case 'hostname':
      return HOSTNAME.test(value) ? undefined : `${label} must be a host name such as api.example.com.`;
    case 'host-suffix':
      return HOSTNAME.test(value) ? undefined : `${label} must be a domain such as example.com to end the API address's host.`;
    case 'port':
      return PORT.test(value) && Number(value) <= 65535 ? undefined : `${label} must be a port number.`;
    case 'path':
      return value === '.' || value === '..' ? `${label} cannot be \`.\` or \`..\` in the API address.` : undefined;
  }
}

function authorityOf(url: string): string {
  const rest = url.slice(url.indexOf('://') + 3);
  const end = rest.search(/[/?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}

/** A reason a path value was refused, or `undefined` when it is fine. */
export function checkPathValue(value: string): string | undefined {
  if (value === '') return 'cannot be empty';
  // `%2e%2e` is `..` to URL parsers too, so dot segments cannot be escaped: they are refused.
  if (value === '.' || value === '..') return 'cannot be `.` or `..`';
  // `encodeURIComponent` throws a URIError on these; no URL can carry them.
  if (/\p{Cs}/u.test(value)) return 'contains a lone UTF-16 surrogate, which cannot be sent in a URL';
  return undefined;
}

/** Fills a path template; values are percent-encoded (`/` included) and must have passed {@link checkPathValue}. */
export function expandPath(parts: readonly PathPart[], values: ReadonlyMap<string, string>): string {
  return parts.map((part) => (part.type === 'text' ? part.value : encodeURIComponent(values.get(part.key) ?? ''))).join('');
}

/**
 * Adds one query parameter: arrays repeat the name (`tag=a&tag=b`), objects
 * use brackets (`filter[status]=open`), `null`/`undefined` are left out.
 */
export function appendQuery(search: URLSearchParams, name: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) appendQuery(search, name, item);
  } else if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) appendQuery(search, `${name}[${key}]`, inner);
  } else {
    search.append(name, scalarText(value));
  }
}

/** Text of a scalar parameter value; arrays become comma-separated (the header convention). */
export function scalarText(value: unknown): string {
  if (Array.isArray(value)) return value.map(scalarText).join(',');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
