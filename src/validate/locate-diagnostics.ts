import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SpecSourceMap, SpecPath } from '../load/source-map.js';

/**
 * Emitters see the model, not the source, so they report a problem by the
 * JSON path of the spec node it concerns (`/api/operations/0/parameters/1/name`)
 * and land at 1:1. This gives such diagnostics the line and column of that
 * node, from the spec's source map.
 */
export function locateByPath(diagnostics: readonly Diagnostic[], file: string, sourceMap: () => SpecSourceMap | undefined): Diagnostic[] {
  if (!diagnostics.some((d) => unlocated(d, file))) return [...diagnostics];
  const map = sourceMap();
  if (!map) return [...diagnostics];
  return diagnostics.map((d) => {
    if (!unlocated(d, file)) return d;
    const range = map.valueRange(pointerSegments(d.path!));
    return diagnostic(d.code, d.severity, d.message, { file: d.file, ...range, path: d.path! }, d.hint);
  });
}

/** At the default 1:1 with a path and no end: placed by path only. */
function unlocated(d: Diagnostic, file: string): boolean {
  return d.file === file && d.path !== undefined && d.endLine === undefined && d.line === 1 && d.column === 1;
}

/** `/a/0/b~1c` → `['a', 0, 'b/c']` (JSON Pointer, RFC 6901; all-digit segments index arrays). */
export function pointerSegments(pointer: string): SpecPath {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}
