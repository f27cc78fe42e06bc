import { distance } from 'fastest-levenshtein';

/**
 * The closest candidate to a mistyped word, if it is a plausible typo (a few
 * edits relative to its length); otherwise undefined.
 */
export function closestMatch(actual: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const needle = actual.toLowerCase();
  for (const candidate of candidates) {
    const d = distance(needle, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** "Did you mean `x`?" or undefined. */
export function didYouMean(actual: string, candidates: Iterable<string>): string | undefined {
  const match = closestMatch(actual, candidates);
  return match === undefined ? undefined : `Did you mean \`${match}\`?`;
}
