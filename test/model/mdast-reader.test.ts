import type * as Mdast from 'mdast';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW, DEFAULT_PHRASING, MdastReader, type ReaderConfig, type ReadNode } from '../../src/model/mdast-reader.js';

const text = (value: string): Mdast.Text => ({ type: 'text', value });

/** A config with the default handlers; `problems` collects what the sink receives. */
function reader(overrides: Partial<ReaderConfig> = {}) {
  const problems: string[] = [];
  const config: ReaderConfig = {
    flow: DEFAULT_FLOW,
    phrasing: DEFAULT_PHRASING,
    unknownFlow: (r, node) => r.report(node, 'unsupported', `flow ${node.type}`),
    unknownPhrasing: (r, node) => r.report(node, 'unsupported', `phrasing ${node.type}`),
    trimEdges: false,
    shallowHeading: (r, node, depth) => (r.report(node, 'unsupported', `h${depth}`), { type: 'thematicBreak' }),
    plainQuote: (r, node) => r.report(node, 'unsupported', 'quote'),
    ...overrides,
  };
  return { reader: new MdastReader(config, { source: '', report: (node: ReadNode, kind, message) => problems.push(`${kind} ${node.type} ${message}`) }), problems };
}

describe('MdastReader', () => {
  it('merges adjacent text and reports the nodes no handler reads', () => {
    const { reader: r, problems } = reader();
    expect(r.inlines([text('a'), { type: 'footnoteReference', identifier: 'x' }, text('\n b')])).toEqual([{ type: 'text', value: 'a b' }]);
    expect(problems).toEqual(['unsupported footnoteReference phrasing footnoteReference']);
  });

  it('trims the edges of a block\'s text only when the config says so, and inserts what `between` returns', () => {
    const nodes = [text(' a '), { type: 'inlineCode', value: 'c' } as const, text(' ')];
    expect(reader().reader.phrasing(nodes)).toEqual([{ type: 'text', value: ' a ' }, { type: 'inlineCode', value: 'c' }, { type: 'text', value: ' ' }]);
    expect(reader({ trimEdges: true, between: () => '|' }).reader.phrasing(nodes)).toEqual([{ type: 'text', value: 'a |' }, { type: 'inlineCode', value: 'c' }, { type: 'text', value: '|' }]);
  });

  it('skips the siblings a handler says it read', () => {
    const { reader: r } = reader({ phrasing: { ...DEFAULT_PHRASING, inlineCode: (_r, node, out, siblings, index) => (out.push({ type: 'inlineCode', value: node.value }), siblings.length - index - 1) } });
    expect(r.inlines([text('a'), { type: 'inlineCode', value: 'c' }, text('gone'), { type: 'break' }])).toEqual([{ type: 'text', value: 'a' }, { type: 'inlineCode', value: 'c' }]);
  });

  it('leaves level-1/2 headings and unmarked quotes to the config, and reads `> [!TIP]` as a callout', () => {
    const { reader: r, problems } = reader();
    const quote = (lead: string): Mdast.Blockquote => ({ type: 'blockquote', children: [{ type: 'paragraph', children: [text(lead)] }] });
    expect(r.blocks([{ type: 'heading', depth: 2, children: [text('h')] }, { type: 'heading', depth: 4, children: [text('h')] }, quote('[!TIP]\nt'), quote('plain')])).toEqual([
      { type: 'thematicBreak' },
      { type: 'heading', depth: 4, children: [{ type: 'text', value: 'h' }] },
      { type: 'callout', kind: 'tip', children: [{ type: 'paragraph', children: [{ type: 'text', value: 't' }] }] },
    ]);
    expect(problems).toEqual(['unsupported heading h2', 'unsupported blockquote quote']);
  });
});
