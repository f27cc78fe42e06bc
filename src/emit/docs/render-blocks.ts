import { normalizeUri } from 'micromark-util-sanitize-uri';
import { opensNewTab, type Block, type CalloutKind, type ImageRef, type Inline, type ListItem, type TableCell } from '../../model/connector-model.js';
import { codeFence, codeReadsAsHtml, codeSpan, escapeAttribute, escapeCodeElementText, escapeText, htmlCodeBlock, htmlCodeSpan } from './escape.js';

/**
 * Renders the model's markdown tree as the HTML-in-MDX forms of the docs site
 * (`<p>`, `<ul>/<li>`, `<strong>`, `<a … target="_blank">`, `<img … />`).
 * Pure string building: the markdown was parsed once, at validation time.
 *
 * Output is unindented, one block after another separated by a blank line;
 * the templates place it with the `indent` helper. Every form is listed in
 * `docs/guide-pages.md`, which the importer relies on.
 *
 * The `.md` export carries the same markup as the `.mdx` page, except code
 * that raw HTML would read (see {@link codeReadsAsHtml}): there most of the
 * body is raw HTML, so such code is written as `<code>` / `<pre><code>` with
 * its characters escaped. Every other form reads the same in both.
 */

/** Which file the markup is for: the `.mdx` page or its `.md` export. */
export type MarkupTarget = 'mdx' | 'md';

/** The MDX component each callout kind renders as. */
export const CALLOUT_COMPONENTS: Readonly<Record<CalloutKind, string>> = {
  warning: 'Warning',
  note: 'Note',
  info: 'Info',
  tip: 'Tip',
  check: 'Check',
};

/** Renders blocks separated by blank lines. */
export function renderBlocks(blocks: readonly Block[], target: MarkupTarget = 'mdx'): string {
  return blocks.map((block) => renderBlock(block, target)).join('\n\n');
}

/** Renders one block; multi-line blocks indent their children by two spaces. */
export function renderBlock(block: Block, target: MarkupTarget = 'mdx'): string {
  switch (block.type) {
    case 'paragraph':
      return `<p>${renderInlines(block.children, target)}</p>`;
    case 'list':
      return renderList(block, target);
    case 'image':
      return renderImage(block.image);
    case 'callout':
      return renderCallout(block.kind, block.children, target);
    case 'code':
      if (target === 'md' && (codeReadsAsHtml(block.value, true) || (block.lang !== undefined && codeReadsAsHtml(block.lang)))) return htmlCodeBlock(block.value, block.lang);
      return codeFence(block.value, block.lang).join('\n');
    case 'table':
      return renderTable(block, target);
    case 'heading':
      return `<h${block.depth}>${renderInlines(block.children, target)}</h${block.depth}>`;
    case 'thematicBreak':
      return '<hr />';
  }
}

/**
 * A callout: `<Note>text</Note>` on one line when it is a single paragraph
 * (the form of the docs site's top-of-page callouts), otherwise the component
 * on its own lines around indented blocks.
 */
export function renderCallout(kind: CalloutKind, content: readonly Block[], target: MarkupTarget = 'mdx'): string {
  const tag = CALLOUT_COMPONENTS[kind];
  const only = content.length === 1 ? content[0]! : undefined;
  if (only?.type === 'paragraph') return `<${tag}>${renderInlines(only.children, target)}</${tag}>`;
  return wrap(`<${tag}>`, renderBlocks(content, target), `</${tag}>`);
}

function renderList(list: Extract<Block, { type: 'list' }>, target: MarkupTarget): string {
  const open = list.ordered ? (list.start !== undefined ? `<ol start="${list.start}">` : '<ol>') : '<ul>';
  const close = list.ordered ? '</ol>' : '</ul>';
  return wrap(open, list.items.map((item) => renderListItem(item, list.spread, target)).join('\n'), close);
}

/**
 * `<li>text</li>` for an item that is one paragraph in a tight list (the
 * seeds' form); otherwise `<li>` on its own line around `<p>`-wrapped blocks,
 * as markdown renders loose lists. A task item starts with a disabled checkbox.
 */
function renderListItem(item: ListItem, spread: boolean, target: MarkupTarget): string {
  const checkbox = item.checked === undefined ? '' : item.checked ? '<input type="checkbox" checked disabled /> ' : '<input type="checkbox" disabled /> ';
  const first = item.children[0];
  if (!spread && item.children.length === 1 && first?.type === 'paragraph') return `<li>${checkbox}${renderInlines(first.children, target)}</li>`;
  if (item.children.length === 0) return `<li>${checkbox.trimEnd()}</li>`;
  let body: string;
  if (checkbox === '') body = renderBlocks(item.children, target);
  else if (first?.type === 'paragraph') body = [`<p>${checkbox}${renderInlines(first.children, target)}</p>`, renderBlocks(item.children.slice(1), target)].filter((part) => part !== '').join('\n\n');
  else body = [`<p>${checkbox.trimEnd()}</p>`, renderBlocks(item.children, target)].join('\n\n');
  return wrap('<li>', body, '</li>');
}

