/**
 * Rules for OAuth 2.0 methods' `oauth2` blocks that the JSON Schema cannot
 * express. One code, CC3033 (`oauth2-settings`), each message naming what is
 * wrong and where.
 */
import type { SpecPath } from '../load/source-map.js';
import type { RawAuthMethod } from './raw-spec.js';
import { parseTemplate, withHarmlessValues } from './placeholders.js';

/** Authorization-URL parameters the runtime sets itself; a spec value for one would be silently replaced. */
export const RESERVED_AUTHORIZATION_PARAMS: ReadonlySet<string> = new Set(['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method']);

/** Reports one problem at a spec path (`key`: point at the key, not its value). */
export type Report = (path: SpecPath, message: string, hint: string, key?: boolean) => void;

/** Checks one auth method's `oauth2` block; `index` is the method's place in `auth`. */
export function checkOAuth2Method(method: RawAuthMethod, index: number, fieldKeys: ReadonlySet<string>, report: Report, unknownField: (path: SpecPath, key: string) => void): void {
  checkProfile(method, index, fieldKeys, report, unknownField);
  const oauth2 = method.oauth2;
  if (oauth2 === undefined) return;
  const at = (...rest: (string | number)[]): SpecPath => ['auth', index, 'oauth2', ...rest];
  if (method.type !== 'oauth2') {
    report(['auth', index, 'oauth2'], `Auth method \`${method.id}\` has an \`oauth2\` block but is of type \`${method.type}\`.`, 'Set `type: oauth2`, or remove the block: only OAuth 2.0 methods use it.', true);
    return;
  }
  for (const key of ['authorizationUrl', 'tokenUrl'] as const) {
    const problem = endpointProblem(endpointProbe(oauth2[key]));
    if (problem !== undefined) report(at(key), `The \`${key}\` of \`${method.id}\` ${problem}.`, 'Write the https:// URL from the provider\'s OAuth documentation, without user, password or fragment.');
  }
  for (const name of Object.keys(oauth2.authorizationParams ?? {})) {
    if (RESERVED_AUTHORIZATION_PARAMS.has(name)) {
      report(at('authorizationParams', name), `Authorization parameter \`${name}\` of \`${method.id}\` is one the client sets itself.`, 'Remove it: `response_type`, `client_id`, `redirect_uri`, `scope` (use `scopes`), `state` and the PKCE parameters come from the flow.', true);
    }
  }
  const seen = new Set<string>();
  (oauth2.scopes ?? []).forEach((scope, scopeIndex) => {
    const separator = oauth2.scopeSeparator ?? ' ';
    if (scope === '' || scope.includes(separator) || /\s/.test(scope)) {
      report(at('scopes', scopeIndex), `Scope \`${scope}\` of \`${method.id}\` is empty or contains the scope separator or a space.`, 'List one scope per entry; `scopeSeparator` joins them.');
    } else if (seen.has(scope)) {
      report(at('scopes', scopeIndex), `Scope \`${scope}\` of \`${method.id}\` is listed twice.`, 'Remove the second entry.');
    }
    seen.add(scope);
  });
}

/** A connector profile belongs to an OAuth 2.0 method and lists declared fields, each once. */
function checkProfile(method: RawAuthMethod, index: number, fieldKeys: ReadonlySet<string>, report: Report, unknownField: (path: SpecPath, key: string) => void): void {
  const profile = method.profile;
  if (profile === undefined) return;
  if (method.type !== 'oauth2') {
    report(['auth', index, 'profile'], `Auth method \`${method.id}\` has a connector \`profile\` but is of type \`${method.type}\`.`, 'Only OAuth 2.0 methods have a connector profile (the OAuth app an admin registers).', true);
    return;
  }
  if (profile.guide?.linking !== undefined) {
    report(['auth', index, 'profile', 'guide', 'linking'], `The connector-profile page of \`${method.id}\` has no Hub linking block to configure.`, 'Remove `linking`: only link-account pages end with "Linking the Account from the Hub".', true);
  }
  const seen = new Set<string>();
  profile.fields.forEach((key, keyIndex) => {
    const path: SpecPath = ['auth', index, 'profile', 'fields', keyIndex];
    if (!fieldKeys.has(key)) unknownField(path, key);
    else if (seen.has(key)) report(path, `The connector profile of \`${method.id}\` lists field \`${key}\` twice.`, 'Remove the second entry.');
    seen.add(key);
  });
}


/** Why an OAuth endpoint URL is unfit, or `undefined`: codes, secrets and tokens travel to it. */
function endpointProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'https:') return 'must use https://: it carries authorization codes, client secrets and tokens';
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (url.hash !== '') return 'must not contain a fragment';
  return undefined;
}

/** The endpoint with harmless placeholder values, as the base URL is checked; the template itself is checked by the semantic rules (CC3017, CC3002, CC3031). */
function endpointProbe(raw: string): string {
  const parsed = parseTemplate(raw);
  return parsed.errors.length > 0 ? raw : withHarmlessValues(parsed.template);
}
