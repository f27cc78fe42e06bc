import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALLOUT_COMPONENTS, indentLines, renderBlocks } from '../../../src/emit/docs/render-blocks.js';
import type { Block, CalloutKind, ImageRef, Inline, ListItem } from '../../../src/model/connector-model.js';
import { asRead, hostileString, isBlank, RUNS } from './arbitraries.js';
import { renderMdx, withoutBlockNewlines, type El, type Node } from './mdx.js';
import { fcOptions } from '../../helpers/fast-check.js';

/*
 * The structure each model construct must render to, written independently of
 * the renderer: random block trees are rendered, compiled with the real MDX
 * compiler inside a guide step, and compared with this expectation.
 */

const el = (type: string, props: Record<string, unknown>, children: readonly Node[]): El => ({ type, props, children: merge(children) });

function merge(nodes: readonly Node[]): Node[] {
  const out: Node[] = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (typeof node === 'string' && typeof last === 'string') out[out.length - 1] = last + node;
    else if (node !== '') out.push(node);
  }
  return out;
}

/**
 * MDX drops whitespace-only text from a one-line element whose whole text is
 * whitespace (e.g. the space between a task checkbox and a line break): it is
 * invisible either way. Code keeps its spaces.
 */
function line(element: El): El {
  const visibleText = (nodes: readonly Node[]): string =>
    nodes.map((n) => (typeof n === 'string' ? n : n.type === 'code' ? 'x' : visibleText(n.children))).join('');
  if (!isBlank(visibleText(element.children))) return element;
  const strip = (nodes: readonly Node[]): Node[] =>
    nodes.flatMap<Node>((n) => (typeof n === 'string' ? (isBlank(n) ? [] : [n]) : n.type === 'code' ? [n] : [{ ...n, children: strip(n.children) }]));
  return { ...element, children: strip(element.children) };
}

function imageProps(image: ImageRef): Record<string, unknown> {
  return {
    src: asRead(image.src),
    alt: asRead(image.alt),
    ...(image.title !== undefined ? { title: asRead(image.title) } : {}),
    ...(image.width !== undefined ? { width: String(image.width) } : {}),
    ...(image.height !== undefined ? { height: String(image.height) } : {}),
    ...(image.dataPath !== undefined ? { 'data-path': asRead(image.dataPath) } : {}),
  };
}

function expectInline(inline: Inline): Node[] {
  switch (inline.type) {
    case 'text':
      return [asRead(inline.value)];
    // An authored form names the element (`<b>`, `<i>`, `<s>`); markdown renders the house element.
    case 'strong':
      return [el(inline.form === 'b' ? 'b' : 'strong', {}, expectInlines(inline.children))];
    case 'emphasis':
      return [el(inline.form === 'i' ? 'i' : 'em', {}, expectInlines(inline.children))];
    case 'delete':
      return [el(inline.form === 's' ? 's' : 'del', {}, expectInlines(inline.children))];
    case 'inlineCode':
      return [el('code', {}, [asRead(inline.value).replace(/\r\n|\r|\n/g, ' ')])];
    case 'break':
      return [el('br', {}, [])];
    case 'image':
      return [el('img', imageProps(inline.image), [])];
    case 'link': {
      // A markdown link never opens a new tab.
      const external = inline.form !== 'markdown' && /^https?:\/\//.test(inline.href);
      const props = {
        href: asRead(inline.href),
        ...(inline.title !== undefined ? { title: asRead(inline.title) } : {}),
        ...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {}),
      };
      return [el('a', props, expectInlines(inline.children))];
    }
  }
}

const expectInlines = (inlines: readonly Inline[]): Node[] => merge(inlines.flatMap(expectInline));

const checkbox = (checked: boolean): El => el('input', { type: 'checkbox', ...(checked ? { checked: true } : {}), disabled: true }, []);

