/**
 * The shape of a spec as written, once it has passed the JSON Schema. Only
 * `validate/` and `model/build-model.ts` (and the importer, which writes
 * specs) see this; emitters see the model.
 *
 * GENERATED from schema/connector-spec.schema.json by
 * scripts/generate-raw-spec.ts — do not edit; change the schema and run
 * `npx tsx scripts/generate-raw-spec.ts`. Its length is the schema's: one
 * type per schema definition.
 */

/**
 * Where a credential goes: `bearer` (Authorization: Bearer …), a named `header` (a `value` template, or a `json` object built with JSON escaping), a `query` parameter, or HTTP `basic` auth.
 */
export type RawPlacement =
  | {
      type: 'bearer';
      value: string;
    }
  | {
      type: 'header';
      name: string;
      /**
       * The header's value, a template. Give `value` or `json`, not both.
       */
      value?: string;
      /**
       * The header's value is this JSON object, built with JSON escaping: each member is a template sent as a JSON string, or `{ value: template, as: number }` sent as a JSON number. Use instead of `value`.
       */
      json?: {
        [k: string]: RawJsonHeaderMember;
      };
    }
  | {
      type: 'query';
      name: string;
      value: string;
    }
  | {
      type: 'basic';
      username: string;
      password?: string;
    };
/**
 * A member of a JSON-valued header: a template (sent as a JSON string), or `{ value: template, as: number | string }`.
 */
export type RawJsonHeaderMember =
  | string
  | {
      value: string;
      /**
       * `number` sends the filled template as a JSON number (the value must be one); default `string`.
       */
      as?: 'string' | 'number';
    };

/**
 * One SaaS connector: its credential fields, how they authenticate requests, its API operations and the end-user guide for obtaining the credentials.
 */
