/**
 * Renders a generated guide page (`.mdx`) to HTML outside Mintlify: the
 * frontmatter is read with remark-frontmatter (and returned, not shown), and
 * the docs-site components the pages use (`Steps`, `Step`, the callouts
 * `Warning`, `Note`, `Info`, `Tip`, `Check`, and `Panel`) get plain HTML
 * stand-ins with stable class names for your CSS. Bring your JSX runtime and
 * its server renderer (React: `react/jsx-runtime` and `react-dom/server`);
 * `@mdx-js/mdx` must be installed beside the compiler (an optional peer
 * dependency). Evaluating MDX runs it: render pages you generated or trust.
 *
 *     import * as runtime from 'react/jsx-runtime';
 *     import { renderToStaticMarkup } from 'react-dom/server';
 *     import { renderGuide } from 'connector-compiler/render';
 *     const { html, frontmatter } = await renderGuide(mdx, { runtime, renderToStaticMarkup });
 */
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import { parse as parseYaml } from 'yaml';

/** The automatic JSX runtime (`react/jsx-runtime`, `preact/jsx-runtime`…). */
export interface JsxRuntime {
  readonly Fragment: unknown;
  jsx(type: unknown, props: unknown, key?: unknown): unknown;
  jsxs(type: unknown, props: unknown, key?: unknown): unknown;
}

/** A component: props in, element out. */
export type GuideComponent = (props: { readonly children?: unknown; readonly title?: string }) => unknown;

export interface RenderGuideOptions {
  readonly runtime: JsxRuntime;
  /** Turns an element into HTML: `renderToStaticMarkup` from `react-dom/server`. */
  readonly renderToStaticMarkup: (element: never) => string;
  /** Replaces or adds components (merged over `guideComponents(runtime)`). */
  readonly components?: Readonly<Record<string, GuideComponent>>;
}

export interface RenderedGuide {
  /** The page body as HTML (the frontmatter is not part of it). */
  readonly html: string;
  /** The page's frontmatter (`title`, `description`…), `{}` when it has none. */
  readonly frontmatter: Readonly<Record<string, unknown>>;
}

/** The callouts the pages use, by component name; each renders `<aside class="callout callout-<kind>">`. */
export const CALLOUTS = ['Warning', 'Note', 'Info', 'Tip', 'Check'] as const;

/**
 * HTML stand-ins for the docs-site components:
 * `<Steps>` → `<ol class="steps">`, `<Step title>` → `<li class="step">` with
 * `<p class="step-title">` and `<div class="step-body">`, callouts →
 * `<aside class="callout callout-note">` (and so on), `<Panel>` → `<aside class="panel">`.
 */
export function guideComponents(runtime: JsxRuntime): Record<string, GuideComponent> {
  const h = (type: string, props: Record<string, unknown>) => runtime.jsx(type, props);
  const components: Record<string, GuideComponent> = {
    Steps: ({ children }) => h('ol', { className: 'steps', children }),
    Step: ({ title, children }) => runtime.jsxs('li', { className: 'step', children: [h('p', { className: 'step-title', children: title }), h('div', { className: 'step-body', children })] }),
    Panel: ({ children }) => h('aside', { className: 'panel', children }),
  };
  for (const name of CALLOUTS) components[name] = ({ children }) => h('aside', { className: `callout callout-${name.toLowerCase()}`, children });
  return components;
}

/** Compiles and renders one guide page; rejects with the MDX compiler's message on a page it cannot compile. */
export async function renderGuide(source: string, options: RenderGuideOptions): Promise<RenderedGuide> {
  const { evaluate } = await import('@mdx-js/mdx');
  let frontmatter: Record<string, unknown> = {};
  const readFrontmatter = () => (tree: { children: { type: string; value?: string }[] }) => {
    const node = tree.children.find((child) => child.type === 'yaml');
    const data: unknown = node?.value !== undefined ? parseYaml(node.value) : undefined;
    if (data !== null && typeof data === 'object' && !Array.isArray(data)) frontmatter = data as Record<string, unknown>;
  };
  const module = await evaluate(source, {
    ...(options.runtime as unknown as Parameters<typeof evaluate>[1]),
    remarkPlugins: [remarkFrontmatter, remarkGfm, readFrontmatter],
    development: false,
  });
  const components = { ...guideComponents(options.runtime), ...options.components };
  const element = options.runtime.jsx(module.default, { components });
  return { html: options.renderToStaticMarkup(element as never), frontmatter };
}
