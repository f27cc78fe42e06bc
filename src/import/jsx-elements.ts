import { opensNewTab, type Block, type CalloutKind, type ImageRef, type Inline, type ListItem, type TableCell } from '../model/connector-model.js';
import { paragraphOrImage, pushInline, type MdastReader } from '../model/mdast-reader.js';
import { CALLOUT_KINDS, describe, flowChildren, hasAttribute, isBlank, isElement, isFlowNode, stringAttribute, textContent, type JsxElement, type PageNode } from './jsx-nodes.js';

/**
 * The HTML-ish JSX elements of a guide page, as data: a table of block tags
 * and one of inline tags, each mapping a tag onto the model node it stands
 * for (`<strong>` and `**` both become `strong`). Tags outside the tables
 * are reported and their content kept.
 */

/** Reads one element into `out`. */
export type ElementHandler<Out> = (reader: MdastReader, node: JsxElement, out: Out[]) => void;

type Align = 'left' | 'right' | 'center' | null;

/** What `build` writes on a link that opens a new tab; the only `rel` a spec can hold. */
const NEW_TAB_REL = 'noopener noreferrer';

const callout =
  (kind: CalloutKind): ElementHandler<Block> =>
  (reader, node, out) => {
    checkAttributes(reader, node, []);
    out.push({ type: 'callout', kind, children: reader.blocks(flowChildren(node)) });
  };

const heading =
  (depth: number): ElementHandler<Block> =>
  (reader, node, out) => {
    checkAttributes(reader, node, []);
    out.push(reader.heading(node, depth, node.children));
  };

/** Block tags (and callout components) and the model block each becomes. */
export const BLOCK_TAGS: ReadonlyMap<string, ElementHandler<Block>> = new Map<string, ElementHandler<Block>>([
  ...Object.entries(CALLOUT_KINDS).map(([name, kind]): [string, ElementHandler<Block>] => [name, callout(kind)]),
  [
    'p',
    (reader, node, out) => {
      checkAttributes(reader, node, []);
      // A multi-line `<p>` holds a paragraph; a line of only elements is flow to MDX. Both are text.
      const content = node.children.flatMap((child): PageNode[] => (child.type === 'paragraph' ? child.children : [child]));
      if (content.some((child) => isFlowNode(child))) out.push(...reader.blocks(node.children));
      else out.push(paragraphOrImage(reader.phrasing(content)));
    },
  ],
  ['ul', (reader, node, out) => void out.push(htmlList(reader, node, false))],
  ['ol', (reader, node, out) => void out.push(htmlList(reader, node, true))],
  ['img', (reader, node, out) => {
    const image = imageOf(reader, node);
    if (image) out.push({ type: 'image', image });
  }],
  ...[1, 2, 3, 4, 5, 6].map((depth): [string, ElementHandler<Block>] => [`h${depth}`, heading(depth)]),
  ['hr', (_reader, _node, out) => void out.push({ type: 'thematicBreak' })],
  ['table', (reader, node, out) => void out.push(htmlTable(reader, node))],
  [
    'pre',
    (_reader, node, out) => {
      const code = node.children.find((child): child is JsxElement => isElement(child) && child.name === 'code');
      const className = code ? (stringAttribute(code, 'className') ?? stringAttribute(code, 'class')) : undefined;
      const lang = /(?:^|\s)language-(\S+)/.exec(className ?? '')?.[1];
      out.push({ type: 'code', ...(lang ? { lang } : {}), value: textContent(code ?? node) });
    },
  ],
]);

const wrap =
  (type: 'strong' | 'emphasis' | 'delete', form?: 'b' | 'i' | 's'): ElementHandler<Inline> =>
  (reader, node, out) => {
    checkAttributes(reader, node, []);
    pushInline(out, { type, ...(form ? { form } : {}), children: reader.inlines(node.children) } as Inline);
  };

