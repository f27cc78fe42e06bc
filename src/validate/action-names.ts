/**
 * The names of a connector's actions in the scope selector, from its
 * operation ids. Here, below the model, because validation checks imported
 * actions against them (CC3042) and the model and the pages use them too.
 */

/** The words of a lowerCamelCase identifier: `getV2Users` → `get`, `V2`, `Users`. */
function words(id: string): string[] {
  return id.match(/[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])/g) ?? [id];
}

/** `acme` + `listUsers` → `acme_list_users`. */
export function actionId(connectorId: string, operationId: string): string {
  return `${connectorId}_${words(operationId).map((word) => word.toLowerCase()).join('_')}`;
}

/** `listUsers` → `List Users`. */
export function defaultActionLabel(operationId: string): string {
  return words(operationId).map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');
}
