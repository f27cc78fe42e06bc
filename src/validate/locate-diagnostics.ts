import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SpecSourceMap, SpecPath } from '../load/source-map.js';

/**
 * Emitters see the model, not the source, so they report a problem by the
 * JSON path of the spec node it concerns (`/api/operations/0/parameters/1/name`)
 * and land at 1:1. This gives such diagnostics the line and column of that
 * node, from the source map of their file; `sourceMapOf` is asked once per
 * file that has such a diagnostic (building a map may mean parsing the spec).
 */
export function locateByPath(diagnostics: readonly Diagnostic[], sourceMapOf: (file: string) => SpecSourceMap | undefined): Diagnostic[] {
  const maps = new Map<string, SpecSourceMap | undefined>();
  return diagnostics.map((d) => {
    if (!unlocated(d)) return d;
    if (!maps.has(d.file)) maps.set(d.file, sourceMapOf(d.file));
    const map = maps.get(d.file);
    if (!map) return d;
    return diagnostic(d.code, d.severity, d.message, { file: d.file, ...map.valueRange(pointerSegments(d.path!)), path: d.path! }, d.hint);
  });
}

/** At the default 1:1 with a path and no end: placed by path only. */
function unlocated(d: Diagnostic): boolean {
  return d.path !== undefined && d.endLine === undefined && d.line === 1 && d.column === 1;
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
