import { Document, isMap, isScalar, isSeq, type Node, type Pair, Scalar, type YAMLMap } from 'yaml';
import type { RawAuthMethod, RawField, RawGuide, RawSpec } from '../validate/raw-spec.js';

/** An imported spec: everything but the API, which a guide page cannot tell. */
export interface ImportedSpec {
  readonly id: string;
  readonly name: string;
  readonly fields: readonly RawField[];
  readonly auth: readonly RawAuthMethod[];
  /** Why the API part is a TODO; written as `api.todo`. */
  readonly todo: string;
  /** The scope selector's actions of the pages; written as `api.importedActions`. */
  readonly importedActions?: readonly { readonly id: string; readonly label: string; readonly scopes: readonly string[] }[];
}

export interface SpecWriterOptions {
  /** Path of the JSON Schema for the `yaml-language-server` header, relative to the spec file. */
  readonly schemaRef: string;
}

/** The canonical key order of a spec, as in `connectors/*.yaml`; unknown keys would follow in their own order. */
const KEY_ORDER: Readonly<Record<string, readonly string[]>> = {
  spec: ['specVersion', 'id', 'name', 'website', 'category', 'description', 'fields', 'auth', 'api'],
  field: ['key', 'label', 'description', 'required', 'secret', 'placeholder', 'example', 'pattern', 'patternMessage', 'format', 'minLength', 'maxLength', 'type', 'integer', 'minimum', 'maximum', 'options', 'default', 'showWhen'],
  method: ['id', 'type', 'label', 'fields', 'apply', 'oauth2', 'profile', 'guide'],
  profile: ['fields', 'guide'],
  guide: ['title', 'description', 'callouts', 'sections', 'linking'],
  callout: ['type', 'text'],
  section: ['heading', 'intro', 'scopes', 'steps'],
  step: ['title', 'body', 'scopes', 'displayScopes', 'redirectUrl'],
};

/**
 * Writes an imported spec as YAML in the house style of `connectors/*.yaml`:
 * the `yaml-language-server` header, canonical key order, a blank line
 * before `fields`, `auth` and `api`, `|` block scalars for step bodies and
 * multi-line text, flow sequences for scopes, and no line folding. Built
 * with the `yaml` Document API, so quoting is the library's. Deterministic.
 */
export function writeSpecYaml(spec: ImportedSpec, options: SpecWriterOptions): string {
  const data: Omit<RawSpec, 'api'> & { api: { todo: string; importedActions?: unknown } } = {
    specVersion: 1,
    id: spec.id,
    name: spec.name,
    fields: spec.fields.map((field) => ordered(field, KEY_ORDER.field!)) as RawField[],
    auth: spec.auth.map(orderMethod),
    api: { todo: spec.todo, ...(spec.importedActions ? { importedActions: spec.importedActions.map((action) => ({ id: action.id, label: action.label, scopes: [...action.scopes] })) } : {}) },
  };
  const doc = new Document(ordered(data, KEY_ORDER.spec!));
  const root = doc.contents as YAMLMap;
  const pairs = root.items as Pair<Scalar, Node>[];
  pairs[0]!.key.commentBefore = ` yaml-language-server: $schema=${options.schemaRef}`;
  for (const pair of pairs) if (['fields', 'auth', 'api'].includes(String(pair.key.value))) pair.key.spaceBefore = true;

  const api = doc.get('api', true) as YAMLMap;
  (api.items[0] as Pair<Scalar, Node>).key.commentBefore = ' TODO(import): a guide page cannot tell the API. Until `todo` is gone, `validate` and `build` report CC3020.';
  const imported = api.get('importedActions', true);
  if (isSeq(imported)) {
    for (const item of imported.items) {
      const scopes = isMap(item) ? item.get('scopes', true) : undefined;
      if (isSeq(scopes)) scopes.flow = true;
    }
  }

  const auth = doc.get('auth', true);
  if (isSeq(auth)) {
    auth.items.forEach((item, index) => {
      const method = spec.auth[index]!;
      const todo = method.type === 'oauth2' ? (method.oauth2 === undefined ? 'add `oauth2` (authorizationUrl, tokenUrl, scopes).' : undefined) : method.apply === undefined ? 'add `apply` (where the credentials go on each request).' : undefined;
      if (isMap(item) && todo !== undefined) {
        const at = item.items.find((pair) => isScalar(pair.key) && pair.key.value === 'guide') ?? item.items[item.items.length - 1];
        if (at && isScalar(at.key)) at.key.commentBefore = ` TODO(import): ${todo}`;
      }
      const fields = isMap(item) ? item.get('fields', true) : undefined;
      if (isSeq(fields)) fields.flow = true;
      const guide = isMap(item) ? item.get('guide', true) : undefined;
      if (isMap(guide)) styleGuide(guide);
      const profile = isMap(item) ? item.get('profile', true) : undefined;
      if (isMap(profile)) {
        const profileFields = profile.get('fields', true);
        if (isSeq(profileFields)) profileFields.flow = true;
        const profileGuide = profile.get('guide', true);
        if (isMap(profileGuide)) styleGuide(profileGuide);
      }
    });
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: true });
}

