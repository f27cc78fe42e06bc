import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

/** A 1-based range in the spec file. */
export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export type SpecPath = readonly (string | number)[];

/**
 * Maps JSON paths inside a parsed spec back to file positions. This is the only
 * thing later stages keep of the YAML document: validators ask it "where is
 * `/fields/2/key`?" and put the answer in their diagnostics.
 */
export class SpecSourceMap {
  constructor(
    private readonly document: Document,
    private readonly lineCounter: LineCounter,
    private readonly source: string,
  ) {}

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
   * For a string scalar at `path`, where its content starts and how lines of the
   * content map to file lines — so markdown diagnostics inside a block scalar
   * can point at the exact line of the offending text.
   */
  scalarContent(path: SpecPath): { line: number; column: number; block: boolean; indent: number } {
    const node = this.nodeAt(path);
    const range = this.rangeOf(node?.range);
    if (isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && node.range) {
      // Content starts on the line after the `|` header; find its indentation.
      const contentStartLine = range.line + 1;
      return { line: contentStartLine, column: 1, block: true, indent: this.indentOfLine(contentStartLine) };
    }
    const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
    return { line: range.line, column: range.column + (quoted ? 1 : 0), block: false, indent: 0 };
  }

  private indentOfLine(line: number): number {
    const start = this.lineCounter.lineStarts[line - 1];
    if (start === undefined) return 0;
    let i = start;
    while (this.source[i] === ' ') i++;
    return i - start;
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
