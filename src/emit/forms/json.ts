/** JSON values as the form emitter builds them: plain data whose key order is the output order. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/**
 * Prints JSON the one way every form file is printed: 2-space indent, keys in
 * insertion order (chosen on purpose by each builder), LF, final newline.
 * U+2028/U+2029 are escaped so the files can also be pasted into JS sources.
 */
export function printJson(value: JsonValue): string {
  return `${JSON.stringify(value, null, 2).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}\n`;
}
