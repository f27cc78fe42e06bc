/**
 * Test harness for the `.md` export and llms.txt: parses markdown the way a
 * CommonMark + GFM renderer that passes raw HTML through does (remark-parse,
 * remark-gfm, remark-rehype with `allowDangerousHtml`), then parses that raw
 * HTML as a browser would (rehype-raw, i.e. parse5), and lists the elements.
 */
import type { Element, ElementContent, Root as HastRoot, RootContent as HastContent } from 'hast';
import rehypeRaw from 'rehype-raw';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw);

/** The HTML document a markdown file becomes, raw HTML included. */
export function markdownToHtml(source: string): HastRoot {
  return processor.runSync(processor.parse(source)) as HastRoot;
}

/** All elements in document order. */
export function htmlElements(node: HastRoot | HastContent | ElementContent): Element[] {
  const out: Element[] = [];
  const visit = (n: HastRoot | HastContent | ElementContent): void => {
    if (n.type === 'element') out.push(n);
    if ('children' in n) for (const child of n.children) visit(child);
    // `<template>` content lives apart from the children.
    if (n.type === 'element' && n.content) visit(n.content);
  };
  visit(node);
  return out;
}

/** The text a reader sees, in order. */
export function htmlText(node: HastRoot | HastContent | ElementContent): string {
  if (node.type === 'text') return node.value;
  return 'children' in node ? node.children.map(htmlText).join('') : '';
}
