import { compile } from '../compile.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { guidePageUrl, type GuideKind } from '../emit/docs/page-data.js';
import type { SiteOptions } from '../emit/emitter.js';

export interface RebuildCheck {
  readonly id: string;
  /** Display path of the spec. */
  readonly file: string;
  readonly yaml: string;
  readonly site: SiteOptions;
  readonly allowIncomplete: boolean;
  /** `kind`: a link-account guide (the default) or a connector-profile page. */
  readonly pages: readonly { readonly file: string; readonly source: string; readonly methodId: string; readonly kind?: GuideKind }[];
}

/**
 * The import's promise is that `build` gives the page back. This compiles the
 * imported spec (guides only) and compares each rebuilt page with the page it
 * came from: the first line that differs becomes a CC4001 warning, so nothing
 * the spec could not hold goes unnoticed. The spec's own diagnostics are
 * returned too, CC3020 as an error unless `allowIncomplete`.
 */
export function verifyRebuild(check: RebuildCheck): Diagnostic[] {
  const result = compile({ specs: [{ file: check.file, source: check.yaml }], targets: ['docs'], emit: { site: check.site }, allowIncomplete: true });
  const diagnostics: Diagnostic[] = result.diagnostics.map((d) => (d.code === 'CC3020' && !check.allowIncomplete ? { ...d, severity: 'error' as const } : d));
  if (result.files.size === 0) return diagnostics;
  for (const page of check.pages) {
    const extension = /\.mdx$/i.test(page.file) ? 'mdx' : 'md';
    const rebuilt = result.files.get(`docs${guidePageUrl(check.id, page.kind ?? 'link-account', page.methodId)}.${extension}`);
    if (rebuilt === undefined) continue;
    const difference = firstDifference(normalise(page.source), rebuilt);
    if (difference) {
      diagnostics.push(
        diagnostic(
          'CC4001',
          'warning',
          `\`build\` would write this page differently from here on: ${difference.rebuilt === undefined ? 'the rebuilt page ends before this line' : `\`${clip(difference.rebuilt)}\` instead of \`${clip(difference.original ?? '')}\``}.`,
          { file: page.file, line: difference.line, column: difference.column },
          'Something on the page has no exact equivalent in a spec (see the other diagnostics), or the page is not in the form the compiler writes.',
        ),
      );
    }
  }
  return diagnostics;
}

/** LF line endings and one final newline, as every generated page has. */
function normalise(text: string): string {
  const lf = text.replace(/\r\n?/g, '\n');
  return lf.endsWith('\n') ? lf : `${lf}\n`;
}

function firstDifference(original: string, rebuilt: string): { line: number; column: number; original?: string; rebuilt?: string } | undefined {
  if (original === rebuilt) return undefined;
  const a = original.split('\n');
  const b = rebuilt.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    const left = a[i] ?? '';
    const right = b[i] ?? '';
    let column = 0;
    while (column < left.length && left[column] === right[column]) column++;
    // From a little before the first differing character, so the excerpt shows the difference.
    const from = Math.max(0, column - 20);
    const excerpt = (line: string) => `${from > 0 ? '…' : ''}${line.slice(from).trim()}`;
    return { line: Math.min(i + 1, a.length), column: column + 1, ...(a[i] !== undefined ? { original: excerpt(left) } : {}), ...(b[i] !== undefined ? { rebuilt: excerpt(right) } : {}) };
  }
  return undefined;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