function orderMethod(method: RawAuthMethod): RawAuthMethod {
  const out = ordered(method, KEY_ORDER.method!) as RawAuthMethod;
  return {
    ...out,
    ...(method.profile ? { profile: { ...(ordered(method.profile, KEY_ORDER.profile!) as NonNullable<RawAuthMethod['profile']>), ...(method.profile.guide ? { guide: orderGuide(method.profile.guide) } : {}) } } : {}),
    ...(method.guide ? { guide: orderGuide(method.guide) } : {}),
  };
}

function orderGuide(raw: RawGuide): RawGuide {
  const guide: RawGuide = ordered(raw, KEY_ORDER.guide!) as RawGuide;
  return {
    ...guide,
    ...(guide.callouts ? { callouts: guide.callouts.map((callout) => ordered(callout, KEY_ORDER.callout!)) as RawGuide['callouts'] } : {}),
    sections: guide.sections.map((section) => ({
      ...(ordered(section, KEY_ORDER.section!) as typeof section),
      ...(section.steps ? { steps: section.steps.map((step) => ordered(step, KEY_ORDER.step!) as NonNullable<typeof section.steps>[number]) } : {}),
    })),
  };
}

/** Step bodies and multi-line text as `|` blocks; scopes as `[a, b]`. */
function styleGuide(guide: YAMLMap): void {
  const each = (node: unknown, visit: (map: YAMLMap) => void): void => {
    if (isSeq(node)) for (const item of node.items) if (isMap(item)) visit(item);
  };
  const block = (map: YAMLMap, key: string, always: boolean): void => {
    const node = map.get(key, true);
    if (isScalar(node) && typeof node.value === 'string' && (always || node.value.includes('\n'))) node.type = Scalar.BLOCK_LITERAL;
  };
  const flow = (map: YAMLMap, key: string): void => {
    const node = map.get(key, true);
    if (isSeq(node)) node.flow = true;
  };
  each(guide.get('callouts', true), (callout) => block(callout, 'text', false));
  each(guide.get('sections', true), (section) => {
    block(section, 'intro', false);
    flow(section, 'scopes');
    each(section.get('steps', true), (step) => {
      block(step, 'body', true);
      flow(step, 'scopes');
      flow(step, 'displayScopes');
    });
  });
}

/** A copy with the keys in `order` first (undefined values dropped), then any others as they were. */
function ordered<T extends object>(value: T, order: readonly string[]): T {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  const rank = (key: string): number => {
    const index = order.indexOf(key);
    return index === -1 ? order.length : index;
  };
  return Object.fromEntries(entries.sort(([a], [b]) => rank(a) - rank(b))) as T;
}
