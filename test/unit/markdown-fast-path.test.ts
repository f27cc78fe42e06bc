import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMarkdownParser, createReferenceMarkdownParser, type MarkdownResult } from '../../src/model/markdown-blocks.js';

// `createMarkdownParser` skips the parse for plain text and leaves out the GFM
// extensions a string cannot trigger; the reference always runs full GFM.
const parse = createMarkdownParser();
const reference = createReferenceMarkdownParser();
const RUNS = { numRuns: Number(process.env.MARKDOWN_FC_RUNS ?? 3000) } as const;

/** Same result, down to the order of keys (the model is serialised as JSON). */
function expectSameAsReference(markdown: string): MarkdownResult {
  const expected = reference(markdown);
  const actual = parse(markdown);
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  return expected;
}

/**
 * Pieces near every construct and every shortcut trigger: block starts,
 * inline openers, GFM triggers written plainly, through escapes and through
 * character references, and the whitespace and control characters the
 * plain-text test must refuse.
 */
const PIECES = [
  '\\', '`', '```', '*', '**', '_', '__', '~', '~~', '~~~', '[', ']', '[^', '[^a]', '[^a]: ', '![', '(', ')', '[a](b)', '![a](b)', '[a]', '[a]: b', '[ ]', '[x]', '[X] ',
  '<', '>', '<a>', '</a>', '<!-- c -->', '<https://x.co>', '&', '&amp;', '&#64;', '&commat;', '&#119;', '&#x3A;', '&#10;', '&#0;', '&lt', '#', '# ', '### ', '!', '|', '| a |', '|-|',
  ':', ':-', '-:', ':-:', '/', '//', '://', '.', ',', ';', '?', "'", '"', '{', '}', '^', '$', '%', '=', '===', '-', '- ', '---', '+', '+ ', '1. ', '1) ', '2.', '10',
  'www', 'www.', 'WwW.', 'ww', 'w', 'http', 'HTTP', 'https://', 'http://x.co', 'https://a.b/c?d=e', 'www.x.com', 'a@b.co', 'x.y@z.org', 'mailto:', 'xmpp:', '@', 'h', 't', 'p', 's',
  '\n', '\n\n', '\r', '\r\n', '\t', ' ', '  ', '    ', '\u0000', '\u000B', '\u000C', '\u007F', '\uFEFF', '\u00A0', '\u2028', '\uFFFD', '\uD800', '\u0301',
  'a', 'b', 'x', 'Z', 'snake_case', 'Open the dashboard', '0', '9', 'é', 'ß', 'λ', '中文', '—', '⚠️', '👍🏽',
];

const pieces = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((parts) => parts.join(''));

/** Mostly text the shortcut accepts, now and then with one character it must refuse. */
const PLAIN_CHARACTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:/()\'"?$%^{}=+-', 'é', '中', '👍', '\u00A0', '\u2028', '\uD800'];
const MARKDOWN_CHARACTERS = [...'\\`*_[]!<>&~|#@\t\n\r', '\u0000', '\uFEFF', '://', 'www.', 'WWW.', '  '];
const nearlyPlain = fc
  .tuple(
    fc.array(fc.constantFrom(...PLAIN_CHARACTERS), { minLength: 1, maxLength: 40 }),
    fc.option(fc.tuple(fc.nat(), fc.constantFrom(...MARKDOWN_CHARACTERS)), { freq: 3 }),
  )
  .map(([characters, insert]) => {
    if (!insert) return characters.join('');
    const at = insert[0] % (characters.length + 1);
    return [...characters.slice(0, at), insert[1], ...characters.slice(at)].join('');
  });

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
