/**
 * The intermediate model: the one contract between the front end (load +
 * validate) and every emitter. Readonly, JSON-serialisable, free of YAML nodes,
 * ajv errors and markdown parser trees. Defaults are already applied.
 */

export const MODEL_VERSION = 1;

export interface ConnectorModel {
  readonly id: string;
  readonly name: string;
  readonly website?: string;
  readonly category?: string;
  readonly description?: string;
  /** The spec file this model came from, relative to the project root, `/`-separated. */
  readonly sourceFile: string;
  readonly fields: readonly CredentialField[];
  readonly authMethods: readonly AuthMethod[];
  readonly api: ApiModel;
}

// ─── Credentials ────────────────────────────────────────────────────────────

export type FieldFormat = 'uri' | 'email' | 'hostname' | 'uuid';

export interface CredentialField {
  /** lowerCamelCase property name, e.g. `apiKey`. */
  readonly key: string;
  /** Human label, e.g. `API Key`. Used in forms, guides and validation messages. */
  readonly label: string;
  readonly description?: string;
  readonly required: boolean;
  readonly secret: boolean;
  readonly placeholder?: string;
  readonly example?: string;
  /** ECMAScript regex source, checked to compile at validation time. */
  readonly pattern?: string;
  /** Completes "<label> …", e.g. "must start with lin_api_". */
  readonly patternMessage?: string;
  readonly format?: FieldFormat;
  readonly minLength?: number;
  readonly maxLength?: number;
  /**
   * Present exactly on a `select` field: the values it may take, in display
   * order, each with its label. Values are unique (checked at validation).
   */
  readonly options?: readonly FieldOption[];
  /** A `multiline` field: text that may span lines (a PEM key), entered in a text area. */
  readonly multiline?: true;
  /**
   * Present on a field whose value is not text: `number` (`type: number`),
   * `integer` (`type: number` with `integer: true`) or `boolean` (a checkbox).
   */
  readonly valueType?: 'number' | 'integer' | 'boolean';
  /** A number field's inclusive bounds. */
  readonly minimum?: number;
  readonly maximum?: number;
  /**
   * The value the form starts with: text for text kinds (for a select, one of
   * its option values), a number for a number field, a boolean for a checkbox.
   */
  readonly default?: string | number | boolean;
  /** Shown (and, when required, required) only while this condition on another field of the same method holds. */
  readonly showWhen?: FieldCondition;
}

/**
 * "Only when `field` is one of `values`" (the spec's `equals: x` is `values: [x]`),
 * or, without `values`, "only when `field` has any value" (present and not empty).
 */
export interface FieldCondition {
  readonly field: string;
  readonly values?: readonly (string | number | boolean)[];
}

/** One choice of a select field: `{ value: 'datadoghq.eu', label: 'EU' }`. */
export interface FieldOption {
  readonly value: string;
  readonly label: string;
}

export type AuthMethodType = 'api-key' | 'basic' | 'oauth2';

export interface AuthMethod {
  /** Kebab-case, used in file names and URLs, e.g. `api-key`. */
  readonly id: string;
  readonly type: AuthMethodType;
  /** Display name, e.g. `API Key`. */
  readonly label: string;
  /** The spec's `default: true`: the client also takes this method's credentials without a method id. */
  readonly isDefault?: true;
  /** The fields this method asks for, in form order (resolved copies, not keys). */
  readonly fields: readonly CredentialField[];
  /** How credentials are attached to each request. */
  readonly placements: readonly CredentialPlacement[];
  readonly oauth2?: OAuth2Settings;
  /** An OAuth 2.0 method's connector profile: the fields an admin sets up once (resolved copies). */
  readonly profile?: ConnectorProfile;
  readonly guide?: GuideModel;
}

export interface ConnectorProfile {
  /** In form order: the OAuth app's Client ID, Client Secret, and provider extras. */
  readonly fields: readonly CredentialField[];
  /** The connector-profile page; its `linking` is unused (the page has no Hub linking block). */
  readonly guide?: GuideModel;
}

/** An OAuth 2.0 method's endpoints and how the provider wants to be asked; defaults applied. */
export interface OAuth2Settings {
  /** May use fields of the method or its profile (a region or tenant), in the slots a base URL allows. */
  readonly authorizationUrl: Template;
  readonly tokenUrl: Template;
  /** Scopes asked for when the app names none, in spec order. */
  readonly scopes: readonly string[];
  /** How scopes are joined in the `scope` parameter (`' '` by default, `','` for Linear). */
  readonly scopeSeparator: ' ' | ',';
  /** Send a PKCE S256 challenge (default true). */
  readonly pkce: boolean;
  /** Extra authorization-URL parameters (`prompt=consent`), sorted by name. */
  readonly authorizationParams: readonly { readonly name: string; readonly value: string }[];
  readonly clientAuthentication: 'client_secret_post' | 'client_secret_basic';
  /** The provider supports the client-credentials grant. */
  readonly clientCredentials: boolean;
}

