import type * as Mdast from 'mdast';

/**
 * Parsing several markdown strings in one `fromMarkdown` call.
 *
 * Each call pays a fixed set-up (micromark re-combines its syntax extensions,
 * mdast-util-from-markdown re-configures its handlers; measured at about
 * 60 µs once warm, against 700 µs for a step body) that neither library lets
 * a caller keep. So the strings of a spec are joined with a separator
 * paragraph and the tree is cut at those paragraphs.
 *
 * The separator has a blank line on each side. A blank line closes every open
 * paragraph, table and block quote; the separator line itself, not indented,
 * closes list items and indented code (after a blank line it cannot be a lazy
 * continuation). Three guards keep each part what its string reads alone:
 * {@link canShareParse} keeps out what survives a blank line or reaches
 * across the document; {@link parseJoined} gives up unless every separator
 * is a paragraph of its own exactly where it was put; and the caller reads a
 * string alone again when its part has problems.
 */

/**
 * A paragraph spec text cannot write: {@link canShareParse} refuses the
 * private-use character, and one written as `&#57344;` is not where
 * {@link parseJoined} expects a separator.
 */
const SEPARATOR_TEXT = '\uE000cc-split\uE000';
const SEPARATOR = `\n\n${SEPARATOR_TEXT}\n\n`;

/**
 * True when a string reads the same between separators as on its own.
 * Refused, with the construct each character could start:
 * - `]:` — link reference and footnote definitions, which any string of the
 *   document could use (so a batch holds no definition at all);
 * - ```` ``` ```` and `~~~` — fenced code, which runs past blank lines until its
 *   closing fence or the end of the document;
 * - `<` — HTML blocks, some of which (`<!--`, `<pre`, `<script` …) end only at
 *   their closing marker, and which read differently at the end of a document
 *   inside a list (`2) x` then `  </a>`);
 * - U+FEFF — a byte order mark, dropped only at the very start of a document;
 * - CR — a trailing one would pair with the separator's LF into one line
 *   ending (a precaution: no difference was found, but YAML text rarely has CR);
 * - U+E000 — the separator's own character.
 * The check is on the source, so it is conservative: escaped or coded
 * occurrences are refused too, and read alone.
 */
export function canShareParse(markdown: string): boolean {
  return !/\]:|```|~~~|[<\r\uFEFF\uE000]/.test(markdown);
}

/** A joined parse cut back into one list of top-level nodes per string. */
export interface JoinedTree {
  /** The joined text; node positions are offsets into it, so slices of it read each string's own text. */
  readonly source: string;
  readonly parts: readonly (readonly Mdast.RootContent[])[];
}

/**
 * Parses strings that all pass {@link canShareParse} with one `parseTree`
 * call and cuts the tree at the separators. Returns `undefined` when the
 * tree does not cut cleanly (a separator missing, merged into another block,
 * or not where it was put; a definition found), so the caller reads the
 * strings one by one instead.
 */
export function parseJoined(markdowns: readonly string[], parseTree: (markdown: string) => Mdast.Root): JoinedTree | undefined {
  const source = markdowns.join(SEPARATOR);
  const root = parseTree(source);
  const parts: Mdast.RootContent[][] = [[]];
  // Where the next separator paragraph must start: past the current string and the blank line.
  let separatorAt = markdowns[0]!.length + 2;
  for (const node of root.children) {
    if (isSeparator(node)) {
      if (node.position?.start.offset !== separatorAt || parts.length === markdowns.length) return undefined;
      separatorAt += SEPARATOR.length + markdowns[parts.length]!.length;
      parts.push([]);
    } else if (node.type === 'definition' || node.type === 'footnoteDefinition') {
      return undefined;
    } else {
      parts[parts.length - 1]!.push(node);
    }
  }
  return parts.length === markdowns.length ? { source, parts } : undefined;
}

function isSeparator(node: Mdast.RootContent): boolean {
  if (node.type !== 'paragraph' || node.children.length !== 1) return false;
  const text = node.children[0]!;
  return text.type === 'text' && text.value === SEPARATOR_TEXT;
}
