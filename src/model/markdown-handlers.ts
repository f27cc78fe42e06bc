import type * as Mdast from 'mdast';
import { INLINE_FORMS, opensNewTab, type Block, type ImageRef, type Inline } from './connector-model.js';
import { DEFAULT_FLOW, DEFAULT_PHRASING, codeBlock, preview, pushText, sourceOf, type Handler, type MdastReader, type ReadNode, type ReaderConfig } from './mdast-reader.js';

/**
 * The spec side of the mdast reader: CommonMark + GFM in guide text, with
 * the checks a spec's markdown gets (link and image URLs, alt text, closed
 * code fences, image `{…}` attributes). Anything outside the model's tree is
 * reported as a problem, never dropped silently.
 */

/** Link schemes a guide may point at; everything else (`javascript:`, `data:` …) is refused. */
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);

type MutableImage = { -readonly [K in keyof ImageRef]: ImageRef[K] };

/** The handlers and policies of spec markdown. */
export const SPEC_MARKDOWN: ReaderConfig = {
  flow: {
    ...DEFAULT_FLOW,
    code: (reader, node, out) => {
      checkFenceClosed(reader, node);
      out.push(codeBlock(node));
    },
    html: (reader, node, out) => {
      reportRawHtml(reader, node);
      out.push({ type: 'paragraph', children: [{ type: 'text', value: node.value }] });
    },
  },
  phrasing: {
    ...DEFAULT_PHRASING,
    link: (reader, node, out, siblings, index) => {
      link(reader, node, node.url, node.title ?? undefined, node.children, out);
      return linkTarget(out, siblings, index);
    },
    linkReference: (reader, node, out) => {
      const definition = reader.definitions.get(node.identifier);
      if (!definition) pushText(out, sourceOf(reader, node));
      else link(reader, node, definition.url, definition.title ?? undefined, node.children, out);
    },
    strong: formSuffix('strong'),
    emphasis: formSuffix('emphasis'),
    delete: formSuffix('delete'),
    inlineCode: formSuffix('inlineCode'),
    image: (reader, node, out, siblings, index) => image(reader, node, out, siblings, index),
    imageReference: (reader, node, out, siblings, index) => image(reader, node, out, siblings, index),
    html: (reader, node, out) => {
      reportRawHtml(reader, node);
      pushText(out, node.value);
    },
  },
  unknownFlow: (reader, node) => reader.report(node, 'unsupported', `Markdown \`${node.type}\` is not supported in guide text.`, 'Use paragraphs, lists, tables, fenced code, images and `> [!NOTE]` callouts.'),
  unknownPhrasing: (reader, node) => reader.report(node, 'unsupported', `Markdown \`${node.type}\` is not supported in guide text.`),
  trimEdges: false,
  shallowHeading: (reader, node, depth, children): Block => {
    reader.report(node, 'unsupported', `A level-${depth} heading cannot appear inside a step or section text.`, 'Use `###` or deeper, or split the text into another section with its own `heading`.');
    return { type: 'paragraph', children: reader.inlines(children) };
  },
  plainQuote: (reader, node) => reader.report(node, 'unsupported', 'A plain block quote has no equivalent on guide pages.', 'Start it with `[!NOTE]`, `[!WARNING]`, `[!INFO]`, `[!TIP]` or `[!CHECK]` to make it a callout.'),
};

function reportRawHtml(reader: MdastReader, node: Mdast.Html): void {
  reader.report(node, 'raw-html', `Raw HTML \`${preview(node.value)}\` is shown as literal text.`, 'Write it in markdown instead; guide pages never pass HTML through.');
}

function link(reader: MdastReader, node: ReadNode, url: string, title: string | undefined, children: readonly Mdast.PhrasingContent[], out: Inline[]): void {
  const inner = reader.inlines(children);
  if (url.trim() === '') {
    reader.report(node, 'link-without-url', 'Link has no URL.', 'Write `[text](https://…)`, or remove the brackets.');
    // An error stops the build; keep the text so later checks still see it.
    pushText(out, sourceOf(reader, node));
    return;
  }
  checkUrl(reader, node, url);
  out.push({ type: 'link', href: url, ...(title ? { title } : {}), children: inner });
}

