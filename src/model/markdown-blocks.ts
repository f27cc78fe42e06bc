import type * as Mdast from 'mdast';
import { fromMarkdown, type Options as FromMarkdownOptions } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfm } from 'micromark-extension-gfm';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import type { Block, CalloutKind, ImageRef, Inline, ListItem } from './connector-model.js';

/** A problem found while reading a markdown string; positions are inside that string (1-based). */
export interface MarkdownProblem {
  readonly kind: 'link-without-url' | 'image-without-alt' | 'unsafe-url' | 'unsupported' | 'raw-html' | 'parse';
  readonly message: string;
  readonly hint?: string;
  readonly line: number;
  readonly column: number;
  /** 0-based offset of the problem in the markdown string (UTF-16 code units). */
  readonly offset: number;
  /** 0-based offset just past the offending text, when known. */
  readonly endOffset?: number;
}

export interface MarkdownResult {
  readonly blocks: readonly Block[];
  readonly problems: readonly MarkdownProblem[];
}

export type MarkdownParser = (markdown: string) => MarkdownResult;

/** Link schemes a guide may point at; everything else (`javascript:`, `data:` …) is refused. */
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);

const CALLOUT_MARKERS: Record<string, CalloutKind> = { WARNING: 'warning', NOTE: 'note', INFO: 'info', TIP: 'tip', CHECK: 'check', CAUTION: 'warning', IMPORTANT: 'info' };

/**
 * Creates the markdown reader for spec text: CommonMark + GFM, mapped onto
 * the model's closed `Block`/`Inline` tree. Anything outside that tree is
 * reported, never dropped silently.
 *
 * This reads exactly what `unified().use(remarkParse).use(remarkGfm)` reads
 * (remark-parse is `fromMarkdown`, remark-gfm adds the GFM extensions), but
 * called directly: the processor's per-call `runSync` and setup cost about
 * 40% of each parse. Two shortcuts keep the result identical to
 * {@link createReferenceMarkdownParser} (a property test holds them to it):
 * text no markdown construct can touch becomes its paragraph without a parse,
 * and each string is parsed with only the GFM extensions it could trigger.
 */
export function createMarkdownParser(): MarkdownParser {
  const gfmOptionsFor = createGfmOptionsSelector();
  return createReader((markdown) => (isPlainText(markdown) ? plainTextTree(markdown) : fromMarkdown(markdown, gfmOptionsFor(markdown))));
}

/**
 * The same reader without shortcuts: every string through the full GFM
 * parse. Not used by the build; tests compare {@link createMarkdownParser} to it.
 */
export function createReferenceMarkdownParser(): MarkdownParser {
  const options = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] };
  return createReader((markdown) => fromMarkdown(markdown, options));
}

function createReader(parseTree: (markdown: string) => Mdast.Root): MarkdownParser {
  return (markdown) => {
    const problems: MarkdownProblem[] = [];
    const tooComplex = checkComplexity(markdown);
    if (tooComplex) return { blocks: [], problems: [tooComplex] };
    let root: Mdast.Root;
    try {
      root = parseTree(markdown);
    } catch (error) {
      problems.push({ kind: 'parse', message: `Markdown could not be parsed: ${error instanceof Error ? error.message : String(error)}`, line: 1, column: 1, offset: 0 });
      return { blocks: [], problems };
    }
    const definitions = new Map<string, Mdast.Definition>();
    for (const node of root.children) if (node.type === 'definition') definitions.set(node.identifier, node);
    const reader = new BlockReader(markdown, definitions, problems);
    return { blocks: reader.blocks(root.children), problems };
  };
}

