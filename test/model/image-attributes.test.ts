import { describe, expect, it } from 'vitest';
import { createMarkdownParser } from '../../src/model/markdown-blocks.js';
import { createReferenceMarkdownParser } from './reference-markdown-parser.js';

/**
 * `![alt](src){…}` attributes are read from the text after the image. GFM
 * turns `www.x` and `a@b.co` into links even there, so a retina file name
 * (`logo@2x.png`) or a `www.` in a path arrives split into text and links.
 */
describe('image attributes', () => {
  const cases: [markdown: string, dataPath: string, after: string | undefined][] = [
    ['![Logo](https://example.com/l.png){width=64 data-path=images/logo@2x.png}', 'images/logo@2x.png', undefined],
    ['![Logo](https://example.com/l.png){data-path=logo@2x.png}', 'logo@2x.png', undefined],
    ['![Home](https://example.com/h.png){data-path=images/www.example.png}', 'images/www.example.png', undefined],
    ['![Home](https://example.com/h.png){data-path="a b/www.png"}', 'a b/www.png', undefined],
    // The `}` inside what GFM linked: the text after it stays text.
    ['![Home](https://example.com/h.png){data-path=images/wwW.png}a', 'images/wwW.png', 'a'],
    ['![Home](https://example.com/h.png){data-path=images/www.png} see www.example.com', 'images/www.png', ' see '],
  ];
  for (const read of [createMarkdownParser(), createReferenceMarkdownParser()]) {
    for (const [markdown, dataPath, after] of cases) {
      it(`reads the data-path of ${markdown}`, () => {
        const { blocks, problems } = read(markdown);
        expect(problems).toEqual([]);
        const inlines = blocks[0]!.type === 'paragraph' ? blocks[0]!.children : [blocks[0]!];
        const image = inlines[0]!;
        expect(image.type === 'image' && image.image.dataPath).toBe(dataPath);
        expect(inlines[1]?.type === 'text' ? inlines[1].value : undefined).toBe(after);
      });
    }
  }

  it('leaves a `{` that does not close before a line break to the text', () => {
    const { blocks } = createMarkdownParser()('![A](https://example.com/a.png){data-path=www.a.png\nmore}');
    expect(blocks[0]!.type === 'paragraph' && blocks[0]!.children[0]!.type === 'image' && blocks[0]!.children[0]!.image.dataPath).toBe(undefined);
  });
});
