import type * as Mdast from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx';
import type { Block, CalloutKind, ImageRef, Inline, ListItem, TableCell } from '../model/connector-model.js';

/**
 * Reads the content of a guide page (step bodies, intros, callouts) into the
 * model's `Block`/`Inline` tree. Pages mix markdown with HTML-ish JSX; both
 * spellings of a construct map to the same node (`<strong>` and `**`, `<ul>`
 * and `-`), so hand-written pages import as well as generated ones. What the
 * model cannot hold is reported through `onSkip` with its position, and the
 * reader carries on with the rest.
 */

/** Any node of a page parsed by remark-parse + remark-mdx (+ gfm, frontmatter). */
export type PageNode = Mdast.RootContent | Mdast.Root;
export type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

/** Called for every construct the model cannot hold; `node` gives the position. */
export type SkipReporter = (node: PageNode, message: string, hint?: string) => void;

/** MDX callout components and the kind each stands for. */
export const CALLOUT_KINDS: Readonly<Record<string, CalloutKind>> = { Warning: 'warning', Note: 'note', Info: 'info', Tip: 'tip', Check: 'check' };

const MARKDOWN_CALLOUTS: Readonly<Record<string, CalloutKind>> = { WARNING: 'warning', NOTE: 'note', INFO: 'info', TIP: 'tip', CHECK: 'check', CAUTION: 'warning', IMPORTANT: 'info' };

/** Elements that stand for a block when they sit alone on their lines. */
const BLOCK_ELEMENTS = new Set(['p', 'ul', 'ol', 'li', 'img', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'pre', 'blockquote', 'div', 'section', 'Steps', 'Step', 'Frame', ...Object.keys(CALLOUT_KINDS)]);

/** Attributes the docs site derives itself (new-tab links), so dropping them loses nothing. */
const DERIVED_LINK_ATTRIBUTES = new Set(['target', 'rel']);

export class PageBlockReader {
  /** `source` is the page text: MDX drops the spaces between elements that fill a line, the reader puts them back. */
  constructor(
    private readonly onSkip: SkipReporter,
    private readonly source = '',
  ) {}

  /** Reads flow content (the children of a step, a section, a callout…). */
  blocks(nodes: readonly PageNode[]): Block[] {
    const out: Block[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (!isInlineElement(node)) {
        this.flow(node, out);
        continue;
      }
      // `<img … /> <a …>…</a>` filling a line is flow to MDX, but it is one line of text.
      let end = i + 1;
      while (end < nodes.length && isInlineElement(nodes[end]!) && this.droppedSpace(nodes[end - 1]!, nodes[end]!, true) !== undefined) end++;
      out.push(paragraphOrImage(this.phrasing(nodes.slice(i, end))));
      i = end - 1;
    }
    return out;
  }

  private flow(node: PageNode, out: Block[]): void {
    switch (node.type) {
      case 'paragraph':
        if (isElementRun(node.children)) {
          for (const child of node.children) if (child.type === 'mdxJsxTextElement') this.element(child, out);
        } else {
          out.push(paragraphOrImage(this.phrasing(node.children)));
        }
        return;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement':
        this.element(node, out);
        return;
      case 'text':
        if (node.value.trim() !== '') out.push({ type: 'paragraph', children: this.phrasing([node]) });
        return;
      case 'list':
        out.push(this.markdownList(node));
        return;
      case 'code':
        out.push({ type: 'code', ...(node.lang ? { lang: node.lang } : {}), value: node.value });
        if (node.meta) this.onSkip(node, `The code block's info string \`${node.meta}\` after the language has no equivalent in a spec and was dropped.`);
        return;
      case 'heading':
        out.push(this.heading(node, node.depth, node.children));
        return;
      case 'thematicBreak':
        out.push({ type: 'thematicBreak' });
        return;
      case 'table':
        out.push(this.markdownTable(node));
        return;
      case 'blockquote':
        this.blockquote(node, out);
        return;
      case 'html':
        this.onSkip(node, `Raw HTML \`${preview(node.value)}\` has no equivalent in a spec and was skipped.`);
        return;
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        this.onSkip(node, `The expression \`{${preview(node.value)}}\` has no equivalent in a spec and was skipped.`, 'Guide text is static: write its result as text.');
        return;
      case 'mdxjsEsm':
        this.onSkip(node, `The \`import\`/\`export\` statement \`${preview(node.value)}\` has no equivalent in a spec and was skipped.`);
        return;
      case 'definition':
        return; // Resolved by remark into the references that use it.
      default:
        this.onSkip(node, `Markdown \`${node.type}\` has no equivalent in a spec and was skipped.`);
    }
  }

