import { describe, expect, it } from 'vitest';
import { readGuidePage } from '../../src/import/read-page.js';

/** One step whose body is `body`, in the `.mdx` spelling `build` writes. */
function stepBody(body: string) {
  const source = `---\ntitle: T\n---\n\n<section data-guide-section>\n<h2>S</h2>\n\n<Steps>\n<Step title="a">\n\n${body}\n\n</Step>\n</Steps>\n</section>\n`;
  const result = readGuidePage('x__api-key.mdx', source);
  return { body: result.page?.sections[0]?.steps[0]?.body, skipped: result.diagnostics.filter((d) => d.code === 'CC4001').map((d) => `${d.line}:${d.column} ${d.message}`) };
}

describe('JSX tags in a page body', () => {
  // The block tag table once was a plain object: `<constructor>` found Object there and became a callout of no kind.
  it.each(['constructor', 'toString', 'hasOwnProperty'])('reads a block element named like an Object member, <%s>, as an unknown tag', (name) => {
    expect(stepBody(`<${name}>\nkept\n</${name}>`)).toEqual({
      body: [{ type: 'paragraph', children: [{ type: 'text', value: 'kept' }] }],
      skipped: [`11:1 \`<${name}>\` has no equivalent in a spec: its content was imported without it.`],
    });
  });

  it('maps each inline tag of the table onto its model node, keeping <b>, <i>, <s> and <code> as authored forms', () => {
    expect(stepBody('<b>b</b> <i>i</i> <s>s</s> <code>c</code><br /><a href="https://x.co" target="_blank">a</a>')).toEqual({
      body: [
        {
          type: 'paragraph',
          children: [
            { type: 'strong', form: 'b', children: [{ type: 'text', value: 'b' }] },
            { type: 'text', value: ' ' },
            { type: 'emphasis', form: 'i', children: [{ type: 'text', value: 'i' }] },
            { type: 'text', value: ' ' },
            { type: 'delete', form: 's', children: [{ type: 'text', value: 's' }] },
            { type: 'text', value: ' ' },
            { type: 'inlineCode', form: 'code', value: 'c' },
            { type: 'break' },
            { type: 'link', href: 'https://x.co', children: [{ type: 'text', value: 'a' }] },
          ],
        },
      ],
      skipped: ['11:48 A new-tab link is written with `rel="noopener noreferrer"` in a spec; it was added.'],
    });
  });

  // A markdown link (or a linked address) inside `<a>` was kept as a link inside the link: `build` wrote `<a><a>`.
  it('gives the text of a link inside <a> to the outer link, reporting an inner target that differs', () => {
    expect(stepBody('<a href="https://x.co">[go](https://x.co)</a> <a href="mailto:a@x.co">a@x.co</a> <a href="https://x.co">[y](https://y.co)</a>')).toEqual({
      body: [
        {
          type: 'paragraph',
          children: [
            { type: 'link', href: 'https://x.co', newTab: false, children: [{ type: 'text', value: 'go' }] },
            { type: 'text', value: ' ' },
            { type: 'link', href: 'mailto:a@x.co', children: [{ type: 'text', value: 'a@x.co' }] },
            { type: 'text', value: ' ' },
            { type: 'link', href: 'https://x.co', newTab: false, children: [{ type: 'text', value: 'y' }] },
          ],
        },
      ],
      skipped: ['11:82 The link to `https://y.co` inside the link to `https://x.co` cannot be kept (a link cannot hold a link): its text was imported as part of the outer link.'],
    });
  });
});