function expectItem(item: ListItem, spread: boolean): El {
  const box = item.checked === undefined ? [] : [checkbox(item.checked)];
  const boxed = (inlines: readonly Inline[]): Node[] => (box.length === 0 ? expectInlines(inlines) : merge([...box, ' ', ...expectInlines(inlines)]));
  const [first, ...rest] = item.children;
  if (!spread && item.children.length === 1 && first?.type === 'paragraph') return line(el('li', {}, boxed(first.children)));
  if (!first) return el('li', {}, box);
  if (box.length > 0 && first.type === 'paragraph') return el('li', {}, [line(el('p', {}, boxed(first.children))), ...rest.map(expectBlock)]);
  return el('li', {}, [...(box.length > 0 ? [el('p', {}, box)] : []), ...item.children.map(expectBlock)]);
}

function expectBlock(block: Block): El {
  switch (block.type) {
    case 'paragraph':
      return line(el('p', {}, expectInlines(block.children)));
    case 'heading':
      return line(el(`h${block.depth}`, {}, expectInlines(block.children)));
    case 'thematicBreak':
      return el('hr', {}, []);
    case 'image':
      return el('img', imageProps(block.image), []);
    case 'code':
      return el('pre', {}, [el('code', block.lang === undefined ? {} : { className: `language-${block.lang}` }, block.value === '' ? [] : [`${asRead(block.value)}\n`])]);
    case 'callout': {
      const tag = CALLOUT_COMPONENTS[block.kind];
      const only = block.children.length === 1 ? block.children[0] : undefined;
      return only?.type === 'paragraph' ? line(el(tag, {}, expectInlines(only.children))) : el(tag, {}, block.children.map(expectBlock));
    }
    case 'list':
      return el(block.ordered ? 'ol' : 'ul', block.start !== undefined ? { start: String(block.start) } : {}, block.items.map((item) => expectItem(item, block.spread)));
    case 'table': {
      const row = (cells: readonly (readonly Inline[])[], tag: string) =>
        el('tr', {}, cells.map((cell, i) => line(el(tag, table.align[i] ? { align: table.align[i] } : {}, expectInlines(cell)))));
      const table = block;
      return el('table', {}, [el('thead', {}, [row(block.header, 'th')]), ...(block.rows.length > 0 ? [el('tbody', {}, block.rows.map((r) => row(r, 'td')))] : [])]);
    }
  }
}

// ─── Arbitrary model trees ─────────────────────────────────────────────────

/** Text as the model carries it: one line (soft breaks are spaces), not blank, no GFM autolink triggers. */
const text = hostileString({ minLength: 1 }).filter((v) => !/[\n\r]/.test(v) && !isBlank(v) && !/www\.|https?:|@/i.test(v));
const code = hostileString({ minLength: 1 }).map((v) => v.replace(/\r\n?/g, '\n'));
/** Inline code: a second span in a row is written as a `<code>` element, where GFM would link a URL, so none here. */
const inlineCodeValue = code.filter((v) => !/www\.|https?:|@/i.test(v));
const url = fc.oneof(
  fc.constantFrom('https://example.com/a?b=1&c=2', '/guides/accounts-section#linking-accounts', 'mailto:help@example.com', 'https://x.com/"q"&amp;', '#anchor', 'http://a/{b}'),
  text.map((v) => `https://example.com/${v}`),
);
const image: fc.Arbitrary<ImageRef> = fc.record(
  { src: url, alt: hostileString(), title: text, width: fc.integer({ min: 1, max: 4000 }), height: fc.integer({ min: 1, max: 4000 }), dataPath: text },
  { requiredKeys: ['src', 'alt'] },
);

/** The house form, the element form or the markdown form (where markdown cannot read it back, the renderer falls back). */
const form = <F extends string>(element: F) => fc.constantFrom<{ form?: F | 'markdown' }>({}, { form: element }, { form: 'markdown' });