/**
 * True for text that no CommonMark or GFM construct can touch, so its tree is
 * one paragraph holding the text verbatim. Deliberately stricter than needed:
 * - one line, no control characters (tab, NUL, CR, LF) and no BOM;
 * - nothing the reader trims: no whitespace at either end;
 * - nothing that starts a block at the line start: list markers and ordered
 *   list numbers (`-`, `+`, any digit), `=` (setext), and indentation;
 * - none of the characters that open inline or block syntax anywhere:
 *   escapes `\`, code `` ` ``, emphasis `*` `_`, strikethrough and fences `~`,
 *   links, images, references, footnotes and task items `[` `]` `!`, HTML and
 *   autolinks `<` `>`, character references `&`, tables `|`, headings `#`;
 * - no GFM literal autolink: those need `@` (emails, `mailto:`, `xmpp:`),
 *   `://` (`http://`, `https://`) or `www.`.
 */
function isPlainText(markdown: string): boolean {
  return markdown !== '' && !/^[\s\d+\-=]|\s$/.test(markdown) && !/[\u0000-\u001f\u007f\ufeff\\`*_[\]!<>&~|#@]|:\/\/|www\./i.test(markdown);
}

/** The tree `fromMarkdown` builds for {@link isPlainText} text (positions left out: the reader reports nothing for it). */
function plainTextTree(text: string): Mdast.Root {
  return { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: text }] }] };
}

/**
 * The five GFM extensions in the order `gfm()` and `gfmFromMarkdown()`
 * combine them, each with a conservative test for whether a string could
 * contain its construct. The tests look at the source, so they also cover
 * what escapes and character references turn into:
 * - literal autolinks are found by micromark in the source and again by a
 *   find-and-replace over text nodes, whose text may come from character
 *   references (`&#64;`). Both need `@`, `www.` or `http(s)://`
 *   (case-insensitive); escapes only drop a backslash before punctuation, so
 *   `www` and `http` survive in the source as written.
 * - a footnote call or definition needs `[^` (a call like `![ ^a]` only
 *   counts when `[^a]:` defines it);
 * - strikethrough needs `~`;
 * - a table's delimiter row needs `|`, or a single cell aligned with `:-` or `-:`;
 * - a task list item needs `[`.
 * Without its trigger an extension only adds constructs that fail, so
 * leaving it out changes nothing but the time spent trying them; the literal
 * autolink one alone doubles the parse time of short text.
 */
const GFM_EXTENSIONS: readonly GfmExtension[] = [
  { couldOccurIn: (markdown) => /[@&]|www|http/i.test(markdown), syntax: gfmAutolinkLiteral, tree: gfmAutolinkLiteralFromMarkdown },
  { couldOccurIn: (markdown) => markdown.includes('[^'), syntax: gfmFootnote, tree: gfmFootnoteFromMarkdown },
  { couldOccurIn: (markdown) => markdown.includes('~'), syntax: gfmStrikethrough, tree: gfmStrikethroughFromMarkdown },
  { couldOccurIn: (markdown) => /\||:-|-:/.test(markdown), syntax: gfmTable, tree: gfmTableFromMarkdown },
  { couldOccurIn: (markdown) => markdown.includes('['), syntax: gfmTaskListItem, tree: gfmTaskListItemFromMarkdown },
];

interface GfmExtension {
  readonly couldOccurIn: (markdown: string) => boolean;
  readonly syntax: () => NonNullable<FromMarkdownOptions['extensions']>[number];
  readonly tree: () => NonNullable<FromMarkdownOptions['mdastExtensions']>[number];
}

/** Picks the `fromMarkdown` options for a string, building each combination of extensions once (at most 32). */
function createGfmOptionsSelector(): (markdown: string) => FromMarkdownOptions {
  const optionsByMask = new Map<number, FromMarkdownOptions>();
  return (markdown) => {
    let mask = 0;
    GFM_EXTENSIONS.forEach((extension, bit) => {
      if (extension.couldOccurIn(markdown)) mask |= 1 << bit;
    });
    let options = optionsByMask.get(mask);
    if (!options) {
      const used = GFM_EXTENSIONS.filter((_, bit) => (mask & (1 << bit)) !== 0);
      options = { extensions: used.map((extension) => extension.syntax()), mdastExtensions: used.map((extension) => extension.tree()) };
      optionsByMask.set(mask, options);
    }
    return options;
  };
}

/**
 * The `{…}` attributes right after an image (the nodes from `start` on): their
 * text, how many nodes they span and the text after the `}`. Usually one text
 * node; but GFM turns `www.x` and `a@b.co` into links even in a text node, so a
 * `data-path` like `images/logo@2x.png` arrives as text, link, text, and the
 * literal links' text is put back together.
 */
function imageAttributeText(nodes: readonly Mdast.PhrasingContent[], start: number): { text: string; nodes: number; rest: string } | undefined {
  let joined = '';
  for (let j = start; j < nodes.length; j++) {
    const value = sourceTextOf(nodes[j]!);
    if (value === undefined) return undefined;
    joined += value;
    if (!joined.startsWith('{')) return undefined;
    const attributes = /^\{([^}\n]*)\}/.exec(joined);
    if (attributes) return { text: attributes[1]!, nodes: j - start + 1, rest: joined.slice(attributes[0].length) };
    if (joined.includes('}') || joined.includes('\n')) return undefined;
  }
  return undefined;
}

/** A text node's value, or the text of a GFM literal autolink (its URL is that text, with `http://` or `mailto:` for `www.` and emails). */
function sourceTextOf(node: Mdast.PhrasingContent): string | undefined {
  if (node.type === 'text') return node.value;
  const only = node.type === 'link' && node.children.length === 1 ? node.children[0] : undefined;
  if (node.type !== 'link' || only?.type !== 'text') return undefined;
  return node.url === only.value || node.url === `http://${only.value}` || node.url === `mailto:${only.value}` ? only.value : undefined;
}

/**
 * Bounds on one markdown string. The CommonMark parser is recursive in the
 * nesting of lists and quotes, and super-linear in runs of emphasis and link
 * markers (100 KB of `*` takes minutes); guide text needs neither, so such
 * input is refused up front with a diagnostic instead of hanging the build.
 */
export const MARKDOWN_LIMITS = {
  /** Nested lists and quotes on one line. Guides use two or three. */
  maxNesting: 20,
  /** Characters that open or close inline constructs: `*`, `_`, `[`, `]`, backticks, `~`, `<`, `>`, `|`. */
  maxMarkers: 1000,
} as const;

const CONTAINER_PREFIX = /^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?)+/;

