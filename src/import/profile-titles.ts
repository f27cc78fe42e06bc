/**
 * Telling a connector-profile page by its title or description, the wording
 * `build` writes (`DEFAULT_PROFILE_TITLE`, `DEFAULT_PROFILE_DESCRIPTION`):
 * the connector's name and the method's label, or `undefined`.
 */
import { DEFAULT_PROFILE_DESCRIPTION, DEFAULT_PROFILE_TITLE, fillPlaceholders } from '../emit/docs/page-data.js';
import { DEFAULT_METHOD_LABELS } from '../model/defaults.js';

/** `<Name> <Method label> connector profile – <company> setup guide`; the name may contain spaces, so each split is tried against the whole title. */
export function matchProfileTitle(title: string, company: string): { name: string; method: string } | undefined {
  const suffix = ` connector profile – ${company} setup guide`;
  if (!title.endsWith(suffix)) return undefined;
  return splitNameAndMethod(title.slice(0, title.length - suffix.length), (name, method) => fillPlaceholders(DEFAULT_PROFILE_TITLE, { name, method, platform: '', company }) === title);
}

export function matchProfileDescription(description: string, company: string): { name: string; method: string } | undefined {
  const match = /^Set up the (.+) connector profile for (.+) in (.+)\. One-time admin setup required before your users can link (.+) accounts via Hub\.$/.exec(description);
  if (!match || match[3] !== company || match[2] !== match[4]) return undefined;
  const result = { name: match[2]!, method: match[1]! };
  return fillPlaceholders(DEFAULT_PROFILE_DESCRIPTION, { ...result, platform: '', company }) === description ? result : undefined;
}

/** `Linear OAuth 2.0` → name `Linear`, method `OAuth 2.0`: the first split at a space whose method part is a known label wins, else the last split. */
function splitNameAndMethod(text: string, fits: (name: string, method: string) => boolean): { name: string; method: string } | undefined {
  const splits: { name: string; method: string }[] = [];
  for (let at = text.indexOf(' '); at > 0; at = text.indexOf(' ', at + 1)) {
    const split = { name: text.slice(0, at), method: text.slice(at + 1) };
    if (split.method !== '' && fits(split.name, split.method)) splits.push(split);
  }
  const known = new Set<string>(Object.values(DEFAULT_METHOD_LABELS));
  return splits.find((split) => known.has(split.method)) ?? splits.find((split) => /^oauth/i.test(split.method)) ?? splits[splits.length - 1];
}
