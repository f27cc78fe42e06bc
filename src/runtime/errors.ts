/**
 * Errors thrown by generated clients. Messages name the connector, the
 * operation and the path *template* (`GET /users/{userId}`), never a URL
 * with values in it, so no credential can end up in a message or a log.
 */

/** Where a failed call was going: enough to debug, nothing secret. */
export interface CallSite {
  /** Connector id, e.g. `hive`. */
  readonly connector: string;
  /** Operation id, e.g. `listProjects`. */
  readonly operation: string;
  /** Method and path template, e.g. `GET /workspaces/{workspaceId}/projects`. */
  readonly endpoint: string;
}

/** Base class of every error a generated client throws after construction. */
export class ConnectorError extends Error {
  override readonly name: string = 'ConnectorError';
  readonly connector: string;
  readonly operation: string;
  readonly endpoint: string;
  constructor(site: CallSite, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.connector = site.connector;
    this.operation = site.operation;
    this.endpoint = site.endpoint;
  }
}

/**
 * An HTTP response came back but the call failed on it: what `ApiError` and
 * `UnexpectedResponseError` share. `body` is redacted of credential echoes.
 */
export abstract class ResponseError<TBody = unknown> extends ConnectorError {
  readonly status: number;
  readonly body: TBody;
  /** From `x-request-id` or a similar header, for support tickets. */
  readonly requestId: string | undefined;
  constructor(site: CallSite, message: string, details: { status: number; body: TBody; requestId: string | undefined }) {
    super(site, message);
    this.status = details.status;
    this.body = details.body;
    this.requestId = details.requestId;
  }
}

/** The API answered with a status outside 2xx (after any retries). `body` is the parsed JSON when the body was JSON, the text otherwise, `undefined` when empty. */
export class ApiError extends ResponseError<unknown> {
  override readonly name = 'ApiError';
}

/** An attempt took longer than the timeout (after any retries). */
export class TimeoutError extends ConnectorError {
  override readonly name = 'TimeoutError';
  /** The per-attempt timeout that was exceeded, in milliseconds. */
  readonly timeout: number;
  constructor(site: CallSite, message: string, timeout: number) {
    super(site, message);
    this.timeout = timeout;
  }
}

/** The request never got an HTTP response: DNS, connection refused, reset… (after any retries). */
export class NetworkError extends ConnectorError {
  override readonly name = 'NetworkError';
}

/** A 2xx response whose body is not the JSON the operation promises. `body` is the text. */
export class UnexpectedResponseError extends ResponseError<string> {
  override readonly name = 'UnexpectedResponseError';
}

/** A parameter value that cannot be put into the request safely (missing path value, `..` segment…). */
export class InvalidRequestError extends ConnectorError {
  override readonly name = 'InvalidRequestError';
  /** The params-object key at fault. */
  readonly key: string;
  constructor(site: CallSite, message: string, key: string) {
    super(site, message);
    this.key = key;
  }
}

/**
 * A client or call option out of range (`retries: NaN`, `timeout: Infinity`).
 * Thrown by the constructor for client options, and by a call (before
 * anything is sent) for call options. A `RangeError`, as it always was.
 */
export class InvalidOptionError extends RangeError {
  override readonly name = 'InvalidOptionError';
  /** The option at fault, e.g. `retries` or `backoff.maxDelay`. */
  readonly option: string;
  constructor(option: string, message: string) {
    super(message);
    this.option = option;
  }
}