export interface RawSpec {
  /**
   * Optional pointer to this schema, for editors.
   */
  $schema?: string;
  /**
   * Version of the spec format. Always 1 for now.
   */
  specVersion: 1;
  /**
   * Kebab-case connector id; must equal the file name without `.yaml`.
   */
  id: string;
  /**
   * Display name, e.g. `ClayHR`.
   */
  name: string;
  /**
   * The provider's public website.
   */
  website?: string;
  /**
   * Kebab-case category, e.g. `hris`, `crm`, `project-management`.
   */
  category?: string;
  /**
   * One-line description of the provider.
   */
  description?: string;
  /**
   * Credential fields the end user fills in, in form order.
   *
   * @minItems 1
   * @maxItems 100
   */
  fields: RawField[];
  /**
   * Authentication methods. Each gets its own form, client credentials type and guide page.
   *
   * @minItems 1
   * @maxItems 20
   */
  auth: RawAuthMethod[];
  api: RawApi;
}
export interface RawField {
  /**
   * Property name in the credentials object, e.g. `apiKey`.
   */
  key: string;
  /**
   * Label shown in the form and the guide, e.g. `API Key`.
   */
  label: string;
  /**
   * Help text shown under the field.
   */
  description?: string;
  required?: boolean;
  /**
   * Secrets are masked in forms and redacted in logs and errors.
   */
  secret?: boolean;
  placeholder?: string;
  /**
   * An example value. Never put a real credential here.
   */
  example?: string;
  /**
   * ECMAScript regular expression the whole value must match, e.g. `^lin_api_`.
   */
  pattern?: string;
  /**
   * Completes "<Label> …" when the pattern fails, e.g. `must start with lin_api_`.
   */
  patternMessage?: string;
  format?: 'uri' | 'email' | 'hostname' | 'uuid';
  minLength?: number;
  maxLength?: number;
  /**
   * `text` (the default) is a one-line text input; `multiline` a text area (PEM keys, certificates); `select` a choice among `options`; `number` a number input (see `minimum`, `maximum`, `integer`); `boolean` a checkbox.
   */
  type?: 'text' | 'multiline' | 'select' | 'number' | 'boolean';
  /**
   * The choices of a `select` field, in display order. Values must be unique.
   *
   * @minItems 1
   * @maxItems 100
   */
  options?: {
    /**
     * The value the credentials carry, e.g. `datadoghq.eu`.
     */
    value: string;
    /**
     * What the form and the guide show, e.g. `EU`.
     */
    label: string;
  }[];
  /**
   * The value the form starts with: text for text kinds (for a `select`, one of the option values), a number for a `number` field, `true` or `false` for a `boolean` field.
   */
  default?: string | number | boolean;
  /**
   * A `number` field: the smallest value accepted.
   */
  minimum?: number;
  /**
   * A `number` field: the largest value accepted.
   */
  maximum?: number;
  /**
   * A `number` field: only whole numbers (JSON Schema `type: integer`).
   */
  integer?: boolean;
  /**
   * Show (and require) this field only when another field of the same auth method has a value: `{ field: region, equals: eu }`, `{ field: region, in: [eu, ap] }`, or `{ field: tenant }` (any value). Hidden, the field is optional.
   */
  showWhen?: {
    /**
     * Key of the field the condition reads.
     */
    field: string;
    /**
     * The field is shown when the other field has exactly this value.
     */
    equals?: string | number | boolean;
    /**
     * The field is shown when the other field has one of these values.
     *
     * @minItems 1
     * @maxItems 100
     */
    in?: (string | number | boolean)[];
  };
}
export interface RawAuthMethod {
  /**
   * Kebab-case method id used in URLs and file names, e.g. `api-key`.
   */
  id: string;
  type: 'api-key' | 'basic' | 'oauth2';
  /**
   * Display name; defaults to `API Key`, `Basic Auth` or `OAuth 2.0`.
   */
  label?: string;
  /**
   * The client's default method: its factory and constructor also take this method's credentials without a method id, as when it was the only method, so adding a method to a spec keeps existing callers working. At most one method.
   */
  default?: boolean;
  /**
   * Keys of the fields this method asks for, in form order. Defaults to every field.
   */
  fields?: string[];
  /**
   * Where each credential goes on every request.
   */
  apply?: RawPlacement[];
  /**
   * How the provider's OAuth 2.0 endpoints are reached (authorization-code flow with PKCE, refresh, and the client-credentials grant where the provider supports it).
   */
  oauth2?: {
    /**
     * https:// URL of the authorization endpoint; may use `{field}` placeholders for a region or tenant (`https://{subdomain}.example.com/oauth/authorize`), with the rules of `api.baseUrl`.
     */
    authorizationUrl: string;
    /**
     * https:// URL of the token endpoint; placeholders as in `authorizationUrl`.
     */
    tokenUrl: string;
    /**
     * Scopes asked for when the app names none.
     */
    scopes?: string[];
    /**
     * How scopes are joined in the `scope` parameter; default a space (RFC 6749). Linear and Slack use `,`.
     */
    scopeSeparator?: ' ' | ',';
    /**
     * Send a PKCE S256 challenge; default true.
     */
    pkce?: boolean;
    /**
     * Extra parameters of the authorization URL the provider needs, e.g. `prompt: consent`. They never override `response_type`, `client_id`, `redirect_uri`, `scope`, `state` or the PKCE parameters.
     */
    authorizationParams?: {
      [k: string]: string;
    };
    /**
     * How the app authenticates at the token endpoint; default `client_secret_post`.
     */
    clientAuthentication?: 'client_secret_post' | 'client_secret_basic';
    /**
     * The provider supports the client-credentials grant (tokens for the app itself, no user).
     */
    clientCredentials?: boolean;
  };
  /**
   * An OAuth 2.0 method's connector profile: what an admin sets up once (the OAuth app's Client ID and Client Secret, and any provider extras) before users can link accounts.
   */
  profile?: {
    /**
     * Keys of the fields the admin fills in, in form order (declared under `fields` like any other).
     *
     * @minItems 1
     */
    fields: string[];
    guide?: RawGuide;
  };
  guide?: RawGuide1;
}
/**
 * The connector-profile page (`/connectors/<id>/guides/connector-profile/<method>`): callouts and sections in the guide layout, without the Hub linking block.
 */
export interface RawGuide {
  /**
   * Page title template; placeholders `{name}`, `{method}`, `{platform}`.
   */
  title?: string;
  /**
   * Page description template; same placeholders as `title`.
   */
  description?: string;
  callouts?: RawCallout[];
  /**
   * @minItems 1
   */
  sections: RawSection[];
  linking?: {
    /**
     * Wrap the "Linking the Account from the Hub" block in `<div data-whitelabel-hide>` so white-labelled docs hide it. `false` renders it as plain markdown, always shown.
     */
    hideWhenWhitelabelled?: boolean;
  };
}
export interface RawCallout {
  type: 'warning' | 'note' | 'info' | 'tip' | 'check';
  text: string;
}
/**
 * A `<section data-guide-section>` with an `<h2>`: `intro` blocks and/or `steps`. A section without `steps` ("Before You Start") must have an `intro`.
 */
export interface RawSection {
  heading: string;
  /**
   * Paragraphs, lists… shown under the heading, before the steps if any.
   */
  intro?: string;
  scopes?: string[];
  /**
   * @minItems 1
   */
  steps?: RawStep[];
}
export interface RawStep {
  title: string;
  body: string;
  scopes?: string[];
  /**
   * Scopes to list to the reader (rendered as `data-guide-display-scopes-list`).
   */
  displayScopes?: string[];
  /**
   * Connector-profile pages only: after the step's body, show the OAuth redirect URL the admin registers at the provider, from the config's `site.oauthRedirectUrl` (a site setting, never written into the spec).
   */
  redirectUrl?: boolean;
}
export interface RawGuide1 {
  /**
   * Page title template; placeholders `{name}`, `{method}`, `{platform}`.
   */
  title?: string;
  /**
   * Page description template; same placeholders as `title`.
   */
  description?: string;
  callouts?: RawCallout[];
  /**
   * @minItems 1
   */
  sections: RawSection[];
  linking?: {
    /**
     * Wrap the "Linking the Account from the Hub" block in `<div data-whitelabel-hide>` so white-labelled docs hide it. `false` renders it as plain markdown, always shown.
     */
    hideWhenWhitelabelled?: boolean;
  };
}
/**
 * The provider's API. A spec written by `connector-compiler import` has only `todo` here until someone fills in `baseUrl` and `operations`.
 */
