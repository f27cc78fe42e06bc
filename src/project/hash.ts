import { createHash } from 'node:crypto';

/**
 * Content hash used in the manifest and the cache: SHA-256, first 128 bits
 * as hex. Collisions are not a realistic concern at this size, and shorter
 * hashes keep the committed manifest readable.
 */
export function contentHash(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 32);
}

/** Hash of several parts, unambiguous because every part is length-prefixed. */
export function hashParts(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  }
  return hash.digest('hex').slice(0, 32);
}
