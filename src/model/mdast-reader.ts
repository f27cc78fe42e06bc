import type * as Mdast from 'mdast';
import type { Block, CalloutKind, ImageRef, Inline } from './connector-model.js';

/**
 * One reader from an mdast tree to the model's `Block`/`Inline` tree, shared
 * by the spec's markdown (`markdown-blocks.ts`) and imported guide pages
 * (`import/page-blocks.ts`). Like mdast-util-to-hast's `handlers`, it is a
 * table of handlers keyed by node type, one for flow content and one for
 * phrasing: {@link DEFAULT_FLOW} and {@link DEFAULT_PHRASING} read the
 * CommonMark/GFM nodes both sides read alike, and each side adds or replaces
 * handlers (the spec its URL and alt checks, the importer the MDX JSX
 * elements) and sets the few policies on which they differ in a
 * {@link ReaderConfig}.
 */

/** Any node the reader may meet: mdast, plus whatever extensions (MDX, frontmatter) register. */
export type ReadNode = Mdast.Nodes;

/** What a problem is about; the spec maps each kind to a diagnostic code, the importer reports them all alike. */
export type ProblemKind = 'link-without-url' | 'image-without-alt' | 'unsafe-url' | 'unsupported' | 'raw-html' | 'parse';

/** Receives every problem a handler finds; `node` gives the position. */
export type ProblemSink = (node: ReadNode, kind: ProblemKind, message: string, hint?: string) => void;

/**
 * Reads `node`, the `index`-th of `siblings`, into `out`. Returns how many of
 * the following siblings it read as well (nothing: none).
 */
export type Handler<N extends ReadNode, Out> = (reader: MdastReader, node: N, out: Out[], siblings: readonly ReadNode[], index: number) => number | void;

/** Handlers keyed by node type, each typed by the node it reads. */
export type Handlers<Out> = { readonly [T in ReadNode['type']]?: Handler<Extract<ReadNode, { type: T }>, Out> };

/** What one side of the reader does: its handler tables and the policies on which the sides differ. */
export interface ReaderConfig {
  readonly flow: Handlers<Block>;
  readonly phrasing: Handlers<Inline>;
  /** Reads a flow node that has no handler (usually: reports it). */
  readonly unknownFlow: Handler<ReadNode, Block>;
  /** Reads a phrasing node that has no handler. */
  readonly unknownPhrasing: Handler<ReadNode, Inline>;
  /** Whether a block's text loses spaces and tabs at both ends (hand-written JSX keeps what markdown drops). */
  readonly trimEdges: boolean;
  /** Text the parser left out between two siblings of phrasing content (none when absent). */
  readonly between?: (reader: MdastReader, before: ReadNode, after: ReadNode) => string;
  /** A level-1 or level-2 heading: the model's text holds level 3 to 6 only. */
  readonly shallowHeading: (reader: MdastReader, node: ReadNode, depth: number, children: readonly ReadNode[]) => Block;
  /** A block quote without a `[!NOTE]`-style callout marker. */
  readonly plainQuote: (reader: MdastReader, node: Mdast.Blockquote, out: Block[]) => void;
}

/** The state of one read: the text the tree was parsed from, where problems go, and the link definitions. */
export interface ReadContext {
  /** The parsed text; positions index into it. */
  readonly source: string;
  readonly report: ProblemSink;
  /** `[label]: url` definitions by identifier, for the handlers that resolve references. */
  readonly definitions?: ReadonlyMap<string, Mdast.Definition>;
}

/** Walks an mdast tree with the handlers of a {@link ReaderConfig}. */
export class MdastReader {
  readonly source: string;
  readonly report: ProblemSink;
  readonly definitions: ReadonlyMap<string, Mdast.Definition>;

  constructor(
    readonly config: ReaderConfig,
    context: ReadContext,
  ) {
    this.source = context.source;
    // Handlers may end with `reader.report(…)`: whatever the sink returns must not read as a count of siblings.
    const sink = context.report;
    this.report = (node, kind, message, hint) => void sink(node, kind, message, hint);
    this.definitions = context.definitions ?? NO_DEFINITIONS;
  }

