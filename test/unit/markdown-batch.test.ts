import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { synthId, synthSpec } from '../../scripts/synth-specs.js';
import { parseSpecText } from '../../src/load/read-spec.js';
import { createMarkdownParser, createReferenceMarkdownParser, type MarkdownParser, type MarkdownResult } from '../../src/model/markdown-blocks.js';
import { createValidationContext, validateSpec } from '../../src/validate/validate-spec.js';
import { markdownLines, nearlyPlain, pieces } from './markdown-arbitraries.js';

// `parseAll` parses the strings that can share a parse in one `fromMarkdown`
// call and cuts the tree apart; each result must be what reading that string
// alone with full GFM gives.
const parser = createMarkdownParser();
const reference = createReferenceMarkdownParser();
// Each run reads up to eight strings twice; a thousand lists are as many strings as the single-string test.
const RUNS = { numRuns: Number(process.env.MARKDOWN_FC_RUNS ?? 1000) } as const;

/** Same results, down to the order of keys (the model is serialised as JSON). */
function expectSameAsReference(markdowns: readonly string[]): void {
  const expected = markdowns.map((markdown) => reference(markdown));
  const actual = parser.parseAll!(markdowns);
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

/** The string lists `buildModel` hands to `parseAll`, one per spec. */
function markdownListsOf(file: string, text: string): (readonly string[])[] {
  const lists: (readonly string[])[] = [];
  const recorder: MarkdownParser = Object.assign((markdown: string): MarkdownResult => reference(markdown), {
    parseAll: (markdowns: readonly string[]) => {
      lists.push(markdowns);
      return markdowns.map((markdown) => reference(markdown));
    },
  });
  const result = validateSpec(parseSpecText(file, text), { ...createValidationContext(), parseMarkdown: recorder });
  expect(result.model).toBeDefined();
  return lists;
}

describe('MarkdownParser.parseAll', () => {
  it('reads lists of markdown-like strings exactly as the full GFM parse reads each', () => {
    const markdown = fc.oneof(pieces, nearlyPlain, markdownLines, markdownLines, markdownLines);
    fc.assert(fc.property(fc.array(markdown, { maxLength: 8 }), (markdowns) => void expectSameAsReference(markdowns)), RUNS);
  });

  it('reads lists of strings built line by line exactly as the full GFM parse reads each', () => {
    fc.assert(fc.property(fc.array(markdownLines, { maxLength: 8 }), (markdowns) => void expectSameAsReference(markdowns)), RUNS);
  });

  it.each([
    ['a definition used by another string', ['See [*the docs*].', '[*the docs*]: https://example.com']],
    ['a footnote defined by another string', ['Text.[^1]', '[^1]: The note.']],
    ['an unclosed fence', ['```\ncode', 'After the fence.']],
    ['an unclosed tilde fence in a list', ['- ~~~', '**b**']],
    ['an unclosed HTML comment', ['<!-- note', '**b**']],
    ['an HTML block in a list', ['\n2) \\\n  </a>', '*a*']],
    ['a byte order mark', ['*a*', '\uFEFF*b*']],
    ['a trailing CR', ['*a*\r', '*b*']],
    ['the separator character', ['*a*', '\uE000cc-split\uE000', '*b*']],
    ['the separator written with character references', ['*a*', '&#57344;cc-split&#57344;', '*b*']],
    ['a list left open', ['- a\n- b\n', '  c *d*', '1. e\n\n   f']],
    ['indented code left open', ['    code\n    ', '*a*']],
    ['a table', ['| a |\n|---|\n| b |', '| c |']],
    ['problems', ['# Title *a*', '![](x.png) and **b**', '[link]() **c**', '> quote *d*']],
    ['a string over the complexity limit', ['*a*', '*'.repeat(1001), '- '.repeat(21) + 'x', '**b**']],
  ])('reads strings with %s as they read alone', (_, markdowns) => {
    expectSameAsReference(markdowns);
  });

  it('reads the strings of synthetic specs as they read alone', () => {
    for (const i of [0, 1, 7, 42, 299]) {
      const lists = markdownListsOf(`connectors/${synthId(i)}.yaml`, synthSpec(i));
      // Eight strings: two section intros (the same text, read once) and six step bodies.
      expect(lists.map((list) => list.length)).toStrictEqual([7]);
      for (const list of lists) expectSameAsReference(list);
    }
  });

  it('reads the strings of the seed specs as they read alone', () => {
    const files = readdirSync('connectors').filter((name) => name.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const lists = markdownListsOf(`connectors/${name}`, readFileSync(`connectors/${name}`, 'utf8'));
      expect(lists.length).toBeGreaterThan(0);
      for (const list of lists) expectSameAsReference(list);
    }
  });
});
