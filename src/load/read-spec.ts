import { Composer, LineCounter, Parser, isAlias, visit, type CST, type Document, type YAMLError } from 'yaml';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { readPlainYaml } from './plain-yaml.js';
import { SpecSourceMap } from './source-map.js';
import { describeYamlError } from './yaml-errors.js';
import { findMisplacedKey, type MisplacedKey } from './indentation.js';

/** Resource limits that keep hostile specs from hanging or exhausting the compiler. */
export interface LoadLimits {
  /** Largest spec accepted, in bytes (UTF-8). Real specs are a few KB. */
  readonly maxBytes: number;
  /** YAML aliases expanded per document (guards against "billion laughs"). */
  readonly maxAliasCount: number;
  /** Deepest nesting of mappings and sequences accepted. */
  readonly maxDepth: number;
}

/**
 * Defaults: the largest seed spec is 10 KB and nests 11 levels deep, and no
 * spec needs aliases; these leave ample room while keeping a hostile file to
 * milliseconds and megabytes.
 */
export const DEFAULT_LOAD_LIMITS: LoadLimits = { maxBytes: 2 * 1024 * 1024, maxAliasCount: 100, maxDepth: 64 };

/** A spec file parsed to plain data, with a way back to positions. */
export interface ParsedSpec {
  readonly file: string;
  readonly source: string;
  /** Plain JSON-like data; `undefined` when the file could not be parsed. */
  readonly data: unknown;
  readonly sourceMap: SpecSourceMap | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

const DEPTH_HINT = 'Flatten the structure; no part of the spec format needs this depth.';

/**
 * Parses one spec's text. Never throws: syntax errors, duplicate keys, alias
 * bombs, oversized or overly deep input all become diagnostics.
 */
export function parseSpecText(file: string, source: string, limits: LoadLimits = DEFAULT_LOAD_LIMITS): ParsedSpec {
  const fail = (d: Diagnostic, sourceMap?: SpecSourceMap): ParsedSpec => ({ file, source, data: undefined, sourceMap, diagnostics: [d] });

  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > limits.maxBytes) return fail(tooLarge(file, bytes, limits));
  if (source.trim() === '') {
    return fail(diagnostic('CC1003', 'error', 'Spec file is empty.', { file }, 'Run `connector-compiler new <id>` to scaffold a spec, or delete the file.'));
  }

  // Most specs are plain YAML without problems: read those fast, and build the
  // positions (a full `yaml` parse) only if a diagnostic asks for one.
  const plain = readPlainYaml(source, limits.maxDepth);
  if (plain !== undefined) {
    const sourceMap = new SpecSourceMap(() => {
      const full = parseWithPositions(file, source, limits).sourceMap;
      if (!full) throw new Error(`\`${file}\` was read without problems but cannot be read again with positions.`);
      return full.yamlDocument();
    }, source);
    return { file, source, data: plain, sourceMap, diagnostics: [] };
  }
  return parseWithPositions(file, source, limits);
}

/**
 * The full reader, with `yaml`: every problem as a diagnostic with its
 * position, and a source map. `parseSpecText` uses it for anything the fast
 * path leaves to it; exported for the test that holds the two together.
 */
