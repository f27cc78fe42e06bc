/**
 * Authored inline forms (#16): the spec's `{…}` suffixes, read and written, rendered as written
 * (or in the house form where markdown could not read them back), and imported from pages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderInlines } from '../../src/emit/docs/render-blocks.js';
import { createMarkdownWriter } from '../../src/import/markdown-writer.js';
import { readGuidePage } from '../../src/import/read-page.js';
import type { Inline } from '../../src/model/connector-model.js';
import { createMarkdownParser } from '../../src/model/markdown-blocks.js';
import { FIXTURES } from '../validate/fixture-runner.js';
import { expectRoundTrip } from './helpers.js';

const read = createMarkdownParser();
const write = createMarkdownWriter();
const text = (value: string): Inline => ({ type: 'text', value });
const inlinesOf = (markdown: string) => {
  const { blocks, problems } = read(markdown);
  expect(problems).toEqual([]);
  return (blocks[0] as unknown as { children: Inline[] }).children;
};

describe('authored forms in spec markdown', () => {
  it('reads each suffix of the closed list onto its construct', () => {
    expect(inlinesOf('**a**{b} *b*{i} ~~c~~{s} `d`{code} **e**{markdown} *f*{markdown} ~~g~~{markdown} [h](https://x.io){markdown}')).toEqual([
      { type: 'strong', form: 'b', children: [text('a')] },
      text(' '),
      { type: 'emphasis', form: 'i', children: [text('b')] },
      text(' '),
      { type: 'delete', form: 's', children: [text('c')] },
      text(' '),
      { type: 'inlineCode', form: 'code', value: 'd' },
      text(' '),
      { type: 'strong', form: 'markdown', children: [text('e')] },
      text(' '),
      { type: 'emphasis', form: 'markdown', children: [text('f')] },
      text(' '),
      { type: 'delete', form: 'markdown', children: [text('g')] },
      text(' '),
      { type: 'link', href: 'https://x.io', form: 'markdown', children: [text('h')] },
    ]);
  });

  it('leaves any other {…} as text, and drops an empty {} guard', () => {
    expect(inlinesOf('**a**{i} `b`{b} *c*{strong} **d**{} [e](/x){bold}')).toEqual([
      { type: 'strong', children: [text('a')] },
      text('{i} '),
      { type: 'inlineCode', value: 'b' },
      text('{b} '),
      { type: 'emphasis', children: [text('c')] },
      text('{strong} '),
      { type: 'strong', children: [text('d')] },
      text(' '),
      { type: 'link', href: '/x', children: [text('e')] },
      text('{bold}'),
    ]);
  });

  it('is written back by the import writer, with a {} guard before text that starts like a suffix', () => {
    const inlines: Inline[] = [
      { type: 'strong', form: 'b', children: [text('a')] },
      text(' '),
      { type: 'inlineCode', form: 'code', value: 'c' },
      text(' '),
      { type: 'link', href: 'https://x.io', form: 'markdown', children: [text('l')] },
      text(' '),
      { type: 'emphasis', children: [text('e')] },
      text('{i} is text'),
    ];
    const markdown = write([{ type: 'paragraph', children: inlines }]);
    expect(markdown).toBe('**a**{b} `c`{code} [l](https://x.io){markdown} *e*{}{i} is text\n');
    expect(read(markdown).blocks).toEqual([{ type: 'paragraph', children: inlines }]);
  });
});

describe('authored forms on the page', () => {
  it('writes each form as authored', () => {
    expect(
      renderInlines([
        { type: 'strong', form: 'b', children: [text('a')] },
        text(' '),
        { type: 'emphasis', form: 'i', children: [text('b')] },
        text(' '),
        { type: 'delete', form: 's', children: [text('c')] },
        text(' '),
        { type: 'inlineCode', form: 'code', value: 'see https://x.io/a' },
        text(' '),
        { type: 'strong', form: 'markdown', children: [text('never '), { type: 'emphasis', form: 'markdown', children: [text('Owner')] }] },
        text(' '),
        { type: 'link', href: 'https://x.io', title: 'T', form: 'markdown', children: [text('x')] },
      ]),
    ).toBe('<b>a</b> <i>b</i> <s>c</s> <code>see https://x.io/a</code> **never *Owner*** [x](https://x.io "T")');
  });

  it('falls back to the house form where markdown would read the spelling differently', () => {
    const strong = (children: Inline[]): Inline => ({ type: 'strong', form: 'markdown', children });
    // Inside a word; content opening with punctuation after `>`; a markdown sibling right after; a URL with `(`.
    expect(renderInlines([text('a'), strong([text('b')]), text('c')])).toBe('a<strong>b</strong>c');
    expect(renderInlines([strong([text('"q"')]), text(' x')])).toBe('<strong>"q"</strong> x');
    expect(renderInlines([strong([text('a')]), strong([text('b')])])).toBe('<strong>a</strong>**b**');
    expect(renderInlines([{ type: 'link', href: 'https://x.io/a_(b)', form: 'markdown', children: [text('x')] }])).toBe('<a href="https://x.io/a_(b)">x</a>');
    // MDX would percent-encode `^` in a markdown link's destination: `<a>` keeps the URL as it is.
    expect(renderInlines([{ type: 'link', href: 'https://x.io/^', form: 'markdown', children: [text('x')] }])).toBe('<a href="https://x.io/^">x</a>');
    // After `!` a markdown link would read as an image (found by the import round-trip property).
    expect(renderInlines([text('wow!'), { type: 'link', href: 'mailto:a@example.com', form: 'markdown', children: [text('x')] }])).toBe('wow!<a href="mailto:a@example.com">x</a>');
    // A `<code>` of only whitespace, which MDX would drop, is written as references.
    expect(renderInlines([{ type: 'inlineCode', form: 'code', value: ' \t' }])).toBe('<code>&#x20;&#x9;</code>');
    // A `<code>` whose URL needs a reference keeps the guard, so GFM links nothing.
    expect(renderInlines([{ type: 'inlineCode', form: 'code', value: 'https://x.io/<a>' }])).toBe('<code>https&#58;//x.io/&lt;a></code>');
  });

  it('the authored-forms docs fixture imports and builds back byte for byte, .md and .mdx', () => {
    expectRoundTrip('quill', readFileSync(path.join(FIXTURES, 'docs', 'authored-forms', 'input', 'quill.yaml'), 'utf8'));
  });

  it('keeps a markdown link’s URL as MDX renders it (percent-encoded)', () => {
    const body = readGuidePage('x__api-key.mdx', `---\ntitle: T\n---\n\n<section data-guide-section>\n<h2>S</h2>\n\n<Steps>\n<Step title="a">\n\n<p>[a](https://x.io/^é)</p>\n\n</Step>\n</Steps>\n</section>\n`).page?.sections[0]?.steps[0]?.body;
    expect(body).toEqual([{ type: 'paragraph', children: [{ type: 'link', href: 'https://x.io/%5E%C3%A9', form: 'markdown', children: [text('a')] }] }]);
  });

  it('reads <code> holding < or & in a .md export as backtick code (the form build writes there), and as <code> in an .mdx page', () => {
    const page = (file: string) =>
      readGuidePage(file, `---\ntitle: T\n---\n\n<section data-guide-section>\n<h2>S</h2>\n\n<Steps>\n<Step title="a">\n\n<p><code>a &lt; b</code> <code>c</code></p>\n\n</Step>\n</Steps>\n</section>\n`).page?.sections[0]?.steps[0]?.body;
    expect(page('x__api-key.md')).toEqual([{ type: 'paragraph', children: [{ type: 'inlineCode', value: 'a < b' }, text(' '), { type: 'inlineCode', form: 'code', value: 'c' }] }]);
    expect(page('x__api-key.mdx')).toEqual([{ type: 'paragraph', children: [{ type: 'inlineCode', form: 'code', value: 'a < b' }, text(' '), { type: 'inlineCode', form: 'code', value: 'c' }] }]);
  });
});
