import { evaluateSync } from '@mdx-js/mdx';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import { parse as parseYaml } from 'yaml';

/**
 * What a guide page renders to, as the docs site would see it: the MDX is
 * compiled and run (CommonMark + GFM + frontmatter, as the site does) with a
 * JSX runtime of our own that records the element tree instead of building a
 * DOM. Components (`<Steps>`, `<Note>`…) are kept by name as placeholders, so
 * two pages that pass the same props and children to the same components
 * render equal whatever the components do.
 *
 * The tree is normalised so that only what a reader can see differs:
 * - text: adjacent strings joined, whitespace runs made one space, text that
 *   is only whitespace dropped, leading/trailing spaces of an element's
 *   first/last text trimmed (HTML collapses them the same way);
 * - attributes: compared as a set (sorted by name), `className` written `class`;
 * - frontmatter: parsed as YAML and compared as data on the root;
 * - a link inside a link (invalid HTML) is read as the outer link holding the inner text.
 *
 * Only `.mdx` is rendered here: `.md` pages are the same content for sites
 * that take markdown with HTML, and the importer reads both into one spec, so
 * comparing the `.mdx` page covers the model; a `.md` page is compared through
 * its `.mdx` twin by the callers.
 */

/** One rendered element: a tag (`p`, `a`), a component (`<Note>`), or the page root. */
export interface RenderedElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly RenderedNode[];
}
export type RenderedNode = RenderedElement | string;

interface RawElement {
  readonly $raw: true;
  readonly type: unknown;
  readonly props: Record<string, unknown>;
}

const Fragment = Symbol('Fragment');
const COMPONENT = Symbol('component');

type Placeholder = ((props: Record<string, unknown>) => unknown) & { [COMPONENT]?: string };

function jsx(type: unknown, props: Record<string, unknown>): RawElement {
  return { $raw: true, type, props };
}

/** A component stand-in that keeps its name; `Steps.Item` style names get nested objects. */
function placeholders(source: string): Record<string, unknown> {
  const components: Record<string, unknown> = {};
  for (const [, name] of source.matchAll(/<([A-Z][\w]*(?:\.[\w]+)*)/g)) {
    const parts = name!.split('.');
    let scope = components;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) {
        const placeholder: Placeholder = () => undefined;
        placeholder[COMPONENT] = name!;
        // A member access (`Steps.Item`) reads properties of its parent placeholder.
        scope[part] = scope[part] ?? placeholder;
      } else {
        const existing = scope[part];
        if (existing === undefined) {
          const parent: Placeholder = () => undefined;
          parent[COMPONENT] = parts.slice(0, index + 1).join('.');
          scope[part] = parent;
        }
        scope = scope[part] as Record<string, unknown>;
      }
    });
  }
  return components;
}

/** The frontmatter block at the top of a page, parsed, or `undefined`. */
function frontmatter(source: string): unknown {
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(source);
  return match ? parseYaml(match[1]!) : undefined;
}

/** Renders an `.mdx` page to its normalised element tree. Throws when MDX cannot compile or run it. */
export function renderTree(source: string): RenderedElement {
  const module = evaluateSync(source, {
    Fragment,
    jsx,
    jsxs: jsx,
    development: false,
    format: 'mdx',
    remarkPlugins: [remarkFrontmatter, remarkGfm],
  } as unknown as Parameters<typeof evaluateSync>[1]);
  const Content = module.default as (props: Record<string, unknown>) => unknown;
  const output = Content({ components: placeholders(source) });
  const data = frontmatter(source);
  const attributes: Record<string, string> = data === undefined ? {} : { frontmatter: JSON.stringify(data) };
  return { name: '#root', attributes, children: normalise(unnestLinks(expand(output), false)) };
}

/**
 * A link inside a link (`<a …>[text](url)</a>` on a page) is invalid HTML: the reader sees one
 * link with the inner text, and the importer makes it one (reporting an inner target that
 * differs). The comparison reads it the same way: an `a` inside an `a` gives its children to
 * the outer one.
 */
function unnestLinks(nodes: readonly RenderedNode[], insideLink: boolean): RenderedNode[] {
  return nodes.flatMap((node): RenderedNode[] => {
    if (typeof node === 'string') return [node];
    const children = unnestLinks(node.children, insideLink || node.name === 'a');
    return insideLink && node.name === 'a' ? children : [{ ...node, children }];
  });
}

/** Runs the page's own functions (MDXContent, wrappers) until only elements, placeholders and text remain. */
function expand(value: unknown): RenderedNode[] {
  if (value === null || value === undefined || value === false || value === true) return [];
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(expand);
  const raw = value as RawElement;
  if (!raw.$raw) throw new Error(`Unexpected render output: ${JSON.stringify(value)}`);
  const { children, ...props } = raw.props;
  if (raw.type === Fragment) return expand(children);
  if (typeof raw.type === 'function') {
    const name = (raw.type as Placeholder)[COMPONENT];
    if (name === undefined) return expand((raw.type as (p: unknown) => unknown)(raw.props));
    return [{ name: `<${name}>`, attributes: attributesOf(props), children: expand(children) }];
  }
  if (typeof raw.type !== 'string') throw new Error(`Unexpected element type: ${String(raw.type)}`);
  return [{ name: raw.type, attributes: attributesOf(props), children: expand(children) }];
}

function attributesOf(props: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(props).sort()) {
    const value = props[key];
    if (value === undefined) continue;
    const name = key === 'className' ? 'class' : key;
    out[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const INLINE_TAGS = new Set(['a', 'b', 'br', 'code', 'del', 'em', 'i', 'img', 's', 'span', 'strong', 'sub', 'sup']);

function isInline(node: RenderedNode | undefined): boolean {
  return node !== undefined && typeof node !== 'string' && INLINE_TAGS.has(node.name);
}

function normalise(nodes: readonly RenderedNode[]): RenderedNode[] {
  const joined: RenderedNode[] = [];
  for (const node of nodes) {
    const last = joined[joined.length - 1];
    if (typeof node === 'string' && typeof last === 'string') joined[joined.length - 1] = last + node;
    else joined.push(typeof node === 'string' ? node : { ...node, children: normalise(node.children) });
  }
  const out: RenderedNode[] = [];
  joined.forEach((node, index) => {
    if (typeof node !== 'string') return void out.push(node);
    let text = node.replace(/\s+/g, ' ');
    if (index === 0) text = text.replace(/^ /, '');
    if (index === joined.length - 1) text = text.replace(/ $/, '');
    // Space between two inline elements is seen (`<strong>a</strong> <em>b</em>`); between blocks it is not.
    const inlineNeighbours = isInline(joined[index - 1]) && isInline(joined[index + 1]);
    if (text.trim() !== '' || (text === ' ' && inlineNeighbours)) out.push(text);
  });
  return out;
}

/** The tree as indented text, one node a line: what tests compare, so a failure shows the difference. */
export function printTree(node: RenderedNode, indent = ''): string {
  if (typeof node === 'string') return `${indent}${JSON.stringify(node)}`;
  const attributes = Object.entries(node.attributes).map(([name, value]) => ` ${name}=${JSON.stringify(value)}`).join('');
  const head = `${indent}${node.name}${attributes}`;
  return [head, ...node.children.map((child) => printTree(child, `${indent}  `))].join('\n');
}

/** The printed render of a page: equal strings mean the pages render to the same tree. */
export function renderedText(source: string): string {
  return printTree(renderTree(source));
}
