import type { YAMLError } from 'yaml';

/** A YAML parser error phrased for a person: what is wrong, and what to do. */
export interface YamlProblem {
  readonly message: string;
  readonly hint: string;
}

const INDENT_HINT = 'Indent with spaces only; keys of one mapping start in the same column, and list items start with `- `.';

/**
 * Rewords the `yaml` library's errors. Its messages are written for library
 * users (`Implicit map keys need to be followed by map values`); ours say what
 * a spec author did and how to fix it. Unknown codes keep the library's text.
 */
export function describeYamlError(error: YAMLError, excerpt: string): YamlProblem {
  const original = firstLine(error.message);
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return {
        message: excerpt === '' ? 'Duplicate key in a mapping.' : `Duplicate key \`${excerpt}\`.`,
        hint: 'Each key may appear once per mapping; remove or rename one of them.',
      };
    case 'TAB_AS_INDENT':
      return { message: 'A tab is used for indentation; YAML only allows spaces.', hint: 'Replace the tab with spaces (most editors can do this for the whole file).' };
    case 'BAD_INDENT':
      if (/Flow sequence/.test(original)) return { message: 'A `[` list is never closed with `]`.', hint: 'Close the list on the same line, or indent its continuation lines further than the key.' };
      if (/Flow map/.test(original)) return { message: 'A `{` mapping is never closed with `}`.', hint: 'Close the mapping on the same line, or indent its continuation lines further than the key.' };
      return { message: `Wrong indentation: ${lowerFirst(original)}.`, hint: INDENT_HINT };
    case 'MISSING_CHAR': {
      const quote = /Missing closing (["'])quote/.exec(original);
      if (quote) return { message: 'A quoted string is never closed.', hint: `Add the closing \`${quote[1]}\`; inside double quotes, write a literal \`"\` as \`\\"\`.` };
      if (/Implicit map keys need to be followed by map values/.test(original)) return { message: 'A line here is neither a `key: value` pair nor a list item.', hint: `Add \`: value\` after the key, or ${INDENT_HINT.charAt(0).toLowerCase()}${INDENT_HINT.slice(1)}` };
      if (/Sequence item without - indicator/.test(original)) return { message: 'This line continues a list but does not start with `- `.', hint: INDENT_HINT };
      return { message: `${sentence(original)}`, hint: 'Add the missing character.' };
    }
    case 'BLOCK_AS_IMPLICIT_KEY':
      return { message: 'A value contains `: ` where YAML expects a plain value, so it reads as a nested mapping.', hint: 'Quote the value (`key: "a: b"`), or move the nested mapping to its own indented lines.' };
    case 'MULTILINE_IMPLICIT_KEY':
      return { message: 'A key runs over several lines.', hint: `Keys must fit on one line; check the indentation of the lines above. ${INDENT_HINT}` };
    case 'BAD_SCALAR_START': {
      const reserved = /reserved character (\S)/.exec(original);
      return reserved
        ? { message: `A plain value cannot start with \`${reserved[1]}\`.`, hint: 'Quote the value, e.g. `"@value"`.' }
        : { message: sentence(original), hint: 'Quote the value.' };
    }
    case 'BAD_DQ_ESCAPE':
      return { message: `${sentence(original.replace(/Invalid escape sequence (\S+)/, 'Invalid escape sequence `$1` in a double-quoted string'))}`, hint: 'Write a literal backslash as `\\\\`, or use single quotes, where backslashes have no special meaning.' };
    case 'MULTIPLE_DOCS':
      return { message: 'A spec file holds one YAML document, but a second one starts here.', hint: 'Remove the `---` line, or move the second connector into its own file.' };
    case 'UNEXPECTED_TOKEN':
      return { message: `Unexpected text: ${lowerFirst(original.replace(/ token in YAML stream: /, ' ').replace(/"([^"]*)"/, '`$1`'))}.`, hint: INDENT_HINT };
    case 'KEY_OVER_1024_CHARS':
      return { message: 'A key is longer than 1024 characters.', hint: 'Shorten the key; it is probably a value that lost its `- ` or indentation.' };
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
      return { message: sentence(original), hint: 'Aliases (`*name`) must refer to an anchor (`&name`) defined earlier in the file.' };
    case 'TAG_RESOLVE_FAILED':
      return { message: `${sentence(original.replace(/Unresolved tag: (\S+)/, 'Unknown YAML tag `$1`; the value is read as a plain string'))}`, hint: 'Specs need no YAML tags; remove it.' };
    default:
      return { message: sentence(original), hint: 'Fix the YAML syntax at this position; indentation and unclosed quotes are the usual causes.' };
  }
}

function firstLine(message: string): string {
  // The library appends a position and an excerpt of its own; we print ours.
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').trim();
}

function sentence(text: string): string {
  const trimmed = text.replace(/[.:]$/, '');
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}.`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1).replace(/[.:]$/, '');
}
