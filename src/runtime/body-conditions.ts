/**
 * The spec's conditions on a `verify()` response body (`expect` and
 * `failWhen`): read a JSON value at an RFC 6901 pointer and test it. Pure
 * functions of the parsed body; no credential ever appears in a condition.
 */
import type { BodyConditionDescription } from './description.js';

const ABSENT = Symbol('absent');

/**
 * The value at `pointer` in `body`, or `ABSENT`. Only own properties of
 * plain objects and in-range array indices count, so `/constructor` or
 * `/length` never find something the JSON did not contain.
 */
function valueAt(body: unknown, pointer: string): unknown {
  if (pointer === '') return body;
  let current: unknown = body;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      if (!/^(?:0|[1-9][0-9]*)$/.test(token) || Number(token) >= current.length) return ABSENT;
      current = current[Number(token)];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return ABSENT;
    }
  }
  return current;
}

/** Whether `body` meets `condition`: the value at the pointer equals the scalar (`===`), or is present / absent. */
export function meetsCondition(condition: BodyConditionDescription, body: unknown): boolean {
  const value = valueAt(body, condition.pointer);
  if ('equals' in condition) return value === condition.equals;
  return (value !== ABSENT) === condition.present;
}

/** `/is_logged_in` is `true`, `/errors` is present: for messages (the spec's own text, never response data). */
export function describeCondition(condition: BodyConditionDescription): string {
  const where = condition.pointer === '' ? 'the body' : `\`${condition.pointer}\``;
  if ('equals' in condition) return `${where} is \`${JSON.stringify(condition.equals)}\``;
  return `${where} is ${condition.present ? 'present' : 'absent'}`;
}

/** `/is_logged_in` is not `true`: the negation of `describeCondition`, for an `expect` that failed. */
export function describeUnmet(condition: BodyConditionDescription): string {
  const where = condition.pointer === '' ? 'the body' : `\`${condition.pointer}\``;
  if ('equals' in condition) return `${where} is not \`${JSON.stringify(condition.equals)}\``;
  return `${where} is ${condition.present ? 'absent' : 'present'}`;
}
