import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { codeFence, codeReadsAsHtml, codeSpan, escapeAttribute, escapeLine, escapeText, escapeUrl, htmlCodeBlock, htmlCodeSpan, yamlString } from '../../../src/emit/docs/escape.js';
import { indentLines } from '../../../src/emit/docs/render-blocks.js';
import { asRead, asRendered, autolinkNextToLineBreak, hostileString, isBlank, RUNS } from './arbitraries.js';
import { htmlElements, htmlText, markdownToHtml } from './html.js';
import { elements, parseMdx, renderMdx, textContent, withoutBlockNewlines, type El, type Node } from './mdx.js';

/** The single element a page renders to (ignoring the newlines between blocks). */
function only(nodes: Node[]): El {
  const blocks = withoutBlockNewlines(nodes);
  expect(blocks).toHaveLength(1);
  expect(typeof blocks[0]).toBe('object');
  return blocks[0] as El;
}

/** GFM turns URL-like text into links; that keeps the text and is the only element plain text may gain. */
function expectOnlyAutolinks(nodes: readonly Node[]): void {
  for (const element of elements(nodes)) expect(element.type).toBe('a');
}

describe('escapeText', () => {
  it('leaves the seeds’ text as written', () => {
    const text = `As the dialog warns, "This is the only time you'll see this key." Security & Access — ⚠️ snake_case ••••860c`;
    expect(escapeText(text)).toBe(text);
  });

  it('escapes exactly the markdown and MDX syntax characters', () => {
    expect(escapeText('{process.exit()} </Step> *a* _b_ `c` [d] ~e~ \\ &amp; &auto= a_b')).toBe(
      '&#123;process.exit()&#125; &lt;/Step> &#42;a&#42; &#95;b&#95; &#96;c&#96; &#91;d&#93; &#126;e&#126; &#92; &amp;amp; &auto= a_b',
    );
    expect(escapeText('line\nbreak\r\0')).toBe('line&#xA;break&#xD;\uFFFD');
  });


  it('round-trips any text through MDX inside an element', () => {
    fc.assert(
      fc.property(hostileString({ minLength: 1 }), (value) => {
        fc.pre(!isBlank(value) && !autolinkNextToLineBreak(value));
        const p = only(renderMdx(`<div>\n  <p>${escapeText(value)}</p>\n</div>`)).children;
        const paragraph = withoutBlockNewlines(p)[0] as El;
        expect(paragraph.type).toBe('p');
        expect(textContent(paragraph.children)).toBe(asRendered(value));
        expectOnlyAutolinks(paragraph.children);
      }),
      RUNS,
    );
  });

  it('round-trips text split across inline elements', () => {
    fc.assert(
      fc.property(hostileString({ minLength: 1 }), hostileString({ minLength: 1 }), (a, b) => {
        // MDX drops whitespace-only text that contains a line break between elements (JSX rules); see docs/guide-pages.md.
        fc.pre(!isBlank(a + b) && !autolinkNextToLineBreak(a + b) && !(isBlank(a) && /[\n\r]/.test(a)) && !(isBlank(b) && /[\n\r]/.test(b)));
        const p = only(renderMdx(`<p>${escapeText(a)}<strong>${escapeText(b)}</strong>${escapeText(a)}</p>`));
        expect(textContent(p.children)).toBe(asRendered(a) + asRendered(b) + asRendered(a));
        expect(elements(p.children).filter((e) => e.type !== 'a').map((e) => e.type)).toEqual(['strong']);
      }),
      RUNS,
    );
  });
});

describe('escapeLine', () => {
  it('escapes line-start syntax and edge whitespace', () => {
    expect(escapeLine('- item')).toBe('\\- item');
    expect(escapeLine('1. first')).toBe('1\\. first');
    expect(escapeLine('C# #')).toBe('C# \\#');
    expect(escapeLine('  padded\t')).toBe('&#x20; padded&#x9;');
    expect(escapeLine('Connect Polymer with API Key – StackOne Hub')).toBe('Connect Polymer with API Key – StackOne Hub');
  });

  it('round-trips any text as a heading', () => {
    fc.assert(
      fc.property(hostileString({ minLength: 1 }), (value) => {
        fc.pre(!isBlank(value) && !autolinkNextToLineBreak(value));
        const heading = only(renderMdx(`# ${escapeLine(value)}\n`));
        expect(heading.type).toBe('h1');
        expect(textContent(heading.children)).toBe(asRendered(value));
        expectOnlyAutolinks(heading.children);
      }),
      RUNS,
    );
  });

  it('round-trips any text as a block quote', () => {
    fc.assert(
      fc.property(hostileString({ minLength: 1 }), (value) => {
        fc.pre(!isBlank(value) && !autolinkNextToLineBreak(value));
        const quote = only(renderMdx(`> ${escapeLine(value)}\n`));
        expect(quote.type).toBe('blockquote');
        const paragraph = only([...quote.children]);
        expect(paragraph.type).toBe('p');
        expect(textContent(paragraph.children)).toBe(asRendered(value));
        expectOnlyAutolinks(paragraph.children);
      }),
      RUNS,
    );
  });
});

