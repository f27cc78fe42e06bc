import fc from 'fast-check';
import { INLINE_FORMS, opensNewTab, type Block, type CalloutKind, type ImageRef, type Inline, type ListItem, type TableCell } from '../../src/model/connector-model.js';

/**
 * fast-check generators for the model's markdown tree. They aim at trees a spec author can
 * write (and so the emitter can render): words full of markdown punctuation, nesting,
 * images with attributes, callouts, tables, code, and the authored forms of inline constructs
 * (`{b}`, `{code}`, `{markdown}`…).
 */

// No `@`, and no `www.`: GFM turns `a@b.co` into a mail link and `www.x` into a web link whatever
// the escaping (it looks at the decoded text), so such text is always a link.
const WORD_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789', ...'*_[]()<>{}#`!&|~-+.=:/\\\'"%$^?;,', 'é', '→', '•'];
const word = fc
  .array(fc.constantFrom(...WORD_CHARS), { minLength: 1, maxLength: 8 })
  .map((chars) => chars.join(''))
  .filter((w) => !/www\./i.test(w));
/** Single-spaced words: paragraph edges are trimmed and soft breaks become spaces in the model. */
export const textValue = fc.array(word, { minLength: 1, maxLength: 5 }).map((words) => words.join(' '));
const plainWord = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,7}$/);
const plainText = fc.array(plainWord, { minLength: 1, maxLength: 4 }).map((words) => words.join(' '));

const url = fc.oneof(
  fc.constant('https://example.com/path?x=1&y=2'),
  plainWord.map((w) => `https://${w.toLowerCase()}.example.com/${w}`),
  plainWord.map((w) => `/guides/${w.toLowerCase()}#${w.toLowerCase()}`),
  fc.constant('https://example.com/a_(b)'),
);

export const imageRef: fc.Arbitrary<ImageRef> = fc.record(
  {
    src: url,
    alt: plainText,
    title: plainText,
    width: fc.integer({ min: 1, max: 4000 }),
    height: fc.integer({ min: 1, max: 4000 }),
    // Also names GFM would link (`www.`, `@2x`): the reader must still take them as the data-path.
    dataPath: fc.oneof(plainWord.map((w) => `connectors/x/images/${w}.png`), plainWord.map((w) => `connectors/x/images/${w}@2x.png`), plainWord.map((w) => `connectors/x/images/www.${w}.png`)),
  },
  { requiredKeys: ['src', 'alt'] },
);