  private element(node: JsxElement, out: Block[]): void {
    const name = node.name ?? '';
    const kind = CALLOUT_KINDS[name];
    if (kind) {
      this.attributesNone(node);
      out.push({ type: 'callout', kind, children: this.blocks(flowChildren(node)) });
      return;
    }
    switch (name) {
      case 'p': {
        this.attributesNone(node);
        // A multi-line `<p>` holds a paragraph; a line of only elements is flow to MDX. Both are text.
        const content = node.children.flatMap((child): PageNode[] => (child.type === 'paragraph' ? child.children : [child]));
        if (content.some((child) => isFlowNode(child))) out.push(...this.blocks(node.children));
        else out.push(paragraphOrImage(this.phrasing(content)));
        return;
      }
      case 'ul':
      case 'ol':
        out.push(this.htmlList(node, name === 'ol'));
        return;
      case 'img': {
        const image = this.image(node);
        if (image) out.push({ type: 'image', image });
        return;
      }
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
        this.attributesNone(node);
        out.push(this.heading(node, Number(name[1]), node.children));
        return;
      case 'hr':
        out.push({ type: 'thematicBreak' });
        return;
      case 'table':
        out.push(this.htmlTable(node));
        return;
      case 'pre': {
        const code = node.children.find((child): child is JsxElement => isElement(child) && child.name === 'code');
        const className = code ? stringAttribute(code, 'className') ?? stringAttribute(code, 'class') : undefined;
        const lang = /(?:^|\s)language-(\S+)/.exec(className ?? '')?.[1];
        out.push({ type: 'code', ...(lang ? { lang } : {}), value: textContent(code ?? node) });
        return;
      }
      default: {
        const content = this.blocks(flowChildren(node));
        this.onSkip(
          node,
          content.length > 0
            ? `\`<${name || 'fragment'}>\` has no equivalent in a spec: its content was imported without it.`
            : `\`<${name || 'fragment'}>\` has no equivalent in a spec and was skipped.`,
        );
        out.push(...content);
      }
    }
  }

  private heading(node: PageNode, depth: number, children: readonly PageNode[]): Block {
    const inlines = this.phrasing(children);
    if (depth < 3) {
      this.onSkip(node, `A level-${depth} heading cannot appear inside a step, an intro or a callout; it was imported as a level-3 heading.`);
      return { type: 'heading', depth: 3, children: inlines };
    }
    return { type: 'heading', depth: depth as 3 | 4 | 5 | 6, children: inlines };
  }

  private blockquote(node: Mdast.Blockquote, out: Block[]): void {
    const first = node.children[0];
    const lead = first?.type === 'paragraph' ? first.children[0] : undefined;
    const marker = lead?.type === 'text' ? /^\[!([A-Z]+)\][ \t]*(?:\n|$)/.exec(lead.value) : null;
    const kind = marker ? MARKDOWN_CALLOUTS[marker[1]!] : undefined;
    if (!marker || !kind || first?.type !== 'paragraph' || lead?.type !== 'text') {
      this.onSkip(node, 'A plain block quote has no equivalent in a spec: its content was imported without the quote.', 'Make it a callout, e.g. `<Note>…</Note>`.');
      out.push(...this.blocks(node.children));
      return;
    }
    const rest = lead.value.slice(marker[0].length);
    const firstChildren: Mdast.PhrasingContent[] = rest === '' ? first.children.slice(1) : [{ ...lead, value: rest }, ...first.children.slice(1)];
    const children: PageNode[] = firstChildren.length > 0 ? [{ ...first, children: firstChildren }, ...node.children.slice(1)] : node.children.slice(1);
    out.push({ type: 'callout', kind, children: this.blocks(children) });
  }

