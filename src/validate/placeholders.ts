/**
 * `{field}` placeholders in spec strings (`https://{subdomain}.clayhr.com`),
 * not Handlebars (which renders the guide pages, in emit/docs/): read by the
 * semantic rules (which report malformed braces) and by the model builder
 * (which keeps the parts). The types are structurally the model's `Template` and
 * `TemplatePart`, declared here so validate does not import the model.
 */
import { classifySlots } from '../runtime/url.js';

export interface Template {
  readonly raw: string;
  readonly parts: readonly TemplatePart[];
}

export type TemplatePart = { readonly type: 'text'; readonly value: string } | { readonly type: 'field'; readonly key: string };

export interface TemplateParseResult {
  readonly template: Template;
  /** Offsets (0-based, in the raw string) of malformed braces. */
  readonly errors: readonly { readonly offset: number; readonly message: string }[];
}

/**
 * Splits `https://{subdomain}.clayhr.com` into text and field parts.
 * `{{` and `}}` are literal braces; a lone brace is an error.
 */
export function parseTemplate(raw: string): TemplateParseResult {
  const parts: TemplatePart[] = [];
  const errors: { offset: number; message: string }[] = [];
  let text = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '{' && raw[i + 1] === '{') {
      text += '{';
      i++;
    } else if (ch === '}' && raw[i + 1] === '}') {
      text += '}';
      i++;
    } else if (ch === '{') {
      const close = raw.indexOf('}', i + 1);
      const key = close === -1 ? '' : raw.slice(i + 1, close);
      if (close === -1 || !/^[A-Za-z_$][\w$]*$/.test(key)) {
        errors.push({ offset: i, message: close === -1 ? 'has an unclosed `{`' : `has an invalid placeholder \`{${key}}\`` });
        text += ch;
        continue;
      }
      if (text !== '') parts.push({ type: 'text', value: text });
      text = '';
      parts.push({ type: 'field', key });
      i = close;
    } else if (ch === '}') {
      errors.push({ offset: i, message: 'has a `}` without a matching `{`' });
      text += ch;
    } else {
      text += ch;
    }
  }
  if (text !== '') parts.push({ type: 'text', value: text });
  return { template: { raw, parts }, errors };
}

export function templateFieldKeys(template: Template): string[] {
  return template.parts.flatMap((part) => (part.type === 'field' ? [part.key] : []));
}

/**
 * A URL template with a harmless value in each placeholder (`x`, `1` in the
 * port), so what remains can be checked as a URL: the base URL and OAuth 2.0
 * endpoints are checked this way.
 */
export function withHarmlessValues(template: Template): string {
  const slots = classifySlots(template.parts);
  return template.parts.map((part, index) => (part.type === 'text' ? part.value : slots[index] === 'port' ? '1' : 'x')).join('');
}