/** Inline tags and the model inline each becomes; `<b>`, `<i>`, `<s>` and `<code>` keep their spelling as the node's `form`. */
export const INLINE_TAGS: ReadonlyMap<string, ElementHandler<Inline>> = new Map<string, ElementHandler<Inline>>([
  ['strong', wrap('strong')],
  ['b', wrap('strong', 'b')],
  ['em', wrap('emphasis')],
  ['i', wrap('emphasis', 'i')],
  ['del', wrap('delete')],
  ['s', wrap('delete', 's')],
  [
    'code',
    (reader, node, out) => {
      checkAttributes(reader, node, []);
      out.push({ type: 'inlineCode', form: 'code', value: textContent(node) });
    },
  ],
  ['br', (_reader, _node, out) => void out.push({ type: 'break' })],
  [
    'a',
    (reader, node, out) => {
      const href = stringAttribute(node, 'href');
      const title = stringAttribute(node, 'title');
      checkAttributes(reader, node, ['href', 'title', 'target', 'rel']);
      if (href === undefined || href === '') {
        reader.report(node, 'unsupported', 'A link without `href` has no equivalent in a spec: its text was imported without the link.');
        for (const inline of reader.inlines(node.children)) pushInline(out, inline);
        return;
      }
      const newTab = tabBehaviour(reader, node);
      out.push({ type: 'link', href, ...(title ? { title } : {}), ...(newTab !== opensNewTab(href) ? { newTab } : {}), children: unnestLinks(reader, node, href, reader.inlines(node.children)) });
    },
  ],
  ['img', (reader, node, out) => {
    const image = imageOf(reader, node);
    if (image) out.push({ type: 'image', image });
  }],
]);

/**
 * Whether `<a>` opens a new tab, as a spec can say it: `target="_blank"` with
 * `rel="noopener noreferrer"`, or no `target` and no `rel`. Any other `target` or `rel` is
 * reported and read as the nearest of the two (a new tab only for `_blank`).
 */
function tabBehaviour(reader: MdastReader, node: JsxElement): boolean {
  const target = stringAttribute(node, 'target');
  const rel = stringAttribute(node, 'rel');
  const newTab = target === '_blank';
  if (target !== undefined && !newTab) reader.report(node, 'unsupported', `The link target \`${target}\` has no equivalent in a spec: the link opens in the same tab, without \`target\`.`);
  if (newTab && rel !== NEW_TAB_REL) reader.report(node, 'unsupported', `A new-tab link is written with \`rel="${NEW_TAB_REL}"\` in a spec; ${rel === undefined ? 'it was added' : `\`rel="${rel}"\` was replaced`}.`);
  if (!newTab && rel !== undefined) reader.report(node, 'unsupported', `The attribute \`rel\` of a link that stays in the tab has no equivalent in a spec and was dropped.`);
  return newTab;
}

/**
 * A link cannot hold a link (`<a><a>` is invalid HTML, and markdown cannot write it): a markdown
 * link or a linked address inside `<a>` gives its text to the outer link. When it pointed
 * elsewhere, that target is reported as dropped.
 */
function unnestLinks(reader: MdastReader, node: JsxElement, href: string, children: readonly Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const child of children) {
    if (child.type === 'link') {
      if (child.href !== href) reader.report(node, 'unsupported', `The link to \`${child.href}\` inside the link to \`${href}\` cannot be kept (a link cannot hold a link): its text was imported as part of the outer link.`);
      for (const inline of unnestLinks(reader, node, href, child.children)) pushInline(out, inline);
    } else if ('children' in child) out.push({ ...child, children: unnestLinks(reader, node, href, child.children) } as Inline);
    else pushInline(out, child);
  }
  return out;
}

/** Reads a flow element: a block tag, or the content of any other element, reported. */
export function readBlockElement(reader: MdastReader, node: JsxElement, out: Block[]): void {
  const name = node.name ?? '';
  const handler = BLOCK_TAGS.get(name);
  if (handler) return handler(reader, node, out);
  const content = reader.blocks(flowChildren(node));
  reader.report(node, 'unsupported', content.length > 0 ? `\`<${name || 'fragment'}>\` has no equivalent in a spec: its content was imported without it.` : `\`<${name || 'fragment'}>\` has no equivalent in a spec and was skipped.`);
  out.push(...content);
}

