import { describe, expect, it } from 'vitest';
import { renderedText } from '../helpers/render-equal.js';

const same = (a: string, b: string) => expect(renderedText(a)).toBe(renderedText(b));
const differ = (a: string, b: string) => expect(renderedText(a)).not.toBe(renderedText(b));

describe('render-equal helper', () => {
  it('prints the element tree with components by name, attributes sorted and frontmatter as data', () => {
    expect(renderedText('---\ntitle: "T"\n---\n\n<Note>See <a target="_blank" href="https://x.io">x</a>.</Note>\n')).toBe(
      ['#root frontmatter="{\\"title\\":\\"T\\"}"', '  <Note>', '    "See "', '    a href="https://x.io" target="_blank"', '      "x"', '    "."'].join('\n'),
    );
  });

  it('treats markdown and HTML spellings that render alike as equal', () => {
    same('<p>[a](https://x.io)</p>\n', '<p><a href="https://x.io">a</a></p>\n');
    same('<p>`x`</p>\n', '<p><code>x</code></p>\n');
    same('<p>\\[a\\] &amp; b</p>\n', '<p>[a] & b</p>\n');
    same('- one\n- two\n', '<ul>\n  <li>one</li>\n  <li>two</li>\n</ul>\n');
    same('<p>a   b\n c</p>\n', '<p>a b c</p>\n');
    same('<p>a</p>\n\n<p>b</p>\n', '<p>a</p>\n<p>b</p>\n');
  });

  it('tells apart what a reader can see', () => {
    differ('<p>[a](https://x.io)</p>\n', '<p><a href="https://x.io" target="_blank">a</a></p>\n');
    differ('<p><strong>a</strong> <em>b</em></p>\n', '<p><strong>a</strong><em>b</em></p>\n');
    differ('<Note>a</Note>\n', '<Warning>a</Warning>\n');
    differ('---\ntitle: A\n---\n\nx\n', '---\ntitle: B\n---\n\nx\n');
    differ('<Step title="A">x</Step>\n', '<Step title="B">x</Step>\n');
  });

  // Decision (#16): a link inside a link is invalid HTML; the reader sees one link with the inner
  // text, the importer makes it one, and the comparison reads it so. The inner `a` is not compared.
  it('reads a link inside a link as the outer link holding the inner text', () => {
    expect(renderedText('<p><a href="https://x.io">[t](https://y.io) and <strong>u</strong></a></p>\n')).toBe(
      ['#root', '  p', '    a href="https://x.io"', '      "t and "', '      strong', '        "u"'].join('\n'),
    );
    same('<p><a href="https://x.io">[t](https://x.io)</a></p>\n', '<p><a href="https://x.io">t</a></p>\n');
    differ('<p><a href="https://x.io">[t](https://x.io)</a></p>\n', '<p><a href="https://x.io" target="_blank">t</a></p>\n');
  });
});
