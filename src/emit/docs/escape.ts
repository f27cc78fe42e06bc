/**
 * Every way spec text is written into a guide page, in one file.
 *
 * Guide pages are MDX (and their `.md` exports carry the same body), so text
 * lands in a few distinct contexts, each with its own escaper:
 *
 * - {@link escapeText}: markdown text inside a JSX element on one line
 *   (`<p>…</p>`, `<li>…</li>`, `<strong>…</strong>`).
 * - {@link escapeLine}: a whole markdown line after a fixed prefix (`# title`,
 *   `> description`), where line-start syntax and edge whitespace matter too.
 * - {@link escapeAttribute}: a double-quoted JSX attribute value.
 * - {@link yamlString}: a double-quoted YAML scalar in the frontmatter.
 * - {@link codeSpan} / {@link codeFence}: inline and fenced code.
 * - {@link htmlCodeSpan} / {@link htmlCodeBlock}: the same code as `<code>` /
 *   `<pre><code>` elements, for the `.md` export when raw HTML would read the
 *   code (see {@link codeReadsAsHtml}).
 * - {@link escapeUrl}: a markdown link destination (`[…](here)`) in llms.txt.
 * - {@link bareUrl}: a URL written as text for GFM to link.
 *
 * The rule for each: escape exactly what MDX or markdown would otherwise read
 * as syntax, and leave everything else (`'`, `"`, `—`, a lone `&`, emoji) as
 * written, so pages stay readable and byte-identical to the hand-written ones.
 *
 * U+0000 cannot be carried by markdown or HTML: every CommonMark/HTML parser
 * replaces it with U+FFFD for security reasons, so we write U+FFFD directly.
 */

/** What CommonMark and HTML turn U+0000 into; we emit it up front so the page says what readers get. */
export const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * `&` followed by what could be read as a character reference (`&amp;`,
 * `&#123;`, `&#x1F;`, or a legacy prefix like `&notit;`): every decoder we
 * target requires the terminating `;`, so `&auto=format` stays raw.
 */
const ENTITY_TAIL = /#?[A-Za-z0-9]+;/y;

function looksLikeReference(value: string, ampersand: number): boolean {
  ENTITY_TAIL.lastIndex = ampersand + 1;
  return ENTITY_TAIL.test(value);
}