  /** Reads flow content (a document, a list item, a callout…). */
  blocks(nodes: readonly ReadNode[]): Block[] {
    const out: Block[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const handler = (this.config.flow[node.type] as Handler<ReadNode, Block> | undefined) ?? this.config.unknownFlow;
      i += handler(this, node, out, nodes, i) ?? 0;
    }
    return out;
  }

  /** Reads phrasing content as it stands (no trimming). */
  inlines(nodes: readonly ReadNode[]): Inline[] {
    const out: Inline[] = [];
    const between = this.config.between;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (between && i > 0) pushText(out, between(this, nodes[i - 1]!, node));
      i += this.inline(node, out, nodes, i);
    }
    return out;
  }

  /** Reads one phrasing node into `out`; returns how many following siblings it read as well. */
  inline(node: ReadNode, out: Inline[], siblings: readonly ReadNode[], index: number): number {
    const handler = (this.config.phrasing[node.type] as Handler<ReadNode, Inline> | undefined) ?? this.config.unknownPhrasing;
    return handler(this, node, out, siblings, index) ?? 0;
  }

  /** Reads the text of a block (paragraph, heading, table cell), trimmed when the config says so. */
  phrasing(nodes: readonly ReadNode[]): Inline[] {
    const inlines = this.inlines(nodes);
    return this.config.trimEdges ? trimEdges(inlines) : inlines;
  }

  /** A heading of `depth` (markdown `#`s or `<hN>`), shallow ones left to the config. */
  heading(node: ReadNode, depth: number, children: readonly ReadNode[]): Block {
    if (depth < 3) return this.config.shallowHeading(this, node, depth, children);
    return { type: 'heading', depth: depth as 3 | 4 | 5 | 6, children: this.phrasing(children) };
  }
}

const NO_DEFINITIONS: ReadonlyMap<string, Mdast.Definition> = new Map();

/** GFM alert markers (`> [!NOTE]`) and the callout kind each stands for. */
export const CALLOUT_MARKERS: Readonly<Record<string, CalloutKind>> = { WARNING: 'warning', NOTE: 'note', INFO: 'info', TIP: 'tip', CHECK: 'check', CAUTION: 'warning', IMPORTANT: 'info' };

/** A block quote that starts with a callout marker as a callout, its marker removed; otherwise undefined. */
export function readCallout(reader: MdastReader, node: Mdast.Blockquote): Block | undefined {
  const first = node.children[0];
  const lead = first?.type === 'paragraph' ? first.children[0] : undefined;
  const marker = lead?.type === 'text' ? /^\[!([A-Z]+)\][ \t]*(?:\n|$)/.exec(lead.value) : null;
  const kind = marker ? CALLOUT_MARKERS[marker[1]!] : undefined;
  if (!marker || !kind || first?.type !== 'paragraph' || lead?.type !== 'text') return undefined;
  const rest = lead.value.slice(marker[0].length);
  const firstChildren: Mdast.PhrasingContent[] = rest === '' ? first.children.slice(1) : [{ ...lead, value: rest }, ...first.children.slice(1)];
  const children: Mdast.RootContent[] = firstChildren.length > 0 ? [{ ...first, children: firstChildren }, ...node.children.slice(1)] : node.children.slice(1);
  return { type: 'callout', kind, children: reader.blocks(children) };
}

/** A code block's model node: the language, but not the rest of the info string. */
export function codeBlock(node: Mdast.Code): Block {
  return { type: 'code', ...(node.lang ? { lang: node.lang } : {}), value: node.value };
}

/** An image's model reference; a title only when it is not empty. */
export function imageRef(src: string, alt: string, title: string | null | undefined): ImageRef {
  return { src, alt, ...(title ? { title } : {}) };
}

