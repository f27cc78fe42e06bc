import { diagnostic, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js';
import type { SpecSourceMap } from '../load/source-map.js';
import type { RawApi, RawOperation, RawSpec } from './raw-spec.js';

/**
 * The "incomplete spec" rule. `connector-compiler import` cannot learn an API
 * from a guide page, so it writes `api: { todo: … }` (and no `apply` on the
 * auth methods). Such a spec fails with CC3020 until the TODO is resolved;
 * with `allowIncomplete` the CC3020s are warnings, the model is built with
 * `api.incomplete = true`, and the client emitter skips the connector while
 * forms and guides are still generated.
 */
/** A spec whose API part is complete: the schema requires `baseUrl` and `operations` unless `todo` is present, and `checkIncomplete` fills in stand-ins then. */
export type CompleteSpec = Omit<RawSpec, 'api'> & { api: CompleteApi };
export type CompleteApi = RawApi & { baseUrl: string; operations: RawOperation[] };

export interface IncompleteCheck {
  /** The spec for the semantic rules and the model builder: an unfinished API part is replaced by an empty one. */
  readonly spec: CompleteSpec;
  readonly incomplete: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** What the model builder must undo: which placeholders `spec` had to add (absent when the API part is done). */
  readonly placeholders?: IncompletePlaceholders;
}

/** The stand-ins of an incomplete spec, by auth method index; the model marks the spec incomplete and takes them out again. */
export interface IncompletePlaceholders {
  /** False when `api` was a bare TODO and got a placeholder base URL and no operations. */
  readonly filled: boolean;
  /** Auth methods that got a placeholder `apply`. */
  readonly unplaced: readonly number[];
  /** OAuth 2.0 methods that got a placeholder `oauth2` block. */
  readonly unregistered: readonly number[];
}

export interface IncompleteContext {
  readonly file: string;
  readonly sourceMap: SpecSourceMap;
  readonly allowIncomplete: boolean;
}

// Stand-ins that satisfy the semantic rules; the model builder takes them out again.
const PLACEHOLDER_BASE_URL = 'https://incomplete.invalid';

export function checkIncomplete(spec: RawSpec, context: IncompleteContext): IncompleteCheck {
  // Without `todo`, the schema requires `baseUrl` and `operations`.
  if (spec.api.todo === undefined) return { spec: spec as CompleteSpec, incomplete: false, diagnostics: [] };
  const severity: Severity = context.allowIncomplete ? 'warning' : 'error';
  const hint = context.allowIncomplete ? undefined : 'Pass `--allow-incomplete` to build forms and guides meanwhile (no client is generated).';
  const diagnostics: Diagnostic[] = [
    diagnostic(
      'CC3020',
      severity,
      `The API part of \`${spec.id}\` is still a TODO: ${spec.api.todo}`,
      { file: context.file, ...context.sourceMap.valueRange(['api', 'todo']), path: '/api/todo' },
      hint ?? 'Fill in `api.baseUrl` and `api.operations`, then delete `api.todo`; no client is generated until then.',
    ),
  ];
  // A spec that was only partly filled in is still checked; a bare TODO gets an empty API.
  const given = spec.api;
  const filled = typeof given.baseUrl === 'string' && Array.isArray(given.operations);
  const api: CompleteApi = typeof given.baseUrl === 'string' && Array.isArray(given.operations) ? { ...given, baseUrl: given.baseUrl, operations: given.operations } : { ...given, baseUrl: PLACEHOLDER_BASE_URL, operations: [] };
  const unplaced = new Set<number>();
  const unregistered = new Set<number>();
  const auth = spec.auth.map((method, index) => {
    const where = { file: context.file, ...context.sourceMap.keyRange(['auth', index, 'id']), path: `/auth/${index}` };
    if (method.type === 'oauth2') {
      if (method.oauth2) return method;
      unregistered.add(index);
      diagnostics.push(diagnostic('CC3020', severity, `OAuth 2.0 method \`${method.id}\` has no \`oauth2\` block (authorization and token URLs) yet.`, where, 'Add `oauth2:` with `authorizationUrl`, `tokenUrl` and `scopes`.'));
      return { ...method, oauth2: { authorizationUrl: `${PLACEHOLDER_BASE_URL}/authorize`, tokenUrl: `${PLACEHOLDER_BASE_URL}/token` } };
    }
    if ((method.apply ?? []).length > 0) return method;
    unplaced.add(index);
    diagnostics.push(diagnostic('CC3020', severity, `Auth method \`${method.id}\` does not say where its credentials go yet.`, where, 'Add `apply:` with a `bearer`, `header`, `query` or `basic` entry.'));
    return { ...method, apply: [{ type: 'bearer' as const, value: '' }] };
  });
  return {
    spec: { ...spec, api, auth },
    incomplete: true,
    diagnostics,
    placeholders: { filled, unplaced: [...unplaced], unregistered: [...unregistered] },
  };
}
