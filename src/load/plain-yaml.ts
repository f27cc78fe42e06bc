/**
 * The fast path of the loader. `yaml` (which `read-spec.ts` uses) keeps every
 * node's source range, which diagnostics need, but takes ~6 ms for a 10 KB
 * spec and dominated the cold build; js-yaml's event parser reads the same
 * spec in ~1.3 ms. So a spec is first read with js-yaml, and only when it
 * has a problem, or uses a YAML feature on which the two libraries could
 * disagree, does `yaml` read it: diagnostics come from `yaml` alone, and a
 * spec yields the same data whichever library read it (a differential
 * property test holds the two together).
 *
 * js-yaml's core schema resolves plain scalars as YAML 1.2 does, like
 * `yaml`'s. What is left to `yaml`:
 * - anchors, aliases and explicit tags (alias-bomb limits, `!!binary`,
 *   unknown tags and their warnings);
 * - directives (`%YAML 1.1` switches `yaml` to 1.1 scalars);
 * - more than one document, and files that are not a mapping;
 * - keys that are `null`, collections or contain commas (each library turns
 *   those into a different string);
 * - a line whose leading blanks hold a tab (`\t  # note` after a block
 *   scalar: `yaml` refuses it as a badly indented scalar line, js-yaml ends
 *   the scalar there);
 * - nesting near the depth limit, and anything js-yaml rejects (it is the
 *   stricter of the two, e.g. on a flow collection's `]` at its parent's indent).
 */
import { CORE_SCHEMA, EVENT_ID, constructFromEvents, parseEvents, type Event } from 'js-yaml';

/** Returns the spec's data, or `undefined` when `yaml` must read it (see above). */
export function readPlainYaml(source: string, maxDepth: number): Record<string, unknown> | undefined {
  if (/^%/m.test(source) || hasTabIndentation(source)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(source, { maxDepth: maxDepth + 1 });
  } catch {
    return undefined;
  }
  if (!plainEvents(events, maxDepth)) return undefined;
  let documents: unknown[];
  try {
    documents = constructFromEvents(events, { source, schema: CORE_SCHEMA, maxAliases: 0 });
  } catch {
    return undefined;
  }
  const data = documents[0];
  if (documents.length !== 1 || typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  return hasAmbiguousKey(data) ? undefined : (data as Record<string, unknown>);
}

/** A line whose leading blanks hold a tab (see above). */
function hasTabIndentation(source: string): boolean {
  return /^ *\t/m.test(source);
}

/**
 * One document, no directives, anchors, aliases or tags, and collections
 * nested less deeply than `maxDepth` minus a margin (`yaml` counts depth its
 * own way; near the limit it decides).
 */
function plainEvents(events: readonly Event[], maxDepth: number): boolean {
  let documents = 0;
  let depth = 0;
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        documents++;
        if (documents > 1 || event.directives.length > 0) return false;
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING:
        if (event.anchorStart !== -1 || event.tagStart !== -1) return false;
        depth++;
        if (depth >= maxDepth - 2) return false;
        break;
      case EVENT_ID.SCALAR:
        if (event.anchorStart !== -1 || event.tagStart !== -1) return false;
        break;
      case EVENT_ID.ALIAS:
        return false;
      case EVENT_ID.POP:
        // Pops close collections and the document alike; only the depth of collections matters.
        if (depth > 0) depth--;
        break;
    }
  }
  return documents === 1;
}

/** Keys each library spells differently: `null` (`''` vs `'null'`), collections (`'[ a, b ]'` vs `'a,b'`). */
function hasAmbiguousKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasAmbiguousKey);
  if (typeof value !== 'object' || value === null) return false;
  for (const key of Object.keys(value)) {
    if (key === 'null' || key === '' || key.includes(',') || key === '[object Object]') return true;
    if (hasAmbiguousKey((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}
