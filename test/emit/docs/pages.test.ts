/**
 * Every generated page goes through the real MDX compiler; hostile spec text
 * must come out as inert text; output is deterministic.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { compile } from '../../../src/compile.js';
import { guideSummary, profileSummary, overviewSummary } from '../../../src/emit/docs/page-data.js';
import { DEFAULT_EMIT_OPTIONS } from '../../../src/emit/emitter.js';
import type { Block, ConnectorModel, GuideModel, Inline } from '../../../src/model/connector-model.js';
import { CASES, caseEmitOptions, caseSpecs, compileCase } from './cases.js';
import { redirectUrlOf } from '../../../src/emit/docs/redirect-url.js';
import { elements, parseMdx, renderMdx, syntaxKinds, textContent, type El } from './mdx.js';

/** The elements a guide page may contain: the site's components and the HTML forms of docs/guide-pages.md. */
const ALLOWED_ELEMENTS = new Set([
  ...['Steps', 'Step', 'Panel', 'Warning', 'Note', 'Info', 'Tip', 'Check'],
  ...['section', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'ol', 'li', 'strong', 'em', 'del', 'b', 'i', 's', 'code', 'pre', 'a', 'img', 'br', 'hr', 'input'],
  ...['table', 'thead', 'tbody', 'tr', 'th', 'td', 'blockquote'],
]);

/** MDX syntax that could run code or import anything; no page may contain it. */
const EXECUTABLE_SYNTAX = ['mdxFlowExpression', 'mdxTextExpression', 'mdxjsEsm'];

function pagesOf(files: ReadonlyMap<string, string>): [string, string][] {
  return [...files].filter(([file]) => file.endsWith('.mdx') || file.endsWith('.md'));
}

describe.each(CASES)('%s: every page', (name) => {
  const { files } = compileCase(name);
  const pages = pagesOf(files);

  it('has pages', () => {
    expect(pages.length).toBeGreaterThan(0);
  });

  it.each(pages)('%s compiles with @mdx-js/mdx into known elements only, with no expressions or ESM', (file, source) => {
    const kinds = [...syntaxKinds(parseMdx(source))];
    expect(kinds.filter((kind) => EXECUTABLE_SYNTAX.includes(kind))).toEqual([]);
    const rendered = renderMdx(source);
    const unknown = elements(rendered).filter((element) => !ALLOWED_ELEMENTS.has(element.type));
    expect(unknown.map((element) => element.type), file).toEqual([]);
  });
});

describe('page metadata', () => {
  for (const name of CASES) {
    it(`${name}: frontmatter and .md head carry each page's title and description`, () => {
      const { files, models } = compileCase(name);
      const site = { ...DEFAULT_EMIT_OPTIONS.site, ...caseEmitOptions(name).site };
      const summaries = models.flatMap((model: ConnectorModel) => [overviewSummary(model, site), ...model.authMethods.flatMap((m) => [guideSummary(model, m, site) ?? [], profileSummary(model, m, site) ?? []].flat())]);
      expect(summaries.length).toBeGreaterThan(0);
      for (const page of summaries) {
        const mdx = files.get(page.mdxPath)!;
        const frontmatter = /^---\n([\s\S]*?)\n---\n/.exec(mdx);
        expect(parseYaml(frontmatter![1]!)).toMatchObject({ title: page.title, description: page.description });
        const md = renderMdx(files.get(page.mdPath)!);
        const [heading, quote] = md.filter((n): n is El => typeof n !== 'string').slice(1, 3);
        expect(heading?.type).toBe('h1');
        expect(textContent(heading!.children)).toBe(page.title);
        expect(quote?.type).toBe('blockquote');
        expect(textContent(quote!.children).trim()).toBe(page.description);
        // Same body in both files, unless the page has code that raw HTML would read (`<`, `&`, a blank
        // line in a block): the .md writes that as escaped `<code>`/`<pre><code>` (the golden files show it).
        const model = models.find((m) => page.mdxPath.startsWith(`docs/connectors/${m.id}/`))!;
        const method = model.authMethods.find((m) => page.mdxPath === `docs/connectors/${model.id}/guides/link-account/${m.id}.mdx`);
        // A connector-profile page: its guide's code, and the site's redirect URL, shown as inline code.
        const profile = model.authMethods.find((m) => page.mdxPath === `docs/connectors/${model.id}/guides/connector-profile/${m.id}.mdx`);
        const guide = method?.guide ?? profile?.profile?.guide;
        const redirectReads = profile !== undefined && guide!.sections.some((s) => s.steps.some((t) => t.redirectUrl)) && /[<&]/.test(redirectUrlOf(site, model, profile) ?? '');
        const sameBody = files.get(page.mdPath)!.split('\n').slice(8).join('\n') === mdx.slice(frontmatter![0].length + 1);
        expect(sameBody, page.mdPath).toBe(!((guide && hasCodeRawHtmlReads(guide)) || redirectReads));
      }
    });
  }
});