const { inline } = fc.letrec<{ inline: Inline }>((tie) => ({
  inline: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text.map((value): Inline => ({ type: 'text', value })),
    fc.tuple(inlineCodeValue, fc.boolean()).map(([value, element]): Inline => ({ type: 'inlineCode', ...(element ? { form: 'code' as const } : {}), value })),
    fc.constant<Inline>({ type: 'break' }),
    image.map((img): Inline => ({ type: 'image', image: img })),
    fc.tuple(fc.array(tie('inline'), { minLength: 1, maxLength: 3 }), form('b')).map(([children, f]): Inline => ({ type: 'strong', ...f, children })),
    fc.tuple(fc.array(tie('inline'), { minLength: 1, maxLength: 3 }), form('i')).map(([children, f]): Inline => ({ type: 'emphasis', ...f, children })),
    fc.tuple(fc.array(tie('inline'), { minLength: 1, maxLength: 3 }), form('s')).map(([children, f]): Inline => ({ type: 'delete', ...f, children })),
    fc
      .record({ href: url, title: text, markdown: fc.boolean(), children: fc.array(tie('inline'), { minLength: 1, maxLength: 3 }) }, { requiredKeys: ['href', 'children'] })
      .map(({ markdown, ...link }): Inline => ({ type: 'link', ...link, ...(markdown ? { form: 'markdown' as const } : {}) })),
  ),
}));

/** Inline runs as the model builds them: adjacent text merged, and not blank as a whole. */
const inlines = fc
  .array(inline, { minLength: 1, maxLength: 4 })
  .map((list) => {
    const out: Inline[] = [];
    for (const item of list) {
      const last = out[out.length - 1];
      if (item.type === 'text' && last?.type === 'text') out[out.length - 1] = { type: 'text', value: last.value + item.value };
      else out.push(item);
    }
    return out;
  });

const kinds = Object.keys(CALLOUT_COMPONENTS) as CalloutKind[];

const { block } = fc.letrec<{ block: Block }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    inlines.map((children): Block => ({ type: 'paragraph', children })),
    fc.constant<Block>({ type: 'thematicBreak' }),
    image.map((img): Block => ({ type: 'image', image: img })),
    fc.record({ value: code, lang: fc.constantFrom('js', 'yaml', 'c++', 'a`b') }, { requiredKeys: ['value'] }).map((c): Block => ({ type: 'code', ...c })),
    fc.record({ depth: fc.constantFrom(3 as const, 4 as const, 5 as const, 6 as const), children: inlines }).map((h): Block => ({ type: 'heading', ...h })),
    fc.record({ kind: fc.constantFrom(...kinds), children: fc.array(tie('block'), { maxLength: 2 }) }).map((c): Block => ({ type: 'callout', ...c })),
    fc
      .record({
        ordered: fc.boolean(),
        start: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
        spread: fc.boolean(),
        items: fc.array(fc.record({ checked: fc.option(fc.boolean(), { nil: undefined }), children: fc.array(tie('block'), { maxLength: 2 }) }), { minLength: 1, maxLength: 3 }),
      })
      .map(({ ordered, start, spread, items }): Block => ({
        type: 'list',
        ordered,
        ...(ordered && start !== undefined ? { start } : {}),
        spread,
        items: items.map((item) => ({ ...(item.checked !== undefined ? { checked: item.checked } : {}), children: item.children })),
      })),
    fc.integer({ min: 1, max: 3 }).chain((columns) =>
      fc
        .record({
          align: fc.array(fc.constantFrom('left' as const, 'right' as const, 'center' as const, null), { minLength: columns, maxLength: columns }),
          header: fc.array(fc.oneof(fc.constant([] as Inline[]), inlines), { minLength: columns, maxLength: columns }),
          rows: fc.array(fc.array(fc.oneof(fc.constant([] as Inline[]), inlines), { minLength: columns, maxLength: columns }), { maxLength: 2 }),
        })
        .map((t): Block => ({ type: 'table', ...t })),
    ),
  ),
}));

