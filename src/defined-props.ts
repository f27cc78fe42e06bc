/** `T` with every key optional and `undefined` taken out of its values: what {@link definedProps} returns. */
export type DefinedProps<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/**
 * The properties of `props` whose value is not `undefined`, in their order:
 * `{ ...definedProps({ outDir, cacheDir }) }` instead of one
 * `...(x !== undefined ? { x } : {})` per key, so an absent option stays an
 * absent key (spread defaults are not overwritten by `undefined`).
 */
export function definedProps<T extends object>(props: T): DefinedProps<T> {
  const defined: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) if (value !== undefined) defined[key] = value;
  return defined as DefinedProps<T>;
}
