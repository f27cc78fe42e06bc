/**
 * The one connector-id rule: kebab-case, starting with a letter, at most 64
 * characters. The spec schema states the same (`id.pattern`, `id.maxLength`;
 * a test holds the two together); `new` and `import --id` check it up front.
 */
export const CONNECTOR_ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const CONNECTOR_ID_MAX_LENGTH = 64;

export function isConnectorId(id: string): boolean {
  return CONNECTOR_ID_PATTERN.test(id) && id.length <= CONNECTOR_ID_MAX_LENGTH;
}

/** The usage error for an id that breaks the rule. */
export function connectorIdProblem(id: string): string {
  return `\`${id}\` is not a valid connector id: use lowercase letters and digits in dash-separated words, starting with a letter (e.g. \`acme-crm\`), at most ${CONNECTOR_ID_MAX_LENGTH} characters.`;
}
