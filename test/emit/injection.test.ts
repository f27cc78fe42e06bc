import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compile, type CompileResult } from '../../src/compile.js';
import { htmlElements, htmlText, markdownToHtml } from './docs/html.js';
import { elements, renderMdx, textContent } from './docs/mdx.js';

/**
 * A spec whose every author-controlled string tries to break out of the
 * context it is emitted into (see fixtures/hostile.yaml). The artefacts are
 * checked by their real consumers: tsc and a run of the client, the MDX
 * compiler and a render, a markdown parser, `JSON.parse`.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOSTILE = readFileSync(fileURLToPath(new URL('../hardening/fixtures/hostile.yaml', import.meta.url)), 'utf8');
const RUNTIME = path.join(ROOT, 'src/runtime/index.js');

// Generated code lives inside the repo so `tsc` finds the project's type definitions.
let outDir = '';
let result: CompileResult;

beforeAll(() => {
  outDir = mkdtempSync(path.join(ROOT, 'test/emit/.generated-'));
  // The runtime import points at the sources, so the test needs no build.
  const runtimeImport = path.relative(path.join(outDir, 'clients'), RUNTIME).split(path.sep).join('/');
  result = compile({ specs: [{ file: 'connectors/hostile.yaml', source: HOSTILE }], emit: { runtimeImport } });
  for (const [file, contents] of result.files) {
    mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
    writeFileSync(path.join(outDir, file), contents);
  }
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('a hostile spec', () => {
  it('is valid: only warnings for raw HTML in markdown, which is shown as text', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(new Set(result.diagnostics.map((d) => d.code))).toEqual(new Set(['CC3014']));
    expect([...result.files.keys()].filter((f) => f.includes('hostile'))).toEqual([
      'clients/hostile.ts',
      'docs/connectors/hostile/guides/link-account/api-key.md',
      'docs/connectors/hostile/guides/link-account/api-key.mdx',
      'docs/connectors/hostile/index.md',
      'docs/connectors/hostile/index.mdx',
      'forms/hostile.api-key.schema.json',
      'forms/hostile.api-key.ui.json',
    ]);
  });

  it('yields JSON that parses and keeps the strings exactly', () => {
    const json = [...result.files].filter(([file]) => file.endsWith('.json'));
    expect(json.length).toBeGreaterThan(0);
    for (const [, contents] of json) expect(() => JSON.parse(contents)).not.toThrow();
    const schema = JSON.parse(result.files.get('forms/hostile.api-key.schema.json')!) as { properties: Record<string, { title?: string }> };
    expect(schema.properties.apiKey?.title).toBe('Key */ ${globalThis.pwned = 4} "; process.exit(1); " </Step> {globalThis.pwned = 5} <script>');
    expect(Object.keys(schema.properties)).toEqual(['apiKey', 'new', 'default']);
  });

  it('yields MDX that compiles and renders every hostile string as text, running nothing', () => {
    const pages = [...result.files].filter(([file]) => file.endsWith('.mdx') && file.includes('hostile'));
    expect(pages.length).toBe(2);
    const guide = renderMdx(result.files.get('docs/connectors/hostile/guides/link-account/api-key.mdx')!);
    for (const [, page] of pages) {
      const tree = renderMdx(page);
      const types = elements(tree).map((e) => e.type);
      expect(types).not.toContain('script');
      for (const element of elements(tree)) {
        // No event handler attributes, and links keep their scheme.
        expect(Object.keys(element.props).filter((name) => /^on/i.test(name))).toEqual([]);
        if (typeof element.props.href === 'string') expect(element.props.href).toMatch(/^(https?:|\/)/);
      }
    }
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    const text = textContent(guide);
    for (const literal of [
      'Text with </Step> and {globalThis.pwned = 14} and <script>alert(1)</script> and ${x} and */.',
      "import fs from 'node:fs'",
      'export const pwned = globalThis.pwned = 15',
      // Backticks in markdown text are inline code: the reader sees the code, without the backticks.
      'Callout */ ${globalThis.pwned = 9} </Note> {globalThis.pwned = 10} <script>alert(1)</script>',
      'Heading </Steps> {globalThis.pwned = 11} `${x}` */',
      'bold {globalThis.pwned = 16}',
    ]) {
      expect(text).toContain(literal);
    }
    const step = elements(guide).find((e) => e.type === 'Step' && String(e.props.title).startsWith('Title'));
    expect(step?.props.title).toBe('Title " /> </Step> <Step title="x"> {globalThis.pwned = 13}');
    const image = elements(guide).find((e) => e.type === 'img');
    expect(image?.props.alt).toBe('Alt " /> {globalThis.pwned = 17} </Step>');
  });

  // In the `.md` export, `<p>…</p>` is a raw HTML block where backslash escapes do not apply,
  // so spec text must be escaped with character references (`&lt;script>`), which are inert text.
  it('yields markdown exports without live HTML from the spec', () => {
    const pages = [...result.files].filter(([file]) => file.endsWith('.md') && file.includes('hostile'));
    expect(pages.length).toBe(2);
    for (const [file, page] of pages) {
      const found = htmlElements(markdownToHtml(page));
      expect(found.filter((e) => e.tagName === 'script').length, file).toBe(0);
      expect(found.flatMap((e) => Object.keys(e.properties).filter((name) => /^on/i.test(name))), file).toEqual([]);
    }
  });

  it('yields a TypeScript client that type-checks under strict settings', () => {
    writeFileSync(
      path.join(outDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true },
        include: ['clients/**/*.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', outDir], { encoding: 'utf8', cwd: ROOT });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('yields a client whose import and calls do nothing but the request the spec describes', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Error(`process.exit(${code}) called`);
    }) as never);
    try {
      const module = (await import(pathToFileURL(path.join(outDir, 'clients/hostile.ts')).href)) as Record<string, unknown>;
      expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
      const calls: { url: string; init: RequestInit }[] = [];
      const fetch = async (url: string, init: RequestInit) => {
        calls.push({ url, init });
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      };
      const Client = module.HostileClient as new (credentials: unknown, options: unknown) => Record<string, (params: unknown) => Promise<unknown>>;
      const client = new Client({ apiKey: 'k3y', new: 'c', default: 'd' }, { fetch, retries: 0 });
      await client.delete!({ class: 'c/1', default: '"; process.exit(1); "', 'x-evil.$': 'h' });
      expect(exit).not.toHaveBeenCalled();
      expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
      expect(calls.length).toBe(1);
      // Quotes are percent-encoded, a `/` in a path parameter cannot add a path segment.
      expect(calls[0]!.url).toBe("https://api.evil.example/v1/'%22;process.exit(1);/items/c%2F1?default=%22%3B+process.exit%281%29%3B+%22&q%27%60%24=k3y");
      const url = new URL(calls[0]!.url);
      expect(url.searchParams.get('default')).toBe('"; process.exit(1); "');
      expect(url.searchParams.get("q'`$")).toBe('k3y');
      const headers = new Headers(calls[0]!.init.headers);
      expect(headers.get("X-`$'|~*")).toBe('Bearer k3y */ `${globalThis.pwned = 8}` " \' \\');
      expect(headers.get('X-Evil')).toBe("'; process.exit(1); //");
      expect(headers.get('X-Backtick')).toBe('`${process.exit(1)}` */');
      expect(headers.get('x-evil.$')).toBe('h');
    } finally {
      exit.mockRestore();
    }
  });
});

