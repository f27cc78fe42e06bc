/**
 * Turns an auth method's placements and the user's credentials into the
 * headers and query parameters every request carries. Done once, at
 * construction, so a bad value fails early and without echoing it.
 */
import { ROLE_RULES, type CredentialProblem } from './credentials.js';
import type { JsonMemberDescription, PlacementDescription, TemplatePart } from './description.js';

/** What every request carries, and a record of what was sent for redaction. */
export interface PreparedAuth {
  readonly headers: readonly (readonly [string, string])[];
  readonly query: readonly (readonly [string, string])[];
  /** Values to redact wherever they appear: filled templates, header values as sent, basic-auth parts and token. */
  readonly sensitive: readonly string[];
  /** Header and query names with each value sent under them (the bearer token alone under `Authorization` too). */
  readonly named: readonly (readonly [string, string])[];
}

/** Visible ASCII, space, tab and Latin-1: what `fetch` accepts in a header value (no CR, LF or NUL). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Applies the placements in spec order. A bearer, header or query placement
 * whose template names a field left empty is skipped (optional fields);
 * basic auth sends an empty password when its field is empty.
 */
export function prepareAuth(
  placements: readonly PlacementDescription[],
  values: Readonly<Record<string, string | undefined>>,
  labels: Readonly<Record<string, string>>,
): { auth: PreparedAuth } | { problems: CredentialProblem[] } {
  const headers: [string, string][] = [];
  const query: [string, string][] = [];
  const sensitive: string[] = [];
  const named: [string, string][] = [];
  const problems: CredentialProblem[] = [];

  const header = (name: string, value: string, parts: readonly TemplatePart[]) => {
    if (!HEADER_VALUE.test(value)) {
      for (const key of fieldKeys(parts)) {
        problems.push({ key, code: 'format', message: `${labels[key] ?? key} cannot be sent in an HTTP header: it contains a line break or an unsupported character.` });
      }
      return;
    }
    headers.push([name, value]);
    // `fetch` drops leading and trailing spaces and tabs: record the value as it goes on the wire too.
    const sent = value.replace(/^[\t ]+|[\t ]+$/g, '');
    sensitive.push(value);
    named.push([name, value]);
    if (sent !== value) {
      sensitive.push(sent);
      named.push([name, sent]);
    }
  };

  for (const placement of placements) {
    switch (placement.type) {
      case 'bearer': {
        const value = fill(placement.value, values);
        if (value !== undefined) {
          header('Authorization', `Bearer ${value}`, placement.value);
          sensitive.push(value);
          named.push(['Authorization', value]);
        }
        break;
      }
      case 'header': {
        const value = fill(placement.value, values);
        if (value !== undefined) header(placement.name, value, placement.value);
        break;
      }
      case 'json-header': {
        const built = jsonHeaderValue(placement.members, values, labels, problems);
        if (built === undefined) break;
        header(placement.name, built.value, placement.members.flatMap((member) => member.value));
        sensitive.push(...built.sensitive);
        named.push(...built.named);
        break;
      }
      case 'query': {
        const value = fill(placement.value, values);
        if (value !== undefined) {
          query.push([placement.name, value]);
          sensitive.push(value);
          named.push([placement.name, value]);
        }
        break;
      }
      case 'basic': {
        const username = fill(placement.username, values);
        if (username === undefined) break;
        if (username.includes(':')) {
          for (const key of fieldKeys(placement.username)) problems.push({ key, code: 'format', message: `${labels[key] ?? key} cannot contain a colon: HTTP basic auth uses it as the separator.` });
          break;
        }
        const password = fill(placement.password, values, true) ?? '';
        const token = base64(`${username}:${password}`);
        header('Authorization', `Basic ${token}`, [...placement.username, ...placement.password]);
        sensitive.push(username, password, token);
        named.push(['Authorization', token]);
        break;
      }
    }
  }
  return problems.length > 0 ? { problems } : { auth: { headers, query, sensitive, named } };
}

/**
 * What `as: number` accepts: the `json-number` role's rule, which the form and
 * `check-credentials` apply too. RFC 8259 syntax, so a value is never
 * reinterpreted (`0x10`, `Infinity`, ` 1`), and no more digits than a
 * JavaScript number holds exactly.
 */
const JSON_NUMBER = new RegExp(ROLE_RULES['json-number'].pattern, 'u');

/**
 * The value of a JSON-valued header: an object with the members in spec
 * order, serialised by `JSON.stringify` (never by pasting values into text),
 * with every non-ASCII character written as `\uXXXX` so the header is plain
 * ASCII. `undefined` when a member's field is empty (the header is left out,
 * as for an optional field in a plain header) or a number member is not a
 * number (a problem naming the field). `sensitive` has each filled member
 * as typed and as it appears in the header, for the redactor (the whole
 * header value is added where the header is set).
 */
function jsonHeaderValue(
  members: readonly JsonMemberDescription[],
  values: Readonly<Record<string, string | undefined>>,
  labels: Readonly<Record<string, string>>,
  problems: CredentialProblem[],
): { value: string; sensitive: string[]; named: [string, string][] } | undefined {
  const entries: [string, string | number][] = [];
  const sensitive: string[] = [];
  // An echo of the object shows each value after its member's name (`"apiKey":"ab"`): redact it there, however short.
  const named: [string, string][] = [];
  let complete = true;
  for (const member of members) {
    const text = fill(member.value, values);
    if (text === undefined) {
      complete = false;
      continue;
    }
    if (member.as === 'number') {
      const number = Number(text);
      if (!JSON_NUMBER.test(text)) {
        for (const key of fieldKeys(member.value)) problems.push({ key, code: 'format', message: ROLE_RULES['json-number'].message(labels[key] ?? key) });
        complete = false;
        continue;
      }
      entries.push([member.name, number]);
      sensitive.push(text, String(number));
      named.push([member.name, text]);
    } else {
      entries.push([member.name, text]);
      sensitive.push(text, asciiJson(JSON.stringify(text)).slice(1, -1));
      named.push([member.name, text]);
    }
  }
  if (!complete) return undefined;
  // `Object.fromEntries` defines own properties, so a member called `__proto__` is an ordinary key.
  return { value: asciiJson(JSON.stringify(Object.fromEntries(entries))), sensitive, named };
}

/** JSON text with each character outside printable ASCII as a `\uXXXX` escape (still the same JSON value). */
function asciiJson(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The template with field values filled in; `undefined` when a field is empty (unless `allowEmpty`). */
function fill(parts: readonly TemplatePart[], values: Readonly<Record<string, string | undefined>>, allowEmpty = false): string | undefined {
  let out = '';
  for (const part of parts) {
    if (part.type === 'text') {
      out += part.value;
      continue;
    }
    const value = values[part.key];
    if (value === undefined || value === '') {
      if (!allowEmpty) return undefined;
      continue;
    }
    out += value;
  }
  return out;
}

function fieldKeys(parts: readonly TemplatePart[]): string[] {
  return [...new Set(parts.flatMap((part) => (part.type === 'field' ? [part.key] : [])))];
}

/** Base64 of the UTF-8 bytes, without `Buffer` so the runtime also works outside Node. */
export function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