export function parseWithPositions(file: string, source: string, limits: LoadLimits): ParsedSpec {
  const fail = (d: Diagnostic, sourceMap?: SpecSourceMap): ParsedSpec => ({ file, source, data: undefined, sourceMap, diagnostics: [d] });
  // Parse to the concrete syntax tree first: the parser is iterative, so the
  // depth check below sees the real nesting (block scalar text is one leaf)
  // before the recursive composer could overflow the stack.
  const lineCounter = new LineCounter();
  const tokens = [...new Parser(lineCounter.addNewLine).parse(source)];
  const depth = syntaxDepth(tokens);
  if (depth.depth > limits.maxDepth) {
    const at = lineCounter.linePos(depth.offset);
    return fail(diagnostic('CC1009', 'error', `Spec nests ${depth.depth} levels deep; the limit is ${limits.maxDepth}.`, { file, line: at.line || 1, column: at.col || 1, endLine: at.line || 1, endColumn: (at.col || 1) + 1 }, DEPTH_HINT));
  }

  let document: Document.Parsed | undefined;
  const extraDocuments: Document.Parsed[] = [];
  try {
    for (const composed of new Composer({ uniqueKeys: true, strict: true }).compose(tokens, true, source.length)) {
      if (document === undefined) document = composed;
      else extraDocuments.push(composed);
    }
  } catch (error) {
    // Only reachable when `maxDepth` is configured beyond what the stack can hold.
    if (error instanceof RangeError) return fail(diagnostic('CC1009', 'error', 'Spec nests too deeply to be read.', { file }, DEPTH_HINT));
    throw error;
  }
  if (document === undefined) return fail(diagnostic('CC1003', 'error', 'Spec file is empty.', { file }));
  const sourceMap = new SpecSourceMap({ document, lineCounter }, source);
  const diagnostics = yamlDiagnostics(file, source, tokens, document, sourceMap);
  if (extraDocuments.length > 0) {
    const at = sourceMap.offsetPosition(extraDocuments[0]!.range[0]);
    const problem = describeYamlError({ code: 'MULTIPLE_DOCS', message: '' } as YAMLError, '');
    diagnostics.push(diagnostic('CC1004', 'error', problem.message, { file, ...at }, problem.hint));
  }
  diagnostics.push(...unresolvedAliases(file, document, sourceMap));
  diagnostics.push(...unsupportedTags(file, source, document, sourceMap));
  if (diagnostics.some((d) => d.severity === 'error')) return { file, source, data: undefined, sourceMap, diagnostics };

  if (document.contents === null) {
    diagnostics.push(diagnostic('CC1003', 'error', 'Spec file has no content, only comments.', { file }, 'Run `connector-compiler new <id>` to scaffold a spec, or delete the file.'));
    return { file, source, data: undefined, sourceMap, diagnostics };
  }

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    if (error instanceof RangeError) return fail(diagnostic('CC1009', 'error', 'Spec nests too deeply to be read.', { file }, DEPTH_HINT), sourceMap);
    const message = error instanceof Error ? error.message : String(error);
    const aliasProblem = /alias/i.test(message);
    diagnostics.push(
      aliasProblem
        ? diagnostic('CC1007', 'error', `YAML aliases (\`*name\`) expand beyond the limit of ${limits.maxAliasCount}; this looks like an alias bomb.`, { file, ...firstAlias(document, sourceMap) }, 'Write the repeated values out, or use fewer `*alias` references.')
        : diagnostic('CC1004', 'error', `Could not read YAML: ${message}`, { file }),
    );
    return { file, source, data: undefined, sourceMap, diagnostics };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const found = Array.isArray(data) ? 'a list' : `a single value`;
    diagnostics.push(diagnostic('CC1010', 'error', `A spec must be a YAML mapping with keys such as \`id\`, \`name\`, \`fields\`; this file holds ${found}.`, { file, ...sourceMap.valueRange([]) }, 'Start from `connector-compiler new <id>`.'));
    return { file, source, data: undefined, sourceMap, diagnostics };
  }
  return { file, source, data, sourceMap, diagnostics };
}

function tooLarge(file: string, bytes: number, limits: LoadLimits): Diagnostic {
  return diagnostic(
    'CC1008',
    'error',
    `Spec is ${formatBytes(bytes)}, larger than the ${formatBytes(limits.maxBytes)} limit.`,
    { file },
    'A connector spec is normally a few kilobytes; split generated content out, or raise `limits.maxBytes`.',
  );
}

/** Size check before reading a file at all, so a huge file never reaches memory. */
export function checkFileSize(file: string, bytes: number, limits: LoadLimits = DEFAULT_LOAD_LIMITS): Diagnostic | undefined {
  return bytes > limits.maxBytes ? tooLarge(file, bytes, limits) : undefined;
}

