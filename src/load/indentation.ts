/**
 * Finds the one key whose indentation puts it in no mapping around it. One
 * misplaced key makes the YAML parser report a cascade: errors on the correct
 * lines after it, often at column 1 or on the line before. Read line by line,
 * the indentation itself says which key is out of line; the reader reports
 * that key once instead (see `yamlDiagnostics`).
 *
 * Only block-style YAML is followed. Anything this reader cannot follow with
 * certainty (a quoted string or a `[`/`{` collection running over several
 * lines) ends the search without a finding, and the parser's own errors stand.
 */

export interface MisplacedKey {
  /** 1-based line, and 1-based column of the key's first character. */
  readonly line: number;
  readonly column: number;
  readonly key: string;
  readonly message: string;
  readonly hint: string;
}

/** A mapping or list whose entries start at `indent`, with its last key (for the message). */
interface Frame {
  readonly indent: number;
  readonly kind: 'map' | 'seq';
  lastKey?: { readonly name: string; readonly line: number };
}

/** `key:` or `key: value` at the start of `text`; quoted keys included. */
const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\-?:,[\]{}&*!|>%@`][^#]*?|-[^\s#][^#]*?):(?:[ \t]+(.*))?$/;
const BLOCK_SCALAR = /^[|>][-+0-9]*\s*(?:#.*)?$/;

export function findMisplacedKey(source: string): MisplacedKey | undefined {
  const lines = source.split(/\r?\n/);
  const stack: Frame[] = [{ indent: 0, kind: 'map' }];
  /** The indentation of the key or item that opened a block on the previous structural line. */
  let opener: number | undefined;
  /** Lines more indented than this belong to a block scalar. */
  let blockScalarParent: number | undefined;
  /** A plain value that may continue on more indented lines. */
  let plainValueParent: number | undefined;

  for (let index = 0; index < lines.length; index += 1) {
    const raw = lines[index]!;
    const trimmed = raw.trimStart();
    const indent = raw.length - trimmed.length;
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (raw.slice(0, indent).includes('\t')) return undefined;
    if (blockScalarParent !== undefined) {
      if (indent > blockScalarParent) continue;
      blockScalarParent = undefined;
    }
    if (index === 0 && /^---\s*$/.test(trimmed)) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(trimmed) || trimmed.startsWith('%')) return undefined;

    // The entries of this line: `- - key: value` opens two lists and a mapping.
    let column = indent;
    let content = trimmed;
    const dashes: number[] = [];
    while (/^-(\s|$)/.test(content)) {
      dashes.push(column);
      const rest = content.slice(1);
      const spaces = rest.length - rest.trimStart().length;
      column += 1 + spaces;
      content = rest.trimStart();
    }
    const keyMatch = content === '' ? null : KEY.exec(content);

    if (plainValueParent !== undefined) {
      // A plain value continues on more indented lines that are not `key: value` pairs.
      if (indent > plainValueParent && dashes.length === 0 && keyMatch === null) continue;
      plainValueParent = undefined;
    }
    if (unbalanced(content)) return undefined;

    const first = dashes[0] ?? column;
    const kind: Frame['kind'] = dashes.length > 0 ? 'seq' : 'map';
    if (opener !== undefined && (first > opener || (first === opener && kind === 'seq'))) {
      stack.push({ indent: first, kind });
    } else {
      let popped: Frame | undefined;
      // `key:` may hold a list at its own indentation: a key after the list closes it.
      const closes = (frame: Frame) => frame.indent > first || (frame.indent === first && frame.kind !== kind && stack.at(-2)?.indent === first);
      while (stack.length > 1 && closes(stack.at(-1)!)) popped = stack.pop();
      const top = stack.at(-1)!;
      if (top.indent !== first || top.kind !== kind) {
        if (keyMatch === null && dashes.length === 0) return undefined;
        const name = keyMatch ? unquote(keyMatch[1]!.trim()) : '-';
        // The mapping (or list) it most likely meant: the one around it of its own kind, the outer one on a tie.
        const sibling = popped !== undefined && top.kind !== kind && popped.kind === kind ? popped : top;
        return misplaced(index + 1, first + 1, name, first, sibling, keyMatch !== null && dashes.length === 0);
      }
    }
    opener = undefined;

    // Frames for the lists and the mapping this line opens.
    for (const dash of dashes.slice(1)) stack.push({ indent: dash, kind: 'seq' });
    if (keyMatch !== null) {
      if (dashes.length > 0) stack.push({ indent: column, kind: 'map' });
      stack.at(-1)!.lastKey = { name: unquote(keyMatch[1]!.trim()), line: index + 1 };
      const value = (keyMatch[2] ?? '').trim();
      if (value === '' || value.startsWith('#')) opener = column;
      else if (BLOCK_SCALAR.test(value)) blockScalarParent = column;
      else if (startsUnclosedQuote(value)) return undefined;
      else if (!/^[[{&*!]/.test(value)) plainValueParent = column;
    } else if (dashes.length > 0) {
      if (content === '') opener = dashes.at(-1)!;
      else if (BLOCK_SCALAR.test(content)) blockScalarParent = dashes.at(-1)!;
      else if (startsUnclosedQuote(content)) return undefined;
      else plainValueParent = dashes.at(-1)!;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function misplaced(line: number, column: number, key: string, indent: number, sibling: Frame, isKey: boolean): MisplacedKey {
  const what = isKey ? `\`${key}\`` : 'This list item';
  const spaces = (n: number) => `${n} space${n === 1 ? '' : 's'}`;
  const reference = sibling.lastKey !== undefined && isKey ? `\`${sibling.lastKey.name}\` (line ${sibling.lastKey.line})` : `the ${sibling.kind === 'seq' ? 'items' : 'keys'} above it`;
  const verb = sibling.lastKey !== undefined && isKey ? 'is' : 'are';
  return {
    line,
    column,
    key,
    message: `${what} is indented ${spaces(indent)}, but ${reference} ${verb} indented ${spaces(sibling.indent)}, so it belongs to no mapping around it.`,
    hint: `Line ${isKey ? `\`${key}\`` : 'it'} up with the keys of the mapping it belongs to; indent with spaces only.`,
  };
}

/** A `[` or `{` collection, or a quoted string, that does not end on this line. */
function unbalanced(text: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quote !== undefined) {
      if (char === '\\' && quote === '"') i += 1;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '#' && (i === 0 || /\s/.test(text[i - 1]!))) break;
    if ((char === '"' || char === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]!))) quote = char;
    else if (char === '[' || char === '{') depth += 1;
    else if (char === ']' || char === '}') depth -= 1;
  }
  return depth !== 0 || quote !== undefined;
}

function startsUnclosedQuote(value: string): boolean {
  return (value.startsWith('"') || value.startsWith("'")) && unbalanced(value);
}

function unquote(key: string): string {
  if (key.startsWith('"')) {
    try {
      return JSON.parse(key) as string;
    } catch {
      return key.slice(1, -1);
    }
  }
  return key.startsWith("'") ? key.slice(1, -1).replace(/''/g, "'") : key;
}