/** Code that raw HTML would not show as written: a `<`, a `&`, or a blank line inside a code block. */
function hasCodeRawHtmlReads(guide: GuideModel): boolean {
  const reads = (value: string, block: boolean) => /[<&]/.test(value) || (block && value !== '' && value.split(/\r\n|\r|\n/).some((l) => /^[ \t]*$/.test(l)));
  const inline = (node: Inline): boolean =>
    node.type === 'inlineCode' ? reads(node.value, false) : 'children' in node ? node.children.some(inline) : false;
  const block = (node: Block): boolean => {
    switch (node.type) {
      case 'code':
        return reads(node.value, true) || (node.lang !== undefined && reads(node.lang, false));
      case 'paragraph':
      case 'heading':
        return node.children.some(inline);
      case 'callout':
        return node.children.some(block);
      case 'list':
        return node.items.some((item) => item.children.some(block));
      case 'table':
        return [node.header, ...node.rows].some((row) => row.some((cell) => cell.some(inline)));
      default:
        return false;
    }
  };
  return [...guide.callouts.flatMap((c) => c.content), ...guide.sections.flatMap((s) => [...s.intro, ...s.steps.flatMap((step) => step.body)])].some(block);
}

describe('hostile spec text', () => {
  const { files } = compileCase('hostile');
  const pages = pagesOf(files);
  const text = pages.map(([, source]) => textContent(renderMdx(source))).join('\n');

  it.each(['</Step>', '{process.exit()}', '<script>alert(1)</script>', '`x`${y}', '`code </Step> {x}`'.slice(1, -1), 'a ` b', '${injection}', 'import fs from \'node:fs\'', 'export default function X() {}', '</Step><Step title="pwned">{process.exit()}'])(
    'shows %j to the reader as text',
    (needle) => {
      const inTitles = pages.some(([, source]) => elements(renderMdx(source)).some((e) => e.props.title === needle));
      expect(text.includes(needle) || inTitles).toBe(true);
    },
  );

  it('never produces a script element, an event handler or an extra step', () => {
    for (const [file, source] of pages) {
      const all = elements(renderMdx(source));
      expect(all.filter((e) => e.type === 'script'), file).toEqual([]);
      expect(all.filter((e) => Object.keys(e.props).some((key) => key.startsWith('on'))), file).toEqual([]);
      if (file.includes('/guides/')) expect(all.filter((e) => e.type === 'Step' && e.props.title === 'pwned'), file).toEqual([]);
    }
  });

  it('keeps the llms.txt index to one line per page', () => {
    const lines = files.get('docs/llms.txt')!.split('\n');
    expect(lines.filter((line) => line.startsWith('- ['))).toHaveLength(2);
    const tree = parseMdx(files.get('docs/llms.txt')!);
    const list = tree.children.find((node) => node.type === 'list');
    expect(list?.type === 'list' ? list.children.length : 0).toBe(2);
  });
});

describe('determinism', () => {
  it('emits the same bytes twice, and whatever the order of the specs', () => {
    const specs = [...caseSpecs('seeds'), ...caseSpecs('every-construct')];
    const first = compile({ specs, targets: ['docs'] });
    const second = compile({ specs, targets: ['docs'] });
    const reversed = compile({ specs: [...specs].reverse(), targets: ['docs'] });
    expect([...second.files]).toEqual([...first.files]);
    expect([...reversed.files]).toEqual([...first.files]);
    for (const contents of first.files.values()) {
      expect(contents.endsWith('\n')).toBe(true);
      expect(contents.endsWith('\n\n')).toBe(false);
      expect(contents).not.toMatch(/\r|[ \t]+\n/);
    }
  });

  it('follows the site options', () => {
    const specs = caseSpecs('seeds');
    const { files } = compile({ specs, targets: ['docs'], emit: { site: { platformName: 'Acme Hub', docsUrl: 'https://docs.acme.test/' } } });
    const page = files.get('docs/connectors/hive/guides/link-account/api-key.md')!;
    expect(page.split('\n').slice(0, 8)).toEqual([
      '> ## Documentation Index',
      '> Fetch the complete documentation index at: https://docs.acme.test/llms.txt',
      '> Use this file to discover all available pages before exploring further.',
      '',
      '# Connect Hive with API Key – Acme Hub',
      '',
      '> Link a Hive account in the Acme Hub using API Key. End-user guide to authorize the integration and start using Hive actions.',
      '',
    ]);
    expect(files.get('docs/llms.txt')).toContain('- [Connect Hive with API Key – Acme Hub](https://docs.acme.test/connectors/hive/guides/link-account/api-key.md): ');
  });
});