  // ─── Lists ──────────────────────────────────────────────────────────────────

  private markdownList(node: Mdast.List): Block {
    return {
      type: 'list',
      ordered: node.ordered === true,
      ...(node.ordered && typeof node.start === 'number' && node.start !== 1 ? { start: node.start } : {}),
      spread: node.spread === true || node.children.some((item) => item.spread === true),
      items: node.children.map((item) => ({ ...(typeof item.checked === 'boolean' ? { checked: item.checked } : {}), children: this.blocks(item.children) })),
    };
  }

  /**
   * `<ul>`/`<ol start>`: one-line `<li>text</li>` items are tight; an item on
   * its own lines around a single `<p>` can only come from a loose list. (MDX
   * also reads a one-line item of elements only, `<li><input /> <img /></li>`,
   * as flow: without a `<p>` it is still a tight item.)
   */
  private htmlList(node: JsxElement, ordered: boolean): Block {
    const items: ListItem[] = [];
    let loose = false;
    const visit = (children: readonly PageNode[]): void => {
      for (const child of children) {
        if (child.type === 'paragraph') visit(child.children);
        else if (isElement(child) && child.name === 'li') {
          const item = this.listItem(child);
          if (child.type === 'mdxJsxFlowElement' && item.children.length === 1 && item.children[0]!.type === 'paragraph' && holdsParagraphElement(child)) loose = true;
          items.push(item);
        } else if (child.type === 'text' && child.value.trim() === '') continue;
        else {
          const skipped = this.blocks([child]);
          if (skipped.length > 0) items.push({ children: skipped });
          this.onSkip(child, `Only \`<li>\` items can appear in a list; this content became an item of its own.`);
        }
      }
    };
    visit(node.children);
    const startText = stringAttribute(node, 'start');
    const start = startText !== undefined && /^\d{1,9}$/.test(startText) ? Number(startText) : undefined;
    if (startText !== undefined && start === undefined) this.onSkip(node, `The list start \`${startText}\` is not a whole number and was dropped.`);
    // A list whose items all hold several blocks looks the same tight or loose; markdown can
    // write it tight only when each item is a paragraph followed by a nested list.
    const spread = loose || items.some((item) => item.children.length > 1 && !fitsTightItem(item));
    return { type: 'list', ordered, ...(ordered && start !== undefined && start !== 1 ? { start } : {}), spread, items };
  }

  private listItem(node: JsxElement): ListItem {
    const checkbox = takeCheckbox(node.children);
    const children = checkbox?.children ?? node.children;
    const checked = checkbox ? { checked: checkbox.checked } : {};
    if (node.type === 'mdxJsxTextElement') {
      const inlines = this.phrasing(children);
      return { ...checked, children: inlines.length > 0 ? [paragraphOrImage(inlines)] : [] };
    }
    return { ...checked, children: this.blocks(children) };
  }

  // ─── Tables ─────────────────────────────────────────────────────────────────

  private markdownTable(node: Mdast.Table): Block {
    return {
      type: 'table',
      align: (node.align ?? []).map((a) => a ?? null),
      header: (node.children[0]?.children ?? []).map((cell) => this.phrasing(cell.children)),
      rows: node.children.slice(1).map((row) => row.children.map((cell) => this.phrasing(cell.children))),
    };
  }