/**
 * `[text](url){new-tab}` / `{same-tab}`: a link that opens a new tab, or stays in
 * it, against the site's rule (see `opensNewTab`); `{markdown}`: a markdown link on the page
 * (which stays in the tab); `{}` is the writer's guard before text that starts like one. Only
 * these spellings are read: any other `{…}` stays text.
 */
function linkTarget(out: Inline[], siblings: readonly ReadNode[], index: number): number {
  const next = siblings[index + 1];
  const last = out[out.length - 1];
  if (next?.type !== 'text' || last?.type !== 'link') return 0;
  const match = /^\{(new-tab|same-tab|markdown)?\}/.exec(next.value);
  if (!match) return 0;
  const { newTab: _previous, form: _form, ...rest } = last;
  if (match[1] === 'markdown') out[out.length - 1] = { ...rest, form: 'markdown' };
  else {
    const newTab = match[1] === undefined ? undefined : match[1] === 'new-tab';
    out[out.length - 1] = newTab === undefined || newTab === opensNewTab(last.href) ? rest : { ...rest, newTab };
  }
  pushText(out, next.value.slice(match[0].length));
  return 1;
}

type FormedType = 'strong' | 'emphasis' | 'delete' | 'inlineCode';

/**
 * `**Save**{b}`, `*wait*{i}`, `~~old~~{s}`, `` `id`{code} ``, and `{markdown}` after the first
 * three: the construct's authored form on the page (see `INLINE_FORMS`); `{}` is the writer's
 * guard before text that starts like one. Any other `{…}` stays text.
 */
function formSuffix(type: FormedType): Handler<ReadNode, Inline> {
  return (reader, node, out, siblings, index) => {
    DEFAULT_PHRASING[type]!(reader, node as never, out, siblings, index);
    const next = siblings[index + 1];
    const last = out[out.length - 1];
    if (next?.type !== 'text' || last?.type !== type) return 0;
    const forms: readonly string[] = INLINE_FORMS[type];
    const match = /^\{([a-z]*)\}/.exec(next.value);
    if (!match || (match[1] !== '' && !forms.includes(match[1]!))) return 0;
    const { form: _previous, ...rest } = last as Inline & { form?: string };
    out[out.length - 1] = (match[1] === '' ? rest : { ...rest, form: match[1] }) as Inline;
    pushText(out, next.value.slice(match[0].length));
    return 1;
  };
}

/** `![alt](src){width=1280 height=800 data-path=…}`: the attributes follow in the next text node(s), which it reads too. */
function image(reader: MdastReader, node: Mdast.Image | Mdast.ImageReference, out: Inline[], siblings: readonly ReadNode[], index: number): number {
  const attributes = imageAttributeText(siblings, index + 1);
  const ref = imageOf(reader, node, attributes?.text);
  if (ref) out.push({ type: 'image', image: ref });
  if (!attributes) return 0;
  pushText(out, attributes.rest);
  return attributes.nodes;
}

function imageOf(reader: MdastReader, node: Mdast.Image | Mdast.ImageReference, attributes: string | undefined): ImageRef | undefined {
  let src: string;
  let title: string | undefined;
  if (node.type === 'image') {
    src = node.url;
    title = node.title ?? undefined;
  } else {
    const definition = reader.definitions.get(node.identifier);
    if (!definition) {
      reader.report(node, 'unsupported', `Image reference \`${node.identifier}\` has no definition.`, 'Add `[label]: https://…` below the text, or use `![alt](https://…)`.');
      return undefined;
    }
    src = definition.url;
    title = definition.title ?? undefined;
  }
  const alt = node.alt ?? '';
  if (alt.trim() === '') reader.report(node, 'image-without-alt', 'Image has no alt text.', 'Describe the screenshot for readers who cannot see it: `![Settings page with the API key button](…)`.');
  if (src.trim() === '') reader.report(node, 'link-without-url', 'Image has no URL.', 'Write `![alt](https://…)`.');
  else checkUrl(reader, node, src);
  const ref: MutableImage = { src, alt };
  if (title) ref.title = title;
  if (attributes !== undefined) imageAttributes(reader, node, attributes, ref);
  return ref;
}

