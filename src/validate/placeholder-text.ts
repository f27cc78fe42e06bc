import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SpecPath, SpecSourceMap } from '../load/source-map.js';

/** A scaffold's or a hurried author's marker: `TODO`, `FIXME` or `TBD` as a word, in capitals. */
const PLACEHOLDER = /\b(?:TODO|FIXME|TBD)\b/;

/**
 * Warns on placeholder text in spec strings. Every string of a spec ends up in
 * a published page, form or client, so a `TODO` left from `connector-compiler
 * new` would reach users; YAML comments are not values and stay free to hold
 * them. `api.todo`, the import's own marker, has its rule (CC3020).
 */
export function checkPlaceholderText(spec: unknown, context: { readonly file: string; readonly sourceMap: SpecSourceMap }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (value: unknown, path: SpecPath): void => {
    if (typeof value === 'string') {
      const match = PLACEHOLDER.exec(value);
      if (!match) return;
      const start = context.sourceMap.stringPosition(path, match.index);
      const last = context.sourceMap.stringPosition(path, match.index + match[0].length - 1);
      const end = last.line === start.line ? { endLine: last.line, endColumn: last.column + 1 } : {};
      out.push(diagnostic('CC3029', 'warning', `\`${match[0]}\` is placeholder text, and this string is published.`, { file: context.file, ...start, ...end, path: `/${path.join('/')}` }, 'Replace it with the real text; keep notes to yourself in YAML `#` comments.'));
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (path.length === 1 && path[0] === 'api' && key === 'todo') continue;
        visit(item, [...path, key]);
      }
    }
  };
  visit(spec, []);
  return out;
}