function checkComplexity(markdown: string): MarkdownProblem | undefined {
  let offset = 0;
  for (const line of markdown.split('\n')) {
    const prefix = CONTAINER_PREFIX.exec(line)?.[0];
    if (prefix !== undefined) {
      const markers = (prefix.match(/>|[-*+]|\d{1,9}[.)]/g) ?? []).length;
      const indentLevels = Math.floor((/^[ \t]*/.exec(line)![0].length) / 2);
      const depth = markers + indentLevels;
      if (depth > MARKDOWN_LIMITS.maxNesting) {
        return { kind: 'parse', message: `Markdown nests lists or quotes ${depth} levels deep; the limit is ${MARKDOWN_LIMITS.maxNesting}.`, hint: 'Flatten the list; guide pages read best with at most two or three levels.', ...positionOf(markdown, offset), offset };
      }
    }
    offset += line.length + 1;
  }
  let markers = 0;
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown.charCodeAt(i);
    // * _ [ ] ` ~ < > |
    if (c === 42 || c === 95 || c === 91 || c === 93 || c === 96 || c === 126 || c === 60 || c === 62 || c === 124) {
      if (++markers > MARKDOWN_LIMITS.maxMarkers) {
        return { kind: 'parse', message: `Markdown has more than ${MARKDOWN_LIMITS.maxMarkers} formatting characters (\`*\`, \`_\`, \`[\`, \`]\`, backticks, \`~\`, \`<\`, \`>\`, \`|\`); it is too complex to read safely.`, hint: 'Split the text into several steps.', ...positionOf(markdown, i), offset: i };
      }
    }
  }
  return undefined;
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: (before.match(/\n/g) ?? []).length + 1, column: offset - lineStart + 1 };
}

