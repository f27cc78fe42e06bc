import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { SpecSourceMap } from './source-map.js';

/** Resource limits that keep hostile specs from hanging or exhausting the compiler. */
export interface LoadLimits {
  /** Largest spec accepted, in bytes. Real specs are a few KB. */
  readonly maxBytes: number;
  /** YAML aliases expanded per document (guards against "billion laughs"). */
  readonly maxAliasCount: number;
  /** Deepest nesting of mappings and sequences accepted. */
  readonly maxDepth: number;
}

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

/**
 * Parses one spec's text. Never throws: syntax errors, duplicate keys, alias
 * bombs, oversized or overly deep input all become diagnostics.
 */
export function parseSpecText(file: string, source: string, limits: LoadLimits = DEFAULT_LOAD_LIMITS): ParsedSpec {
  const fail = (d: Diagnostic): ParsedSpec => ({ file, source, data: undefined, sourceMap: undefined, diagnostics: [d] });

  if (source.length > limits.maxBytes) {
    return fail(
      diagnostic('CC1008', 'error', `Spec is ${formatBytes(source.length)}, larger than the ${formatBytes(limits.maxBytes)} limit.`, { file }, 'A connector spec is normally a few kilobytes; split generated content out, or raise `limits.maxBytes` in the config.'),
    );
  }
  if (source.trim() === '') {
    return fail(diagnostic('CC1003', 'error', 'Spec file is empty.', { file }, 'Run `connector-compiler new <id>` to scaffold a spec, or delete the file.'));
  }
  const depth = nestingDepth(source);
  if (depth.depth > limits.maxDepth) {
    return fail(
      diagnostic('CC1009', 'error', `Spec nests ${depth.depth} levels deep; the limit is ${limits.maxDepth}.`, { file, line: depth.line, column: depth.column }, 'Flatten the structure; no part of the spec format needs this depth.'),
    );
  }

  const lineCounter = new LineCounter();
  let document: ReturnType<typeof parseDocument>;
  try {
    document = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (error) {
    // The YAML composer recurses; input the depth pre-scan cannot see (e.g. `- - - …` on one line) can still overflow.
    if (error instanceof RangeError) return fail(diagnostic('CC1009', 'error', 'Spec nests too deeply to be read.', { file }, 'Flatten the structure; no part of the spec format needs this depth.'));
    throw error;
  }
  const sourceMap = new SpecSourceMap(document, lineCounter, source);
  const diagnostics: Diagnostic[] = [];

  for (const error of document.errors) diagnostics.push(yamlErrorDiagnostic(file, error, sourceMap));
  for (const warning of document.warnings) diagnostics.push({ ...yamlErrorDiagnostic(file, warning, sourceMap), severity: 'warning' });
  if (diagnostics.some((d) => d.severity === 'error')) {
    return { file, source, data: undefined, sourceMap, diagnostics };
  }

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    if (error instanceof RangeError) return fail(diagnostic('CC1009', 'error', 'Spec nests too deeply to be read.', { file }, 'Flatten the structure; no part of the spec format needs this depth.'));
    const message = error instanceof Error ? error.message : String(error);
    const aliasProblem = /alias/i.test(message);
    diagnostics.push(
      diagnostic(
        aliasProblem ? 'CC1007' : 'CC1004',
        'error',
        aliasProblem ? `YAML aliases expand too much (more than ${limits.maxAliasCount} alias uses).` : `Could not read YAML: ${message}`,
        { file },
        aliasProblem ? 'Write the repeated values out, or use fewer `*alias` references.' : undefined,
      ),
    );
    return { file, source, data: undefined, sourceMap, diagnostics };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push(diagnostic('CC1010', 'error', 'A spec must be a YAML mapping with keys such as `id`, `name`, `fields`.', { file, ...sourceMap.valueRange([]) }, 'Start from `connector-compiler new <id>`.'));
    return { file, source, data: undefined, sourceMap, diagnostics };
  }
  return { file, source, data, sourceMap, diagnostics };
}

function yamlErrorDiagnostic(file: string, error: YAMLError, sourceMap: SpecSourceMap): Diagnostic {
  const start = sourceMap.offsetPosition(error.pos[0]);
  const end = sourceMap.offsetPosition(error.pos[1]);
  const duplicate = error.code === 'DUPLICATE_KEY';
  const alias = error.code === 'ALIAS_PROPS' || /alias/i.test(error.message) && /count|resource/i.test(error.message);
  // The yaml library's message ends with a position and excerpt of its own; we print our own frame.
  const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return diagnostic(
    duplicate ? 'CC1005' : alias ? 'CC1007' : 'CC1004',
    'error',
    duplicate ? `Duplicate key: ${message}` : `YAML syntax error (${error.code}): ${message}`,
    { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column },
    duplicate ? 'Each key may appear once per mapping; remove or rename one of them.' : 'Fix the YAML syntax at this position; indentation and unclosed quotes are the usual causes.',
  );
}

/**
 * Cheap pre-scan of flow-collection and indentation depth, so a 10,000-deep
 * document is refused before the recursive YAML composer can blow the stack.
 */
export function nestingDepth(source: string): { depth: number; line: number; column: number } {
  let flow = 0;
  let maxDepth = 0;
  let where = { line: 1, column: 1 };
  let line = 1;
  let lineStart = 0;
  const indentLevels: number[] = [];
  let atLineStart = true;
  let inQuote: '"' | "'" | undefined;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\n') {
      line++;
      lineStart = i + 1;
      atLineStart = true;
      continue;
    }
    if (atLineStart) {
      if (ch === ' ' || ch === '-') continue;
      atLineStart = false;
      const indent = i - lineStart;
      if (ch !== '#') {
        while (indentLevels.length > 0 && indentLevels[indentLevels.length - 1]! >= indent) indentLevels.pop();
        indentLevels.push(indent);
        const depth = indentLevels.length + flow;
        if (depth > maxDepth) {
          maxDepth = depth;
          where = { line, column: indent + 1 };
        }
      }
    }
    if (inQuote) {
      if (ch === inQuote) inQuote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const prev = source[i - 1];
      if (prev === undefined || prev === ' ' || prev === '[' || prev === '{' || prev === ',' || prev === ':') inQuote = ch;
    } else if (ch === '#' && (source[i - 1] === ' ' || source[i - 1] === '\t')) {
      const next = source.indexOf('\n', i);
      i = next === -1 ? source.length : next - 1;
    } else if (ch === '[' || ch === '{') {
      flow++;
      const depth = indentLevels.length + flow;
      if (depth > maxDepth) {
        maxDepth = depth;
        where = { line, column: i - lineStart + 1 };
      }
    } else if ((ch === ']' || ch === '}') && flow > 0) {
      flow--;
    }
  }
  return { depth: maxDepth, ...where };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