export interface RawApi {
  /**
   * Left by `connector-compiler import`: the API part still has to be written. While it is present, `validate` and `build` report CC3020 (an error, or a warning with `--allow-incomplete`, which builds forms and guides but no client).
   */
  todo?: string;
  /**
   * Base URL; may use field placeholders in the host, e.g. `https://{subdomain}.clayhr.com/api`.
   */
  baseUrl?: string;
  /**
   * Lets a field that is the whole host of `baseUrl` (`https://{host}/api`) name an IPv4 address or a local name (`localhost`, `*.localhost`, `*.local`), e.g. for self-hosted instances on a private network. Off by default: such hosts are refused in the form, by `check-credentials` and by the client.
   */
  allowLocalHosts?: boolean;
  /**
   * The provider's API reference.
   */
  docs?: string;
  /**
   * Static headers sent with every request.
   */
  headers?: {
    [k: string]: string;
  };
  /**
   * The request that proves a credential set works.
   */
  verify?: {
    operation: string;
    /**
     * Arguments passed to the operation (path, query and body values).
     */
    arguments?: {
      [k: string]: unknown;
    };
    description?: string;
    /**
     * Conditions a 2xx response body must meet; when one fails, `verify()` reports invalid credentials.
     *
     * @maxItems 20
     */
    expect?: RawBodyCondition[];
    /**
     * Conditions that, when a response body (any status) meets one, make `verify()` report invalid credentials.
     *
     * @maxItems 20
     */
    failWhen?: RawBodyCondition[];
  };
  /**
   * Left by `connector-compiler import`: the actions of the page's scope selector as read (`id`, `label`, `scopes`). The page renders them as they are while no operation declares `scopes`; once operations do, the selector is derived from them and an entry whose `id` (`<connector id>_<operation id in snake_case>`) matches no operation is a warning (CC3042). Move each entry's scopes onto its operation, then delete the list.
   *
   * @maxItems 2000
   */
  importedActions?: {
    id: string;
    label: string;
    scopes: string[];
  }[];
  /**
   * @minItems 1
   * @maxItems 2000
   */
  operations?: RawOperation[];
}
/**
 * A test on the JSON response body: the value at `pointer` `equals` a scalar, or is `present` (`true`) or absent (`false`). Give `equals` or `present`, not both.
 */
export interface RawBodyCondition {
  /**
   * RFC 6901 JSON pointer, e.g. `/is_logged_in` or `/errors`; empty for the whole body.
   */
  pointer: string;
  equals?: string | number | boolean | null;
  present?: boolean;
}
export interface RawOperation {
  /**
   * Method name on the generated client, e.g. `listUsers`.
   */
  id: string;
  summary?: string;
  description?: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * Path under the base URL; `{name}` marks a path parameter.
   */
  path: string;
  /**
   * Whether retries are safe. Defaults to true for GET, PUT and DELETE.
   */
  idempotent?: boolean;
  /**
   * Permission scopes the operation needs. When any operation declares scopes, guide pages get the action/scope selector panel and the client exports `operationScopes`.
   */
  scopes?: string[];
  /**
   * The action's label in the scope selector; defaults to the operation id's words, title-cased (`listUsers` → `List Users`).
   */
  action?: string;
  parameters?: RawParameter[];
  body?: {
    required?: boolean;
    schema: RawShape;
  };
  response?: {
    description?: string;
    schema?: RawShape;
  };
}
export interface RawParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  schema?: RawShape;
}
/**
 * A JSON Schema subset describing a value: type, properties, required, items, enum, const, nullable, anyOf/oneOf.
 */
export interface RawShape {
  type?:
    ('string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null') | ('string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null')[];
  description?: string;
  title?: string;
  format?: string;
  properties?: {
    [k: string]: RawShape;
  };
  required?: string[];
  additionalProperties?: boolean | RawShape;
  items?: RawShape;
  /**
   * @minItems 1
   */
  enum?: (string | number | number | boolean | null)[];
  const?: string | number | number | boolean | null;
  nullable?: boolean;
  /**
   * @minItems 1
   */
  anyOf?: RawShape[];
  /**
   * @minItems 1
   */
  oneOf?: RawShape[];
  default?: unknown;
  example?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
}