class BlockReader {
  constructor(
    private readonly source: string,
    private readonly definitions: ReadonlyMap<string, Mdast.Definition>,
    private readonly problems: MarkdownProblem[],
  ) {}

  blocks(nodes: readonly Mdast.RootContent[]): Block[] {
    const out: Block[] = [];
    for (const node of nodes) {
      const block = this.block(node);
      if (block) out.push(block);
    }
    return out;
  }

  private block(node: Mdast.RootContent): Block | undefined {
    switch (node.type) {
      case 'paragraph':
        return this.paragraph(node);
      case 'list':
        return {
          type: 'list',
          ordered: node.ordered === true,
          ...(node.ordered && typeof node.start === 'number' && node.start !== 1 ? { start: node.start } : {}),
          spread: node.spread === true || node.children.some((item) => item.spread === true),
          items: node.children.map((item) => this.listItem(item)),
        };
      case 'code':
        this.checkFenceClosed(node);
        return { type: 'code', ...(node.lang ? { lang: node.lang } : {}), value: node.value };
      case 'blockquote':
        return this.blockquote(node);
      case 'table':
        return {
          type: 'table',
          align: (node.align ?? []).map((a) => a ?? null),
          header: (node.children[0]?.children ?? []).map((cell) => this.inlines(cell.children)),
          rows: node.children.slice(1).map((row) => row.children.map((cell) => this.inlines(cell.children))),
        };
      case 'heading':
        if (node.depth <= 2) {
          this.report(node, 'unsupported', `A level-${node.depth} heading cannot appear inside a step or section text.`, 'Use `###` or deeper, or split the text into another section with its own `heading`.');
          return { type: 'paragraph', children: this.inlines(node.children) };
        }
        return { type: 'heading', depth: node.depth as 3 | 4 | 5 | 6, children: this.inlines(node.children) };
      case 'thematicBreak':
        return { type: 'thematicBreak' };
      case 'html':
        this.report(node, 'raw-html', `Raw HTML \`${truncate(node.value)}\` is shown as literal text.`, 'Write it in markdown instead; guide pages never pass HTML through.');
        return { type: 'paragraph', children: [{ type: 'text', value: node.value }] };
      case 'definition':
        return undefined; // Resolved into the links that use it.
      default:
        this.report(node, 'unsupported', `Markdown \`${node.type}\` is not supported in guide text.`, 'Use paragraphs, lists, tables, fenced code, images and `> [!NOTE]` callouts.');
        return undefined;
    }
  }

  private paragraph(node: Mdast.Paragraph): Block {
    const children = this.inlines(node.children);
    // An image alone on its line is a block image (rendered as `<img … />` on its own line).
    if (children.length === 1 && children[0]!.type === 'image') return { type: 'image', image: children[0]!.image };
    return { type: 'paragraph', children };
  }

  private listItem(item: Mdast.ListItem): ListItem {
    return { ...(typeof item.checked === 'boolean' ? { checked: item.checked } : {}), children: this.blocks(item.children) };
  }

  private blockquote(node: Mdast.Blockquote): Block | undefined {
    const first = node.children[0];
    const lead = first?.type === 'paragraph' ? first.children[0] : undefined;
    const marker = lead?.type === 'text' ? /^\[!([A-Z]+)\][ \t]*(?:\n|$)/.exec(lead.value) : null;
    const kind = marker ? CALLOUT_MARKERS[marker[1]!] : undefined;
    if (!marker || !kind || first?.type !== 'paragraph' || lead?.type !== 'text') {
      this.report(node, 'unsupported', 'A plain block quote has no equivalent on guide pages.', 'Start it with `[!NOTE]`, `[!WARNING]`, `[!INFO]`, `[!TIP]` or `[!CHECK]` to make it a callout.');
      return undefined;
    }
    const rest = lead.value.slice(marker[0].length);
    const firstChildren: Mdast.PhrasingContent[] = rest === '' ? first.children.slice(1) : [{ ...lead, value: rest }, ...first.children.slice(1)];
    const children: Mdast.RootContent[] = firstChildren.length > 0 ? [{ ...first, children: firstChildren }, ...node.children.slice(1)] : node.children.slice(1);
    return { type: 'callout', kind, children: this.blocks(children) };
  }