function renderTable(table: Extract<Block, { type: 'table' }>, target: MarkupTarget): string {
  const row = (cells: readonly TableCell[], tag: 'th' | 'td'): string =>
    wrap(
      '<tr>',
      cells
        .map((cell, i) => {
          const align = table.align[i];
          return `<${tag}${align ? ` align="${align}"` : ''}>${renderInlines(cell, target)}</${tag}>`;
        })
        .join('\n'),
      '</tr>',
    );
  const parts = [wrap('<thead>', row(table.header, 'th'), '</thead>')];
  if (table.rows.length > 0) parts.push(wrap('<tbody>', table.rows.map((r) => row(r, 'td')).join('\n'), '</tbody>'));
  return wrap('<table>', parts.join('\n'), '</table>');
}

/**
 * The characters around a run of inline content, as the markdown parser sees them: by default
 * the `>` and `<` of the element around it. Inside markdown-form strong, emphasis or
 * strikethrough, `marker` is its delimiter character and `outerBefore`/`outerAfter` the
 * characters beyond its delimiter runs, which a first or last child of the same marker joins.
 */
interface Edges {
  readonly before: string;
  readonly after: string;
  readonly marker?: string;
  readonly outerBefore?: string;
  readonly outerAfter?: string;
}

const ELEMENT_EDGES: Edges = { before: '>', after: '<' };

/** Renders inline content for one line of text inside a JSX element. */
export function renderInlines(inlines: readonly Inline[], target: MarkupTarget = 'mdx', edges: Edges = ELEMENT_EDGES): string {
  let out = '';
  for (let i = 0; i < inlines.length; i++) {
    const inline = inlines[i]!;
    if (inline.type === 'text' && inlines[i + 1]?.type === 'text') {
      // Escape adjacent text as one run: `&not` + `;` must not meet as a character reference.
      let value = inline.value;
      while (inlines[i + 1]?.type === 'text') value += (inlines[++i] as { value: string }).value;
      out += escapeText(value);
      continue;
    }
    // Two backtick spans in a row (which markdown cannot express, but a model can) would fuse into one
    // backtick run; the second becomes a `<code>` element.
    if (inline.type === 'inlineCode' && inline.form === undefined && isBacktickCode(inlines[i - 1])) {
      out += target === 'md' ? htmlCodeSpan(inline.value) : `<code>${escapeText(inline.value.replace(/\r\n|\r|\n/g, ' '))}</code>`;
      continue;
    }
    const next = inlines[i + 1];
    out += renderInline(inline, target, {
      before: (i === 0 ? undefined : lastChar(out)) ?? edges.before,
      after: (next === undefined ? undefined : firstChar(renderInline(next, target, ELEMENT_EDGES))) ?? edges.after,
      ...(i === 0 && edges.outerBefore !== undefined ? { outerBefore: edges.outerBefore } : {}),
      ...(next === undefined && edges.outerAfter !== undefined ? { outerAfter: edges.outerAfter } : {}),
      ...(edges.marker !== undefined ? { marker: edges.marker } : {}),
    });
  }
  return out;
}

/** The markdown delimiter of each construct that can be written in markdown form. */
const MARKDOWN_DELIMITERS = { strong: '**', emphasis: '*', delete: '~~' } as const;

const ELEMENTS = { strong: 'strong', emphasis: 'em', delete: 'del' } as const;

function isBacktickCode(inline: Inline | undefined): boolean {
  return inline?.type === 'inlineCode' && inline.form === undefined;
}

/** One inline node; `around` are the characters next to it (see {@link Edges}), for markdown forms. */
function renderInline(inline: Inline, target: MarkupTarget, around: Edges): string {
  switch (inline.type) {
    case 'text':
      return escapeText(inline.value);
    case 'strong':
    case 'emphasis':
    case 'delete': {
      if (inline.form === 'markdown') {
        const delimiter = MARKDOWN_DELIMITERS[inline.type];
        const marker = delimiter[0]!;
        // A first (last) child of the same marker continues this delimiter run: the parent's outer character is its neighbour.
        const before = around.marker === marker && around.outerBefore !== undefined ? around.outerBefore : around.before;
        const after = around.marker === marker && around.outerAfter !== undefined ? around.outerAfter : around.after;
        const content = renderInlines(inline.children, target, { before: marker, after: marker, marker, outerBefore: before, outerAfter: after });
        if (delimitersRead(marker, before, content, after)) return `${delimiter}${content}${delimiter}`;
      }
      const tag = inline.form !== undefined && inline.form !== 'markdown' ? inline.form : ELEMENTS[inline.type];
      return `<${tag}>${renderInlines(inline.children, target)}</${tag}>`;
    }
    case 'inlineCode':
      if (inline.form === 'code') return target === 'md' && codeReadsAsHtml(inline.value) ? htmlCodeSpan(inline.value) : `<code>${escapeCodeElementText(inline.value)}</code>`;
      return target === 'md' && codeReadsAsHtml(inline.value) ? htmlCodeSpan(inline.value) : codeSpan(inline.value);
    case 'break':
      return '<br />';
    case 'image':
      return renderImage(inline.image);
    case 'link': {
      // After a `!` the markdown form would read as an image.
      if (inline.form === 'markdown' && around.before !== '!' && markdownLinkFits(inline)) {
        return `[${renderInlines(inline.children, target, { before: '[', after: ']' })}](${inline.href}${inline.title !== undefined ? ` "${inline.title}"` : ''})`;
      }
      const newTab = inline.form === 'markdown' ? false : (inline.newTab ?? opensNewTab(inline.href));
      return `<a href="${escapeAttribute(inline.href)}"${inline.title !== undefined ? ` title="${escapeAttribute(inline.title)}"` : ''}${
        newTab ? ' target="_blank" rel="noopener noreferrer"' : ''
      }>${renderInlines(inline.children, target)}</a>`;
    }
  }
}

