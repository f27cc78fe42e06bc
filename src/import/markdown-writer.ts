import type * as Mdast from 'mdast';
import { defaultHandlers } from 'mdast-util-to-markdown';
import remarkGfm from 'remark-gfm';
import remarkStringify, { type Options as StringifyOptions } from 'remark-stringify';
import { unified } from 'unified';
import type { Block, CalloutKind, ImageRef, Inline, ListItem } from '../model/connector-model.js';

/** Turns part of the model back into spec markdown. */
export type MarkdownWriter = (blocks: readonly Block[]) => string;

/** An image whose attributes cannot be written as `{…}` (a `}` or `"` in `data-path`, say). */
export interface UnwritableImage {
  readonly image: ImageRef;
  readonly reason: string;
}

const CALLOUT_MARKERS: Record<CalloutKind, string> = { warning: 'WARNING', note: 'NOTE', info: 'INFO', tip: 'TIP', check: 'CHECK' };

/**
 * Creates the writer for step bodies, intros and callouts: the model's
 * `Block` tree → CommonMark + GFM in the house style of the seed specs
 * (`-` bullets, `**strong**`, `*emphasis*`, fenced code, `> [!NOTE]`
 * callouts, `![alt](src){width=… height=… data-path=…}`), such that
 * `createMarkdownParser()` reads it back to the same tree.
 *
 * Escaping is mdast-util-to-markdown's (context-aware, so `Security & Access`
 * stays readable while `1. x` at a line start or `https://…` text do not turn
 * into syntax); two small handlers add what it does not know: callouts and
 * image attributes.
 */
export function createMarkdownWriter(): MarkdownWriter {
  const options: StringifyOptions = {
    bullet: '-',
    bulletOrdered: '.',
    emphasis: '*',
    strong: '*',
    rule: '-',
    fence: '`',
    fences: true,
    listItemIndent: 'one',
    incrementListMarker: true,
    handlers: { blockquote: calloutHandler, text: textHandler, link: linkHandler, image: imageHandler },
  };
  const processor = unified().use(remarkGfm).use(remarkStringify, options);
  return (blocks) => {
    if (blocks.length === 0) return '';
    return processor.stringify({ type: 'root', children: blocks.map(toFlow) });
  };
}

/** Images whose attributes the `{…}` syntax cannot carry, so the caller can report them. */
export function unwritableImages(blocks: readonly Block[]): UnwritableImage[] {
  const out: UnwritableImage[] = [];
  const visitInlines = (inlines: readonly Inline[]): void => {
    for (const inline of inlines) {
      if (inline.type === 'image') check(inline.image);
      else if ('children' in inline) visitInlines(inline.children);
    }
  };
  const check = (image: ImageRef): void => {
    if (image.dataPath !== undefined && !/^[^}"\n]*$/.test(image.dataPath)) out.push({ image, reason: `its \`data-path\` \`${image.dataPath}\` contains \`}\`, \`"\` or a line break` });
    else if (image.dataPath === '') out.push({ image, reason: 'its `data-path` is empty' });
  };
  const visit = (list: readonly Block[]): void => {
    for (const block of list) {
      if (block.type === 'paragraph' || block.type === 'heading') visitInlines(block.children);
      else if (block.type === 'image') check(block.image);
      else if (block.type === 'callout') visit(block.children);
      else if (block.type === 'list') for (const item of block.items) visit(item.children);
      else if (block.type === 'table') for (const row of [block.header, ...block.rows]) for (const cell of row) visitInlines(cell);
    }
  };
  visit(blocks);
  return out;
}

type Flow = Mdast.RootContent;

/** What the spec reader takes after a link as its tab behaviour. */
const LINK_TARGET = /^\{(?:new-tab|same-tab|markdown)?\}/;

function toFlow(block: Block): Flow {
  switch (block.type) {
    case 'paragraph':
      return { type: 'paragraph', children: toPhrasing(block.children) };
    case 'image':
      return { type: 'paragraph', children: toPhrasing([{ type: 'image', image: block.image }]) };
    case 'heading':
      return { type: 'heading', depth: block.depth, children: toPhrasing(block.children) };
    case 'thematicBreak':
      return { type: 'thematicBreak' };
    case 'code':
      return { type: 'code', lang: block.lang ?? null, meta: null, value: block.value };
    case 'list':
      return {
        type: 'list',
        ordered: block.ordered,
        ...(block.ordered ? { start: block.start ?? 1 } : {}),
        spread: block.spread,
        children: block.items.map((item) => toListItem(item, block.spread)),
      };
    case 'callout':
      return { type: 'blockquote', data: { calloutKind: block.kind } as Mdast.Data, children: block.children.map(toFlow) as Mdast.BlockContent[] };
    case 'table':
      return {
        type: 'table',
        align: [...block.align],
        children: [block.header, ...block.rows].map((row) => ({ type: 'tableRow', children: row.map((cell) => ({ type: 'tableCell', children: toPhrasing(cell) })) })),
      };
  }
}

function toListItem(item: ListItem, spread: boolean): Mdast.ListItem {
  return {
    type: 'listItem',
    spread,
    ...(item.checked !== undefined ? { checked: item.checked } : {}),
    children: item.children.map(toFlow) as Mdast.BlockContent[],
  };
}

