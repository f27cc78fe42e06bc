/**
 * Hostile text in every spec string that reaches a page, checked by the
 * pages' real consumers: each `.mdx` compiled and evaluated with @mdx-js/mdx
 * (GFM + frontmatter), each `.md` export and llms.txt parsed as a renderer
 * that passes raw HTML through would (CommonMark + GFM, the raw HTML parsed
 * by parse5).
 *
 * "No element the spec did not ask for" is checked against the same pages
 * emitted from the same model with every string replaced by a plain one: the
 * model is what the spec asked for (its markdown parsed once, at validation),
 * so both must give the same elements, in the same order, with the same
 * attribute names, and the same link and image targets.
 */
import fc from 'fast-check';
import type { Element } from 'hast';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compile, emitAll, resolveEmitOptions } from '../../../src/compile.js';
import type { Block, ConnectorModel, CredentialField, GuideModel, ImageRef, Inline } from '../../../src/model/connector-model.js';
import { hostileString, RUNS } from './arbitraries.js';
import { htmlElements, htmlText, markdownToHtml } from './html.js';
import { elements, parseMdx, renderMdx, syntaxKinds, textContent, type El } from './mdx.js';
import { fcOptions } from '../../helpers/fast-check.js';

// ─── Specs with hostile strings everywhere ──────────────────────────────────

/** Spec strings that must be one line (labels, headings, titles…). */
const line = hostileString({ minLength: 1 }).map((v) => v.replace(/[\n\r\u2028\u2029]/g, ' '));
/** Free text (descriptions). */
const text = hostileString({ minLength: 1 });

const longestRun = (value: string, char: string): number => Math.max(0, ...(value.match(new RegExp(`${char === '`' ? '`' : '~'}+`, 'g')) ?? []).map((run) => run.length));

/** Markdown written around hostile strings: inline code, a fenced block, link text, image alt, or the string as markdown itself. */
const markdownPiece = fc.oneof(
  text,
  line.map((v) => {
    const fence = '`'.repeat(longestRun(v, '`') + 1);
    return `Run ${fence} ${v} ${fence} now`;
  }),
  fc.tuple(text, fc.constantFrom('', 'js', '<b>', 'a&amp;b', 'x"y')).map(([v, lang]) => {
    const fence = '`'.repeat(Math.max(3, longestRun(v, '`') + 1));
    return `${fence}${lang}\n${v}\n${fence}`;
  }),
  line.map((v) => `See [${v}](https://example.com/a "${v.replace(/["\\]/g, '')}").`),
  line.map((v) => `![${v}](https://example.com/i.png){width=10 height=20}`),
  fc.tuple(line, line).map(([a, b]) => `- ${a}\n- \`x\` ${b}`),
  line.map((v) => `> [!NOTE]\n> ${v}`),
);
const markdown = fc.array(markdownPiece, { minLength: 1, maxLength: 3 }).map((pieces) => pieces.join('\n\n'));

const spec = fc
  .record({
    name: line,
    description: text,
    labels: fc.tuple(line, line),
    fieldDescription: text,
    placeholder: line,
    method: line,
    title: line,
    pageDescription: line,
    callouts: fc.tuple(markdown, markdown),
    heading: line,
    intro: markdown,
    steps: fc.array(fc.record({ title: line, body: markdown }), { minLength: 1, maxLength: 2 }),
    hideWhenWhitelabelled: fc.boolean(),
  })
  .map((s) =>
    stringify({
      specVersion: 1,
      id: 'acme',
      name: s.name,
      description: s.description,
      fields: [
        { key: 'apiKey', label: s.labels[0], description: s.fieldDescription, placeholder: s.placeholder, secret: true },
        { key: 'userId', label: s.labels[1], required: false },
      ],
      auth: [
        {
          id: 'api-key',
          type: 'api-key',
          label: s.method,
          apply: [{ type: 'header', name: 'X-Key', value: '{apiKey}' }],
          guide: {
            title: s.title,
            description: s.pageDescription,
            linking: { hideWhenWhitelabelled: s.hideWhenWhitelabelled },
            callouts: [
              { type: 'note', text: s.callouts[0] },
              { type: 'warning', text: s.callouts[1] },
            ],
            sections: [{ heading: s.heading, intro: s.intro, steps: s.steps }],
          },
        },
      ],
      api: { baseUrl: 'https://api.acme.example', operations: [{ id: 'ping', method: 'GET', path: '/ping' }] },
    }),
  );

