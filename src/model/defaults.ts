import type { AuthMethodType } from './connector-model.js';

/** The label of an auth method that sets none (the model builder's default; the importer leaves it out when a page uses it). */
export const DEFAULT_METHOD_LABELS: Record<AuthMethodType, string> = {
  'api-key': 'API Key',
  basic: 'Basic Auth',
  oauth2: 'OAuth 2.0',
};
