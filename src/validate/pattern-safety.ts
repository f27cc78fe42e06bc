/**
 * Refuses field patterns whose matching time can grow faster than linearly
 * with the input (ReDoS): `^(a+)+$` takes minutes to reject `aaaa…a!`. The
 * pattern ends up in the form's JSON Schema, which the app's form library
 * (ajv, rjsf) runs with the browser's backtracking RegExp engine, in the
 * generated client and in `check-credentials`; refusing it here protects all
 * of them, where a linear-time engine in our own runtime would protect only
 * the runtime.
 *
 * The check is recheck's (https://makenowjust-labs.github.io/recheck/): an
 * automaton analysis where the pattern's automaton is small enough, otherwise
 * a fuzzer with static analysis. We run its pure-JavaScript build in-process,
 * with its time-based limits turned off and its fixed random seed, so the
 * verdict depends on the pattern only, not on how busy the machine is.
 */
import { createRequire } from 'node:module';

export type PatternSafety =
  | { readonly safe: true }
  | { readonly safe: false; readonly complexity: 'exponential' | 'polynomial' | 'unknown'; readonly start: number; readonly end: number };

interface RecheckDiagnostics {
  readonly status: 'safe' | 'vulnerable' | 'unknown';
  readonly complexity?: { readonly type: string };
  readonly hotspot?: readonly { readonly start: number; readonly end: number }[];
}

type CheckSync = (source: string, flags: string, params?: Record<string, unknown>) => RecheckDiagnostics;

let recheck: CheckSync | undefined;

/**
 * recheck's in-process, synchronous checker. The package's Node entry point
 * runs the check in a worker thread or a native child process; its browser
 * build is the same checker compiled to plain JavaScript, with no workers.
 * Loaded on first use: 3 MB of JavaScript a spec without patterns never needs.
 */
function checker(): CheckSync {
  recheck ??= (createRequire(import.meta.url)('recheck/lib/browser.js') as { checkSync: CheckSync }).checkSync;
  return recheck;
}

/** Deterministic settings: no wall-clock timeouts (the step limits still bound the work), the default seed. */
const PARAMS = { timeout: null, attackTimeout: null, incubationTimeout: null, randomSeed: 42 } as const;

/**
 * Whether `source` (run with the `u` flag) matches in linear time. When it
 * does not, `start`/`end` locate the repetition to blame in `source` (UTF-16
 * offsets); a pattern the checker cannot decide is refused too, located at
 * its start.
 */
export function checkPatternSafety(source: string): PatternSafety {
  return isPlainlyLinear(source) ? { safe: true } : recheckPatternSafety(source);
}

/** recheck's verdict alone, without the fast path (exported for the test that holds the two together). */
export function recheckPatternSafety(source: string): PatternSafety {
  const result = checker()(source, 'u', PARAMS);
  if (result.status === 'safe') return { safe: true };
  const spot = result.hotspot?.[0];
  const complexity = result.status === 'unknown' ? 'unknown' : result.complexity?.type === 'exponential' ? 'exponential' : 'polynomial';
  return { safe: false, complexity, start: spot?.start ?? 0, end: spot?.end ?? source.length };
}

/**
 * A fast path for the patterns most fields have (`^lin_api_[A-Za-z0-9]+$`,
 * `^[a-z0-9-]+$`): anchored at the start, no groups, alternation,
 * backreferences or lookarounds, every atom one character wide, at most one
 * unbounded repetition (`*`, `+`) and a few `?`. From its one start position
 * such a pattern backtracks only over where that one repetition ends, so it
 * matches in linear time. Saying so without recheck matters for memory, not
 * only time: loading recheck's compiled checker costs ~36 MB of resident
 * memory in every build thread. Anything else goes to recheck; a property
 * test holds this path to recheck's verdict.
 */
export function isPlainlyLinear(source: string): boolean {
  let body = source;
  if (body.startsWith('^(?:') && body.endsWith(')$')) body = body.slice(4, -2);
  else if (body.startsWith('^')) body = body.slice(1);
  else return false;
  if (body.endsWith('$') && !body.endsWith('\\$')) body = body.slice(0, -1);
  try {
    new RegExp(source, 'u');
  } catch {
    return false;
  }
  let unbounded = 0;
  let optional = 0;
  let index = 0;
  while (index < body.length) {
    const atomEnd = endOfAtom(body, index);
    if (atomEnd === undefined) return false;
    index = atomEnd;
    const quantifier = body[index];
    if (quantifier === '*' || quantifier === '+') unbounded++;
    else if (quantifier === '?') optional++;
    else if (quantifier === '{') return false;
    if (quantifier === '*' || quantifier === '+' || quantifier === '?') {
      index++;
      // A lazy or doubled quantifier is not this simple shape.
      if ('*+?{'.includes(body[index] ?? '-')) return false;
    }
  }
  return unbounded <= 1 && optional <= 8;
}

/** Where the one-character atom starting at `index` ends, or `undefined` when it is not one. */
function endOfAtom(body: string, index: number): number | undefined {
  const char = body[index]!;
  if ('()|^$*+?{}]'.includes(char)) return undefined;
  if (char === '\\') return isPlainEscape(body[index + 1]) ? index + 2 : undefined;
  if (char !== '[') return index + 1 + (char.codePointAt(0)! > 0xffff ? 1 : 0);
  let cursor = index + 1;
  if (body[cursor] === '^') cursor++;
  while (cursor < body.length && body[cursor] !== ']') {
    if (body[cursor] === '[') return undefined;
    if (body[cursor] === '\\') {
      if (!isPlainEscape(body[cursor + 1]) && body[cursor + 1] !== '-') return undefined;
      cursor += 2;
    } else cursor++;
  }
  return cursor < body.length ? cursor + 1 : undefined;
}

/** `\d`, `\w`, `\s` (and negations) or an escaped punctuation character: one character each, nothing else. */
function isPlainEscape(next: string | undefined): boolean {
  return next !== undefined && ('dDwWsS'.includes(next) || /^[.*+?^$()[\]{}|\\/-]$/.test(next));
}

/** Per-run memo: a pattern's verdict is a function of its text, and synthesised projects repeat patterns. */
export function createPatternSafetyCache(): (source: string) => PatternSafety {
  const verdicts = new Map<string, PatternSafety>();
  return (source) => {
    let verdict = verdicts.get(source);
    if (verdict === undefined) {
      verdict = checkPatternSafety(source);
      verdicts.set(source, verdict);
    }
    return verdict;
  };
}
