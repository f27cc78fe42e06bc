/**
 * The OAuth redirect URL on connector-profile pages: a site setting
 * (`site.oauthRedirectUrl`) shown where a profile step asks for it
 * (`redirectUrl: true`), through the escaping gate, and a positioned CC3060
 * when a spec asks for it and the config has none.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/compile.js';
import { DEFAULT_EMIT_OPTIONS, type SiteOptions } from '../../../src/emit/emitter.js';
import { docsEmitter } from '../../../src/emit/docs/index.js';
import { DEFAULT_LOAD_LIMITS, parseSpecText } from '../../../src/load/read-spec.js';
import { compileSpecs } from '../../../src/pipeline/compile-spec.js';
import { asRead, hostileString, RUNS } from './arbitraries.js';
import { caseSpecs } from './cases.js';
import { htmlElements, markdownToHtml } from './html.js';
import { renderMdx, type El, type Node } from './mdx.js';

const SPECS = caseSpecs('oauth2-redirect');
const SPEC_FILE = 'test/fixtures/docs/oauth2-redirect/input/linear.yaml';
const PROFILE = 'docs/connectors/linear/guides/connector-profile/oauth2';

function site(oauthRedirectUrl?: string): SiteOptions {
  return { ...DEFAULT_EMIT_OPTIONS.site, ...(oauthRedirectUrl !== undefined ? { oauthRedirectUrl } : {}) };
}

function findAll(nodes: readonly Node[], test: (el: El) => boolean): El[] {
  return nodes.flatMap((node) => (typeof node === 'string' ? [] : [...(test(node) ? [node] : []), ...findAll(node.children, test)]));
}

function textOf(node: Node): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}

describe('site.oauthRedirectUrl on connector-profile pages', () => {
  it('is shown, with {connector} and {method} filled in, in a <code> of its own after the step body', () => {
    const { files, diagnostics } = compile({ specs: SPECS, targets: ['docs'], emit: { site: site('https://hub.example.com/oauth/{connector}/{method}/callback') } });
    expect(diagnostics).toEqual([]);
    for (const extension of ['mdx', 'md']) {
      const page = files.get(`${PROFILE}.${extension}`)!;
      const lines = page.split('\n').filter((line) => line.includes('data-guide-redirect-url'));
      expect(lines).toEqual(['        <p data-guide-redirect-url>`https://hub.example.com/oauth/linear/oauth2/callback`</p>']);
    }
    const rendered = findAll(renderMdx(files.get(`${PROFILE}.mdx`)!), (el) => el.type === 'p' && 'data-guide-redirect-url' in el.props);
    expect(rendered.map((p) => p.children.map((child) => (typeof child === 'string' ? child : child.type)))).toEqual([['code']]);
    expect(rendered.map(textOf)).toEqual(['https://hub.example.com/oauth/linear/oauth2/callback']);
  });

  it('missing while a step asks for it: CC3060 at the step, naming the config key, and no profile page', () => {
    const { files, diagnostics } = compile({ specs: SPECS, targets: ['docs'] });
    expect(diagnostics).toEqual([
      {
        code: 'CC3060',
        severity: 'error',
        message: 'Step `Describe the application` of the `oauth2` connector profile shows the OAuth redirect URL, but the config sets no `site.oauthRedirectUrl`.',
        file: SPEC_FILE,
        line: 90,
        column: 30,
        endLine: 90,
        endColumn: 34,
        path: '/auth/1/profile/guide/sections/0/steps/1/redirectUrl',
        hint: 'Set `"site": { "oauthRedirectUrl": "https://…" }` in the config to the callback URL admins register at the provider (`{connector}` and `{method}` are filled in), or remove `redirectUrl` from the step.',
      },
    ]);
    expect([...files.keys()].filter((file) => file.includes('connector-profile'))).toEqual([]);
    expect(files.has('docs/connectors/linear/guides/link-account/api-key.mdx')).toBe(true);
  });

  it('a hostile URL in the config reads back exactly and adds no element or attribute, in .mdx and .md', () => {
    const { models } = compileSpecs(SPECS.map((spec) => parseSpecText(spec.file, spec.source, DEFAULT_LOAD_LIMITS)));
    const model = models[0]!;
    const pages = (url: string): Map<string, string> => {
      const emitted = docsEmitter.prepare({ ...DEFAULT_EMIT_OPTIONS, site: site(url) }).emitConnector(model);
      expect(emitted.diagnostics).toEqual([]);
      return new Map(emitted.files.map((file) => [file.path, file.contents]));
    };
    const plain = pages('https://example.com/callback');
    const mdxSignature = (source: string): string[] => findAll(renderMdx(source), () => true).map((el) => `${el.type}(${Object.keys(el.props).sort().join(' ')})`);
    const mdSignature = (source: string): string[] => htmlElements(markdownToHtml(source)).map((el) => `${el.tagName}(${Object.keys(el.properties).sort().join(' ')})`);
    const plainMdx = mdxSignature(plain.get(`${PROFILE}.mdx`)!);
    const plainMd = mdSignature(plain.get(`${PROFILE}.md`)!);
    // What the config schema lets through: http(s):// and no whitespace; `{connector}`/`{method}` are placeholders.
    const hostileUrl = hostileString({ minLength: 1 })
      .map((rest) => `https://${rest.replace(/\s/g, '')}`)
      .filter((url) => !/\{(?:connector|method)\}/.test(url));
    fc.assert(
      fc.property(hostileUrl, (url) => {
        const hostile = pages(url);
        const mdx = hostile.get(`${PROFILE}.mdx`)!;
        const shown = findAll(renderMdx(mdx), (el) => el.type === 'p' && 'data-guide-redirect-url' in el.props);
        expect(shown.map(textOf)).toEqual([asRead(url)]);
        expect(mdxSignature(mdx)).toEqual(plainMdx);
        // The .md export: a markdown renderer with raw HTML makes the same elements of it as of a plain URL's page.
        expect(mdSignature(hostile.get(`${PROFILE}.md`)!)).toEqual(plainMd);
        expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
      }),
      // About 0.5 s a run (two MDX evaluations, one markdown parse): a few runs per test run, more with FC_RUNS.
      { numRuns: Math.max(5, Math.round(RUNS.numRuns / 16)) },
    );
  });
});