  private htmlTable(node: JsxElement): Block {
    const rows: { header: boolean; cells: TableCell[]; align: ('left' | 'right' | 'center' | null)[] }[] = [];
    const visit = (children: readonly PageNode[]): void => {
      for (const child of children) {
        if (child.type === 'paragraph') visit(child.children);
        else if (isElement(child) && (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot')) visit(child.children);
        else if (isElement(child) && child.name === 'tr') rows.push(this.tableRow(child));
        else if (!(child.type === 'text' && child.value.trim() === '')) this.onSkip(child, `Only rows can appear in a table; \`${describe(child)}\` was skipped.`);
      }
    };
    visit(node.children);
    const [head, ...body] = rows;
    if (!head) return { type: 'table', align: [], header: [], rows: [] };
    return { type: 'table', align: head.align, header: head.cells, rows: body.map((row) => row.cells) };
  }

  private tableRow(node: JsxElement): { header: boolean; cells: TableCell[]; align: ('left' | 'right' | 'center' | null)[] } {
    const cells: TableCell[] = [];
    const align: ('left' | 'right' | 'center' | null)[] = [];
    let header = false;
    const visit = (children: readonly PageNode[]): void => {
      for (const child of children) {
        if (child.type === 'paragraph') visit(child.children);
        else if (isElement(child) && (child.name === 'th' || child.name === 'td')) {
          header ||= child.name === 'th';
          const value = stringAttribute(child, 'align');
          align.push(value === 'left' || value === 'right' || value === 'center' ? value : null);
          cells.push(this.phrasing(flowChildren(child).flatMap((c) => (c.type === 'paragraph' ? c.children : [c]))));
        } else if (!(child.type === 'text' && child.value.trim() === '')) this.onSkip(child, `Only cells can appear in a table row; \`${describe(child)}\` was skipped.`);
      }
    };
    visit(node.children);
    return { header, cells, align };
  }

  // ─── Inline content ─────────────────────────────────────────────────────────

  /** Reads phrasing content, trimmed at both ends as a paragraph's text is. */
  phrasing(nodes: readonly PageNode[]): Inline[] {
    return trimEdges(this.inlines(nodes));
  }

  private inlines(nodes: readonly PageNode[]): Inline[] {
    const out: Inline[] = [];
    nodes.forEach((node, index) => {
      const gap = index > 0 ? this.droppedSpace(nodes[index - 1]!, node) : '';
      if (gap !== '') pushText(out, gap);
      this.inline(node, out);
    });
    return out;
  }

  /**
   * A line of only elements (`<img … /> <img … />`) is flow content to MDX, and the spaces
   * between its elements are not in the tree; the page text still has them.
   */
  private droppedSpace(before: PageNode, after: PageNode): string;
  private droppedSpace(before: PageNode, after: PageNode, sameLine: true): string | undefined;
  private droppedSpace(before: PageNode, after: PageNode, sameLine = false): string | undefined {
    const none = sameLine ? undefined : '';
    if (before.type === 'text' || after.type === 'text') return none;
    const end = before.position?.end;
    const start = after.position?.start;
    if (!end || !start || end.line !== start.line || end.offset === undefined || start.offset === undefined) return none;
    const gap = this.source.slice(end.offset, start.offset);
    return /^[ \t]*$/.test(gap) ? gap : none;
  }

  private inline(node: PageNode, out: Inline[]): void {
    switch (node.type) {
      case 'text':
        // Line breaks inside a paragraph render as spaces, as in the spec's markdown.
        pushText(out, node.value.replace(/[ \t]*\r?\n[ \t]*/g, ' '));
        return;
      case 'strong':
      case 'emphasis':
      case 'delete':
        pushInline(out, { type: node.type, children: this.inlines(node.children) });
        return;
      case 'inlineCode':
        out.push({ type: 'inlineCode', value: node.value });
        return;
      case 'break':
        out.push({ type: 'break' });
        return;
      case 'link':
        out.push({ type: 'link', href: node.url, ...(node.title ? { title: node.title } : {}), children: this.inlines(node.children) });
        return;
      case 'image':
        out.push({ type: 'image', image: { src: node.url, alt: node.alt ?? '', ...(node.title ? { title: node.title } : {}) } });
        return;
      case 'mdxTextExpression': {
        // `{' '}` and `{"text"}` are common MDX spellings of plain text.
        const literal = /^\s*(?:'([^'\\\n]*)'|"([^"\\\n]*)")\s*$/.exec(node.value);
        if (literal) pushText(out, literal[1] ?? literal[2] ?? '');
        else this.onSkip(node, `The expression \`{${preview(node.value)}}\` has no equivalent in a spec and was skipped.`, 'Guide text is static: write its result as text.');
        return;
      }
      case 'mdxJsxTextElement':
      case 'mdxJsxFlowElement':
        this.inlineElement(node, out);
        return;
      case 'paragraph':
        // A paragraph nested where text was expected (a multi-line `<strong>`…): keep its text.
        for (const child of node.children) this.inline(child, out);
        return;
      case 'html':
        this.onSkip(node, `Raw HTML \`${preview(node.value)}\` has no equivalent in a spec and was skipped.`);
        return;
      default:
        this.onSkip(node, `\`${describe(node)}\` cannot appear inside text in a spec and was skipped.`);
    }
  }

  private inlineElement(node: JsxElement, out: Inline[]): void {
    switch (node.name) {
      case 'strong':
      case 'b':
        this.attributesNone(node);
        pushInline(out, { type: 'strong', children: this.inlines(node.children) });
        return;
      case 'em':
      case 'i':
        this.attributesNone(node);
        pushInline(out, { type: 'emphasis', children: this.inlines(node.children) });
        return;
      case 'del':
      case 's':
        this.attributesNone(node);
        pushInline(out, { type: 'delete', children: this.inlines(node.children) });
        return;
      case 'code':
        out.push({ type: 'inlineCode', value: textContent(node) });
        return;
      case 'br':
        out.push({ type: 'break' });
        return;
      case 'a': {
        const href = stringAttribute(node, 'href');
        const title = stringAttribute(node, 'title');
        this.checkAttributes(node, new Set(['href', 'title', ...DERIVED_LINK_ATTRIBUTES]));
        if (href === undefined || href === '') {
          this.onSkip(node, 'A link without `href` has no equivalent in a spec: its text was imported without the link.');
          for (const inline of this.inlines(node.children)) pushInline(out, inline);
          return;
        }
        out.push({ type: 'link', href, ...(title ? { title } : {}), children: this.inlines(node.children) });
        return;
      }
      case 'img': {
        const image = this.image(node);
        if (image) out.push({ type: 'image', image });
        return;
      }
      default: {
        const content = this.inlines(node.children);
        this.onSkip(
          node,
          content.length > 0 ? `\`<${node.name ?? 'fragment'}>\` has no equivalent in a spec: its text was imported without it.` : `\`<${node.name ?? 'fragment'}>\` has no equivalent in a spec and was skipped.`,
        );
        for (const inline of content) pushInline(out, inline);
      }
    }
  }

  private image(node: JsxElement): ImageRef | undefined {
    const src = stringAttribute(node, 'src');
    if (src === undefined || src === '') {
      this.onSkip(node, 'An image without `src` has no equivalent in a spec and was skipped.');
      return undefined;
    }
    const image: { -readonly [K in keyof ImageRef]: ImageRef[K] } = { src, alt: stringAttribute(node, 'alt') ?? '' };
    const title = stringAttribute(node, 'title');
    if (title) image.title = title;
    for (const name of ['width', 'height'] as const) {
      const value = stringAttribute(node, name);
      if (value === undefined) continue;
      if (/^[1-9]\d{0,4}$/.test(value)) image[name] = Number(value);
      else this.onSkip(node, `The image ${name} \`${value}\` is not a whole number of pixels and was dropped.`);
    }
    const dataPath = stringAttribute(node, 'data-path');
    if (dataPath !== undefined && dataPath !== '') image.dataPath = dataPath;
    this.checkAttributes(node, new Set(['src', 'alt', 'title', 'width', 'height', 'data-path']));
    return image;
  }

  private attributesNone(node: JsxElement): void {
    this.checkAttributes(node, new Set());
  }

  /** Reports attributes the model has no place for: they are not silently lost. */
  private checkAttributes(node: JsxElement, allowed: ReadonlySet<string>): void {
    for (const attribute of node.attributes) {
      const name = attribute.type === 'mdxJsxAttribute' ? attribute.name : '{…}';
      if (!allowed.has(name)) this.onSkip(node, `The attribute \`${name}\` of \`<${node.name}>\` has no equivalent in a spec and was dropped.`);
    }
  }
}

// ─── Helpers ──────────────────────────────────────────────────────────────────

export function isElement(node: PageNode): node is JsxElement {
  return node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';
}

/** A paragraph made only of block elements on their own lines (`<p>…</p>\n<ul>…`), as MDX parses one-line HTML. */
export function isElementRun(children: readonly PageNode[]): boolean {
  let elements = 0;
  for (const child of children) {
    if (child.type === 'text' && child.value.trim() === '') continue;
    if (child.type !== 'mdxJsxTextElement' || !BLOCK_ELEMENTS.has(child.name ?? '')) return false;
    elements++;
  }
  return elements > 0;
}

/** Elements that are text-level even when MDX parses them as flow (alone on a line). */
const INLINE_ELEMENTS = new Set(['img', 'a', 'strong', 'b', 'em', 'i', 'del', 's', 'code', 'br', 'input', 'kbd', 'span']);
const PHRASING_TYPES = new Set(['text', 'mdxJsxTextElement', 'strong', 'emphasis', 'delete', 'inlineCode', 'link', 'image', 'break', 'mdxTextExpression']);

function isInlineElement(node: PageNode): boolean {
  return node.type === 'mdxJsxFlowElement' && INLINE_ELEMENTS.has(node.name ?? '');
}

function isFlowNode(node: PageNode): boolean {
  if (node.type === 'mdxJsxFlowElement') return !INLINE_ELEMENTS.has(node.name ?? '');
  return !PHRASING_TYPES.has(node.type);
}

/** An element's children as flow content: one-line elements hold phrasing, which is one paragraph. */
export function flowChildren(node: JsxElement): PageNode[] {
  if (node.type === 'mdxJsxFlowElement') return node.children;
  return node.children.length > 0 ? [{ type: 'paragraph', children: node.children as Mdast.PhrasingContent[], ...(node.position ? { position: node.position } : {}) }] : [];
}

export function stringAttribute(node: JsxElement, name: string): string | undefined {
  const attribute = node.attributes.find((a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute' && a.name === name);
  if (!attribute) return undefined;
  if (attribute.value === null || attribute.value === undefined) return '';
  return typeof attribute.value === 'string' ? attribute.value : undefined;
}

export function hasAttribute(node: JsxElement, name: string): boolean {
  return node.attributes.some((a) => a.type === 'mdxJsxAttribute' && a.name === name);
}

/** The text of a node and its descendants, as a reader sees it. */
export function textContent(node: PageNode): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'mdxTextExpression' && node.type !== 'mdxFlowExpression' && node.type !== 'mdxjsEsm') return node.value;
  if ('children' in node) return (node.children as PageNode[]).map(textContent).join('');
  return '';
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

function isBlank(node: PageNode): boolean {
  return node.type === 'text' && node.value.trim() === '';
}

function paragraphOrImage(inlines: Inline[]): Block {
  // An image alone is a block image, as the spec's markdown reads `![…](…)` on its own line.
  if (inlines.length === 1 && inlines[0]!.type === 'image') return { type: 'image', image: inlines[0]!.image };
  return { type: 'paragraph', children: inlines };
}

function pushText(out: Inline[], value: string): void {
  if (value === '') return;
  const last = out[out.length - 1];
  if (last?.type === 'text') out[out.length - 1] = { type: 'text', value: last.value + value };
  else out.push({ type: 'text', value });
}

function pushInline(out: Inline[], inline: Inline): void {
  if (inline.type === 'text') pushText(out, inline.value);
  else out.push(inline);
}

/** Markdown drops whitespace at the edges of a paragraph; so does the model. */
function trimEdges(inlines: Inline[]): Inline[] {
  const out = [...inlines];
  const first = out[0];
  if (first?.type === 'text') {
    const value = first.value.replace(/^[ \t]+/, '');
    if (value === '') out.shift();
    else out[0] = { type: 'text', value };
  }
  const last = out[out.length - 1];
  if (last?.type === 'text') {
    const value = last.value.replace(/[ \t]+$/, '');
    if (value === '') out.pop();
    else out[out.length - 1] = { type: 'text', value };
  }
  return out;
}

function describe(node: PageNode): string {
  return isElement(node) ? `<${node.name ?? ''}>` : node.type === 'text' ? preview(node.value.trim()) : node.type;
}

function preview(text: string): string {
  const line = text.split('\n')[0]!;
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