/** Inline runs with the model's invariants: no two texts in a row, no empty containers. */
function inlineRun(depth: number): fc.Arbitrary<Inline[]> {
  const container = (type: 'strong' | 'emphasis' | 'delete') =>
    fc
      .tuple(depth > 0 ? plainInlineRun(depth - 1) : plainText.map((value) => [{ type: 'text', value }] as Inline[]), authoredForm(INLINE_FORMS[type]))
      .map(([children, form]) => ({ type, ...form, children }) as Inline);
  const nonText: fc.Arbitrary<Inline> = fc.oneof(
    container('strong'),
    container('emphasis'),
    container('delete'),
    // A backslash before `|` in a table cell is an escape even inside code, so none in code spans.
    fc.tuple(word.filter((w) => !/[`\\]/.test(w)), authoredForm(INLINE_FORMS.inlineCode)).map(([value, form]) => ({ type: 'inlineCode', ...form, value }) as Inline),
    // `newTab` only where it differs from the site's rule, as the reader keeps it.
    fc
      .record({ href: fc.oneof(url, plainWord.map((w) => `mailto:${w.toLowerCase()}@example.com`)), children: plainText.map((value) => [{ type: 'text', value }] as Inline[]), flip: fc.boolean(), markdown: fc.boolean() })
      .map(({ href, children, flip, markdown }) => ({ type: 'link', href, ...(markdown ? { form: 'markdown' } : flip ? { newTab: !opensNewTab(href) } : {}), children }) as Inline),
    imageRef.map((image) => ({ type: 'image', image }) as Inline),
  );
  return fc.array(fc.oneof({ weight: 3, arbitrary: textValue.map((value) => ({ type: 'text', value }) as Inline) }, { weight: 2, arbitrary: nonText }), { minLength: 1, maxLength: 5 }).map(joinTexts);
}

/** No form (the house form) half of the time, else one of the construct's authored forms. */
function authoredForm(forms: readonly string[]): fc.Arbitrary<{ form?: string }> {
  return fc.oneof(fc.constant({}), fc.constantFrom(...forms).map((form) => ({ form })));
}

/** Runs inside strong/emphasis: plain words, so flanking rules cannot bite. */
function plainInlineRun(depth: number): fc.Arbitrary<Inline[]> {
  return fc.array(fc.oneof(plainText.map((value) => ({ type: 'text', value }) as Inline), depth > 0 ? inlineRun(depth - 1).map((children) => ({ type: 'emphasis', children: children }) as Inline) : plainText.map((value) => ({ type: 'inlineCode', value }) as Inline)), { minLength: 1, maxLength: 3 }).map(joinTexts);
}

/**
 * Adjacent texts merge (with a space, as the words would on a page); other neighbours get a
 * space between them, because markdown cannot tell `` `a``b` `` or `**a***b*` apart.
 */
function joinTexts(inlines: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const inline of inlines) {
    const last = out[out.length - 1];
    if (inline.type === 'text' && last?.type === 'text') out[out.length - 1] = { type: 'text', value: `${last.value} ${inline.value}` };
    else {
      if (last !== undefined && last.type !== 'text' && inline.type !== 'text') out.push({ type: 'text', value: ' ' });
      out.push(inline);
    }
  }
  return out;
}

// An image alone in a paragraph is a block image.
const paragraph: fc.Arbitrary<Block> = inlineRun(1).map((children) => {
  const only = children.length === 1 ? children[0] : undefined;
  return (only?.type === 'image' ? { type: 'image', image: only.image } : { type: 'paragraph', children }) as Block;
});
const image: fc.Arbitrary<Block> = imageRef.map((ref) => ({ type: 'image', image: ref }) as Block);
const code: fc.Arbitrary<Block> = fc
  .record({ lang: fc.constantFrom('bash', 'json', 'ts'), value: fc.array(fc.stringMatching(/^[ -~]{0,30}$/), { minLength: 1, maxLength: 4 }).map((lines) => lines.join('\n')) }, { requiredKeys: ['value'] })
  .map((record) => ({ type: 'code', ...record }) as Block);
const heading: fc.Arbitrary<Block> = fc.record({ depth: fc.constantFrom(3, 4, 5, 6) as fc.Arbitrary<3 | 4 | 5 | 6>, children: inlineRun(0) }).map((h) => ({ type: 'heading', ...h }) as Block);
const cell: fc.Arbitrary<TableCell> = fc.oneof(plainText.map((value) => [{ type: 'text', value }] as Inline[]), inlineRun(0));
const table: fc.Arbitrary<Block> = fc.integer({ min: 1, max: 3 }).chain((columns) =>
  fc.record({
    align: fc.array(fc.constantFrom('left', 'right', 'center', null) as fc.Arbitrary<'left' | 'right' | 'center' | null>, { minLength: columns, maxLength: columns }),
    header: fc.array(cell, { minLength: columns, maxLength: columns }),
    rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 3 }),
  }).map((t) => ({ type: 'table', ...t }) as Block),
);

function blocks(depth: number): fc.Arbitrary<Block[]> {
  const leaf = fc.oneof({ weight: 5, arbitrary: paragraph }, image, code, heading, table, fc.constant<Block>({ type: 'thematicBreak' }));
  if (depth === 0) return fc.array(leaf, { minLength: 1, maxLength: 3 });
  const list: fc.Arbitrary<Block> = fc
    .record({
      ordered: fc.boolean(),
      start: fc.integer({ min: 0, max: 20 }),
      spread: fc.boolean(),
      items: fc.array(listItem(depth - 1), { minLength: 1, maxLength: 4 }),
    })
    .map(({ ordered, start, spread, items }) => {
      const multi = items.length > 1 || items.some((item) => item.children.length > 1);
      // Markdown can only show looseness between two things; some items cannot be tight.
      const loose = multi && (spread || items.some((item) => item.children.length > 1 && !tightFits(item)));
      return { type: 'list', ordered, ...(ordered && start !== 1 ? { start } : {}), spread: loose, items } as Block;
    });
  const callout: fc.Arbitrary<Block> = fc.record({ kind: fc.constantFrom<CalloutKind>('warning', 'note', 'info', 'tip', 'check'), children: blocks(depth - 1) }).map((c) => ({ type: 'callout', ...c }) as Block);
  return fc.array(fc.oneof({ weight: 4, arbitrary: leaf }, { weight: 2, arbitrary: list }, callout), { minLength: 1, maxLength: 4 }).map(separateLists);
}

/** A tight item may hold a paragraph followed by a nested list; anything else forces a loose list. */
function tightFits(item: ListItem): boolean {
  const [first, second] = item.children;
  // Only a bullet list or one starting at 1 may interrupt the paragraph.
  return item.children.length === 2 && first?.type === 'paragraph' && second?.type === 'list' && (!second.ordered || second.start === undefined);
}

function listItem(depth: number): fc.Arbitrary<ListItem> {
  return fc
    .record({ checked: fc.boolean(), children: blocks(depth) }, { requiredKeys: ['children'] })
    .map((item) => ({ ...item, children: item.children.filter((b) => b.type !== 'thematicBreak') }))
    .filter((item) => item.children.length > 0)
    // A task-list checkbox is only read in front of a paragraph.
    .map((item) => (item.checked !== undefined && item.children[0]!.type !== 'paragraph' ? { children: item.children } : item));
}

/**
 * Two lists in a row would merge into one; keep them apart with a paragraph. So too a list
 * and a callout after it: inside a block quote, remark then marks the list loose.
 */
function separateLists(list: Block[]): Block[] {
  const out: Block[] = [];
  for (const block of list) {
    const last = out[out.length - 1];
    if ((block.type === 'list' || block.type === 'callout') && last?.type === 'list') out.push({ type: 'paragraph', children: [{ type: 'text', value: 'and' }] });
    out.push(block);
  }
  return out;
}

/** Block trees up to three levels deep. */
export const blockTree: fc.Arbitrary<Block[]> = blocks(2);