/** Flow handlers for the CommonMark/GFM nodes both sides read alike. */
export const DEFAULT_FLOW: Handlers<Block> = {
  paragraph: (reader, node, out) => void out.push(paragraphOrImage(reader.phrasing(node.children))),
  list: (reader, node, out) =>
    void out.push({
      type: 'list',
      ordered: node.ordered === true,
      ...(node.ordered && typeof node.start === 'number' && node.start !== 1 ? { start: node.start } : {}),
      spread: node.spread === true || node.children.some((item) => item.spread === true),
      items: node.children.map((item) => ({ ...(typeof item.checked === 'boolean' ? { checked: item.checked } : {}), children: reader.blocks(item.children) })),
    }),
  code: (_reader, node, out) => void out.push(codeBlock(node)),
  blockquote: (reader, node, out) => {
    const callout = readCallout(reader, node);
    if (callout) out.push(callout);
    else reader.config.plainQuote(reader, node, out);
  },
  table: (reader, node, out) =>
    void out.push({
      type: 'table',
      align: (node.align ?? []).map((a) => a ?? null),
      header: (node.children[0]?.children ?? []).map((cell) => reader.phrasing(cell.children)),
      rows: node.children.slice(1).map((row) => row.children.map((cell) => reader.phrasing(cell.children))),
    }),
  heading: (reader, node, out) => void out.push(reader.heading(node, node.depth, node.children)),
  thematicBreak: (_reader, _node, out) => void out.push({ type: 'thematicBreak' }),
  definition: () => undefined, // Resolved into the references that use it.
};

/** Phrasing handlers for the CommonMark/GFM nodes both sides read alike. */
export const DEFAULT_PHRASING: Handlers<Inline> = {
  // A soft line break renders as a space; pages keep each paragraph on one line.
  text: (_reader, node, out) => pushText(out, node.value.replace(/[ \t]*\r?\n[ \t]*/g, ' ')),
  strong: (reader, node, out) => void out.push({ type: 'strong', children: reader.inlines(node.children) }),
  emphasis: (reader, node, out) => void out.push({ type: 'emphasis', children: reader.inlines(node.children) }),
  delete: (reader, node, out) => void out.push({ type: 'delete', children: reader.inlines(node.children) }),
  inlineCode: (_reader, node, out) => void out.push({ type: 'inlineCode', value: node.value }),
  break: (_reader, _node, out) => void out.push({ type: 'break' }),
  link: (reader, node, out) => void out.push({ type: 'link', href: node.url, ...(node.title ? { title: node.title } : {}), children: reader.inlines(node.children) }),
  image: (_reader, node, out) => void out.push({ type: 'image', image: imageRef(node.url, node.alt ?? '', node.title) }),
};

/** An image alone is a block image (rendered on its own line); anything else a paragraph. */
export function paragraphOrImage(inlines: Inline[]): Block {
  if (inlines.length === 1 && inlines[0]!.type === 'image') return { type: 'image', image: inlines[0]!.image };
  return { type: 'paragraph', children: inlines };
}

/** Appends text, merged into the text before it; empty text adds nothing. */
export function pushText(out: Inline[], value: string): void {
  if (value === '') return;
  const last = out[out.length - 1];
  if (last?.type === 'text') out[out.length - 1] = { type: 'text', value: last.value + value };
  else out.push({ type: 'text', value });
}

/** Appends an inline node, merging text into the text before it. */
export function pushInline(out: Inline[], inline: Inline): void {
  if (inline.type === 'text') pushText(out, inline.value);
  else out.push(inline);
}

/** Markdown drops spaces and tabs at the edges of a paragraph; so does the model. */
export function trimEdges(inlines: Inline[]): Inline[] {
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

/** The first line of `text`, cut at 40 characters, for messages. */
export function preview(text: string): string {
  const line = text.split('\n')[0]!;
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

/** The source text of a node (empty without a position). */
export function sourceOf(reader: MdastReader, node: ReadNode): string {
  return reader.source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
}
