/**
 * The shape of a spec as written, once it has passed the JSON Schema. Only
 * `validate/` and `model/build-model.ts` see this; emitters see the model.
 */
import type { Shape } from '../model/connector-model.js';

export interface RawSpec {
  specVersion: 1;
  id: string;
  name: string;
  website?: string;
  category?: string;
  description?: string;
  fields: RawField[];
  auth: RawAuthMethod[];
  api: RawApi;
}

export interface RawField {
  key: string;
  label: string;
  description?: string;
  required?: boolean;
  secret?: boolean;
  placeholder?: string;
  example?: string;
  pattern?: string;
  patternMessage?: string;
  format?: 'uri' | 'email' | 'hostname' | 'uuid';
  minLength?: number;
  maxLength?: number;
}

export interface RawAuthMethod {
  id: string;
  type: 'api-key' | 'basic' | 'oauth2';
  label?: string;
  fields?: string[];
  apply?: RawPlacement[];
  oauth2?: RawOAuth2;
  profile?: { fields: string[]; guide?: RawGuide };
  guide?: RawGuide;
}

/** An OAuth 2.0 method's `oauth2` block. */
export interface RawOAuth2 {
  authorizationUrl: string;
  tokenUrl: string;
  scopes?: string[];
  scopeSeparator?: ' ' | ',';
  pkce?: boolean;
  authorizationParams?: Record<string, string>;
  clientAuthentication?: 'client_secret_post' | 'client_secret_basic';
  clientCredentials?: boolean;
}

export type RawPlacement =
  | { type: 'bearer'; value: string }
  | { type: 'header'; name: string; value?: string; json?: Record<string, RawJsonMember> }
  | { type: 'query'; name: string; value: string }
  | { type: 'basic'; username: string; password?: string };

/** A member of a JSON-valued header: a template sent as a JSON string, or `{ value, as }`. */
export type RawJsonMember = string | { value: string; as?: 'string' | 'number' };

/** A test on the verify response body (`expect` / `failWhen`). */
export type RawBodyCondition = { pointer: string; equals?: string | number | boolean | null; present?: boolean };

export interface RawGuide {
  title?: string;
  description?: string;
  callouts?: { type: 'warning' | 'note' | 'info' | 'tip' | 'check'; text: string }[];
  sections: RawSection[];
  linking?: { hideWhenWhitelabelled?: boolean };
}

export interface RawSection {
  heading: string;
  intro?: string;
  scopes?: string[];
  steps: { title: string; body: string; scopes?: string[]; displayScopes?: string[] }[];
}

export interface RawApi {
  /** Left by `connector-compiler import`; while present, `baseUrl` and `operations` may be missing (see `incomplete.ts`). */
  todo?: string;
  baseUrl: string;
  allowLocalHosts?: boolean;
  docs?: string;
  headers?: Record<string, string>;
  verify?: { operation: string; arguments?: Record<string, unknown>; description?: string; expect?: RawBodyCondition[]; failWhen?: RawBodyCondition[] };
  operations: RawOperation[];
}

export interface RawOperation {
  id: string;
  summary?: string;
  description?: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  idempotent?: boolean;
  parameters?: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; description?: string; schema?: Shape }[];
  body?: { required?: boolean; schema: Shape };
  response?: { description?: string; schema?: Shape };
}

export const DEFAULT_METHOD_LABELS: Record<RawAuthMethod['type'], string> = {
  'api-key': 'API Key',
  basic: 'Basic Auth',
  oauth2: 'OAuth 2.0',
};