function toPhrasing(inlines: readonly Inline[]): Mdast.PhrasingContent[] {
  const out: Mdast.PhrasingContent[] = [];
  inlines.forEach((inline, index) => {
    const next = inlines[index + 1];
    switch (inline.type) {
      case 'text':
        out.push({ type: 'text', value: inline.value });
        return;
      case 'strong':
      case 'emphasis':
      case 'delete':
        out.push({ type: inline.type, children: toPhrasing(inline.children) });
        pushSuffix(out, inline.form, next);
        return;
      case 'inlineCode':
        out.push({ type: 'inlineCode', value: inline.value });
        pushSuffix(out, inline.form, next);
        return;
      case 'break':
        out.push({ type: 'break' });
        return;
      case 'link': {
        out.push({ type: 'link', url: inline.href, title: inline.title ?? null, children: toPhrasing(inline.children) });
        // The reader takes `{new-tab}`, `{same-tab}` or `{}` right after a link as its tab behaviour; text that
        // starts like one after a plain link needs an empty `{}` in between.
        const guard = next?.type === 'text' && LINK_TARGET.test(next.value);
        if (inline.form !== undefined) out.push({ type: 'text', value: `{${inline.form}}` });
        else if (inline.newTab !== undefined) out.push({ type: 'text', value: inline.newTab ? '{new-tab}' : '{same-tab}' });
        else if (guard) out.push({ type: 'text', value: '{}' });
        return;
      }
      case 'image': {
        const { image } = inline;
        out.push({ type: 'image', url: image.src, alt: image.alt, title: image.title ?? null });
        const attributes = imageAttributes(image);
        // The reader takes a `{…}` right after an image as its attributes, so text that starts
        // with `{` after an attribute-less image needs an empty `{}` in between.
        const needsGuard = attributes === '' && next?.type === 'text' && next.value.startsWith('{');
        // Written as text so a `*` or `_` inside a path is escaped like any other text; the reader
        // unescapes, and puts back what GFM linked (`www.`, `@2x`), before it reads the attributes.
        if (attributes !== '' || needsGuard) out.push({ type: 'text', value: `{${attributes}}` });
        return;
      }
    }
  });
  return out;
}

/**
 * The reader takes `{b}`, `{markdown}`… (see `INLINE_FORMS`) or `{}` right after strong,
 * emphasis, strikethrough and code as the authored form: written when the model has one, and
 * `{}` as a guard before text that starts like one.
 */
function pushSuffix(out: Mdast.PhrasingContent[], form: string | undefined, next: Inline | undefined): void {
  if (form !== undefined) out.push({ type: 'text', value: `{${form}}` });
  else if (next?.type === 'text' && /^\{[a-z]*\}/.test(next.value)) out.push({ type: 'text', value: '{}' });
}

function imageAttributes(image: ImageRef): string {
  const parts: string[] = [];
  if (image.width !== undefined) parts.push(`width=${image.width}`);
  if (image.height !== undefined) parts.push(`height=${image.height}`);
  if (image.dataPath !== undefined && image.dataPath !== '' && /^[^}"\n]*$/.test(image.dataPath)) {
    parts.push(/^[^\s"]+$/.test(image.dataPath) ? `data-path=${image.dataPath}` : `data-path="${image.dataPath}"`);
  }
  return parts.join(' ');
}

type Handlers = Required<NonNullable<StringifyOptions['handlers']>>;

/**
 * Text as mdast-util-to-markdown escapes it, with two corrections: `WwW.` is escaped too, as
 * the library escapes `www.` (GFM matches it in any case), and a `&` that cannot start a
 * character reference stays bare (`?a=1&b=2`, `Security & Access`). The escape keeps the
 * markdown tokenizer from reading a literal link; remark-gfm still links `www.x` (and
 * `a@b.co`) found in the decoded text, so text can never hold one: it reads back as a link.
 */
const textHandler: Handlers['text'] = (node, parent, state, info) =>
  plainAmpersands(defaultHandlers.text(node, parent, state, info)).replace(/(^|[^\\\w])([wW]{3})\./g, '$1$2\\.');
// Only the destination: the link text was written by the handlers above, and may hold code.
const linkHandler: Handlers['link'] = (node, parent, state, info) => {
  const markdown = defaultHandlers.link(node, parent, state, info);
  const destination = markdown.endsWith(')') ? markdown.lastIndexOf('](') : -1;
  return destination === -1 ? markdown : markdown.slice(0, destination) + plainAmpersands(markdown.slice(destination));
};
const imageHandler: Handlers['image'] = (node, parent, state, info) => plainAmpersands(defaultHandlers.image(node, parent, state, info));

/** `\&` → `&` unless what follows reads as a reference (`&amp;`, `&#123;`); escaped backslashes are left alone. */
function plainAmpersands(markdown: string): string {
  return markdown.replace(/(?<=(?:^|[^\\])(?:\\\\)*)\\&(?![#A-Za-z0-9]+;)/g, '&');
}

/** `> [!NOTE]` then the callout's blocks; a blank `>` line keeps a non-paragraph start from merging. */
const calloutHandler: NonNullable<StringifyOptions['handlers']>['blockquote'] = (node, _parent, state, info) => {
  const kind = (node.data as { calloutKind?: CalloutKind } | undefined)?.calloutKind;
  const exit = state.enter('blockquote');
  const tracker = state.createTracker(info);
  tracker.move('> ');
  tracker.shift(2);
  const inner = state.containerFlow(node, tracker.current());
  exit();
  const marker = kind ? `[!${CALLOUT_MARKERS[kind]}]` : undefined;
  const first = node.children[0];
  const body = marker === undefined ? inner : inner === '' ? marker : first?.type === 'paragraph' ? `${marker}\n${inner}` : `${marker}\n\n${inner}`;
  return state.indentLines(body, (line, _index, blank) => `>${blank ? '' : ' '}${line}`);
};
