import { actionId, defaultActionLabel } from '../validate/action-names.js';
import type { ConnectorModel, Operation } from './connector-model.js';

export { actionId, defaultActionLabel };

/**
 * One entry of a guide page's action/scope selector: an operation that
 * declares the permission scopes it needs. Derived from the operations,
 * never written by hand.
 */
export interface ScopedAction {
  /** `<connector id>_<operation id in snake_case>`, e.g. `acme_list_users`. */
  readonly id: string;
  /** The operation's `action`, or its id's words title-cased: `listUsers` → `List Users`. */
  readonly label: string;
  readonly scopes: readonly string[];
}

export function actionLabel(operation: Operation): string {
  return operation.action ?? defaultActionLabel(operation.id);
}

/**
 * The selector's actions in operation order: the operations that declare
 * scopes; while none does, the actions an imported page had
 * (`api.importedActions`), as they were. Empty means no selector.
 */
export function scopedActions(model: ConnectorModel): ScopedAction[] {
  if (!model.api.operations.some((operation) => operation.scopes.length > 0)) return [...(model.api.importedActions ?? [])];
  return model.api.operations.filter((operation) => operation.scopes.length > 0).map((operation) => ({ id: actionId(model.id, operation.id), label: actionLabel(operation), scopes: operation.scopes }));
}