/**
 * The `{…}` attributes right after an image (the nodes from `start` on): their
 * text, how many nodes they span and the text after the `}`. Usually one text
 * node; but GFM turns `www.x` and `a@b.co` into links even in a text node, so a
 * `data-path` like `images/logo@2x.png` arrives as text, link, text, and the
 * literal links' text is put back together.
 */
function imageAttributeText(nodes: readonly ReadNode[], start: number): { text: string; nodes: number; rest: string } | undefined {
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
function sourceTextOf(node: ReadNode): string | undefined {
  if (node.type === 'text') return node.value;
  const only = node.type === 'link' && node.children.length === 1 ? node.children[0] : undefined;
  if (node.type !== 'link' || only?.type !== 'text') return undefined;
  return node.url === only.value || node.url === `http://${only.value}` || node.url === `mailto:${only.value}` ? only.value : undefined;
}

function imageAttributes(reader: MdastReader, node: ReadNode, text: string, image: MutableImage): void {
  const pattern = /([A-Za-z][\w-]*)=("([^"]*)"|[^\s"]+)/gy;
  let rest = text.trim();
  while (rest !== '') {
    pattern.lastIndex = 0;
    const match = pattern.exec(rest);
    if (!match) {
      reader.report(node, 'unsupported', `Cannot read image attributes \`{${text}}\`.`, 'Write `{width=1280 height=800 data-path=images/x.png}`.');
      return;
    }
    const [whole, name, raw, quoted] = match;
    const value = quoted ?? raw!;
    if (name === 'width' || name === 'height') {
      if (!/^[1-9]\d{0,4}$/.test(value)) reader.report(node, 'unsupported', `Image ${name} must be a positive whole number of pixels, not \`${value}\`.`);
      else image[name] = Number(value);
    } else if (name === 'data-path') {
      image.dataPath = value;
    } else {
      reader.report(node, 'unsupported', `Unknown image attribute \`${name}\`.`, 'Images accept `width`, `height` and `data-path`.');
    }
    rest = rest.slice(whole.length).trimStart();
  }
}

function checkUrl(reader: MdastReader, node: ReadNode, url: string): void {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url.replace(/[\u0000-\u0020]/g, ''));
  if (scheme && !SAFE_SCHEMES.has(`${scheme[1]!.toLowerCase()}:`)) {
    reader.report(node, 'unsafe-url', `URL scheme \`${scheme[1]}:\` is not allowed.`, 'Links and images may use `https:`, `http:`, `mailto:`, `tel:` or a relative path.');
  }
}

/**
 * CommonMark closes an unterminated fence at the end of its container, so
 * the parser never complains; the author almost always forgot the closing
 * line. A fence is closed when the node's last line is a run of the same
 * fence character at least as long as the opening one, with nothing after
 * it (container prefixes such as `>` of a callout stripped).
 */
function checkFenceClosed(reader: MdastReader, node: Mdast.Code): void {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return;
  const lines = reader.source.slice(start, end).split(/\r?\n/);
  const opening = /^[ \t]*(`{3,}|~{3,})/.exec(lines[0]!);
  if (!opening) return; // An indented code block has no fence to close.
  const fence = opening[1]!;
  const last = lines[lines.length - 1]!.replace(/^(?:[ \t]*>)*[ \t]*/, '');
  const closing = new RegExp(`^${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
  if (lines.length < 2 || !closing.test(last)) {
    reader.report(node, 'parse', 'Code fence is never closed, so the rest of the text became code.', `Add a line with just ${fence} after the code.`);
  }
}
