import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

/** A 1-based range in the spec file. */
export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export type SpecPath = readonly (string | number)[];

/** A parsed YAML document and the line index of its source. */
export interface YamlDocument {
  readonly document: Document;
  readonly lineCounter: LineCounter;
}

/**
 * Maps JSON paths inside a parsed spec back to file positions. This is the only
 * thing later stages keep of the YAML document: validators ask it "where is
 * `/fields/2/key`?" and put the answer in their diagnostics.
 */
export class SpecSourceMap {
  /**
   * `yaml` is the parsed document, or a function that parses it on first use:
   * specs read by the fast path (see `plain-yaml.ts`) have no document, and
   * most never need one, since positions are only wanted for diagnostics.
   */
  constructor(
    private yaml: YamlDocument | (() => YamlDocument),
    private readonly source: string,
  ) {}

  /** The YAML document behind this map (parsed now if it was deferred). */
  yamlDocument(): YamlDocument {
    return this.loaded();
  }

  private loaded(): YamlDocument {
    if (typeof this.yaml === 'function') this.yaml = this.yaml();
    return this.yaml;
  }

  private get document(): Document {
    return this.loaded().document;
  }

  private get lineCounter(): LineCounter {
    return this.loaded().lineCounter;
  }

  /** Range of the value at `path`, or of the closest ancestor that exists. */
  valueRange(path: SpecPath): SourceRange {
    const node = this.deepestNode(path);
    return this.rangeOf(node?.range);
  }

  /** Range of the key at `path` (for unknown or duplicate keys); falls back to the value. */
  keyRange(path: SpecPath): SourceRange {
    if (path.length === 0) return this.valueRange(path);
    const parent = this.nodeAt(path.slice(0, -1));
    const last = path[path.length - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((item) => keyOf(item) === String(last));
      const keyNode = pair?.key as Node | undefined;
      if (keyNode?.range) return this.rangeOf(keyNode.range);
    }
    return this.valueRange(path);
  }

  /**
   * File position of the character at `index` (0-based, UTF-16) inside the
   * string value at `path` — so a diagnostic about markdown or a template can
   * point at the offending text, whether the string is plain, quoted, literal
   * (`|`) or folded (`>`). Falls back to the start of the value.
   */
  stringPosition(path: SpecPath, index: number): { line: number; column: number } {
    const node = this.nodeAt(path);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) {
      const range = this.valueRange(path);
      return { line: range.line, column: range.column };
    }
    return this.offsetPosition(scalarSourceOffset(this.source, node.value, node.type, node.range[0], node.range[1], index));
  }

  nodeAt(path: SpecPath): Node | undefined {
    let node: unknown = this.document.contents;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => keyOf(item) === String(segment));
        node = pair?.value;
      } else if (isSeq(node)) {
        node = typeof segment === 'number' ? node.items[segment] : undefined;
      } else {
        return undefined;
      }
      if (node === undefined || node === null) return undefined;
    }
    return node as Node;
  }

  private deepestNode(path: SpecPath): Node | undefined {
    for (let length = path.length; length >= 0; length--) {
      const node = this.nodeAt(path.slice(0, length));
      if (node?.range) return node;
      // A key with an empty value (`label:`) has a null value node; point at the key.
      if (length > 0) {
        const parent = this.nodeAt(path.slice(0, length - 1));
        if (isMap(parent)) {
          const pair = parent.items.find((item) => keyOf(item) === String(path[length - 1]));
          const keyNode = pair?.key as Node | undefined;
          if (keyNode?.range) return keyNode;
        }
      }
    }
    return undefined;
  }

  rangeOf(range: readonly [number, number, number?] | null | undefined): SourceRange {
    if (!range) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const start = this.lineCounter.linePos(range[0]);
    const end = this.lineCounter.linePos(range[1]);
    return { line: start.line || 1, column: start.col || 1, endLine: end.line || 1, endColumn: end.col || 1 };
  }

  /** Position of a byte offset (used for YAML parser errors). */
  offsetPosition(offset: number): { line: number; column: number } {
    const pos = this.lineCounter.linePos(offset);
    return { line: pos.line || 1, column: pos.col || 1 };
  }
}

function keyOf(item: Pair<unknown, unknown>): string | undefined {
  if (!isPair(item)) return undefined;
  const key = item.key;
  if (isScalar(key)) return String(key.value);
  return key === null || key === undefined ? undefined : String(key);
}

/**
 * Source offset of `value[index]`, found by aligning the parsed value with its
 * source text. Folding, indentation, chomping and escapes only ever remove or
 * rewrite whitespace, line breaks and escape sequences, so a character of the
 * value is the next source character that equals it, after skipping those.
 */
export function scalarSourceOffset(source: string, value: string, type: string | undefined, start: number, end: number, index: number): number {
  let p = start;
  if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    const header = source.indexOf('\n', start);
    p = header === -1 || header >= end ? end : header + 1;
  } else if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') {
    p = start + 1;
  }
  const target = Math.min(Math.max(index, 0), value.length);
  for (let i = 0; i <= target && p < end; i++) {
    const c = value[i];
    for (;;) {
      if (p >= end) break;
      const s = source[p]!;
      if (type === 'QUOTE_DOUBLE' && s === '\\') {
        const next = source[p + 1];
        if (next === '\n' || next === '\r') {
          // Escaped line break: produces nothing, and neither does the next line's indentation.
          p += next === '\r' && source[p + 2] === '\n' ? 3 : 2;
          while (source[p] === ' ' || source[p] === '\t') p++;
          continue;
        }
        if (i === target) return p;
        const length = next === 'x' ? 4 : next === 'u' ? 6 : next === 'U' ? 10 : 2;
        // `\U0001F600` yields two UTF-16 units.
        if (next === 'U' && (value.codePointAt(i) ?? 0) > 0xffff) i++;
        p += length;
        break;
      }
      if (type === 'QUOTE_SINGLE' && s === "'" && source[p + 1] === "'") {
        if (i === target) return p;
        p += 2;
        break;
      }
      if (s === c) {
        if (i === target) return p;
        p++;
        break;
      }
      const whitespace = s === ' ' || s === '\t' || s === '\n' || s === '\r';
      if (whitespace && (c === ' ' || c === '\n')) {
        // A line break folded into a space or a newline.
        if (i === target) return p;
        p++;
        // In quoted scalars the next line's indentation is not part of the value.
        if ((s === '\n' || s === '\r') && type !== 'PLAIN') while (source[p] === ' ' || source[p] === '\t') p++;
        break;
      }
      if (!whitespace) {
        // Not alignable (should not happen); stop at the best position so far.
        return p;
      }
      p++;
    }
  }
  return Math.min(p, end);
}
