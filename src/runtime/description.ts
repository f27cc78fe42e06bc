/**
 * The plain data a generated client hands to the runtime: everything the
 * spec says about URLs, auth and operations, with no code in it. Generated
 * files declare one `ConnectorDescription` constant; the runtime reads it.
 */
import type { CredentialRule } from './credentials.js';

/** Literal text, or the value of a credential field. */
export type TemplatePart = { readonly type: 'text'; readonly value: string } | { readonly type: 'field'; readonly key: string };

/** Literal path text, or a path parameter by its key in the params object. */
export type PathPart = { readonly type: 'text'; readonly value: string } | { readonly type: 'param'; readonly key: string };

/** Where credentials go on each request. */
export type PlacementDescription =
  | { readonly type: 'bearer'; readonly value: readonly TemplatePart[] }
  | { readonly type: 'header'; readonly name: string; readonly value: readonly TemplatePart[] }
  | { readonly type: 'json-header'; readonly name: string; readonly members: readonly JsonMemberDescription[] }
  | { readonly type: 'query'; readonly name: string; readonly value: readonly TemplatePart[] }
  | { readonly type: 'basic'; readonly username: readonly TemplatePart[]; readonly password: readonly TemplatePart[] };

/** A member of a JSON-valued header: its name, its template, and whether it is sent as a JSON number. */
export interface JsonMemberDescription {
  readonly name: string;
  readonly value: readonly TemplatePart[];
  readonly as: 'string' | 'number';
}

/** A test on a JSON response body at an RFC 6901 pointer. */
export type BodyConditionDescription =
  | { readonly pointer: string; readonly equals: string | number | boolean | null }
  | { readonly pointer: string; readonly present: boolean };

export interface AuthMethodDescription {
  readonly label: string;
  /** Checked at construction; the same rules as the credential form. */
  readonly rules: readonly CredentialRule[];
  readonly placements: readonly PlacementDescription[];
  /** An OAuth 2.0 method's endpoints; its placements use the `accessToken` the session hands out. */
  readonly oauth2?: OAuth2Description;
}

/** The spec's `oauth2` block, defaults applied (see `OAuth2Config` for what each member does). */
export interface OAuth2Description {
  /** A fixed URL, or the parts of one templated from fields (a region or tenant), filled in by `oauth2Config`. */
  readonly authorizationUrl: string | readonly TemplatePart[];
  readonly tokenUrl: string | readonly TemplatePart[];
  readonly scopes: readonly string[];
  readonly scopeSeparator: string;
  readonly pkce: boolean;
  readonly authorizationParams: Readonly<Record<string, string>>;
  readonly clientAuthentication: 'client_secret_basic' | 'client_secret_post';
  /** The provider supports the client-credentials grant. */
  readonly clientCredentials: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ParameterDescription {
  /** Property in the params object. */
  readonly key: string;
  /** Name on the wire. */
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
}

export interface OperationDescription {
  readonly method: HttpMethod;
  /** The path template as written in the spec, for error messages (never carries values). */
  readonly pathTemplate: string;
  readonly path: readonly PathPart[];
  /** Whether retries are safe without the caller opting in. */
  readonly idempotent: boolean;
  readonly parameters: readonly ParameterDescription[];
  /** Present when the operation takes a JSON body under the `body` key. */
  readonly body?: { readonly required: boolean };
}

export interface ConnectorDescription {
  readonly id: string;
  readonly name: string;
  readonly baseUrl: readonly TemplatePart[];
  /** Static headers sent with every request, sorted by name. */
  readonly headers: readonly (readonly [name: string, value: string])[];
  readonly authMethods: Readonly<Record<string, AuthMethodDescription>>;
  readonly operations: Readonly<Record<string, OperationDescription>>;
  /**
   * The spec's credential check: an operation and its arguments (params-object keys), and
   * optionally conditions on the response body (`expect` on 2xx, `failWhen` on any status).
   */
  readonly verify?: {
    readonly operation: string;
    readonly arguments: Readonly<Record<string, unknown>>;
    readonly expect?: readonly BodyConditionDescription[];
    readonly failWhen?: readonly BodyConditionDescription[];
  };
}