export type CredentialPlacement =
  | { readonly type: 'bearer'; readonly value: Template }
  | { readonly type: 'header'; readonly name: string; readonly value: Template }
  | { readonly type: 'json-header'; readonly name: string; readonly members: readonly JsonHeaderMember[] }
  | { readonly type: 'query'; readonly name: string; readonly value: Template }
  | { readonly type: 'basic'; readonly username: Template; readonly password: Template };

/**
 * One member of a header whose value is a JSON object (ClayHR's
 * `Authorization: {"userId": 42, "apiKey": "…"}`), in spec order. The
 * runtime builds the value with `JSON.stringify`; `as: 'number'` sends the
 * filled template as a JSON number (it must be one), `'string'` as a string.
 */
export interface JsonHeaderMember {
  readonly name: string;
  readonly value: Template;
  readonly as: 'string' | 'number';
}

/** A string with `{fieldKey}` placeholders, pre-split so emitters never re-parse it. */
export interface Template {
  readonly raw: string;
  readonly parts: readonly TemplatePart[];
}

export type TemplatePart = { readonly type: 'text'; readonly value: string } | { readonly type: 'field'; readonly key: string };

// ─── API ────────────────────────────────────────────────────────────────────

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiModel {
  /**
   * True when the spec still carries the importer's TODO block (see `connector-compiler import`):
   * the API part is not filled in yet, so no client is generated for this connector.
   */
  readonly incomplete?: boolean;
  readonly baseUrl: Template;
  /** A whole-host field may name an IPv4 address or a local name (`localhost`, `*.local`); off by default. */
  readonly allowLocalHosts?: boolean;
  readonly docs?: string;
  /** Static headers, sorted by name. */
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  readonly verify?: VerifyRequest;
  readonly operations: readonly Operation[];
  /** The scope selector's actions an imported page had (`api.importedActions`); used while no operation declares scopes. */
  readonly importedActions?: readonly { readonly id: string; readonly label: string; readonly scopes: readonly string[] }[];
}

export interface VerifyRequest {
  readonly operationId: string;
  /** Arguments for the operation: path/query/header values by parameter name, and `body`. */
  readonly arguments: Readonly<Record<string, unknown>>;
  readonly description?: string;
  /** Conditions a 2xx response body must meet; one that fails means the credentials were refused (Apollo's `is_logged_in`). */
  readonly expect: readonly BodyCondition[];
  /** Conditions that, when a response body (any status) meets one, mean the credentials were refused (GraphQL `errors`). */
  readonly failWhen: readonly BodyCondition[];
}

/** A test on the JSON response body at an RFC 6901 pointer (`''` is the whole body). */
export type BodyCondition =
  | { readonly pointer: string; readonly equals: string | number | boolean | null }
  | { readonly pointer: string; readonly present: boolean };

export interface Operation {
  /** lowerCamelCase client method name. */
  readonly id: string;
  readonly summary?: string;
  readonly description?: string;
  readonly method: HttpMethod;
  /** Path template under the base URL, e.g. `/users/{userId}`. */
  readonly path: string;
  readonly pathParts: readonly PathPart[];
  readonly idempotent: boolean;
  /** Permission scopes the operation needs, as declared (possibly none). */
  readonly scopes: readonly string[];
  /** The action label of the scope selector, when the spec overrides the default (see `actionLabel`). */
  readonly action?: string;
  readonly parameters: readonly Parameter[];
  readonly body?: { readonly required: boolean; readonly schema: Shape };
  readonly response: { readonly description?: string; readonly schema?: Shape };
}

export type PathPart = { readonly type: 'text'; readonly value: string } | { readonly type: 'param'; readonly name: string };

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly description?: string;
  readonly schema: Shape;
}

/** The JSON Schema subset the spec format accepts for parameters, bodies and responses. */
export interface Shape {
  readonly type?: ShapeType | readonly ShapeType[];
  readonly description?: string;
  readonly title?: string;
  readonly format?: string;
  readonly properties?: Readonly<Record<string, Shape>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Shape;
  readonly items?: Shape;
  readonly enum?: readonly (string | number | boolean | null)[];
  readonly const?: string | number | boolean | null;
  readonly nullable?: boolean;
  readonly anyOf?: readonly Shape[];
  readonly oneOf?: readonly Shape[];
  readonly default?: unknown;
  readonly example?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
}

export type ShapeType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

// ─── Guide ──────────────────────────────────────────────────────────────────

export type CalloutKind = 'warning' | 'note' | 'info' | 'tip' | 'check';

