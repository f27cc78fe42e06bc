import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { createReader, type MarkdownParser } from '../../src/model/markdown-blocks.js';

/**
 * The spec markdown reader without shortcuts: every string through the full
 * GFM parse (`gfm()` + `gfmFromMarkdown()`). Not used by the build, so its two
 * packages are devDependencies; tests compare `createMarkdownParser` to it.
 */
export function createReferenceMarkdownParser(): MarkdownParser {
  const options = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] };
  return createReader((markdown) => fromMarkdown(markdown, options));
}
