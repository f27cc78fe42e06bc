import { definedProps } from '../defined-props.js';
import { checkOptionPlacements } from './option-placements.js';
import type { RawAuthMethod, RawBodyCondition, RawGuide, RawSpec } from '../validate/raw-spec.js';

/** An auth method's `oauth2` block as the schema states it. */
type RawOAuth2 = NonNullable<RawAuthMethod['oauth2']>;
import type { CompleteSpec } from '../validate/incomplete.js';
import { DEFAULT_METHOD_LABELS } from './defaults.js';
import type {
  ApiModel,
  AuthMethod,
  Block,
  BodyCondition,
  ConnectorModel,
  CredentialField,
  CredentialPlacement,
  GuideModel,
  OAuth2Settings,
  Operation,
  PathPart,
} from './connector-model.js';
import type { MarkdownParser, MarkdownProblem } from './markdown-blocks.js';
import { parseTemplate } from '../validate/placeholders.js';
import { compareStrings, diagnostic, type Diagnostic, type DiagnosticCode } from '../diagnostics/diagnostic.js';
import type { CheckedSpec } from '../validate/validate-spec.js';
import type { IncompletePlaceholders } from '../validate/incomplete.js';

export interface ModelContext {
  /** Project-relative, `/`-separated path of the spec. */
  readonly sourceFile: string;
  readonly parseMarkdown: MarkdownParser;
  /** Called for every markdown problem, with the spec path of the string it was found in. */
  readonly onMarkdownProblem: (path: readonly (string | number)[], problem: MarkdownProblem) => void;
}

const MARKDOWN_CODES: Record<MarkdownProblem['kind'], DiagnosticCode> = {
  parse: 'CC3010',
  'link-without-url': 'CC3011',
  'image-without-alt': 'CC3012',
  'unsafe-url': 'CC3013',
  unsupported: 'CC3014',
  'raw-html': 'CC3014',
};

