import type * as Mdast from 'mdast';
import { fromMarkdown, type Options as FromMarkdownOptions } from 'mdast-util-from-markdown';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import type { Block } from './connector-model.js';
import { SPEC_MARKDOWN } from './markdown-handlers.js';
import { MdastReader, type ProblemKind, type ReadNode } from './mdast-reader.js';

/** A problem found while reading a markdown string; positions are inside that string (1-based). */
export interface MarkdownProblem {
  readonly kind: ProblemKind;
  readonly message: string;
  readonly hint?: string;
  readonly line: number;
  readonly column: number;
  /** 0-based offset of the problem in the markdown string (UTF-16 code units). */
  readonly offset: number;
  /** 0-based offset just past the offending text, when known. */
  readonly endOffset?: number;
}

/** The model blocks read from one markdown string, and every problem found on the way. */
export interface MarkdownResult {
  readonly blocks: readonly Block[];
  readonly problems: readonly MarkdownProblem[];
}

/** Reads one markdown string of a spec (a step, an intro, a callout…). */
export type MarkdownParser = (markdown: string) => MarkdownResult;

/**
 * Creates the markdown reader for spec text: CommonMark + GFM, mapped onto
 * the model's closed `Block`/`Inline` tree. Anything outside that tree is
 * reported, never dropped silently.
 *
 * This reads exactly what `unified().use(remarkParse).use(remarkGfm)` reads
 * (remark-parse is `fromMarkdown`, remark-gfm adds the GFM extensions), but
 * called directly: the processor's per-call `runSync` and setup cost about
 * 40% of each parse. Two shortcuts keep the result identical to
 * the reference parser in test/model/reference-markdown-parser.ts (a property test holds them to it):
 * text no markdown construct can touch becomes its paragraph without a parse,
 * and each string is parsed with only the GFM extensions it could trigger.
 */
export function createMarkdownParser(): MarkdownParser {
  const gfmOptionsFor = createGfmOptionsSelector();
  return createReader((markdown) => (isPlainText(markdown) ? plainTextTree(markdown) : fromMarkdown(markdown, gfmOptionsFor(markdown))));
}

/** The reader over any mdast parse; exported for the test-only reference parser (full GFM, no shortcuts). */
export function createReader(parseTree: (markdown: string) => Mdast.Root): MarkdownParser {
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
    const report = (node: ReadNode, kind: ProblemKind, message: string, hint?: string): void => {
      const start = node.position?.start;
      const end = node.position?.end.offset;
      problems.push({ kind, message, ...(hint ? { hint } : {}), line: start?.line ?? 1, column: start?.column ?? 1, offset: start?.offset ?? 0, ...(end !== undefined ? { endOffset: end } : {}) });
    };
    const reader = new MdastReader(SPEC_MARKDOWN, { source: markdown, report, definitions });
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