  inlines(nodes: readonly Mdast.PhrasingContent[]): Inline[] {
    const out: Inline[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.type === 'image' || node.type === 'imageReference') {
        // `![alt](src){width=1280 height=800 data-path=…}` — attributes follow in the next text node.
        const attributes = imageAttributeText(nodes, i + 1);
        const image = this.image(node, attributes?.text);
        if (image) out.push({ type: 'image', image });
        if (attributes) {
          i += attributes.nodes;
          if (attributes.rest !== '') pushText(out, attributes.rest);
        }
        continue;
      }
      const inline = this.inline(node);
      if (inline?.type === 'text') pushText(out, inline.value);
      else if (inline) out.push(inline);
    }
    return out;
  }

  private inline(node: Mdast.PhrasingContent): Inline | undefined {
    switch (node.type) {
      case 'text':
        // A soft line break renders as a space; pages keep each paragraph on one line.
        return { type: 'text', value: node.value.replace(/[ \t]*\r?\n[ \t]*/g, ' ') };
      case 'strong':
        return { type: 'strong', children: this.inlines(node.children) };
      case 'emphasis':
        return { type: 'emphasis', children: this.inlines(node.children) };
      case 'delete':
        return { type: 'delete', children: this.inlines(node.children) };
      case 'inlineCode':
        return { type: 'inlineCode', value: node.value };
      case 'break':
        return { type: 'break' };
      case 'link':
        return this.link(node, node.url, node.title ?? undefined, node.children);
      case 'linkReference': {
        const definition = this.definitions.get(node.identifier);
        if (!definition) return { type: 'text', value: this.source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0) };
        return this.link(node, definition.url, definition.title ?? undefined, node.children);
      }
      case 'html':
        this.report(node, 'raw-html', `Raw HTML \`${truncate(node.value)}\` is shown as literal text.`, 'Write it in markdown instead; guide pages never pass HTML through.');
        return { type: 'text', value: node.value };
      default:
        this.report(node, 'unsupported', `Markdown \`${node.type}\` is not supported in guide text.`);
        return undefined;
    }
  }

  private link(node: Mdast.Node, url: string, title: string | undefined, children: readonly Mdast.PhrasingContent[]): Inline {
    const inner = this.inlines(children);
    if (url.trim() === '') {
      this.report(node, 'link-without-url', 'Link has no URL.', 'Write `[text](https://…)`, or remove the brackets.');
      // An error stops the build; keep the text so later checks still see it.
      return { type: 'text', value: this.source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0) };
    }
    this.checkUrl(node, url);
    return { type: 'link', href: url, ...(title ? { title } : {}), children: inner };
  }

  private image(node: Mdast.Image | Mdast.ImageReference, attributes: string | undefined): ImageRef | undefined {
    let src: string;
    let title: string | undefined;
    if (node.type === 'image') {
      src = node.url;
      title = node.title ?? undefined;
    } else {
      const definition = this.definitions.get(node.identifier);
      if (!definition) {
        this.report(node, 'unsupported', `Image reference \`${node.identifier}\` has no definition.`, 'Add `[label]: https://…` below the text, or use `![alt](https://…)`.');
        return undefined;
      }
      src = definition.url;
      title = definition.title ?? undefined;
    }
    const alt = node.alt ?? '';
    if (alt.trim() === '') this.report(node, 'image-without-alt', 'Image has no alt text.', 'Describe the screenshot for readers who cannot see it: `![Settings page with the API key button](…)`.');
    if (src.trim() === '') this.report(node, 'link-without-url', 'Image has no URL.', 'Write `![alt](https://…)`.');
    else this.checkUrl(node, src);
    const image: { -readonly [K in keyof ImageRef]: ImageRef[K] } = { src, alt };
    if (title) image.title = title;
    if (attributes !== undefined) this.imageAttributes(node, attributes, image);
    return image;
  }

  private imageAttributes(node: Mdast.Node, text: string, image: { -readonly [K in keyof ImageRef]: ImageRef[K] }): void {
    const pattern = /([A-Za-z][\w-]*)=("([^"]*)"|[^\s"]+)/gy;
    let rest = text.trim();
    while (rest !== '') {
      pattern.lastIndex = 0;
      const match = pattern.exec(rest);
      if (!match) {
        this.report(node, 'unsupported', `Cannot read image attributes \`{${text}}\`.`, 'Write `{width=1280 height=800 data-path=images/x.png}`.');
        return;
      }
      const [whole, name, raw, quoted] = match;
      const value = quoted ?? raw!;
      if (name === 'width' || name === 'height') {
        if (!/^[1-9]\d{0,4}$/.test(value)) this.report(node, 'unsupported', `Image ${name} must be a positive whole number of pixels, not \`${value}\`.`);
        else image[name] = Number(value);
      } else if (name === 'data-path') {
        image.dataPath = value;
      } else {
        this.report(node, 'unsupported', `Unknown image attribute \`${name}\`.`, 'Images accept `width`, `height` and `data-path`.');
      }
      rest = rest.slice(whole.length).trimStart();
    }
  }

  private checkUrl(node: Mdast.Node, url: string): void {
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url.replace(/[\u0000-\u0020]/g, ''));
    if (scheme && !SAFE_SCHEMES.has(`${scheme[1]!.toLowerCase()}:`)) {
      this.report(node, 'unsafe-url', `URL scheme \`${scheme[1]}:\` is not allowed.`, 'Links and images may use `https:`, `http:`, `mailto:`, `tel:` or a relative path.');
    }
  }

  /**
   * CommonMark closes an unterminated fence at the end of its container, so
   * the parser never complains; the author almost always forgot the closing
   * line. A fence is closed when the node's last line is a run of the same
   * fence character at least as long as the opening one, with nothing after
   * it (container prefixes such as `>` of a callout stripped).
   */
  private checkFenceClosed(node: Mdast.Code): void {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    const lines = this.source.slice(start, end).split(/\r?\n/);
    const opening = /^[ \t]*(`{3,}|~{3,})/.exec(lines[0]!);
    if (!opening) return; // An indented code block has no fence to close.
    const fence = opening[1]!;
    const last = lines[lines.length - 1]!.replace(/^(?:[ \t]*>)*[ \t]*/, '');
    const closing = new RegExp(`^${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
    if (lines.length < 2 || !closing.test(last)) {
      this.report(node, 'parse', 'Code fence is never closed, so the rest of the text became code.', `Add a line with just ${fence} after the code.`);
    }
  }

  private report(node: Mdast.Node, kind: MarkdownProblem['kind'], message: string, hint?: string): void {
    const start = node.position?.start;
    const end = node.position?.end.offset;
    this.problems.push({ kind, message, ...(hint ? { hint } : {}), line: start?.line ?? 1, column: start?.column ?? 1, offset: start?.offset ?? 0, ...(end !== undefined ? { endOffset: end } : {}) });
  }
}

function pushText(out: Inline[], value: string): void {
  const last = out[out.length - 1];
  if (last?.type === 'text') out[out.length - 1] = { type: 'text', value: last.value + value };
  else if (value !== '') out.push({ type: 'text', value });
}

function truncate(text: string): string {
  const line = text.split('\n')[0]!;
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