/** Letters and digits: an `_` between two of them can neither open nor close emphasis. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

/** Text that may need escaping; anything else is copied as is (the common case, checked first). */
const TEXT_SPECIAL = /[\\`*_{}<[\]~&\n\r\0]|https?:\/\/|www\./i;

/**
 * GFM's literal autolinks (`https://…`, `www.…`) are tokenized from the raw
 * source and would take the character references that follow into the URL.
 * Escaping the `:` of the protocol or the `.` after `www` keeps URL-looking
 * spec text as the text it was written as.
 */
const AUTOLINK_COLON = /https?$/i;
const AUTOLINK_DOT = /www$/i;

/**
 * Escapes text for a markdown/MDX text context that is not at the start or end
 * of a line (inside `<p>…</p>` and similar).
 *
 * Escapes are numeric character references, never backslashes: the `.md`
 * export carries the same body, and there `<p>…</p>` is a raw HTML block in
 * which CommonMark ignores backslash escapes (`\<script>` would stay a live
 * tag). Character references are decoded as plain text by MDX, CommonMark and
 * HTML alike.
 *
 * - `\` `` ` `` `*` `{` `}` `<` `[` `]` `~` → `&#92;` … (code, emphasis,
 *   expressions, JSX, links, GFM strikethrough);
 * - `_` → `&#95;` unless it sits between two letters or digits (`snake_case` stays);
 * - `&` → `&amp;` only when it would start a character reference;
 * - line breaks → `&#xA;` / `&#xD;` so the element stays on one line;
 * - the `:` of `http://`/`https://` and the `.` of `www.` → `&#58;`, `&#46;`
 *   (see {@link AUTOLINK_COLON});
 * - U+0000 → U+FFFD (see the module comment).
 */
export function escapeText(value: string): string {
  return escapeTextWith(value, true);
}

/** A URL GFM links in text, from its protocol (or `www.`) to the next whitespace. */
const AUTOLINK_RUN = /(?:https?:\/\/|www\.)\S*/gi;

/**
 * The text of a `<code>` element the author wrote as one (`` `x`{code} `` in a spec): as
 * {@link escapeText}, except that a URL is left for GFM to link when nothing in it needs a
 * character reference, as GFM links it inside the authored element (MDX reads markdown inside
 * `<code>`). A URL with such characters keeps the guard, so no reference is taken into a link.
 * Line breaks are written as spaces, as in a code span; text that is only spaces and tabs is
 * written as character references, which MDX keeps.
 */
export function escapeCodeElementText(value: string): string {
  const text = value.replace(/\r\n|\r|\n/g, ' ');
  const blank = whitespaceAsReferences(text);
  if (blank !== undefined) return blank;
  const clean = [...text.matchAll(AUTOLINK_RUN)].every((run) => escapeTextWith(run[0], false) === run[0]);
  return escapeTextWith(text, !clean);
}

function escapeTextWith(value: string, guardAutolinks: boolean): string {
  if (!TEXT_SPECIAL.test(value)) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    switch (ch) {
      case '\\':
      case '`':
      case '*':
      case '{':
      case '}':
      case '<':
      case '[':
      case ']':
      case '~':
        out += numericReference(ch);
        break;
      case '_':
        out += isWordChar(value[i - 1]) && isWordChar(value[i + 1]) ? '_' : '&#95;';
        break;
      case '&':
        out += looksLikeReference(value, i) ? '&amp;' : '&';
        break;
      case '\n':
        out += '&#xA;';
        break;
      case '\r':
        out += '&#xD;';
        break;
      case '\0':
        out += REPLACEMENT_CHARACTER;
        break;
      case ':':
        out += guardAutolinks && value.startsWith('//', i + 1) && AUTOLINK_COLON.test(value.slice(Math.max(0, i - 5), i)) ? '&#58;' : ':';
        break;
      case '.':
        out += guardAutolinks && AUTOLINK_DOT.test(value.slice(Math.max(0, i - 3), i)) ? '&#46;' : '.';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

/** `<` reads best as `&lt;` in the exported `.md`; the rest are decimal references. */
function numericReference(ch: string): string {
  return ch === '<' ? '&lt;' : `&#${ch.codePointAt(0)};`;
}

/** Block syntax that a line may start with once the prefix (`# `, `> `) is stripped. */
const LINE_START_MARKER = /^(?:[#>+=|-]|\d{1,9}(?=[.)]))/;

/**
 * Escapes text that fills the rest of a markdown line after a fixed prefix
 * (`# ` of a heading, `> ` of a quote). On top of {@link escapeText}: leading
 * block markers (`#`, `>`, `-`, `+`, `=`, `|`, `1.`) are escaped, leading and
 * trailing spaces or tabs (which markdown would strip) become character
 * references, and a trailing `#` run is escaped so it is not read as a closing
 * heading sequence.
 */
export function escapeLine(value: string): string {
  let out = escapeText(value);
  const marker = LINE_START_MARKER.exec(out);
  if (marker) {
    // `1.` → `1\.`; `#` → `\#`.
    out = /\d/.test(marker[0]) ? `${marker[0]}\\${out.slice(marker[0].length)}` : `\\${out}`;
  }
  const trailingHashes = /#+$/.exec(out);
  if (trailingHashes && out[trailingHashes.index - 1] !== '\\') out = `${out.slice(0, trailingHashes.index)}\\${trailingHashes[0]}`;
  if (out.startsWith(' ') || out.startsWith('\t')) out = `${characterReference(out[0]!)}${out.slice(1)}`;
  if (out.endsWith(' ') || out.endsWith('\t')) out = `${out.slice(0, -1)}${characterReference(out[out.length - 1]!)}`;
  return out;
}

const ATTRIBUTE_SPECIAL = /["&\n\r\0]/;

/**
 * Escapes a value for a double-quoted JSX/HTML attribute (`alt="…"`): `"` →
 * `&#x22;`, `&` → `&#x26;` only when it would start a character reference,
 * line breaks → `&#xA;`/`&#xD;`. `<`, `{` and `}` are literal inside quotes.
 */
export function escapeAttribute(value: string): string {
  if (!ATTRIBUTE_SPECIAL.test(value)) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '"') out += '&#x22;';
    else if (ch === '&') out += looksLikeReference(value, i) ? '&#x26;' : '&';
    else if (ch === '\n' || ch === '\r') out += characterReference(ch);
    else if (ch === '\0') out += REPLACEMENT_CHARACTER;
    else out += ch;
  }
  return out;
}

/**
 * A double-quoted YAML scalar. JSON string syntax is valid YAML 1.2; we also
 * escape what YAML does not accept raw (DEL, C1 controls, BOM, U+FFFE/U+FFFF)
 * and U+2028/U+2029, which YAML 1.1 readers treat as line breaks.
 */
export function yamlString(value: string): string {
  return JSON.stringify(value).replace(/[\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/**
 * Inline code as markdown backticks (MDX renders it as `<code>`), with a fence
 * longer than any backtick run inside and padding where CommonMark would strip
 * or merge characters. Line breaks render as spaces in a code span, so they
 * are written as spaces.
 */
export function codeSpan(value: string): string {
  const text = value.replace(/\r\n|\r|\n/g, ' ').replace(/\0/g, REPLACEMENT_CHARACTER);
  if (text === '') return '';
  const fence = '`'.repeat(longestRun(text, '`') + 1);
  // CommonMark strips one space from each end when both ends are spaces, unless the code is only spaces (U+0020).
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && /[^ ]/.test(text)) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A fenced code block as lines (unindented; the caller indents every line the
 * same, which MDX strips again). The fence is longer than any run of its
 * character in the code, so no line of the code can close it. Line endings
 * are written as LF, like every other line of the page.
 */
export function codeFence(value: string, lang?: string): string[] {
  const info = lang === undefined ? '' : lang.replace(/\\/g, '\\\\').replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
  const char = info.includes('`') ? '~' : '`';
  const fence = char.repeat(Math.max(3, longestRun(value, char) + 1));
  const code = value.replace(/\0/g, REPLACEMENT_CHARACTER);
  return [`${fence}${info}`, ...(code === '' ? [] : code.split(/\r\n|\r|\n/)), fence];
}

/**
 * True when code would not show as written if the `.md` export carried it in
 * markdown form. There most of the page body is raw HTML (`<p>…</p>`,
 * `<Note>` on its own line, a step's `<div>`…), where CommonMark reads no
 * markdown: a code span's backticks are plain characters around live HTML,
 * and a fence is a few lines of live HTML. So code containing `<` (a tag) or
 * `&` (a character reference) is written as an element instead; so is a code
 * block with a blank line, which would end the raw HTML block and hand the
 * rest of the code to the markdown parser.
 */
export function codeReadsAsHtml(value: string, block = false): boolean {
  if (/[<&]/.test(value)) return true;
  return block && value !== '' && value.split(/\r\n|\r|\n/).some((line) => /^[ \t]*$/.test(line));
}

/**
 * Inline code as a `<code>` element (for the `.md` export, see
 * {@link codeReadsAsHtml}): its text escaped with {@link escapeText}, `&`
 * always as `&amp;`, line breaks as spaces (as in a code span). Inert in raw
 * HTML and in markdown alike, and valid MDX.
 */
export function htmlCodeSpan(value: string): string {
  return `<code>${escapeCodeText(value.replace(/\r\n|\r|\n/g, ' '))}</code>`;
}

/**
 * A code block as `<pre><code class="language-…">…</code></pre>` on one line
 * (for the `.md` export, see {@link codeReadsAsHtml}): line breaks are written
 * as `&#xA;`, so no blank line can end the raw HTML block around it and no
 * indentation the templates add reaches the code.
 */
export function htmlCodeBlock(value: string, lang?: string): string {
  const className = lang === undefined ? '' : ` class="language-${escapeAttribute(lang)}"`;
  return `<pre><code${className}>${escapeCodeText(value.replace(/\r\n?/g, '\n'))}</code></pre>`;
}

/**
 * Element text that is only spaces, tabs and line breaks, as character
 * references; `undefined` for any other text. MDX (which pages are compiled
 * and imported with) drops an element's text that is only whitespace.
 */
function whitespaceAsReferences(text: string): string | undefined {
  return /^[ \t\n]+$/.test(text) ? [...text].map(characterReference).join('') : undefined;
}

/** {@link escapeText}, with every `&` written as `&amp;`: code shows character references as typed. */
function escapeCodeText(value: string): string {
  return whitespaceAsReferences(value) ?? value.split('&').map(escapeText).join('&amp;');
}

const URL_SPECIAL = /[\u0000-\u0020\u007F<>()\\`&\s]/;

/**
 * Makes a URL safe as a markdown link destination (`[…](here)`, in llms.txt):
 * whitespace, controls, `<`, `>`, `(`, `)`, backslash and backtick are
 * percent-encoded (what a URL serializer would do), and an `&` that would be
 * read as a character reference is backslash-escaped, so the link target is
 * the URL as configured.
 */
export function escapeUrl(url: string): string {
  if (!URL_SPECIAL.test(url)) return url;
  let out = '';
  for (let i = 0; i < url.length; i++) {
    const ch = url[i]!;
    const code = ch.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f || '<>()\\`'.includes(ch)) out += `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (/\s/.test(ch)) out += encodeURIComponent(ch);
    else if (ch === '&' && looksLikeReference(url, i)) out += '\\&';
    else out += ch;
  }
  return out;
}

/**
 * A URL written as bare text for GFM to link (the `.md` head's pointer to
 * llms.txt). Only characters that URLs allow and markdown/MDX read as plain
 * text are kept; everything else is percent-encoded, which the URL standard
 * treats as the same address.
 */
export function bareUrl(url: string): string {
  return url.replace(/[^A-Za-z0-9\-.\/:?#=&%+,;@$!'()]/g, (ch) =>
    ch.charCodeAt(0) < 0x80 ? `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : encodeURIComponent(ch),
  ).replace(/&(?=#?[A-Za-z0-9]+;)/g, '%26');
}

function characterReference(ch: string): string {
  return `&#x${ch.codePointAt(0)!.toString(16).toUpperCase()};`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const ch of text) {
    current = ch === char ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}
