import type * as Mdast from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx';
import type { CalloutKind } from '../model/connector-model.js';
import { preview } from '../model/mdast-reader.js';

/** Any node of a page parsed by remark-parse + remark-mdx (+ gfm, frontmatter). */
export type PageNode = Mdast.RootContent | Mdast.Root;
/** An HTML-ish JSX element, alone on its lines (flow) or inside text. */
export type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

/** MDX callout components and the kind each stands for. */
export const CALLOUT_KINDS: Readonly<Record<string, CalloutKind>> = { Warning: 'warning', Note: 'note', Info: 'info', Tip: 'tip', Check: 'check' };

/** Elements that stand for a block when they sit alone on their lines. */
const BLOCK_ELEMENTS = new Set(['p', 'ul', 'ol', 'li', 'img', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'pre', 'blockquote', 'div', 'section', 'Steps', 'Step', 'Frame', ...Object.keys(CALLOUT_KINDS)]);

/** Elements that are text-level even when MDX parses them as flow (alone on a line). */
const INLINE_ELEMENTS = new Set(['img', 'a', 'strong', 'b', 'em', 'i', 'del', 's', 'code', 'br', 'input', 'kbd', 'span']);
const PHRASING_TYPES = new Set(['text', 'mdxJsxTextElement', 'strong', 'emphasis', 'delete', 'inlineCode', 'link', 'image', 'break', 'mdxTextExpression']);

/** Whether a node is a JSX element. */
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

/** A text-level element that MDX read as flow because it fills its line. */
export function isInlineElement(node: PageNode): node is MdxJsxFlowElement {
  return node.type === 'mdxJsxFlowElement' && INLINE_ELEMENTS.has(node.name ?? '');
}

/** Whether a node is flow content even inside an element that usually holds text. */
export function isFlowNode(node: PageNode): boolean {
  if (node.type === 'mdxJsxFlowElement') return !INLINE_ELEMENTS.has(node.name ?? '');
  return !PHRASING_TYPES.has(node.type);
}

/** An element's children as flow content: one-line elements hold phrasing, which is one paragraph. */
export function flowChildren(node: JsxElement): PageNode[] {
  if (node.type === 'mdxJsxFlowElement') return node.children;
  return node.children.length > 0 ? [{ type: 'paragraph', children: node.children as Mdast.PhrasingContent[], ...(node.position ? { position: node.position } : {}) }] : [];
}

/** A string attribute's value (`''` for a bare attribute); undefined when absent or an expression. */
export function stringAttribute(node: JsxElement, name: string): string | undefined {
  const attribute = node.attributes.find((a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute' && a.name === name);
  if (!attribute) return undefined;
  if (attribute.value === null || attribute.value === undefined) return '';
  return typeof attribute.value === 'string' ? attribute.value : undefined;
}

/** Whether the element has the attribute, with or without a value. */
export function hasAttribute(node: JsxElement, name: string): boolean {
  return node.attributes.some((a) => a.type === 'mdxJsxAttribute' && a.name === name);
}

/** The text of a node and its descendants, as a reader sees it. */
export function textContent(node: PageNode): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'mdxTextExpression' && node.type !== 'mdxFlowExpression' && node.type !== 'mdxjsEsm') return node.value;
  if ('children' in node) return (node.children as PageNode[]).map(textContent).join('');
  return '';
}

/** Whitespace-only text. */
export function isBlank(node: PageNode): boolean {
  return node.type === 'text' && node.value.trim() === '';
}

/** A node as messages name it: `<tag>`, a preview of its text, or its type. */
export function describe(node: PageNode): string {
  return isElement(node) ? `<${node.name ?? ''}>` : node.type === 'text' ? preview(node.value.trim()) : node.type;
}

/**
 * A line of only elements (`<img … /> <img … />`) is flow content to MDX, and the spaces
 * between its elements are not in the tree; the page text still has them. Undefined when
 * the two nodes are not elements side by side on one line with only spaces between.
 */
export function droppedSpace(source: string, before: PageNode, after: PageNode): string | undefined {
  if (before.type === 'text' || after.type === 'text') return undefined;
  const end = before.position?.end;
  const start = after.position?.start;
  if (!end || !start || end.line !== start.line || end.offset === undefined || start.offset === undefined) return undefined;
  const gap = source.slice(end.offset, start.offset);
  return /^[ \t]*$/.test(gap) ? gap : undefined;
}