describe('unsafe link schemes', () => {
  for (const [label, url] of [
    ['javascript:', 'javascript:alert(1)'],
    ['mixed-case JavaScript:', 'JavaScript:alert(1)'],
    ['javascript: with a leading space and tab', ' \tjavascript:alert(1)'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['data:', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['file:', 'file:///etc/passwd'],
  ] as const) {
    it(`${label} in a link stops the build with CC3013`, () => {
      const source = HOSTILE.replace('[a link](https://evil.example/"onmouseover="alert(1))', `[a link](<${url}>)`);
      expect(source).not.toBe(HOSTILE);
      const compiled = compile({ specs: [{ file: 'connectors/hostile.yaml', source }] });
      expect(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.line])).toEqual([['CC3013', 51]]);
      expect(compiled.files.size).toBe(0);
    });
  }
});

/**
 * Code in every place spec markdown lands on a guide page. In the `.md`
 * export most of the body is raw HTML (a `<p>`, a step's `<div>`, a `<Note>`
 * on its own line), where a code span's backticks or a fence are plain
 * characters: the code itself must be escaped there, or it is live HTML.
 */
describe('code in the .md export', () => {
  const IMG = '<img src=x onerror=alert(1)>';
  const SCRIPT = '<script>alert(2)</script>';
  const SPEC = [
    'specVersion: 1',
    'id: codes',
    'name: Codes',
    'fields:',
    '  - key: apiKey',
    '    label: API Key',
    `    description: "Starts with \`${IMG}\`"`,
    'auth:',
    '  - id: api-key',
    '    type: api-key',
    '    apply: [{ type: header, name: X-Key, value: "{apiKey}" }]',
    '    guide:',
    '      callouts:',
    '        - type: note',
    `          text: "One line \`${IMG}\`"`,
    '        - type: warning',
    '          text: |',
    `            Two blocks \`${IMG}\``,
    '',
    '            ```html',
    `            ${SCRIPT}`,
    '            ```',
    '      sections:',
    '        - heading: Get a key',
    `          intro: "Intro \`${IMG}\`"`,
    '          steps:',
    '            - title: Open the settings',
    '              body: |',
    '                ```',
    `                ${SCRIPT}`,
    '                ```',
    '',
    `                - item \`${IMG}\``,
    '',
    '                ```',
    '                first',
    '',
    '                [after a blank line](https://example.com/)',
    '                ```',
    'api:',
    '  baseUrl: https://api.codes.example',
    '  operations: [{ id: ping, method: GET, path: /ping }]',
    '',
  ].join('\n');
  const { files, diagnostics } = compile({ specs: [{ file: 'connectors/codes.yaml', source: SPEC }], targets: ['docs'] });
  const md = files.get('docs/connectors/codes/guides/link-account/api-key.md')!;

  it('compiles', () => {
    expect(diagnostics).toEqual([]);
    expect(md).toBeDefined();
  });

  it('writes code that raw HTML would read as `<code>` and `<pre><code>` with escaped text', () => {
    const lines = md.split('\n');
    expect(lines.filter((line) => /<code|```/.test(line))).toEqual([
      '<Note>One line <code>&lt;img src=x onerror=alert(1)></code></Note>',
      '  <p>Two blocks <code>&lt;img src=x onerror=alert(1)></code></p>',
      '  <pre><code class="language-html">&lt;script>alert(2)&lt;/script></code></pre>',
      '  <p>Intro <code>&lt;img src=x onerror=alert(1)></code></p>',
      '        <pre><code>&lt;script>alert(2)&lt;/script></code></pre>',
      '          <li>item <code>&lt;img src=x onerror=alert(1)></code></li>',
      '        <pre><code>first&#xA;&#xA;&#91;after a blank line&#93;(https&#58;//example.com/)</code></pre>',
    ]);
  });

  it('parses (CommonMark + GFM, raw HTML as a browser reads it) to no element the spec did not ask for, showing the code as text', () => {
    const tree = markdownToHtml(md);
    expect(htmlElements(tree).filter((e) => e.tagName === 'img' || e.tagName === 'script').map((e) => e.tagName)).toEqual([]);
    // The links are the head's pointer to llms.txt and the linking steps': none from the code.
    expect(htmlElements(tree).filter((e) => e.tagName === 'a').map((e) => e.properties.href)).toEqual([
      'https://docs.stackone.com/llms.txt',
      '/guides/accounts-section#linking-accounts',
      '/guides/accounts-section',
    ]);
    expect(htmlElements(tree).flatMap((e) => Object.keys(e.properties).filter((name) => /^on/i.test(name)))).toEqual([]);
    const codes = htmlElements(tree).filter((e) => e.tagName === 'code').map(htmlText);
    expect(codes.slice(0, 5)).toEqual([IMG, IMG, SCRIPT, IMG, SCRIPT]);
    // CommonMark reads a step's later blocks (eight spaces deep, after a blank line) as an indented code
    // block: the docs site's layout. There the markup itself is shown, escapes and all.
    expect(codes[5]).toContain('<li>item <code>&lt;img src=x onerror=alert(1)></code></li>');
    expect(codes[5]).toContain('<pre><code>first&#xA;&#xA;&#91;after a blank line&#93;(https&#58;//example.com/)</code></pre>');
  });

  it('leaves the .mdx page as it was: backticks and fences', () => {
    const mdx = files.get('docs/connectors/codes/guides/link-account/api-key.mdx')!;
    expect(mdx).toContain(`<p>Intro \`${IMG}\`</p>`);
    expect(mdx).toContain(`        \`\`\`\n        ${SCRIPT}\n        \`\`\``);
  });
});