// ─── What the spec asked for: the same model with plain strings ────────────

const PLAIN = 'x';

/**
 * Code whose `.md` form is an element rather than backticks or a fence (see
 * `codeReadsAsHtml`): its plain stand-in must take the same form.
 */
function plainCode(value: string, block: boolean): string {
  const readsAsHtml = /[<&]/.test(value) || (block && value !== '' && value.split(/\r\n|\r|\n/).some((l) => /^[ \t]*$/.test(l)));
  return readsAsHtml ? '<' : PLAIN;
}

function plainImage(image: ImageRef): ImageRef {
  return { ...image, alt: PLAIN, ...(image.title !== undefined ? { title: PLAIN } : {}), ...(image.dataPath !== undefined ? { dataPath: PLAIN } : {}) };
}

function plainInline(inline: Inline): Inline {
  switch (inline.type) {
    case 'text':
      return { type: 'text', value: PLAIN };
    case 'inlineCode':
      return { type: 'inlineCode', value: plainCode(inline.value, false) };
    case 'image':
      return { type: 'image', image: plainImage(inline.image) };
    case 'link': {
      // A link GFM made of a URL in the spec's text keeps that text: it is the URL the spec asked for.
      const only = inline.children.length === 1 ? inline.children[0] : undefined;
      const autolink = only?.type === 'text' && [only.value, `http://${only.value}`, `mailto:${only.value}`].includes(inline.href);
      return { ...inline, ...(inline.title !== undefined ? { title: PLAIN } : {}), children: autolink ? inline.children : inline.children.map(plainInline) };
    }
    case 'strong':
    case 'emphasis':
    case 'delete':
      return { ...inline, children: inline.children.map(plainInline) };
    case 'break':
      return inline;
  }
}

function plainBlock(block: Block): Block {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
      return { ...block, children: block.children.map(plainInline) };
    case 'code':
      return { type: 'code', value: plainCode(block.value, true), ...(block.lang !== undefined ? { lang: plainCode(block.lang, false) } : {}) };
    case 'image':
      return { type: 'image', image: plainImage(block.image) };
    case 'callout':
      return { ...block, children: block.children.map(plainBlock) };
    case 'list':
      return { ...block, items: block.items.map((item) => ({ ...item, children: item.children.map(plainBlock) })) };
    case 'table':
      return { ...block, header: block.header.map((cell) => cell.map(plainInline)), rows: block.rows.map((row) => row.map((cell) => cell.map(plainInline))) };
    case 'thematicBreak':
      return block;
  }
}

const plainField = (field: CredentialField): CredentialField => ({
  ...field,
  label: PLAIN,
  ...(field.description !== undefined ? { description: PLAIN } : {}),
  ...(field.placeholder !== undefined ? { placeholder: PLAIN } : {}),
});

function plainGuide(guide: GuideModel): GuideModel {
  return {
    ...guide,
    ...(guide.title !== undefined ? { title: PLAIN } : {}),
    ...(guide.description !== undefined ? { description: PLAIN } : {}),
    callouts: guide.callouts.map((callout) => ({ ...callout, content: callout.content.map(plainBlock) })),
    sections: guide.sections.map((section) => ({
      ...section,
      heading: PLAIN,
      scopes: section.scopes.map(() => PLAIN),
      intro: section.intro.map(plainBlock),
      steps: section.steps.map((step) => ({ ...step, title: PLAIN, body: step.body.map(plainBlock), scopes: step.scopes.map(() => PLAIN), displayScopes: step.displayScopes.map(() => PLAIN) })),
    })),
  };
}

