import type { ConnectorModel } from '../model/connector-model.js';
import type { EmitResult } from './emitter.js';

/**
 * Memoises an emitter's `emitIndex` across the builds of one prepared
 * emitter (a watch session). An index file reads a few fields of each model
 * (id, name, auth method labels…): `project` returns exactly those, and when
 * every model's projection equals last time's (the common edit: a step's
 * wording), the last result is returned without rendering 1,000 entries again.
 * Projections are computed once per model object; models of unchanged specs
 * are the same objects from build to build.
 *
 * `project` must cover everything `emit` reads, diagnostics included: a field
 * it misses would leave the index stale. Tests compare against a fresh emitter.
 */
export function memoizeIndex(project: (model: ConnectorModel) => unknown, emit: (models: readonly ConnectorModel[]) => EmitResult): (models: readonly ConnectorModel[]) => EmitResult {
  const projections = new WeakMap<ConnectorModel, string>();
  let last: { readonly keys: readonly string[]; readonly result: EmitResult } | undefined;
  return (models) => {
    const keys = models.map((model) => {
      let key = projections.get(model);
      if (key === undefined) {
        key = JSON.stringify(project(model));
        projections.set(model, key);
      }
      return key;
    });
    if (last && last.keys.length === keys.length && last.keys.every((key, i) => key === keys[i])) return last.result;
    const result = emit(models);
    last = { keys, result };
    return result;
  };
}