describe('escapeAttribute', () => {
  it('writes quotes as the docs site does and leaves URLs alone', () => {
    expect(escapeAttribute('Polymer "Welcome back" screen')).toBe('Polymer &#x22;Welcome back&#x22; screen');
    expect(escapeAttribute('https://x.com/a.png?fit=max&auto=format&n=1')).toBe('https://x.com/a.png?fit=max&auto=format&n=1');
    expect(escapeAttribute('&amp; &#x22;')).toBe('&#x26;amp; &#x26;#x22;');
  });

  it('round-trips any value on an HTML element and on a component', () => {
    fc.assert(
      fc.property(hostileString(), (value) => {
        const image = only(renderMdx(`<img src="x.png" alt="${escapeAttribute(value)}" />`));
        expect(image.props.alt).toBe(asRead(value));
        const step = only(renderMdx(`<Steps>\n  <Step title="${escapeAttribute(value)}">\n    text\n  </Step>\n</Steps>`));
        expect((withoutBlockNewlines(step.children)[0] as El).props.title).toBe(asRead(value));
      }),
      RUNS,
    );
  });
});

describe('yamlString', () => {
  it('quotes like JSON and escapes what YAML readers choke on', () => {
    expect(yamlString('Connect Apollo – StackOne Hub')).toBe('"Connect Apollo – StackOne Hub"');
    expect(yamlString('a\u2028b\u0085c"')).toBe('"a\\u2028b\\u0085c\\""');
  });

  it('round-trips through a YAML parser, and the page still compiles', () => {
    fc.assert(
      fc.property(hostileString(), fc.string({ unit: 'binary', maxLength: 8 }), (value, binary) => {
        for (const text of [value, binary]) {
          expect(parseYaml(`title: ${yamlString(text)}\n`)).toEqual({ title: text });
        }
        expect(withoutBlockNewlines(renderMdx(`---\ntitle: ${yamlString(value)}\n---\n\n<p>x</p>\n`))).toEqual([{ type: 'p', props: {}, children: ['x'] }]);
      }),
      RUNS,
    );
  });
});

