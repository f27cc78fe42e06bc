/**
 * Test harness: runs pages through the real MDX compiler (`@mdx-js/mdx`, with
 * GFM and frontmatter like the docs site) and turns the result into a small
 * element tree, using a minimal JSX runtime instead of React.
 */
import { evaluateSync } from '@mdx-js/mdx';
import type { Root, RootContent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

export interface El {
  readonly type: string;
  readonly props: Readonly<Record<string, unknown>>;
  readonly children: readonly Node[];
}
export type Node = El | string;

/** The components of the docs site a page may use; anything else is an error when rendering. */
export const SITE_COMPONENTS = ['Steps', 'Step', 'Panel', 'Warning', 'Note', 'Info', 'Tip', 'Check'] as const;

type RawElement = { type: unknown; props: Record<string, unknown> };

function jsx(type: unknown, props: Record<string, unknown>): unknown {
  return typeof type === 'function' ? (type as (p: unknown) => unknown)(props) : ({ type, props } satisfies RawElement);
}

const runtime = { Fragment: 'Fragment', jsx, jsxs: jsx };
const components = Object.fromEntries(SITE_COMPONENTS.map((name) => [name, name]));

/** Compiles and runs an MDX page; returns its top-level nodes (fragments flattened). */
export function renderMdx(source: string): Node[] {
  const module = evaluateSync(source, { ...runtime, remarkPlugins: [remarkGfm, remarkFrontmatter], development: false } as Parameters<typeof evaluateSync>[1]);
  const content = module.default as (props: unknown) => unknown;
  return normalize(content({ components }));
}

function normalize(value: unknown): Node[] {
  if (value === null || value === undefined || value === false || value === true) return [];
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return mergeStrings(value.flatMap(normalize));
  const element = value as RawElement;
  const { children, ...props } = element.props;
  const kids = mergeStrings(normalize(children));
  if (element.type === 'Fragment') return kids;
  return [{ type: String(element.type), props, children: kids }];
}

/** Adjacent strings are one text run to a reader; MDX may hand them over split. */
function mergeStrings(nodes: Node[]): Node[] {
  const out: Node[] = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (typeof node === 'string' && typeof last === 'string') out[out.length - 1] = last + node;
    else out.push(node);
  }
  return out;
}

/** The text a reader sees: all strings, in order. */
export function textContent(nodes: readonly Node[]): string {
  let out = '';
  for (const node of nodes) out += typeof node === 'string' ? node : textContent(node.children);
  return out;
}

/** Drops the `"\n"` strings MDX puts between block children, for structural comparison. */
export function withoutBlockNewlines(nodes: readonly Node[]): Node[] {
  return nodes.flatMap<Node>((node) => (node === '\n' ? [] : typeof node === 'string' ? [node] : [{ ...node, children: withoutBlockNewlines(node.children) }]));
}

/** All elements in document order. */
export function elements(nodes: readonly Node[]): El[] {
  return nodes.flatMap((node) => (typeof node === 'string' ? [] : [node, ...elements(node.children)]));
}

const parser = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkFrontmatter);

/** The MDX syntax tree (mdast with `mdxJsx*`, `mdxFlowExpression`, `mdxjsEsm` … nodes), without running anything. */
export function parseMdx(source: string): Root {
  return parser.parse(source);
}

/** Every node type in an MDX syntax tree, with the JSX element names, e.g. `mdxJsxTextElement:strong`. */
export function syntaxKinds(tree: Root): Set<string> {
  const kinds = new Set<string>();
  const visit = (node: Root | RootContent): void => {
    const name = 'name' in node && typeof node.name === 'string' ? `:${node.name}` : '';
    kinds.add(`${node.type}${name}`);
    if ('children' in node) for (const child of node.children as (Root | RootContent)[]) visit(child);
  };
  visit(tree);
  return kinds;
}