/**
 * Whether a markdown link can carry this link as it is: MDX renders its destination through
 * `normalizeUri` (percent-encoding `^`, `é`, spaces…), so the URL must be one it leaves alone and
 * that needs no markdown escape (no parentheses, brackets, braces, backslash, character
 * reference); the title needs no escape either, and the text holds no link. Otherwise the page
 * gets the `<a>` form, which renders the same.
 */
function markdownLinkFits(link: Extract<Inline, { type: 'link' }>): boolean {
  const href = link.href;
  const plainHref = href !== '' && normalizeUri(href) === href && !/[()<>[\]{}\\`"]|&(?=#?[A-Za-z0-9]+;)/.test(href);
  return plainHref && (link.title === undefined || /^[^"\\&\n\r{}<\u0000]+$/.test(link.title)) && !containsLink(link.children);
}

function containsLink(inlines: readonly Inline[]): boolean {
  return inlines.some((inline) => inline.type === 'link' || ('children' in inline && containsLink(inline.children)));
}

const WHITESPACE = /^\s$/u;
const PUNCTUATION = /^[\p{P}\p{S}]$/u;

/**
 * Whether `marker` runs around `content`, between the characters `before` and `after`, read
 * back as that construct, by CommonMark's flanking rules, leaving no doubt: the opening run is
 * left-flanking and not right-flanking (it can only open), the closing run right-flanking and
 * not left-flanking, and no neighbour is the same marker (runs would merge). Conservative on
 * purpose; otherwise the page gets the element form, which renders the same.
 */
function delimitersRead(marker: string, before: string, content: string, after: string): boolean {
  const first = firstChar(content);
  const last = lastChar(content);
  if (first === undefined || last === undefined || before === marker || after === marker) return false;
  const space = (ch: string) => WHITESPACE.test(ch);
  const punctuation = (ch: string) => PUNCTUATION.test(ch);
  const leftFlanking = (previous: string, next: string) => !space(next) && (!punctuation(next) || space(previous) || punctuation(previous));
  const rightFlanking = (previous: string, next: string) => !space(previous) && (!punctuation(previous) || space(next) || punctuation(next));
  return leftFlanking(before, first) && !rightFlanking(before, first) && rightFlanking(last, after) && !leftFlanking(last, after);
}

function firstChar(text: string): string | undefined {
  return text === '' ? undefined : String.fromCodePoint(text.codePointAt(0)!);
}

function lastChar(text: string): string | undefined {
  return text === '' ? undefined : Array.from(text.slice(-2)).pop();
}

/** Links that leave the docs site open in a new tab (the model's rule, unless a link says otherwise). */
export { opensNewTab };

/** `<img src alt [title] [width] [height] [data-path] />`, the attribute order of the docs site. */
export function renderImage(image: ImageRef): string {
  let out = `<img src="${escapeAttribute(image.src)}" alt="${escapeAttribute(image.alt)}"`;
  if (image.title !== undefined) out += ` title="${escapeAttribute(image.title)}"`;
  if (image.width !== undefined) out += ` width="${image.width}"`;
  if (image.height !== undefined) out += ` height="${image.height}"`;
  if (image.dataPath !== undefined) out += ` data-path="${escapeAttribute(image.dataPath)}"`;
  return `${out} />`;
}

/** `open`, the body indented by two spaces (blank lines stay empty), `close`. */
function wrap(open: string, body: string, close: string): string {
  return body === '' ? `${open}\n${close}` : `${open}\n${indentLines(body, 2)}\n${close}`;
}

/**
 * Indents every non-empty line by `width` spaces. Blank lines stay empty so
 * pages carry no trailing whitespace; fenced code survives because MDX strips
 * a fence's indentation from each of its lines.
 */
export function indentLines(text: string, width: number, skipFirst = false): string {
  const pad = ' '.repeat(width);
  const lines = text.split('\n');
  for (let i = skipFirst ? 1 : 0; i < lines.length; i++) if (lines[i] !== '') lines[i] = pad + lines[i];
  return lines.join('\n');
}
