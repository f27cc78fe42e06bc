import type { Template } from '../model/connector-model.js';

/**
 * The base URL with a harmless stand-in for each `{field}`, for checking that
 * what remains is an absolute http(s) URL. A field after `:` in the authority
 * is a port (`https://{host}:{port}/api`): it stands in as `1`, as a letter
 * there would not parse; anywhere else as `x`. The slots are those the
 * runtime gives the fields (`runtime/url.ts`, `classifySlots`), where a port
 * value must be digits up to 65535, so a port field cannot move the host.
 */
export function probeBaseUrl(template: Template): string {
  let before = '';
  for (const part of template.parts) {
    if (part.type === 'text') {
      before += part.value;
      continue;
    }
    const schemeEnd = before.indexOf('://');
    const afterScheme = schemeEnd === -1 ? before : before.slice(schemeEnd + 3);
    before += !/[/?#]/.test(afterScheme) && afterScheme.includes(':') ? '1' : 'x';
  }
  return before;
}
