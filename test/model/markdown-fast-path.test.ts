import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMarkdownParser, type MarkdownResult } from '../../src/model/markdown-blocks.js';
import { createReferenceMarkdownParser } from './reference-markdown-parser.js';
import { nearlyPlain, pieces } from './markdown-arbitraries.js';
import { fcOptions } from '../helpers/fast-check.js';

// `createMarkdownParser` skips the parse for plain text and leaves out the GFM
// extensions a string cannot trigger; the reference always runs full GFM.
const parse = createMarkdownParser();
const reference = createReferenceMarkdownParser();
const RUNS = fcOptions(3000);

/** Same result, down to the order of keys (the model is serialised as JSON). */
function expectSameAsReference(markdown: string): MarkdownResult {
  const expected = reference(markdown);
  const actual = parse(markdown);
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  return expected;
}

describe('createMarkdownParser', () => {
  it('reads markdown-like strings exactly as the full GFM parse does', () => {
    fc.assert(fc.property(pieces, (markdown) => void expectSameAsReference(markdown)), RUNS);
  });

  it('reads plain and nearly plain text exactly as the full GFM parse does', () => {
    fc.assert(fc.property(nearlyPlain, (markdown) => void expectSameAsReference(markdown)), RUNS);
  });

  it('reads a plain sentence as one paragraph of that text', () => {
    const sentence = 'In this section you will configure Bench Service 1 so that StackOne can connect to it.';
    expect(expectSameAsReference(sentence)).toStrictEqual({ blocks: [{ type: 'paragraph', children: [{ type: 'text', value: sentence }] }], problems: [] });
  });

  it.each([
    ['empty', ''],
    ['URL', 'See https://docs.example.com/api for details.'],
    ['step body', 'Open [the dashboard](https://app.example.com/settings) and click **Settings**.\n\n- Select the **Developer** tab.\n- Click `Create token`.\n\n![Settings page](https://cdn.example.com/x.png){width=1280 height=800}\n'],
    ['table', '| Field | Where |\n| :-- | --: |\n| API key | Settings |\n'],
    ['strikethrough', 'This is ~~old~~ new.'],
    ['footnote', 'Text with a note.[^1]\n\n[^1]: The note.'],
    ['task list', '- [ ] open\n- [x] done\n'],
    ['email', 'Write to support@example.com.'],
    ['mailto and xmpp', 'mailto:a@b.co and xmpp:c@d.org/x'],
    ['www link', 'Go to www.example.com now.'],
    ['plain with colon and slash', 'Note: use the v2/v3 endpoints (not v1).'],
    ['leading digit', '2024. A year.'],
    ['BOM', '\uFEFFplain'],
    ['NUL', 'a\u0000b'],
    ['tab inside', 'a\tb'],
    ['trailing spaces', 'plain  '],
    ['indented', '    plain'],
    ['setext', 'Title\n==='],
  ])('reads the %s case as the full GFM parse does', (_, markdown) => {
    expectSameAsReference(markdown);
  });

  // The source-level GFM triggers must see through escapes, character references and pipe-less tables.
  it.each([
    ['a literal autolink from a character reference', 'a&#64;b.co', '"href":"mailto:a@b.co"'],
    ['a literal autolink behind an escape', 'www\\.example.com', '"href":"http://www.example.com"'],
    ['a left-aligned table without pipes', 'a\n:-', '"type":"table"'],
    ['a right-aligned table without pipes', 'a\n-:', '"type":"table"'],
    ['a footnote call spelled `![ ^a]`', 'x ![ ^a]\n\n[^a]: b', 'Markdown `footnoteReference`'],
  ])('finds %s as the full GFM parse does', (_, markdown, fragment) => {
    expect(JSON.stringify(expectSameAsReference(markdown))).toContain(fragment);
  });
});