export interface ModelResult {
  readonly model: ConnectorModel;
  /** Markdown problems, placed in the spec (CC3010–CC3014). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The model stage for one checked spec (see `validateSpec`): the model, and
 * the problems found while reading its markdown. Whether the model may be used
 * is the caller's call (`compileSpec`: only when no stage reported an error).
 */
export function modelSpec(checked: CheckedSpec, parseMarkdown: MarkdownParser): ModelResult {
  const { file, sourceMap } = checked;
  const diagnostics: Diagnostic[] = [];
  const model = buildModel(checked.spec, {
    sourceFile: file,
    parseMarkdown,
    onMarkdownProblem: (path, problem) => {
      const { line, column } = sourceMap.stringPosition(path, problem.offset);
      // Underline the offending text when it ends on the same line (the last character, then one past it).
      const last = problem.endOffset !== undefined && problem.endOffset > problem.offset ? sourceMap.stringPosition(path, problem.endOffset - 1) : undefined;
      const end = last !== undefined && last.line === line ? { endLine: line, endColumn: last.column + 1 } : {};
      const severity = problem.kind === 'raw-html' ? 'warning' : 'error';
      diagnostics.push(diagnostic(MARKDOWN_CODES[problem.kind], severity, problem.message, { file, line, column, ...end, path: `/${path.join('/')}` }, problem.hint));
    },
  });
  // Each option of a select must fit every place the model's methods send the field.
  diagnostics.push(...checkOptionPlacements(model, checked.spec, { file, sourceMap }));
  return { model: checked.placeholders ? markIncomplete(model, checked.placeholders) : model, diagnostics };
}

/** An imported spec with an API TODO: marks the model incomplete and removes the placeholders the validator had to add. */
function markIncomplete(model: ConnectorModel, placeholders: IncompletePlaceholders): ConnectorModel {
  const unplaced = new Set(placeholders.unplaced);
  const unregistered = new Set(placeholders.unregistered);
  return {
    ...model,
    authMethods: model.authMethods.map((method, index) => {
      if (unplaced.has(index)) return { ...method, placements: [] };
      if (!unregistered.has(index)) return method;
      const { oauth2: _placeholder, ...rest } = method;
      return rest;
    }),
    api: placeholders.filled ? { ...model.api, incomplete: true } : { ...model.api, incomplete: true, baseUrl: { raw: '', parts: [] } },
  };
}

const IDEMPOTENT_METHODS = new Set(['GET', 'PUT', 'DELETE']);

/**
 * Builds the intermediate model from a spec that passed the schema and the
 * semantic rules: applies defaults, resolves field references, splits
 * templates and parses markdown.
 */
export function buildModel(spec: CompleteSpec, context: ModelContext): ConnectorModel {
  const fields = spec.fields.map(buildField);
  const byKey = new Map(fields.map((field) => [field.key, field]));
  return {
    id: spec.id,
    name: spec.name,
    ...definedProps({ website: spec.website, category: spec.category, description: spec.description }),
    sourceFile: context.sourceFile,
    fields,
    authMethods: spec.auth.map((method, index) => buildAuthMethod(method, index, byKey, fields, context)),
    api: buildApi(spec),
  };
}

function buildField(field: CompleteSpec['fields'][number]): CredentialField {
  return {
    key: field.key,
    label: field.label,
    ...(field.description !== undefined ? { description: field.description } : {}),
    required: field.required ?? true,
    secret: field.secret ?? false,
    ...definedProps({
      placeholder: field.placeholder,
      example: field.example,
      pattern: field.pattern,
      patternMessage: field.patternMessage,
      format: field.format,
      minLength: field.minLength,
      maxLength: field.maxLength,
    }),
    ...(field.type === 'multiline' ? { multiline: true as const } : {}),
    ...(field.type === 'select' ? { options: (field.options ?? []).map((option) => ({ value: option.value, label: option.label })) } : {}),
    ...(field.type === 'number' ? { valueType: field.integer === true ? ('integer' as const) : ('number' as const) } : field.type === 'boolean' ? { valueType: 'boolean' as const } : {}),
    ...(field.minimum !== undefined ? { minimum: field.minimum } : {}),
    ...(field.maximum !== undefined ? { maximum: field.maximum } : {}),
    ...(field.default !== undefined ? { default: field.default } : {}),
    ...(field.showWhen !== undefined
      ? { showWhen: { field: field.showWhen.field, ...(field.showWhen.in !== undefined ? { values: [...field.showWhen.in] } : field.showWhen.equals !== undefined ? { values: [field.showWhen.equals] } : {}) } }
      : {}),
  };
}

function buildAuthMethod(
  method: RawAuthMethod,
  index: number,
  byKey: ReadonlyMap<string, CredentialField>,
  allFields: readonly CredentialField[],
  context: ModelContext,
): AuthMethod {
  const fields = method.fields ? method.fields.flatMap((key) => byKey.get(key) ?? []) : allFields;
  const placements: CredentialPlacement[] = (method.apply ?? []).map((placement) => {
    switch (placement.type) {
      case 'bearer':
        return { type: 'bearer', value: parseTemplate(placement.value).template };
      case 'header':
        if (placement.json !== undefined) {
          const members = Object.entries(placement.json).map(([name, member]) =>
            typeof member === 'string'
              ? { name, value: parseTemplate(member).template, as: 'string' as const }
              : { name, value: parseTemplate(member.value).template, as: member.as ?? 'string' },
          );
          return { type: 'json-header', name: placement.name, members };
        }
        // The semantic rules guarantee `value` when there is no `json`.
        return { type: 'header', name: placement.name, value: parseTemplate(placement.value ?? '').template };
      case 'query':
        return { type: placement.type, name: placement.name, value: parseTemplate(placement.value).template };
      case 'basic':
        return { type: 'basic', username: parseTemplate(placement.username).template, password: parseTemplate(placement.password ?? '').template };
    }
  });
  if (method.type === 'oauth2' && placements.length === 0) placements.push({ type: 'bearer', value: parseTemplate('{accessToken}').template });
  return {
    id: method.id,
    type: method.type,
    label: method.label ?? DEFAULT_METHOD_LABELS[method.type],
    ...(method.default === true ? { isDefault: true as const } : {}),
    fields,
    placements,
    ...(method.oauth2 ? { oauth2: buildOAuth2(method.oauth2) } : {}),
    ...(method.profile
      ? {
          profile: {
            fields: method.profile.fields.flatMap((key) => byKey.get(key) ?? []),
            ...(method.profile.guide ? { guide: buildGuide(method.profile.guide, ['auth', index, 'profile', 'guide'], context) } : {}),
          },
        }
      : {}),
    ...(method.guide ? { guide: buildGuide(method.guide, ['auth', index, 'guide'], context) } : {}),
  };
}

/** The `oauth2` block with its defaults: space-separated scopes, PKCE on, `client_secret_post`, no client-credentials grant. */
function buildOAuth2(raw: RawOAuth2): OAuth2Settings {
  return {
    authorizationUrl: parseTemplate(raw.authorizationUrl).template,
    tokenUrl: parseTemplate(raw.tokenUrl).template,
    scopes: raw.scopes ?? [],
    scopeSeparator: raw.scopeSeparator ?? ' ',
    pkce: raw.pkce ?? true,
    authorizationParams: Object.entries(raw.authorizationParams ?? {})
      .map(([name, value]) => ({ name, value }))
      .sort((a, b) => compareStrings(a.name, b.name)),
    clientAuthentication: raw.clientAuthentication ?? 'client_secret_post',
    clientCredentials: raw.clientCredentials ?? false,
  };
}

function buildGuide(guide: RawGuide, path: readonly (string | number)[], context: ModelContext): GuideModel {
  const markdown = (text: string | undefined, at: readonly (string | number)[]): readonly Block[] => {
    if (text === undefined) return [];
    const result = context.parseMarkdown(text);
    for (const problem of result.problems) context.onMarkdownProblem(at, problem);
    return result.blocks;
  };
  return {
    ...definedProps({ title: guide.title, description: guide.description }),
    callouts: (guide.callouts ?? []).map((callout, i) => ({ kind: callout.type, content: markdown(callout.text, [...path, 'callouts', i, 'text']) })),
    sections: guide.sections.map((section, s) => ({
      heading: section.heading,
      intro: markdown(section.intro, [...path, 'sections', s, 'intro']),
      scopes: section.scopes ?? [],
      steps: (section.steps ?? []).map((step, t) => ({
        title: step.title,
        body: markdown(step.body, [...path, 'sections', s, 'steps', t, 'body']),
        scopes: step.scopes ?? [],
        displayScopes: step.displayScopes ?? [],
        ...(step.redirectUrl === true ? { redirectUrl: true as const } : {}),
      })),
    })),
    linking: { hideWhenWhitelabelled: guide.linking?.hideWhenWhitelabelled ?? true },
  };
}

function buildApi(spec: CompleteSpec): ApiModel {
  const api = spec.api;
  return {
    baseUrl: parseTemplate(api.baseUrl).template,
    ...(api.allowLocalHosts === true ? { allowLocalHosts: true } : {}),
    ...(api.docs !== undefined ? { docs: api.docs } : {}),
    headers: Object.entries(api.headers ?? {})
      .map(([name, value]) => ({ name, value }))
      .sort((a, b) => compareStrings(a.name, b.name)),
    ...(api.verify
      ? {
          verify: {
            operationId: api.verify.operation,
            arguments: api.verify.arguments ?? {},
            ...(api.verify.description !== undefined ? { description: api.verify.description } : {}),
            expect: (api.verify.expect ?? []).map(buildCondition),
            failWhen: (api.verify.failWhen ?? []).map(buildCondition),
          },
        }
      : {}),
    operations: api.operations.map(buildOperation),
    ...(api.importedActions !== undefined ? { importedActions: api.importedActions.map((action) => ({ id: action.id, label: action.label, scopes: action.scopes })) } : {}),
  };
}

function buildCondition(condition: RawBodyCondition): BodyCondition {
  // The semantic rules guarantee exactly one of `equals` and `present`.
  return condition.equals !== undefined ? { pointer: condition.pointer, equals: condition.equals } : { pointer: condition.pointer, present: condition.present ?? true };
}

function buildOperation(operation: CompleteSpec['api']['operations'][number]): Operation {
  return {
    id: operation.id,
    ...definedProps({ summary: operation.summary, description: operation.description }),
    method: operation.method,
    path: operation.path,
    pathParts: splitPath(operation.path),
    idempotent: operation.idempotent ?? IDEMPOTENT_METHODS.has(operation.method),
    scopes: operation.scopes ?? [],
    ...(operation.action !== undefined ? { action: operation.action } : {}),
    parameters: (operation.parameters ?? []).map((parameter) => ({
      name: parameter.name,
      in: parameter.in,
      required: parameter.in === 'path' ? true : (parameter.required ?? false),
      ...(parameter.description !== undefined ? { description: parameter.description } : {}),
      schema: parameter.schema ?? { type: 'string' },
    })),
    ...(operation.body ? { body: { required: operation.body.required ?? true, schema: operation.body.schema } } : {}),
    response: definedProps({ description: operation.response?.description, schema: operation.response?.schema }),
  };
}

function splitPath(path: string): PathPart[] {
  const parts: PathPart[] = [];
  let last = 0;
  for (const match of path.matchAll(/\{([^}]+)\}/g)) {
    if (match.index > last) parts.push({ type: 'text', value: path.slice(last, match.index) });
    parts.push({ type: 'param', name: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < path.length) parts.push({ type: 'text', value: path.slice(last) });
  return parts;
}
