import type { AuthMethodType } from '../model/connector-model.js';
import { DEFAULT_METHOD_LABELS } from '../model/defaults.js';

/**
 * The names an import has to invent — field keys, connector and method ids,
 * method types — derived from what the page shows, deterministically.
 */

const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** `API Key` → `apiKey`, `User ID` → `userId`, `OAuth 2.0 Client ID` → `oauth20ClientId`. */
export function labelToKey(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '');
  const key = words.map((word, index) => (index === 0 ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1).toLowerCase())).join('');
  if (key === '') return 'field';
  return /^[a-z]/.test(key) ? key : `field${key[0]!.toUpperCase()}${key.slice(1)}`;
}

/** Labels that name a credential which must not be shown or logged. */
export function looksSecret(label: string): boolean {
  return /\b(?:key|secret|token|password|passphrase|passcode|pat)\b/i.test(label.replace(/([a-z])([A-Z])/g, '$1 $2'));
}

/** Keys unique within one spec: a clash gets `2`, `3`… in the order fields appear. */
export function uniqueKey(key: string, taken: ReadonlySet<string>): string {
  if (!taken.has(key)) return key;
  for (let n = 2; ; n++) if (!taken.has(`${key}${n}`)) return `${key}${n}`;
}

/** `Clay HR` → `clay-hr`; empty when nothing usable is left. */
export function toKebab(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^[0-9-]+/, '');
}

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id) && id.length <= 64;
}

/**
 * Connector and method ids from a page's path: `polymer__api-key.md` (the
 * docs export naming) or `…/connectors/polymer/guides/link-account/api-key.mdx`
 * and `…/guides/connector-profile/oauth2.mdx` (where `build` writes guides and
 * connector-profile pages; `kind` says which folder).
 */
export function idsFromPath(file: string): { connector?: string; method?: string; kind?: 'link-account' | 'profile' } {
  const parts = file.split(/[\\/]/);
  const base = (parts.pop() ?? '').replace(/\.mdx?$/i, '');
  const pair = /^(.+?)__(.+)$/.exec(base);
  if (pair) return { connector: pair[1]!, method: pair[2]! };
  const at = Math.max(parts.lastIndexOf('link-account'), parts.lastIndexOf('connector-profile'));
  if (at >= 3 && parts[at - 1] === 'guides' && parts[at - 3] === 'connectors') {
    return { connector: parts[at - 2]!, method: base, kind: parts[at] === 'link-account' ? 'link-account' : 'profile' };
  }
  return { connector: base };
}

/** The auth type a method id or label stands for; `api-key` when nothing says otherwise. */
export function methodType(methodId: string | undefined, label: string | undefined): { type: AuthMethodType; certain: boolean } {
  const probes = [methodId ?? '', label ?? ''].map((text) => text.toLowerCase());
  for (const probe of probes) {
    if (/oauth/.test(probe)) return { type: 'oauth2', certain: true };
    if (/basic/.test(probe)) return { type: 'basic', certain: true };
    if (/api[-\s_]?key|token/.test(probe)) return { type: 'api-key', certain: true };
  }
  return { type: 'api-key', certain: false };
}

/** The label to write into the spec: none when it is the type's default. */
export function labelOverride(type: AuthMethodType, label: string | undefined): string | undefined {
  return label === undefined || label === DEFAULT_METHOD_LABELS[type] ? undefined : label;
}
