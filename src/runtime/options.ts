/** Options of generated clients and of each call, and the result of `verify()`. */
import { InvalidOptionError, type ApiError, type NetworkError, type TimeoutError, type UnexpectedResponseError } from './errors.js';
import type { OAuth2Error } from './oauth2.js';
import type { BackoffOptions } from './retry.js';

/** The subset of `fetch` a client uses; inject your own for proxies, tests or instrumentation. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Receives one line per attempt and retry. Credentials are redacted before lines get here. */
export interface Logger {
  debug(message: string): void;
  warn(message: string): void;
}

export interface ClientOptions {
  /**
   * Replaces the spec's base URL (e.g. a proxy, a sandbox or a test server).
   * Credentials used in the spec's base URL are still checked.
   */
  readonly baseUrl?: string;
  /** Per-attempt timeout in milliseconds (0 to 2 147 483 647). Default 30 000; `0` turns it off. */
  readonly timeout?: number;
  /** Retries after the first attempt, on 408/429/5xx and network errors: a whole number from 0 to 100. Default 2. */
  readonly retries?: number;
  /** Exponential backoff with full jitter between retries. */
  readonly backoff?: BackoffOptions;
  /** Longest `Retry-After` honoured, in milliseconds (0 to 2 147 483 647); a longer one ends the retries. Default 60 000. */
  readonly maxRetryAfter?: number;
  /** Defaults to the platform's `fetch`. */
  readonly fetch?: FetchLike;
  /** Extra headers on every request (e.g. `User-Agent`). Credentials always win over these. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly logger?: Logger;
  /** Source of the jitter, returning numbers in [0, 1). Default `Math.random`; inject for deterministic tests. */
  readonly random?: () => number;
}

export interface CallOptions {
  /** Cancels the call, including any wait between retries; the call rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Per-attempt timeout for this call, in milliseconds (0 to 2 147 483 647); `0` turns it off. */
  readonly timeout?: number;
  /** Retries for this call: a whole number from 0 to 100. */
  readonly retries?: number;
  /**
   * Retries are off for operations that are not idempotent (POST, PATCH, or as
   * the spec says). Set `true` when this call is safe to repeat, e.g. a
   * GraphQL query or a request carrying an idempotency key.
   */
  readonly idempotent?: boolean;
  /** Extra headers for this call. Credentials always win over these. */
  readonly headers?: Readonly<Record<string, string>>;
}

export type VerifyOptions = Pick<CallOptions, 'signal' | 'timeout' | 'retries'>;

/**
 * What `verify()` found out. `ok: false` results say why, so a form can tell
 * "wrong key" from "Hive is down". Caller aborts are thrown, not returned.
 */
export type VerifyResult =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly reason: 'invalid-credentials'; readonly status: number; readonly message: string; readonly error: ApiError }
  | { readonly ok: false; readonly reason: 'network-error'; readonly message: string; readonly error: NetworkError }
  | { readonly ok: false; readonly reason: 'timeout'; readonly message: string; readonly error: TimeoutError }
  | {
      readonly ok: false;
      readonly reason: 'unexpected-response';
      readonly status: number;
      readonly body: unknown;
      readonly message: string;
      readonly error: ApiError | UnexpectedResponseError;
    }
  | { readonly ok: false; readonly reason: 'no-verify-request'; readonly message: string }
  /** An OAuth 2.0 client's session could not get a token; `error.reauthorize` says whether the user must link the account again. */
  | { readonly ok: false; readonly reason: 'oauth2-error'; readonly message: string; readonly error: OAuth2Error };

/** The longest delay timers can wait: longer ones fire at once in Node and browsers. */
export const MAX_DELAY = 2_147_483_647;
/** More retries than this is a bug in the caller, not a policy. */
export const MAX_RETRIES = 100;

/**
 * `value` when it is a whole number of retries from 0 to {@link MAX_RETRIES},
 * `undefined` when absent; throws {@link InvalidOptionError} otherwise
 * (`NaN` and `Infinity` would retry forever). `subject` names the option in
 * the message, e.g. ``Call option `retries` of Hive listWorkspaces``.
 */
export function checkRetries(value: unknown, option: string, subject: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_RETRIES) return value;
  throw new InvalidOptionError(option, `${subject} must be a whole number from 0 to ${MAX_RETRIES}; got ${shown(value)}.`);
}

/** `value` when it is a number of milliseconds from 0 to {@link MAX_DELAY}, `undefined` when absent; throws {@link InvalidOptionError} otherwise. */
export function checkDelay(value: unknown, option: string, subject: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && value >= 0 && value <= MAX_DELAY) return value;
  throw new InvalidOptionError(option, `${subject} must be a number of milliseconds from 0 to ${MAX_DELAY}; got ${shown(value)}.`);
}

/** A number as written; other types by their type only (they could be anything, secrets included). */
function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a${/^[aeiou]/.test(typeof value) ? 'n' : ''} ${typeof value}`;
}
