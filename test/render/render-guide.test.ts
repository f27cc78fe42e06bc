/**
 * `renderGuide()` (`connector-compiler/render`): a generated guide page to
 * HTML with React's server renderer, outside Mintlify. One exact golden page,
 * the frontmatter exactly, and every page the repository generates renders.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as runtime from 'react/jsx-runtime';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { renderGuide } from '../../src/render/render-guide.js';
import { ROOT } from '../emit/client/helpers/cases.js';
import { expectFile } from '../helpers/golden.js';

const DOCS = join(ROOT, 'generated/docs');

function mdxPages(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? mdxPages(join(dir, name)) : name.endsWith('.mdx') ? [join(dir, name)] : []));
}

describe('renderGuide', () => {
  it('renders the Linear guide to the expected HTML, with its frontmatter apart', async () => {
    const source = readFileSync(join(DOCS, 'connectors/linear/guides/link-account/api-key.mdx'), 'utf8');
    const { html, frontmatter } = await renderGuide(source, { runtime, renderToStaticMarkup });
    expect(frontmatter).toEqual({
      title: 'Connect Linear with API Key – StackOne Hub',
      description: 'Link a Linear account in the StackOne Hub using API Key. End-user guide to authorize the integration and start using Linear actions.',
    });
    await expectFile(`${html}\n`, join(ROOT, 'test/fixtures/adoption/render/linear.api-key.html'));
  });

  it('renders callouts and a caller\'s own component', async () => {
    const source = '---\ntitle: T\n---\n\n<Warning>Keep the key secret.</Warning>\n\n<Panel>Side</Panel>\n\n<Steps>\n  <Step title="One">Do **it**.</Step>\n</Steps>\n';
    const plain = await renderGuide(source, { runtime, renderToStaticMarkup });
    expect(plain).toEqual({
      html: '<aside class="callout callout-warning">Keep the key secret.</aside>\n<aside class="panel">Side</aside>\n<ol class="steps"><li class="step"><p class="step-title">One</p><div class="step-body">Do <strong>it</strong>.</div></li></ol>',
      frontmatter: { title: 'T' },
    });
    const custom = await renderGuide(source, { runtime, renderToStaticMarkup, components: { Warning: ({ children }) => runtime.jsx('div', { role: 'alert', children }) } });
    expect(custom.html.split('\n')[0]).toBe('<div role="alert">Keep the key secret.</div>');
  });

  it('renders every page the repository generates, without unknown components', async () => {
    const pages = mdxPages(DOCS);
    expect(pages.length).toBeGreaterThanOrEqual(10);
    for (const page of pages) {
      const { html } = await renderGuide(readFileSync(page, 'utf8'), { runtime, renderToStaticMarkup });
      expect(html.includes('<script'), page).toBe(false);
      expect(html.length, page).toBeGreaterThan(100);
    }
  });
});
