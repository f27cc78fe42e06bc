import { normalizeUri } from 'micromark-util-sanitize-uri';
import { opensNewTab, type Block, type Inline } from '../model/connector-model.js';
import { DEFAULT_FLOW, DEFAULT_PHRASING, MdastReader, codeBlock, paragraphOrImage, preview, pushText, sourceOf, type Handler, type ReaderConfig } from '../model/mdast-reader.js';
import { readBlockElement, readInlineElement } from './jsx-elements.js';
import { codeReadsAsHtml } from '../emit/docs/escape.js';
import { describe, droppedSpace, isElement, isElementRun, isInlineElement, textContent, type PageNode } from './jsx-nodes.js';

/**
 * Reads the content of a guide page (step bodies, intros, callouts) into the
 * model's `Block`/`Inline` tree. Pages mix markdown with HTML-ish JSX; both
 * spellings of a construct map to the same node (`<strong>` and `**`, `<ul>`
 * and `-`), so hand-written pages import as well as generated ones. What the
 * model cannot hold is reported through `onSkip` with its position, and the
 * reader carries on with the rest.
 */

export { CALLOUT_KINDS, flowChildren, hasAttribute, isElement, isElementRun, stringAttribute, textContent, type JsxElement, type PageNode } from './jsx-nodes.js';

/** Called for every construct the model cannot hold; `node` gives the position. */
export type SkipReporter = (node: PageNode, message: string, hint?: string) => void;

const EXPRESSION_HINT = 'Guide text is static: write its result as text.';

const skipExpression: Handler<PageNode & { type: 'mdxFlowExpression' | 'mdxTextExpression' }, unknown> = (reader, node) =>
  reader.report(node, 'unsupported', `The expression \`{${preview(node.value)}}\` has no equivalent in a spec and was skipped.`, EXPRESSION_HINT);

function markdownForm(type: 'strong' | 'emphasis' | 'delete'): Handler<PageNode, Inline> {
  return (reader, node, out, siblings, index) => {
    DEFAULT_PHRASING[type]!(reader, node as never, out, siblings, index);
    const last = out[out.length - 1];
    if (last?.type === type) out[out.length - 1] = { ...last, form: 'markdown' };
  };
}

