/**
 * When to retry and how long to wait: exponential backoff with full jitter,
 * unless the server says how long with `Retry-After`.
 */

export interface BackoffOptions {
  /** Upper bound of the first delay, in milliseconds. Default 500. */
  readonly initialDelay?: number;
  /** Upper bound of any computed delay, in milliseconds. Default 8000. */
  readonly maxDelay?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialDelay: 500, maxDelay: 8_000 };

/**
 * 408 and 429 ask to come back later; 5xx are server trouble, except 501
 * (not implemented) and 505 (HTTP version), which a retry cannot fix.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

/**
 * "Full jitter" (AWS architecture blog): a uniform random delay between 0 and
 * min(maxDelay, initialDelay · 2^retry), where `retry` counts from 0.
 */
export function backoffDelay(retry: number, backoff: BackoffOptions | undefined, random: () => number): number {
  const initial = backoff?.initialDelay ?? DEFAULT_BACKOFF.initialDelay;
  const max = backoff?.maxDelay ?? DEFAULT_BACKOFF.maxDelay;
  const ceiling = Math.min(max, initial * 2 ** retry);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

/**
 * Milliseconds to wait according to a `Retry-After` header: delay-seconds or
 * an HTTP-date (RFC 9110 §10.2.3). `undefined` when absent or unreadable;
 * dates in the past mean "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  // IMF-fixdate, RFC 850 and asctime all start with a day name; anything else is not a date.
  if (!/^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
