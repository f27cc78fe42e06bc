import type { ErrorObject } from 'ajv';

/**
 * A copy of `data` without the properties the schema errors are about, or
 * `undefined` when some error cannot be set aside that way. Unknown keys and
 * optional properties of the wrong type or form are removed; a missing key, an
 * error on the document itself or on a list item is not (removing a list item
 * would renumber its siblings, and every later diagnostic would point at the
 * wrong one). Validating the copy again tells whether what is left is a spec
 * the semantic rules can read, so a typo'd key and an unknown template field
 * are reported in one run rather than one after the other.
 */
export function withoutSchemaErrors(data: unknown, errors: readonly ErrorObject[]): unknown {
  const copy = structuredClone(data);
  for (const error of errors) {
    const segments = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map(unescapePointer);
    const target = error.keyword === 'additionalProperties' ? [...segments, String((error.params as { additionalProperty: string }).additionalProperty)] : segments;
    if (error.keyword === 'required' || target.length === 0) return undefined;
    const parent = target.slice(0, -1).reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), copy);
    if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
    delete (parent as Record<string, unknown>)[target.at(-1)!];
  }
  return copy;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