function plainModel(model: ConnectorModel): ConnectorModel {
  return {
    ...model,
    name: PLAIN,
    ...(model.description !== undefined ? { description: PLAIN } : {}),
    ...(model.category !== undefined ? { category: PLAIN } : {}),
    fields: model.fields.map(plainField),
    authMethods: model.authMethods.map((method) => ({ ...method, label: PLAIN, fields: method.fields.map(plainField), ...(method.guide ? { guide: plainGuide(method.guide) } : {}) })),
  };
}

// ─── The elements a page yields ─────────────────────────────────────────────

/** Attributes whose values are targets (the rest carry spec text, which the plain model replaces). */
const TARGETS = new Set(['href', 'src']);

/**
 * GFM links URL-looking text (`www.…`, `https://…`, `a@b.co`) wherever text
 * is parsed as markdown, even when written with character references: such a
 * link is what GFM makes of the text, not markup from it. It is recognised
 * strictly: only `href`, pointing at its own text.
 */
function isAutolink(type: string, attributes: Record<string, unknown>, text: string): boolean {
  if (type !== 'a' || Object.keys(attributes).join() !== 'href' || typeof attributes.href !== 'string') return false;
  const decode = (url: string) => {
    try {
      return decodeURI(url);
    } catch {
      return url;
    }
  };
  const href = decode(attributes.href);
  return [text, `http://${text}`, `mailto:${text}`].some((candidate) => decode(encodeURI(candidate)) === href || candidate === href);
}

function describeElement(type: string, attributes: Record<string, unknown>): string {
  const names = Object.keys(attributes).sort();
  return `${type}(${names.map((name) => (TARGETS.has(name) ? `${name}=${String(attributes[name])}` : name)).join(' ')})`;
}

/** `.md` and llms.txt: every element of the HTML a renderer makes of the markdown, raw HTML included. */
function markdownSignature(source: string): string[] {
  return htmlElements(markdownToHtml(source))
    .filter((e: Element) => !isAutolink(e.tagName, e.properties, htmlText(e)))
    .map((e: Element) => describeElement(e.tagName, e.properties));
}

/** `.mdx`: every element the evaluated page renders. */
function mdxSignature(source: string): string[] {
  return elements(renderMdx(source))
    .filter((e: El) => !isAutolink(e.type, e.props, textContent(e.children)))
    .map((e: El) => describeElement(e.type, e.props));
}

const EXECUTABLE_SYNTAX = ['mdxFlowExpression', 'mdxTextExpression', 'mdxjsEsm'];

describe('hostile text in every spec string', () => {
  it('yields pages with exactly the elements and attributes the spec asked for, .mdx, .md and llms.txt alike', () => {
    let checked = 0;
    fc.assert(
      fc.property(spec, (source) => {
        const result = compile({ specs: [{ file: 'connectors/acme.yaml', source }], targets: ['docs'] });
        // A hostile string may make a spec invalid (a `javascript:` link, an over-long line): nothing to check then.
        fc.pre(!result.diagnostics.some((d) => d.severity === 'error'));
        const expected = emitAll(result.models.map(plainModel), ['docs'], resolveEmitOptions()).files;
        expect([...result.files.keys()]).toEqual([...expected.keys()]);
        for (const [file, page] of result.files) {
          const plain = expected.get(file)!;
          if (file.endsWith('.mdx')) {
            expect([...syntaxKinds(parseMdx(page))].filter((kind) => EXECUTABLE_SYNTAX.includes(kind)), file).toEqual([]);
            expect(mdxSignature(page), file).toEqual(mdxSignature(plain));
          } else {
            expect(markdownSignature(page), file).toEqual(markdownSignature(plain));
          }
        }
        expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
        checked++;
      }),
      // About 0.6 s a run (six MDX evaluations and seven markdown parses): a few runs per test run, more with FC_RUNS.
      fcOptions(6),
    );
    expect(checked).toBeGreaterThan(0);
  });
});