/** Reads an element inside text: an inline tag, or the text of any other element, reported. */
export function readInlineElement(reader: MdastReader, node: JsxElement, out: Inline[]): void {
  const handler = INLINE_TAGS.get(node.name ?? '');
  if (handler) return handler(reader, node, out);
  const content = reader.inlines(node.children);
  reader.report(node, 'unsupported', content.length > 0 ? `\`<${node.name ?? 'fragment'}>\` has no equivalent in a spec: its text was imported without it.` : `\`<${node.name ?? 'fragment'}>\` has no equivalent in a spec and was skipped.`);
  for (const inline of content) pushInline(out, inline);
}

// ─── Lists ──────────────────────────────────────────────────────────────────

/**
 * `<ul>`/`<ol start>`: one-line `<li>text</li>` items are tight; an item on
 * its own lines around a single `<p>` can only come from a loose list. (MDX
 * also reads a one-line item of elements only, `<li><input /> <img /></li>`,
 * as flow: without a `<p>` it is still a tight item.)
 */
function htmlList(reader: MdastReader, node: JsxElement, ordered: boolean): Block {
  const items: ListItem[] = [];
  let loose = false;
  const visit = (children: readonly PageNode[]): void => {
    for (const child of children) {
      if (child.type === 'paragraph') visit(child.children);
      else if (isElement(child) && child.name === 'li') {
        const item = listItem(reader, child);
        if (child.type === 'mdxJsxFlowElement' && item.children.length === 1 && item.children[0]!.type === 'paragraph' && holdsParagraphElement(child)) loose = true;
        items.push(item);
      } else if (child.type === 'text' && child.value.trim() === '') continue;
      else {
        const skipped = reader.blocks([child]);
        if (skipped.length > 0) items.push({ children: skipped });
        reader.report(child, 'unsupported', `Only \`<li>\` items can appear in a list; this content became an item of its own.`);
      }
    }
  };
  visit(node.children);
  const startText = stringAttribute(node, 'start');
  const start = startText !== undefined && /^\d{1,9}$/.test(startText) ? Number(startText) : undefined;
  if (startText !== undefined && start === undefined) reader.report(node, 'unsupported', `The list start \`${startText}\` is not a whole number and was dropped.`);
  // A list whose items all hold several blocks looks the same tight or loose; markdown can
  // write it tight only when each item is a paragraph followed by a nested list.
  const spread = loose || items.some((item) => item.children.length > 1 && !fitsTightItem(item));
  return { type: 'list', ordered, ...(ordered && start !== undefined && start !== 1 ? { start } : {}), spread, items };
}

function listItem(reader: MdastReader, node: JsxElement): ListItem {
  const checkbox = takeCheckbox(node.children);
  const children = checkbox?.children ?? node.children;
  const checked = checkbox ? { checked: checkbox.checked } : {};
  if (node.type === 'mdxJsxTextElement') {
    const inlines = reader.phrasing(children);
    return { ...checked, children: inlines.length > 0 ? [paragraphOrImage(inlines)] : [] };
  }
  return { ...checked, children: reader.blocks(children) };
}

/**
 * A task item starts with `<input type="checkbox" [checked] disabled />`: first in a one-line
 * item, first in the item's `<p>` when it is loose, or alone in a `<p>` before other blocks.
 * Returns the item's children without it.
 */
function takeCheckbox(children: readonly PageNode[]): { children: PageNode[]; checked: boolean } | undefined {
  const index = children.findIndex((child) => !isBlank(child));
  const first = children[index];
  if (!first) return undefined;
  if (isElement(first) && first.name === 'input' && stringAttribute(first, 'type') === 'checkbox') {
    const rest = [...children.slice(0, index), ...children.slice(index + 1)];
    const next = rest[index];
    // The space after the checkbox is the renderer's, not the item's text.
    if (next?.type === 'text') rest[index] = { ...next, value: next.value.replace(/^ /, '') };
    return { children: rest.filter((child) => !(child.type === 'text' && child.value === '')), checked: hasAttribute(first, 'checked') };
  }
  if (first.type === 'paragraph' || (isElement(first) && first.name === 'p')) {
    const inner = takeCheckbox((first as { children: PageNode[] }).children);
    if (!inner) return undefined;
    const rest = [...children];
    if (inner.children.every(isBlank)) rest.splice(index, 1);
    else rest[index] = { ...first, children: inner.children } as PageNode;
    return { children: rest, checked: inner.checked };
  }
  return undefined;
}