export interface GuideModel {
  /** Title template override; placeholders `{name}`, `{method}`, `{platform}`. */
  readonly title?: string;
  readonly description?: string;
  readonly callouts: readonly Callout[];
  readonly sections: readonly GuideSection[];
  readonly linking: { readonly hideWhenWhitelabelled: boolean };
}

export interface Callout {
  readonly kind: CalloutKind;
  readonly content: readonly Block[];
}

export interface GuideSection {
  readonly heading: string;
  readonly intro: readonly Block[];
  readonly scopes: readonly string[];
  /** Empty in a section that is only a heading and its intro. */
  readonly steps: readonly GuideStep[];
}

export interface GuideStep {
  readonly title: string;
  readonly body: readonly Block[];
  readonly scopes: readonly string[];
  readonly displayScopes: readonly string[];
  /** Connector-profile pages: show the site's OAuth redirect URL after the body (`site.oauthRedirectUrl`). */
  readonly redirectUrl?: true;
}

/** Markdown, parsed once at validation time into a small closed tree. */
export type Block =
  | { readonly type: 'paragraph'; readonly children: readonly Inline[] }
  | { readonly type: 'list'; readonly ordered: boolean; readonly start?: number; readonly spread: boolean; readonly items: readonly ListItem[] }
  | { readonly type: 'image'; readonly image: ImageRef }
  | { readonly type: 'callout'; readonly kind: CalloutKind; readonly children: readonly Block[] }
  | { readonly type: 'code'; readonly lang?: string; readonly value: string }
  | { readonly type: 'table'; readonly align: readonly ('left' | 'right' | 'center' | null)[]; readonly header: readonly TableCell[]; readonly rows: readonly (readonly TableCell[])[] }
  | { readonly type: 'heading'; readonly depth: 3 | 4 | 5 | 6; readonly children: readonly Inline[] }
  | { readonly type: 'thematicBreak' };

export interface ListItem {
  readonly checked?: boolean;
  readonly children: readonly Block[];
}

export type TableCell = readonly Inline[];

/**
 * Inline content. `form` is the authored spelling of a construct where the page does not use the
 * house form (`<strong>`, `<em>`, `<del>`, backticks, `<a …>`): one of a closed list, written in
 * spec markdown as a `{…}` suffix right after the construct (see {@link INLINE_FORMS}). It changes
 * how the page spells the construct, never what it renders to beyond the element's name.
 */
export type Inline =
  | { readonly type: 'text'; readonly value: string }
  /** `b`: `<b>`; `markdown`: `**…**`. */
  | { readonly type: 'strong'; readonly form?: 'b' | 'markdown'; readonly children: readonly Inline[] }
  /** `i`: `<i>`; `markdown`: `*…*`. */
  | { readonly type: 'emphasis'; readonly form?: 'i' | 'markdown'; readonly children: readonly Inline[] }
  /** `s`: `<s>`; `markdown`: `~~…~~`. */
  | { readonly type: 'delete'; readonly form?: 's' | 'markdown'; readonly children: readonly Inline[] }
  /** `code`: a `<code>` element instead of backticks. */
  | { readonly type: 'inlineCode'; readonly form?: 'code'; readonly value: string }
  /**
   * `newTab` is the authored tab behaviour where it differs from the site's rule (web links
   * open a new tab, `mailto:`, `tel:`, anchors and site paths do not); absent, the rule holds.
   * Spec markdown writes it `[text](url){new-tab}` or `[text](url){same-tab}`.
   * `form: 'markdown'` is a markdown link `[text](url)` on the page, which never opens a new tab
   * (`newTab` is then absent); spec markdown writes it `[text](url){markdown}`.
   */
  | { readonly type: 'link'; readonly href: string; readonly title?: string; readonly newTab?: boolean; readonly form?: 'markdown'; readonly children: readonly Inline[] }
  | { readonly type: 'image'; readonly image: ImageRef }
  | { readonly type: 'break' };

export interface ImageRef {
  readonly src: string;
  readonly alt: string;
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
  /** Source path inside the docs repo (rendered as `data-path`). */
  readonly dataPath?: string;
}

/**
 * The authored forms spec markdown can give each inline construct, as the keyword of the `{…}`
 * suffix written right after it (`**Save**{b}`, `` `id`{code} ``, `[docs](https://…){markdown}`).
 * A closed list: any other `{…}` is text. Links also take `new-tab` and `same-tab`.
 */
export const INLINE_FORMS = {
  strong: ['b', 'markdown'],
  emphasis: ['i', 'markdown'],
  delete: ['s', 'markdown'],
  inlineCode: ['code'],
  link: ['markdown'],
} as const;

/** The site's rule for links: web links open a new tab; site paths, anchors, `mailto:` and `tel:` do not. */
export function opensNewTab(href: string): boolean {
  return /^(?:https?:)?\/\//i.test(href);
}
