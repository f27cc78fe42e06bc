/**
 * Keeps credentials out of everything a client lets escape: error messages,
 * error bodies (APIs sometimes echo the key back), causes and log lines.
 */

export const REDACTED = '[REDACTED]';

/** Values shorter than this are only redacted where their position is known (auth query params, headers). */
const MIN_TEXT_LENGTH = 4;

/** Replaces known sensitive values in text. */
export type Redactor = (text: string) => string;

/**
 * A redactor for the given values. Each value is also matched in its
 * percent-encoded and JSON-escaped forms, longest first so a value that
 * contains another is replaced whole.
 */
export function createRedactor(values: readonly string[]): Redactor {
  const needles = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_TEXT_LENGTH) continue;
    needles.add(value);
    needles.add(encodeURIComponent(value));
    needles.add(JSON.stringify(value).slice(1, -1));
  }
  const sorted = [...needles].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const needle of sorted) out = out.split(needle).join(REDACTED);
    return out;
  };
}

/**
 * An error safe to attach as `cause`: the original when no message in its
 * cause chain mentions a credential, otherwise a copy with redacted messages
 * (name and `code` kept, stack dropped since it repeats the message).
 */
export function sanitizeError(error: unknown, redact: Redactor, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 5) return error;
  const cause = sanitizeError((error as { cause?: unknown }).cause, redact, depth + 1);
  if (redact(error.message) === error.message && cause === (error as { cause?: unknown }).cause) return error;
  const copy = new Error(redact(error.message), cause === undefined ? undefined : { cause });
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}