/** Renders blocks where step bodies go (eight spaces deep inside `<Steps>`) and returns what the step's div holds. */
function renderInStep(blocks: readonly Block[]): Node[] {
  const page = `<Steps>\n  <Step title="t">\n    <div data-guide-step>\n${indentLines(renderBlocks(blocks), 6)}\n    </div>\n  </Step>\n</Steps>\n`;
  const steps = withoutBlockNewlines(renderMdx(page))[0] as El;
  const step = steps.children[0] as El;
  const div = step.children[0] as El;
  return [...div.children];
}

describe('renderBlocks', () => {
  it('renders every construct to its intended structure, inside a step', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 3 }), (blocks) => {
        expect(renderInStep(blocks)).toEqual(blocks.map(expectBlock));
      }),
      fcOptions(80),
    );
  });

  it('escapes adjacent text nodes as one run', () => {
    const split: Inline[] = [{ type: 'text', value: 'x &not' }, { type: 'text', value: '; a' }, { type: 'text', value: '_b' }];
    expect(renderBlocks([{ type: 'paragraph', children: split }])).toBe('<p>x &amp;not; a_b</p>');
  });

  it('writes the seeds’ forms', () => {
    const blocks: Block[] = [
      {
        type: 'paragraph',
        children: [
          { type: 'text', value: 'Sign in to your ' },
          { type: 'link', href: 'https://linear.app', children: [{ type: 'text', value: 'Linear account' }] },
          { type: 'text', value: ' (e.g., ' },
          { type: 'inlineCode', value: 'StackOne' },
          { type: 'text', value: ').' },
        ],
      },
      { type: 'list', ordered: false, spread: false, items: [{ children: [{ type: 'paragraph', children: [{ type: 'strong', children: [{ type: 'text', value: 'Security & Access' }] }] }] }] },
      { type: 'image', image: { src: 'https://x.com/a.png?fit=max&auto=format', alt: 'A "quoted" screen', width: 1280, height: 800, dataPath: 'connectors/x/images/a.png' } },
    ];
    expect(renderBlocks(blocks)).toBe(
      [
        '<p>Sign in to your <a href="https://linear.app" target="_blank" rel="noopener noreferrer">Linear account</a> (e.g., `StackOne`).</p>',
        '',
        '<ul>',
        '  <li><strong>Security & Access</strong></li>',
        '</ul>',
        '',
        '<img src="https://x.com/a.png?fit=max&auto=format" alt="A &#x22;quoted&#x22; screen" width="1280" height="800" data-path="connectors/x/images/a.png" />',
      ].join('\n'),
    );
    // The .md export carries the same markup.
    expect(renderBlocks(blocks, 'md')).toBe(renderBlocks(blocks));
  });

  it('writes code that raw HTML would read as elements in the .md export only', () => {
    const blocks: Block[] = [
      { type: 'paragraph', children: [{ type: 'inlineCode', value: 'lin_api_' }, { type: 'text', value: ' and ' }, { type: 'inlineCode', value: '<b onclick=x>' }] },
      { type: 'callout', kind: 'note', children: [{ type: 'code', value: 'a\n\n</Note>', lang: 'html' }, { type: 'code', value: 'plain' }] },
    ];
    expect(renderBlocks(blocks)).toBe(['<p>`lin_api_` and `<b onclick=x>`</p>', '', '<Note>', '  ```html', '  a', '', '  </Note>', '  ```', '', '  ```', '  plain', '  ```', '</Note>'].join('\n'));
    expect(renderBlocks(blocks, 'md')).toBe(
      ['<p>`lin_api_` and <code>&lt;b onclick=x></code></p>', '', '<Note>', '  <pre><code class="language-html">a&#xA;&#xA;&lt;/Note></code></pre>', '', '  ```', '  plain', '  ```', '</Note>'].join('\n'),
    );
  });
});