/** The handlers and policies of imported pages: the markdown ones plus MDX JSX, nothing checked but what the model cannot hold. */
export const PAGE_MARKDOWN: ReaderConfig = {
  flow: {
    ...DEFAULT_FLOW,
    paragraph: (reader, node, out, siblings, index) => {
      if (!isElementRun(node.children)) return DEFAULT_FLOW.paragraph!(reader, node, out, siblings, index);
      for (const child of node.children) if (child.type === 'mdxJsxTextElement') readBlockElement(reader, child, out);
    },
    mdxJsxFlowElement: (reader, node, out, siblings, index) => {
      if (!isInlineElement(node)) return readBlockElement(reader, node, out);
      // `<img … /> <a …>…</a>` filling a line is flow to MDX, but it is one line of text.
      let end = index + 1;
      while (end < siblings.length && isInlineElement(siblings[end]!) && droppedSpace(reader.source, siblings[end - 1]!, siblings[end]!) !== undefined) end++;
      out.push(paragraphOrImage(reader.phrasing(siblings.slice(index, end))));
      return end - index - 1;
    },
    mdxJsxTextElement: (reader, node, out) => readBlockElement(reader, node, out),
    text: (reader, node, out) => {
      if (node.value.trim() !== '') out.push({ type: 'paragraph', children: reader.phrasing([node]) });
    },
    code: (reader, node, out) => {
      out.push(codeBlock(node));
      if (node.meta) reader.report(node, 'unsupported', `The code block's info string \`${node.meta}\` after the language has no equivalent in a spec and was dropped.`);
    },
    html: (reader, node) => reader.report(node, 'raw-html', `Raw HTML \`${preview(node.value)}\` has no equivalent in a spec and was skipped.`),
    mdxFlowExpression: skipExpression,
    mdxTextExpression: skipExpression,
    mdxjsEsm: (reader, node) => reader.report(node, 'unsupported', `The \`import\`/\`export\` statement \`${preview(node.value)}\` has no equivalent in a spec and was skipped.`),
  },
  phrasing: {
    ...DEFAULT_PHRASING,
    mdxTextExpression: (reader, node, out) => {
      // `{' '}` and `{"text"}` are common MDX spellings of plain text.
      const literal = /^\s*(?:'([^'\\\n]*)'|"([^"\\\n]*)")\s*$/.exec(node.value);
      if (literal) pushText(out, literal[1] ?? literal[2] ?? '');
      else skipExpression(reader, node, out, [], 0);
    },
    mdxJsxTextElement: (reader, node, out) => readInlineElement(reader, node, out),
    mdxJsxFlowElement: (reader, node, out) => readInlineElement(reader, node, out),
    // Markdown on the page keeps its spelling (`**`, `*`, `~~`), as `<b>`, `<i>`, `<s>`, `<code>` do theirs.
    strong: markdownForm('strong'),
    emphasis: markdownForm('emphasis'),
    delete: markdownForm('delete'),
    // A markdown link renders without `target`: it stays in the tab, and keeps its spelling. A linked
    // address (GFM's literal autolink) stays in the tab too; `build` writes it as `<a>`.
    // MDX renders a markdown link's URL percent-encoded (`normalizeUri`); the spec keeps it as rendered.
    link: (reader, node, out, siblings, index) => {
      DEFAULT_PHRASING.link!(reader, { ...node, url: normalizeUri(node.url) }, out, siblings, index);
      const last = out[out.length - 1];
      if (last?.type !== 'link') return;
      if (sourceOf(reader, node).startsWith('[')) out[out.length - 1] = { ...last, form: 'markdown' };
      else if (opensNewTab(last.href)) out[out.length - 1] = { ...last, newTab: false };
    },
    // A paragraph nested where text was expected (a multi-line `<strong>`…): keep its text.
    paragraph: (reader, node, out) => node.children.forEach((child, index) => reader.inline(child, out, node.children, index)),
    html: (reader, node) => reader.report(node, 'raw-html', `Raw HTML \`${preview(node.value)}\` has no equivalent in a spec and was skipped.`),
  },
  unknownFlow: (reader, node) => reader.report(node, 'unsupported', `Markdown \`${node.type}\` has no equivalent in a spec and was skipped.`),
  unknownPhrasing: (reader, node) => reader.report(node, 'unsupported', `\`${describe(node)}\` cannot appear inside text in a spec and was skipped.`),
  trimEdges: true,
  between: (reader, before, after) => droppedSpace(reader.source, before, after) ?? '',
  shallowHeading: (reader, node, depth, children): Block => {
    const inlines = reader.phrasing(children);
    reader.report(node, 'unsupported', `A level-${depth} heading cannot appear inside a step, an intro or a callout; it was imported as a level-3 heading.`);
    return { type: 'heading', depth: 3, children: inlines };
  },
  plainQuote: (reader, node, out) => {
    reader.report(node, 'unsupported', 'A plain block quote has no equivalent in a spec: its content was imported without the quote.', 'Make it a callout, e.g. `<Note>…</Note>`.');
    out.push(...reader.blocks(node.children));
  },
};

/**
 * A `<code>` element in a `.md` export: `build` writes backtick code that raw HTML would read
 * (holding `<` or `&`) as `<code>` there, so such an element is read as backtick code, the form
 * the `.mdx` page has. Any other `<code>` is an authored one.
 */
const exportCode: Handler<PageNode, Inline> = (reader, node, out, siblings, index) => {
  if (isElement(node) && node.name === 'code' && node.attributes.length === 0 && codeReadsAsHtml(textContent(node))) return void out.push({ type: 'inlineCode', value: textContent(node) });
  return PAGE_MARKDOWN.phrasing[node.type as 'mdxJsxTextElement']!(reader, node as never, out, siblings, index);
};

/** The reader of `.md` exports: as {@link PAGE_MARKDOWN}, with the export's code spelling. */
const EXPORT_MARKDOWN: ReaderConfig = { ...PAGE_MARKDOWN, phrasing: { ...PAGE_MARKDOWN.phrasing, mdxJsxTextElement: exportCode, mdxJsxFlowElement: exportCode } };

/** Reads the flow content of guide pages, reporting what it skips through `onSkip`. */
export class PageBlockReader {
  private readonly reader: MdastReader;

  /**
   * `source` is the page text: MDX drops the spaces between elements that fill a line, the reader
   * puts them back. `markdownExport` says the page is a `.md` export (see {@link exportCode}).
   */
  constructor(onSkip: SkipReporter, source = '', markdownExport = false) {
    this.reader = new MdastReader(markdownExport ? EXPORT_MARKDOWN : PAGE_MARKDOWN, { source, report: (node, _kind, message, hint) => onSkip(node, message, hint) });
  }

  /** Reads flow content (the children of a step, a section, a callout…). */
  blocks(nodes: readonly PageNode[]): Block[] {
    return this.reader.blocks(nodes);
  }
}
