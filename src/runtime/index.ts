/**
 * The runtime shipped with generated clients (`connector-compiler/runtime`).
 * No dependencies beyond the platform's `fetch`, `AbortSignal` and `URL`
 * (Node ≥ 20, browsers, edge runtimes).
 */
export { BaseClient, withDefaultMethod } from './client.js';
export type { CallOptions, ClientOptions, FetchLike, Logger, VerifyOptions, VerifyResult } from './options.js';
export { ApiError, ConnectorError, InvalidOptionError, InvalidRequestError, NetworkError, ResponseError, TimeoutError, UnexpectedResponseError, type CallSite } from './errors.js';
export { DEFAULT_BACKOFF, backoffDelay, isRetryableStatus, parseRetryAfter, type BackoffOptions } from './retry.js';
export { REDACTED } from './redact.js';
export {
  OAuth2Error,
  OAuth2Session,
  clientCredentialsGrant,
  exchangeCode,
  oauth2Config,
  readCallback,
  refreshTokens,
  scopesFor,
  startAuthorization,
  type AuthorizationRequest,
  type OAuth2ClientCredentials,
  type OAuth2Config,
  type OAuth2ErrorCode,
  type OAuth2SessionOptions,
  type OAuth2Tokens,
  type TokenRequestOptions,
  type TokenSource,
} from './oauth2.js';
export { assertCredentials, checkCredentials, CredentialsError, ROLE_RULES, type CredentialFormat, type CredentialProblem, type CredentialProblemCode, type CredentialRole, type CredentialRule, type RoleRule, type CredentialCondition, type CredentialValueType, type ConditionValue } from './credentials.js';
export type {
  AuthMethodDescription,
  OAuth2Description,
  ConnectorDescription,
  HttpMethod,
  OperationDescription,
  ParameterDescription,
  PathPart,
  PlacementDescription,
  TemplatePart,
} from './description.js';