describe('codeSpan', () => {
  it('uses a longer fence and pads where CommonMark would strip', () => {
    expect(codeSpan('lin_api_')).toBe('`lin_api_`');
    expect(codeSpan('a ` b')).toBe('``a ` b``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeSpan(' a ')).toBe('`  a  `');
    expect(codeSpan(' \u000B ')).toBe('`  \u000B  `');
    expect(codeSpan('  ')).toBe('`  `');
  });

  it('round-trips any code inside an element', () => {
    fc.assert(
      fc.property(hostileString({ minLength: 1 }), (value) => {
        const p = only(renderMdx(`<p>a ${codeSpan(value)} b</p>`));
        expect(p.children).toEqual(['a ', { type: 'code', props: {}, children: [asRead(value).replace(/\r\n|\r|\n/g, ' ')] }, ' b']);
      }),
      RUNS,
    );
  });
});

describe('codeFence', () => {
  it('round-trips any code block, indented inside JSX', () => {
    fc.assert(
      fc.property(hostileString(), fc.constantFrom(undefined, 'js', 'yaml', 'c++', 'a`b'), fc.integer({ min: 0, max: 10 }), (value, lang, depth) => {
        const code = value.replace(/\r\n?/g, '\n');
        const fence = indentLines(codeFence(code, lang).join('\n'), depth);
        const page = `<Steps>\n  <Step title="x">\n${fence}\n  </Step>\n</Steps>`;
        const step = withoutBlockNewlines(only(renderMdx(page)).children)[0] as El;
        const pre = only([...step.children]);
        expect(pre.type).toBe('pre');
        const codeElement = pre.children[0] as El;
        expect(codeElement.props).toEqual(lang === undefined ? {} : { className: `language-${lang}` });
        expect(textContent(codeElement.children)).toBe(code === '' ? '' : `${asRead(code)}\n`);
      }),
      RUNS,
    );
  });
});

/**
 * The `.md` export's forms of code that raw HTML would read: checked the way a
 * markdown renderer that passes raw HTML through shows them, inside a raw HTML
 * block (as in a step) and in a markdown paragraph (as in a one-line callout).
 */
describe('htmlCodeSpan / htmlCodeBlock', () => {
  it('are used for code with `<`, `&`, or a blank line in a block', () => {
    expect([codeReadsAsHtml('lin_api_'), codeReadsAsHtml('https://acmecompany.clayhr.com'), codeReadsAsHtml('a\n\nb')]).toEqual([false, false, false]);
    expect([codeReadsAsHtml('<b>'), codeReadsAsHtml('a &amp; b'), codeReadsAsHtml('a &'), codeReadsAsHtml('a\n\nb', true), codeReadsAsHtml('a\n \t\nb', true)]).toEqual([true, true, true, true, true]);
    expect([codeReadsAsHtml('a\nb', true), codeReadsAsHtml('', true)]).toEqual([false, false]);
  });

  it('escape the code as text, every `&` included', () => {
    expect(htmlCodeSpan('<img src=x onerror=alert(1)> &amp; &copy {x}\n`')).toBe('<code>&lt;img src=x onerror=alert(1)> &amp;amp; &amp;copy &#123;x&#125; &#96;</code>');
    expect(htmlCodeBlock('<script>\r\n  a\n\n</script>', 'html')).toBe('<pre><code class="language-html">&lt;script>&#xA;  a&#xA;&#xA;&lt;/script></code></pre>');
    expect(htmlCodeBlock('a', 'x" onmouseover="y')).toBe('<pre><code class="language-x&#x22; onmouseover=&#x22;y">a</code></pre>');
    // Whitespace alone would be dropped by MDX, which `import` reads pages with: written as references.
    expect(htmlCodeBlock(' ', 'json')).toBe('<pre><code class="language-json">&#x20;</code></pre>');
    expect(htmlCodeSpan(' \t')).toBe('<code>&#x20;&#x9;</code>');
  });

  it('show any code as text in raw HTML and in markdown, with no other element', () => {
    fc.assert(
      fc.property(hostileString({ minLength: 1 }), (value) => {
        const span = asRead(value).replace(/\r\n|\r|\n/g, ' ');
        const inRawHtml = htmlElements(markdownToHtml(`<div>\n  <p>a ${htmlCodeSpan(value)} b</p>\n</div>\n`));
        expect(inRawHtml.map((e) => e.tagName)).toEqual(['div', 'p', 'code']);
        expect(htmlText(inRawHtml[2]!)).toBe(span);
        // In a markdown paragraph (a one-line callout), GFM may link URL-looking text: that is the only element it gains.
        const inMarkdown = htmlElements(markdownToHtml(`<Note>a ${htmlCodeSpan(value)} b</Note>\n`));
        expect(inMarkdown.slice(0, 3).map((e) => e.tagName)).toEqual(['p', 'note', 'code']);
        expect(inMarkdown.slice(3).filter((e) => e.tagName !== 'a')).toEqual([]);
        expect(htmlText(inMarkdown[2]!)).toBe(span);
      }),
      RUNS,
    );
  });

  it('show any code block as text in raw HTML and in markdown, with no other element', () => {
    fc.assert(
      fc.property(hostileString(), fc.constantFrom(undefined, 'js', '<b>', 'a"b'), (value, lang) => {
        const code = asRead(value).replace(/\r\n?/g, '\n');
        for (const page of [`<div>\n  <p>a</p>\n  ${htmlCodeBlock(value, lang)}\n</div>\n`, `${htmlCodeBlock(value, lang)}\n`]) {
          const found = htmlElements(markdownToHtml(page));
          expect(found.map((e) => e.tagName)).toEqual(page.startsWith('<div>') ? ['div', 'p', 'pre', 'code'] : ['pre', 'code']);
          const element = found.find((e) => e.tagName === 'code')!;
          expect(element.properties).toEqual(lang === undefined ? {} : { className: [`language-${lang}`] });
          expect(htmlText(element)).toBe(code);
        }
      }),
      RUNS,
    );
  });
});

describe('escapeUrl', () => {
  it('leaves ordinary URLs alone', () => {
    expect(escapeUrl('https://docs.stackone.com/connectors/hive/guides/link-account/api-key.md')).toBe('https://docs.stackone.com/connectors/hive/guides/link-account/api-key.md');
    expect(escapeUrl('https://x.com/a b(c)')).toBe('https://x.com/a%20b%28c%29');
  });

  it('keeps any URL whole as a link destination', () => {
    fc.assert(
      fc.property(hostileString(), (value) => {
        const url = `https://docs.example.com/${value}`;
        const tree = parseMdx(`- [Page](${escapeUrl(url)}): text\n`);
        const item = tree.children[0];
        expect(item?.type).toBe('list');
        const paragraph = item?.type === 'list' ? item.children[0]?.children[0] : undefined;
        const link = paragraph?.type === 'paragraph' ? paragraph.children[0] : undefined;
        expect(link).toMatchObject({ type: 'link', url: escapeUrl(url).replace(/\\&/g, '&'), children: [{ type: 'text', value: 'Page' }] });
      }),
      RUNS,
    );
  });
});
