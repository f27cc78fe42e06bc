import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createMarkdownWriter } from '../../src/import/markdown-writer.js';
import { createMarkdownParser, MARKDOWN_LIMITS } from '../../src/model/markdown-blocks.js';
import { blockTree } from './arbitraries.js';
import { fcOptions } from '../helpers/fast-check.js';

const write = createMarkdownWriter();

/** The characters the reader's complexity limit counts (see `checkComplexity` in markdown-blocks.ts). */
function countMarkers(markdown: string): number {
  return (markdown.match(/[*_[\]`~<>|]/g) ?? []).length;
}
const reader = createMarkdownParser();

describe('markdown writer', () => {
  it('reads back to the same block tree', () => {
    fc.assert(
      fc.property(blockTree, (blocks) => {
        const markdown = write(blocks);
        // Past MARKDOWN_LIMITS the reader refuses text on purpose (test/load/limits.test.ts): such a tree
        // says nothing about the writer, and shrinking one that large took minutes.
        fc.pre(countMarkers(markdown) <= MARKDOWN_LIMITS.maxMarkers);
        const reread = reader(markdown);
        expect(reread.problems).toEqual([]);
        expect(reread.blocks).toEqual(blocks);
      }),
      fcOptions(300),
    );
  });
});

describe('markdown writer house style', () => {
  // Every markdown string of the seed specs is already in the house style: writing its tree gives it back.
  const specs = readdirSync('connectors').filter((f) => f.endsWith('.yaml')).sort();
  for (const file of specs) {
    it(`writes the guide text of connectors/${file} as it is written there`, () => {
      const spec = parse(readFileSync(join('connectors', file), 'utf8')) as { auth: { guide?: { callouts?: { text: string }[]; sections: { intro?: string; steps: { body: string }[] }[] } }[] };
      const texts = spec.auth.flatMap((method) => [
        ...(method.guide?.callouts ?? []).map((callout) => callout.text),
        ...(method.guide?.sections ?? []).flatMap((section) => [...(section.intro !== undefined ? [section.intro] : []), ...section.steps.map((step) => step.body)]),
      ]);
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) expect(write(reader(text).blocks)).toBe(text.endsWith('\n') ? text : `${text}\n`);
    });
  }
});

describe('a link that says how it opens', () => {
  const link = (href: string, newTab?: boolean) => ({ type: 'link' as const, href, ...(newTab !== undefined ? { newTab } : {}), children: [{ type: 'text' as const, value: 'go' }] });

  it('is written `{new-tab}` / `{same-tab}` after the link only against the site rule, and read back', () => {
    const blocks = [
      { type: 'paragraph' as const, children: [link('https://x.io', false), { type: 'text' as const, value: ' and ' }, link('mailto:a@x.io', true), { type: 'text' as const, value: ' and ' }, link('https://x.io')] },
    ];
    expect(write(blocks)).toBe('[go](https://x.io){same-tab} and [go](mailto:a@x.io){new-tab} and [go](https://x.io)\n');
    expect(reader(write(blocks)).blocks).toEqual(blocks);
  });

  it('keeps text that starts like the syntax after a plain link apart with `{}`', () => {
    const blocks = [{ type: 'paragraph' as const, children: [link('https://x.io'), { type: 'text' as const, value: '{same-tab} is text' }] }];
    expect(write(blocks)).toBe('[go](https://x.io){}{same-tab} is text\n');
    expect(reader(write(blocks)).blocks).toEqual(blocks);
  });

  it('reads a tab behaviour the rule already gives as no attribute', () => {
    expect(reader('[go](https://x.io){new-tab} [go](/guides){same-tab}').blocks).toEqual([
      { type: 'paragraph', children: [link('https://x.io'), { type: 'text', value: ' ' }, link('/guides')] },
    ]);
  });
});