/** Whether an `<li>` holds a `<p>` element, on its own line or inside a paragraph. */
function holdsParagraphElement(li: JsxElement): boolean {
  const isP = (node: PageNode) => isElement(node) && node.name === 'p';
  return li.children.some((child) => isP(child) || (child.type === 'paragraph' && child.children.some(isP)));
}

function fitsTightItem(item: ListItem): boolean {
  const [first, second] = item.children;
  return item.children.length === 2 && first?.type === 'paragraph' && second?.type === 'list' && (!second.ordered || second.start === undefined);
}

// ─── Tables ─────────────────────────────────────────────────────────────────

function htmlTable(reader: MdastReader, node: JsxElement): Block {
  const rows: { header: boolean; cells: TableCell[]; align: Align[] }[] = [];
  const visit = (children: readonly PageNode[]): void => {
    for (const child of children) {
      if (child.type === 'paragraph') visit(child.children);
      else if (isElement(child) && (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot')) visit(child.children);
      else if (isElement(child) && child.name === 'tr') rows.push(tableRow(reader, child));
      else if (!(child.type === 'text' && child.value.trim() === '')) reader.report(child, 'unsupported', `Only rows can appear in a table; \`${describe(child)}\` was skipped.`);
    }
  };
  visit(node.children);
  const [head, ...body] = rows;
  if (!head) return { type: 'table', align: [], header: [], rows: [] };
  return { type: 'table', align: head.align, header: head.cells, rows: body.map((row) => row.cells) };
}

function tableRow(reader: MdastReader, node: JsxElement): { header: boolean; cells: TableCell[]; align: Align[] } {
  const cells: TableCell[] = [];
  const align: Align[] = [];
  let header = false;
  const visit = (children: readonly PageNode[]): void => {
    for (const child of children) {
      if (child.type === 'paragraph') visit(child.children);
      else if (isElement(child) && (child.name === 'th' || child.name === 'td')) {
        header ||= child.name === 'th';
        const value = stringAttribute(child, 'align');
        align.push(value === 'left' || value === 'right' || value === 'center' ? value : null);
        cells.push(reader.phrasing(flowChildren(child).flatMap((c) => (c.type === 'paragraph' ? c.children : [c]))));
      } else if (!(child.type === 'text' && child.value.trim() === '')) reader.report(child, 'unsupported', `Only cells can appear in a table row; \`${describe(child)}\` was skipped.`);
    }
  };
  visit(node.children);
  return { header, cells, align };
}

// ─── Images and attributes ──────────────────────────────────────────────────

function imageOf(reader: MdastReader, node: JsxElement): ImageRef | undefined {
  const src = stringAttribute(node, 'src');
  if (src === undefined || src === '') {
    reader.report(node, 'unsupported', 'An image without `src` has no equivalent in a spec and was skipped.');
    return undefined;
  }
  const image: { -readonly [K in keyof ImageRef]: ImageRef[K] } = { src, alt: stringAttribute(node, 'alt') ?? '' };
  const title = stringAttribute(node, 'title');
  if (title) image.title = title;
  for (const name of ['width', 'height'] as const) {
    const value = stringAttribute(node, name);
    if (value === undefined) continue;
    if (/^[1-9]\d{0,4}$/.test(value)) image[name] = Number(value);
    else reader.report(node, 'unsupported', `The image ${name} \`${value}\` is not a whole number of pixels and was dropped.`);
  }
  const dataPath = stringAttribute(node, 'data-path');
  if (dataPath !== undefined && dataPath !== '') image.dataPath = dataPath;
  checkAttributes(reader, node, ['src', 'alt', 'title', 'width', 'height', 'data-path']);
  return image;
}

/** Reports attributes the model has no place for: they are not silently lost. */
function checkAttributes(reader: MdastReader, node: JsxElement, allowed: readonly string[]): void {
  for (const attribute of node.attributes) {
    const name = attribute.type === 'mdxJsxAttribute' ? attribute.name : '{…}';
    if (!allowed.includes(name)) reader.report(node, 'unsupported', `The attribute \`${name}\` of \`<${node.name}>\` has no equivalent in a spec and was dropped.`);
  }
}