/**
 * Parser errors and warnings as diagnostics. The parser often reports one
 * mistake several times on the same line (a bad indent is also a bad key); the
 * first error per line is the useful one.
 */
function yamlDiagnostics(file: string, source: string, tokens: readonly CST.Token[], document: Document.Parsed, sourceMap: SpecSourceMap): Diagnostic[] {
  const out: Diagnostic[] = [];
  const linesWithErrors = new Set<number>();
  const misplaced = misplacedKeyBehind(source, document, sourceMap);
  if (misplaced) out.push(diagnostic('CC1004', 'error', misplaced.message, { file, line: misplaced.line, column: misplaced.column, endLine: misplaced.line, endColumn: misplaced.column + misplaced.key.length }, misplaced.hint));
  for (const [error, severity] of [...document.errors.map((e) => [e, 'error'] as const), ...document.warnings.map((w) => [w, 'warning'] as const)]) {
    if (error.code === 'MULTIPLE_DOCS') continue; // Reported by the caller with a better position.
    // After a misplaced key, the parser's errors are its consequences.
    if (misplaced && sourceMap.offsetPosition(error.pos[0]).line >= misplaced.line - 1) continue;
    if (error.code === 'TAG_RESOLVE_FAILED') continue; // Every unsupported tag is an error of its own (`unsupportedTags`).
    let [startOffset, endOffset] = error.pos;
    if (error.code === 'MISSING_CHAR' && /closing .quote/.test(error.message)) {
      // The library points at the end of the file; the opening quote is what the author needs to see.
      const opening = unclosedQuoteBefore(tokens, startOffset);
      if (opening !== undefined) [startOffset, endOffset] = [opening, opening + 1];
    }
    let excerpt = source.slice(startOffset, endOffset);
    if (error.code === 'DUPLICATE_KEY') {
      // The library marks one character; the author wants the whole key.
      excerpt = /^(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^:\n#]*[^:\s#])/.exec(source.slice(startOffset, startOffset + 1100))?.[0] ?? excerpt;
      endOffset = startOffset + excerpt.length;
    }
    const start = sourceMap.offsetPosition(startOffset);
    if (severity === 'error') {
      if (linesWithErrors.has(start.line)) continue;
      linesWithErrors.add(start.line);
    }
    const end = sourceMap.offsetPosition(endOffset);
    const problem = describeYamlError(error, excerpt.split('\n')[0]!.trim());
    const code = error.code === 'DUPLICATE_KEY' ? 'CC1005' : error.code === 'RESOURCE_EXHAUSTION' ? 'CC1007' : 'CC1004';
    out.push(diagnostic(code, severity, problem.message, { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column }, problem.hint));
  }
  return out;
}

/** The parser's errors that a key at the wrong indentation causes, on its line or the lines after it. */
const INDENTATION_ERRORS = new Set(['BAD_INDENT', 'MISSING_CHAR', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'UNEXPECTED_TOKEN', 'BAD_SCALAR_START']);

/**
 * The misplaced key behind the parser's indentation errors, when there is one
 * on the line of the first such error or the next line that holds something (the parser often notices
 * on the line before: `key: value` followed by an over-indented `other: x`
 * reads as a value containing `: `).
 */
function misplacedKeyBehind(source: string, document: Document.Parsed, sourceMap: SpecSourceMap): MisplacedKey | undefined {
  const first = document.errors.find((error) => INDENTATION_ERRORS.has(error.code));
  if (first === undefined) return undefined;
  const found = findMisplacedKey(source);
  if (found === undefined) return undefined;
  // The next line that holds something, past blank and comment lines.
  const lines = source.split('\n');
  let next = sourceMap.offsetPosition(first.pos[0]).line + 1;
  while (next < found.line && /^\s*(#.*)?\r?$/.test(lines[next - 1] ?? '')) next += 1;
  return found.line <= next ? found : undefined;
}

/** `*name` without a matching `&name` fails only when converted; report it with its position instead. */
function unresolvedAliases(file: string, document: Document.Parsed, sourceMap: SpecSourceMap): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(document, {
    Alias(_key, node) {
      if (node.resolve(document) !== undefined) return;
      out.push(diagnostic('CC1004', 'error', `Alias \`*${node.source}\` refers to no anchor.`, { file, ...sourceMap.rangeOf(node.range) }, `Define \`&${node.source}\` on a value earlier in the file, or write the value out.`));
    },
  });
  return out;
}

/** Explicit tags that do not change what a value means: a string, a mapping, a list, or the non-specific `!`. */
const HARMLESS_TAGS = new Set(['!', 'tag:yaml.org,2002:str', 'tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);

/**
 * Explicit YAML tags other than the harmless ones: `!!set` and `!!omap` read
 * as `{}`, `!!timestamp` as a date, `!!binary` as bytes, a custom `!tag` as a
 * plain string; none of them is what the author meant in a spec.
 */
function unsupportedTags(file: string, source: string, document: Document.Parsed, sourceMap: SpecSourceMap): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(document, {
    Node(_key, node) {
      const tag = (node as { tag?: string }).tag;
      if (tag === undefined || HARMLESS_TAGS.has(tag) || !node.range) return;
      // The node's range starts at its value; the tag is the last `!…` before it.
      let start = source.lastIndexOf('!', node.range[0]);
      while (start > 0 && !/\s/.test(source[start - 1]!)) start--;
      const written = start === -1 ? undefined : /^!\S*/.exec(source.slice(start, node.range[0]))?.[0];
      const range = written !== undefined && /^\s*(&\S+\s*)?$/.test(source.slice(start + written.length, node.range[0])) ? sourceMap.rangeOf([start, start + written.length]) : sourceMap.rangeOf(node.range);
      const shown = written ?? tag.replace(/^tag:yaml\.org,2002:/, '!!');
      out.push(diagnostic('CC1012', 'error', `YAML tag \`${shown}\` is not supported in a spec; the value would not be read as written.`, { file, ...range }, 'Remove the tag: a spec holds strings, numbers, booleans, lists and mappings (`!!str` may force a string).'));
    },
  });
  return out;
}

function firstAlias(document: Document.Parsed, sourceMap: SpecSourceMap): { line: number; column: number } {
  let where = { line: 1, column: 1 };
  visit(document, {
    Node(_key, node) {
      if (!isAlias(node)) return undefined;
      where = sourceMap.offsetPosition(node.range?.[0] ?? 0);
      return visit.BREAK;
    },
  });
  return where;
}

function unclosedQuoteBefore(tokens: readonly CST.Token[], offset: number): number | undefined {
  let found: number | undefined;
  walkTokens(tokens, (token) => {
    if ((token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') && token.offset <= offset) {
      const quote = token.type === 'double-quoted-scalar' ? '"' : "'";
      const closed = token.source.length >= 2 && token.source.endsWith(quote) && !(quote === '"' && /(^|[^\\])(\\\\)*\\"$/.test(token.source.slice(1)));
      if (!closed && (found === undefined || token.offset > found)) found = token.offset;
    }
    return 0;
  });
  return found;
}

/**
 * Deepest nesting of collections in the syntax tree, and where it is. Walks
 * with an explicit stack, so it copes with any depth.
 */
export function syntaxDepth(tokens: readonly CST.Token[]): { depth: number; offset: number } {
  let result = { depth: 0, offset: 0 };
  walkTokens(tokens, (token, depth) => {
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') return depth;
    const inner = depth + 1;
    if (inner > result.depth) result = { depth: inner, offset: token.offset };
    return inner;
  });
  return result;
}

/** Visits every token; `visitor` returns the depth to pass to the token's children. */
function walkTokens(tokens: readonly CST.Token[], visitor: (token: CST.Token, depth: number) => number): void {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    const inner = visitor(token, depth);
    switch (token.type) {
      case 'document':
        if (token.value) stack.push([token.value, inner]);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        for (const item of token.items) {
          if ('key' in item && item.key) stack.push([item.key, inner]);
          if (item.value) stack.push([item.value, inner]);
        }
        break;
      default:
        break;
    }
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
