import { didYouMean } from '../diagnostics/suggest.js';
import { diagnostic, type Diagnostic, type DiagnosticCode, type Severity } from '../diagnostics/diagnostic.js';
import type { SpecPath, SpecSourceMap } from '../load/source-map.js';
import { parseTemplate, withHarmlessValues } from './placeholders.js';
import type { CompleteSpec } from './incomplete.js';
import { describePath } from './schema-diagnostics.js';
import { checkPatternSafety, type PatternSafety } from './pattern-safety.js';
import { wholeValuePattern } from '../runtime/credentials.js';
import { classifySlots } from '../runtime/url.js';
import { checkOAuth2Method } from './oauth2-rules.js';

/** Operation ids that would shadow the generated client's own members. */
export const RESERVED_OPERATION_IDS = new Set(['verify', 'constructor', 'toString', 'toJSON', 'valueOf', 'then', 'request', 'options', 'credentials']);

/** RFC 9110 token: what an HTTP header name may contain. */
const HTTP_TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** Keys every object inherits: `{}`.toString exists, so a missing field would look present. */
export const RESERVED_FIELD_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Template variables every OAuth 2.0 method provides besides its declared fields. */
export const OAUTH2_TEMPLATE_VARIABLES = ['accessToken'];

export interface RuleContext {
  readonly file: string;
  readonly sourceMap: SpecSourceMap;
  /** File name without extension; the spec's `id` must equal it. */
  readonly expectedId?: string;
  /** The ReDoS check, memoised per run (defaults to an unmemoised one). */
  readonly patternSafety?: (source: string) => PatternSafety;
}

/**
 * Checks the JSON Schema cannot express: cross-references between parts of a
 * spec, duplicates, regexes that compile, templates that name real fields.
 * Runs only on schema-valid input, so the shape can be trusted.
 */
export function checkSemantics(spec: CompleteSpec, context: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (code: DiagnosticCode, severity: Severity, path: SpecPath, message: string, hint?: string, key = false) => {
    const range = key ? context.sourceMap.keyRange(path) : context.sourceMap.valueRange(path);
    out.push(diagnostic(code, severity, message, { file: context.file, ...range, path: toPointer(path) }, hint));
  };
  /** Points inside a string value, at `[index, index + length)` of its text. */
  const inside = (code: DiagnosticCode, path: SpecPath, index: number, length: number, message: string, hint?: string) => {
    const start = context.sourceMap.stringPosition(path, index);
    const end = context.sourceMap.stringPosition(path, index + Math.max(length - 1, 0));
    const range = end.line === start.line ? { endLine: end.line, endColumn: end.column + 1 } : {};
    out.push(diagnostic(code, 'error', message, { file: context.file, ...start, ...range, path: toPointer(path) }, hint));
  };

  if (context.expectedId !== undefined && spec.id !== context.expectedId) {
    at('CC3005', 'error', ['id'], `Connector id \`${spec.id}\` does not match the file name \`${context.expectedId}.yaml\`.`, `Rename the file to \`${spec.id}.yaml\` or set \`id: ${context.expectedId}\`.`);
  }

  // Fields
  const fieldKeys = new Set<string>();
  spec.fields.forEach((field, index) => {
    if (fieldKeys.has(field.key)) at('CC3001', 'error', ['fields', index, 'key'], `Duplicate field key \`${field.key}\`.`, 'Each credential field needs its own key.');
    if (RESERVED_FIELD_KEYS.has(field.key)) {
      at('CC3022', 'error', ['fields', index, 'key'], `Field key \`${field.key}\` is a built-in property of every JavaScript object.`, `Form validators and clients would read the built-in for a missing value; rename it, e.g. \`${field.key}Value\`.`);
    }
    fieldKeys.add(field.key);
    let regex: RegExp | undefined;
    if (field.pattern !== undefined) {
      try {
        new RegExp(field.pattern, 'u');
        regex = checkPatternTime(field.pattern, index, field.key);
      } catch (error) {
        at('CC3009', 'error', ['fields', index, 'pattern'], `Field \`${field.key}\` has an invalid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}.`, 'Patterns are ECMAScript regular expressions (with the `u` flag).');
      }
    }
    if (field.example !== undefined) {
      if (regex && !regex.test(field.example)) {
        at('CC3019', 'error', ['fields', index, 'example'], `The example for \`${field.key}\` does not match its own pattern.`, 'Fix the example or the pattern; forms show the example to users.');
      }
    }
    // Examples and placeholders of secrets are shown in forms and committed with the spec.
    for (const key of ['example', 'placeholder'] as const) {
      const value = field[key];
      if (field.secret === true && value !== undefined && looksLikeRealSecret(value)) {
        at('CC3018', 'warning', ['fields', index, key], `The ${key} for secret field \`${field.key}\` looks like a real credential.`, 'Use an obviously fake value such as `lin_api_xxxxxxxxxxxx`; specs are committed and published. If this was a real key, revoke it.');
      }
    }
    if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) {
      at('CC2006', 'error', ['fields', index, 'minLength'], `Field \`${field.key}\` has \`minLength\` ${field.minLength}, greater than its \`maxLength\` ${field.maxLength}.`, 'No value could satisfy both; lower `minLength` or raise `maxLength`.');
    }
  });

  /** Fields already reported as optional in a URL: once per field, however many URLs use it. */
  const optionalInUrl = new Set<string>();

  // Auth methods
  const methodIds = new Set<string>();
  let defaultMethod: string | undefined;
  spec.auth.forEach((method, index) => {
    if (methodIds.has(method.id)) at('CC3007', 'error', ['auth', index, 'id'], `Duplicate auth method id \`${method.id}\`.`, 'Each auth method gets its own page and form; give it a distinct id.');
    methodIds.add(method.id);
    if (method.default === true) {
      if (defaultMethod !== undefined) {
        at('CC3055', 'error', ['auth', index, 'default'], `Auth methods \`${defaultMethod}\` and \`${method.id}\` are both marked \`default\`.`, 'Mark one method `default: true`: the client takes its credentials without a method id.', true);
      } else defaultMethod = method.id;
    }
    const available = new Set(method.fields ?? [...fieldKeys]);
    const listed = new Set<string>();
    (method.fields ?? []).forEach((key, keyIndex) => {
      if (!fieldKeys.has(key)) at('CC3008', 'error', ['auth', index, 'fields', keyIndex], `Auth method \`${method.id}\` lists unknown field \`${key}\`.`, didYouMean(key, fieldKeys));
      if (listed.has(key)) at('CC3008', 'error', ['auth', index, 'fields', keyIndex], `Auth method \`${method.id}\` lists field \`${key}\` twice.`, 'Remove the second entry.');
      listed.add(key);
    });
    if (method.fields !== undefined && method.type !== 'oauth2') {
      // The form and check-credentials accept only the listed fields; the client cannot build its URL without these.
      // (An OAuth 2.0 client also takes what the app obtains, not the user: its access token, and these.)
      const missing = [...new Set(placeholders(spec.api.baseUrl).map((p) => p.key))].filter((key) => fieldKeys.has(key) && !available.has(key));
      for (const key of missing) {
        at('CC3002', 'error', ['auth', index, 'fields'], `Auth method \`${method.id}\` does not ask for field \`${key}\`, which the base URL uses.`, `Add \`${key}\` to its \`fields\`: its form and \`check-credentials\` accept only the listed fields, and its client needs \`${key}\` to build the API address.`);
      }
    }
    (method.apply ?? []).forEach((placement, placementIndex) => checkPlacementText(placement, ['auth', index, 'apply', placementIndex]));
    const variables = new Set([...available, ...(method.type === 'oauth2' ? OAUTH2_TEMPLATE_VARIABLES : [])]);
    (method.apply ?? []).forEach((placement, placementIndex) => {
      const templates: [SpecPath, string | undefined][] =
        placement.type === 'basic' ? [[['username'], placement.username], [['password'], placement.password]] : [[['value'], placement.value]];
      // A JSON-valued header: each member's template, at the member (or its `value`).
      if (placement.type === 'header') checkOneOf(['auth', index, 'apply', placementIndex], placement, 'value', 'json', `Header placement \`${placement.name}\``);
      if (placement.type === 'header' && placement.json !== undefined) {
        for (const [name, member] of Object.entries(placement.json)) templates.push(typeof member === 'string' ? [['json', name], member] : [['json', name, 'value'], member.value]);
      }
      for (const [key, raw] of templates) {
        if (raw === undefined) continue;
        checkTemplate(raw, ['auth', index, 'apply', placementIndex, ...key], variables, fieldKeys, `auth method \`${method.id}\``);
      }
    });
    if (method.type !== 'oauth2' && (method.apply ?? []).length === 0) {
      at('CC2002', 'error', ['auth', index], `Auth method \`${method.id}\` does not say where credentials go.`, 'Add `apply:` with a `bearer`, `header`, `query` or `basic` entry.');
    }
    if (method.type === 'oauth2' && method.oauth2 !== undefined) {
      // Endpoints templated from a region or tenant: fields of the method or of its profile, in the slots a base URL allows.
      const urlVariables = new Set([...available, ...(method.profile?.fields ?? [])]);
      for (const key of ['authorizationUrl', 'tokenUrl'] as const) {
        const owner = `the \`${key}\` of \`${method.id}\``;
        checkTemplate(method.oauth2[key], ['auth', index, 'oauth2', key], urlVariables, fieldKeys, owner);
        checkBaseUrlFields(method.oauth2[key], ['auth', index, 'oauth2', key], owner, 'A field in an OAuth 2.0 URL', `the host of ${owner}`);
      }
    }
    checkOAuth2Method(
      method,
      index,
      fieldKeys,
      (path, message, hint, key) => at('CC3033', 'error', path, message, hint, key),
      (path, key) => at('CC3008', 'error', path, `The connector profile of \`${method.id}\` lists unknown field \`${key}\`.`, didYouMean(key, fieldKeys)),
    );
    // The redirect URL is the admin's business: only a connector-profile page shows it.
    method.guide?.sections.forEach((section, s) =>
      (section.steps ?? []).forEach((step, t) => {
        if (step.redirectUrl === undefined) return;
        at('CC3061', 'error', ['auth', index, 'guide', 'sections', s, 'steps', t, 'redirectUrl'], `Step \`${step.title}\` of the \`${method.id}\` link-account guide asks for the OAuth redirect URL, which only connector-profile pages show.`, 'Move the step into the method\'s `profile.guide` (an OAuth 2.0 method\'s admin setup), or remove `redirectUrl`.', true);
      }),
    );
    if (method.type === 'oauth2' && method.oauth2 === undefined) {
      at('CC2002', 'error', ['auth', index], `OAuth 2.0 method \`${method.id}\` needs an \`oauth2\` block.`, 'Add `oauth2: { authorizationUrl: …, tokenUrl: … }`.');
    }
  });

  // API
  const allVariables = new Set(fieldKeys);
  checkTemplate(spec.api.baseUrl, ['api', 'baseUrl'], allVariables, fieldKeys, 'the base URL');
  checkBaseUrl(spec.api.baseUrl);
  checkBaseUrlFields(spec.api.baseUrl);

  const operationIds = new Set<string>();
  spec.api.operations.forEach((operation, index) => {
    if (operationIds.has(operation.id)) at('CC3006', 'error', ['api', 'operations', index, 'id'], `Duplicate operation id \`${operation.id}\`.`, 'Operation ids become client method names; make them unique.');
    operationIds.add(operation.id);
    if (RESERVED_OPERATION_IDS.has(operation.id)) {
      at('CC3022', 'error', ['api', 'operations', index, 'id'], `Operation id \`${operation.id}\` is reserved by the generated client.`, `Rename it, e.g. \`${operation.id}Operation\`.`);
    }
    const pathParams = [...operation.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
    const declared = new Map<string, number>();
    (operation.parameters ?? []).forEach((parameter, parameterIndex) => {
      const key = `${parameter.in}:${parameter.name}`;
      if (declared.has(key)) at('CC3016', 'error', ['api', 'operations', index, 'parameters', parameterIndex, 'name'], `Parameter \`${parameter.name}\` (in ${parameter.in}) is declared twice in \`${operation.id}\`.`, 'Remove one of them; each parameter becomes one property of the method\'s argument.');
      declared.set(key, parameterIndex);
      if (parameter.in === 'path' && !pathParams.includes(parameter.name)) {
        at('CC3015', 'error', ['api', 'operations', index, 'parameters', parameterIndex, 'name'], `Path parameter \`${parameter.name}\` does not appear in the path \`${operation.path}\`.`, `Add \`{${parameter.name}}\` to the path or change \`in\` to \`query\`.`);
      }
      if (parameter.in === 'header' && !HTTP_TOKEN.test(parameter.name)) {
        at('CC2005', 'error', ['api', 'operations', index, 'parameters', parameterIndex, 'name'], `Header parameter \`${parameter.name}\` is not a valid HTTP header name.`, 'Header names are letters, digits and `-` (no spaces, brackets, `(`, `/` or `:`), e.g. `X-Request-Id`.');
      }
      if (parameter.in === 'path' && parameter.required === false) {
        at('CC3015', 'error', ['api', 'operations', index, 'parameters', parameterIndex, 'required'], `Path parameter \`${parameter.name}\` cannot be optional.`);
      }
    });
    for (const name of pathParams) {
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) at('CC3015', 'error', ['api', 'operations', index, 'path'], `Path placeholder \`{${name}}\` is not a valid parameter name.`);
      else if (!declared.has(`path:${name}`)) at('CC3015', 'error', ['api', 'operations', index, 'path'], `Path placeholder \`{${name}}\` has no parameter with \`in: path\`.`, `Add \`{ name: ${name}, in: path, schema: { type: string } }\` to \`parameters\`.`);
    }
    if (operation.body !== undefined && operation.method === 'GET') {
      at('CC2006', 'error', ['api', 'operations', index, 'body'], `Operation \`${operation.id}\` is a GET request and cannot have a body.`);
    }
  });

  if (spec.api.verify !== undefined && !operationIds.has(spec.api.verify.operation)) {
    at('CC3003', 'error', ['api', 'verify', 'operation'], `Verify request refers to unknown operation \`${spec.api.verify.operation}\`.`, didYouMean(spec.api.verify.operation, operationIds) ?? `Name one of the operations under \`api.operations\`: ${[...operationIds].slice(0, 10).map((id) => `\`${id}\``).join(', ')}${operationIds.size > 10 ? ', …' : ''}.`);
  }
  (['expect', 'failWhen'] as const).forEach((list) =>
    spec.api.verify?.[list]?.forEach((condition, conditionIndex) => checkOneOf(['api', 'verify', list, conditionIndex], condition, 'equals', 'present', `Verify condition \`${condition.pointer}\``)),
  );
  return out;

  /** Exactly one of two keys (the schema lists both as optional; this says which is wrong, once). */
  function checkOneOf(path: SpecPath, node: object, first: string, second: string, owner: string): void {
    const has = (key: string) => Object.hasOwn(node, key) && (node as Record<string, unknown>)[key] !== undefined;
    if (has(first) && has(second)) at('CC2006', 'error', [...path, second], `${owner} has both \`${first}\` and \`${second}\`.`, `Keep one of them.`, true);
    else if (!has(first) && !has(second)) at('CC2002', 'error', path, `${owner} needs \`${first}\` or \`${second}\`.`, `Add \`${first}:\` or \`${second}:\`.`);
  }

  /**
   * The pattern as forms and clients run it (whole value, `u` flag), or
   * `undefined` with CC3030 when its matching time can grow faster than
   * linearly: then it is never run, not even on the spec's own example.
   */
  function checkPatternTime(pattern: string, index: number, key: string): RegExp | undefined {
    const anchored = wholeValuePattern(pattern);
    const verdict = (context.patternSafety ?? checkPatternSafety)(anchored);
    if (verdict.safe) return new RegExp(anchored, 'u');
    // Offsets are in the anchored text; `^(?:` shifts a wrapped pattern by 4.
    const shift = anchored === pattern ? 0 : 4;
    const start = Math.min(Math.max(verdict.start - shift, 0), Math.max(pattern.length - 1, 0));
    const end = Math.min(Math.max(verdict.end - shift, start + 1), pattern.length);
    const how = verdict.complexity === 'unknown' ? 'cannot be shown to match in linear time' : `can take ${verdict.complexity} time to reject some values`;
    inside(
      'CC3030',
      ['fields', index, 'pattern'],
      start,
      end - start,
      `The pattern of field \`${key}\` ${how} (ReDoS); forms, clients and \`check-credentials\` would hang on them.`,
      'Write the repetition here so that each character can be matched in only one way, e.g. `^[a-z]+$` rather than `^([a-z]+)+$` or `^[a-z]*[a-z]*$`.',
    );
    return undefined;
  }

  /**
   * Literal text of a placement that no credential could make valid: a colon
   * in a basic-auth user. (A line break in a header's literal text is CC3025,
   * `checkHeaderValues` in text-rules.ts.)
   */
  function checkPlacementText(placement: NonNullable<CompleteSpec['auth'][number]['apply']>[number], path: SpecPath): void {
    const literal = (raw: string | undefined) => (raw === undefined ? '' : parseTemplate(raw).template.parts.map((part) => (part.type === 'text' ? part.value : '')).join(''));
    if (placement.type === 'basic' && literal(placement.username).includes(':')) {
      at('CC3031', 'error', [...path, 'username'], 'The basic-auth user name contains a colon, which HTTP basic auth uses as the separator.', 'Put the text after the colon in `password`.');
    }
  }

  /**
   * Each field of the base URL fills one whole slot, so that the rules for
   * its value (src/runtime/credentials.ts `ROLE_RULES`) decide alone whether
   * the URL is sound: the whole host, one whole host label followed by a
   * literal domain, the whole port, or a path segment it does not share with
   * another field or with dots alone. And it is required: the client cannot
   * build the URL without it.
   */
  function checkBaseUrlFields(raw: string, path: SpecPath = ['api', 'baseUrl'], owner = 'the base URL', hint = 'A base URL field', host = "the base URL's host"): void {
    const parsed = parseTemplate(raw);
    if (parsed.errors.length > 0) return;
    const parts = parsed.template.parts;
    const slots = classifySlots(parts);
    const offsets = placeholders(raw);
    let fieldIndex = 0;
    parts.forEach((part, index) => {
      if (part.type !== 'field') return;
      const offset = offsets[fieldIndex++]?.offset ?? 0;
      const before = parts[index - 1];
      const after = parts[index + 1];
      const textBefore = before?.type === 'text' ? before.value : before === undefined ? '' : undefined;
      const textAfter = after?.type === 'text' ? after.value : after === undefined ? '' : undefined;
      const fail = (message: string) => inside('CC3031', path, offset, part.key.length + 2, message, `${hint} is the whole host (\`https://{host}/api\`), one whole host label before a domain written out (\`https://{subdomain}.example.com\`), the whole port, or part of a path segment.`);
      switch (slots[index]) {
        case 'host-suffix':
        case 'label': {
          // A select's options are fixed and each is checked as a host name (field-rules.ts); free text could name any domain.
          if (slots[index] === 'host-suffix' && spec.fields.some((field) => field.key === part.key && field.type === 'select')) break;
          const startsLabel = textBefore !== undefined && (textBefore.endsWith('.') || textBefore.endsWith('://') || textBefore.endsWith('@'));
          const endsLabel = textAfter !== undefined && textAfter.startsWith('.') && (textAfter.length > 1 ? /^\.[A-Za-z0-9]/.test(textAfter) : after !== undefined);
          if (!startsLabel || !endsLabel) fail(`Field \`${part.key}\` must fill one whole label of ${host}, with the domain after it written out.`);
          break;
        }
        case 'port':
          if (textBefore === undefined || !textBefore.endsWith(':') || textAfter === undefined || !(textAfter === '' || textAfter.startsWith('/'))) fail(`Field \`${part.key}\` must be the whole port of ${owner}.`);
          break;
        case 'path': {
          let segment = '';
          let fields = 0;
          for (let i = index - 1; i >= 0; i--) {
            const p = parts[i]!;
            if (p.type === 'field') fields++;
            else if (p.value.includes('/')) {
              segment = p.value.slice(p.value.lastIndexOf('/') + 1) + segment;
              break;
            } else segment = p.value + segment;
          }
          for (let i = index + 1; i < parts.length; i++) {
            const p = parts[i]!;
            if (p.type === 'field') fields++;
            else {
              const end = p.value.search(/[/?#]/);
              segment += end === -1 ? p.value : p.value.slice(0, end);
              if (end !== -1) break;
            }
          }
          if (fields > 0 || /^\.+$/.test(segment)) fail(`Field \`${part.key}\` shares its path segment with ${fields > 0 ? 'another field' : 'dots only'}, so together they could make a \`..\` segment.`);
          break;
        }
        default:
          break;
      }
      const fieldIndexInSpec = spec.fields.findIndex((field) => field.key === part.key);
      if (fieldIndexInSpec !== -1 && spec.fields[fieldIndexInSpec]!.required === false && !optionalInUrl.has(part.key)) {
        optionalInUrl.add(part.key);
        at('CC3031', 'error', ['fields', fieldIndexInSpec, 'required'], `Field \`${part.key}\` is used in ${owner}, so it cannot be optional.`, `Remove \`required: false\`: the client needs the value to build ${path[0] === 'api' ? 'the API address' : 'the URL'}.`);
      }
    });
  }

  function checkTemplate(raw: string, path: SpecPath, variables: ReadonlySet<string>, declaredFields: ReadonlySet<string>, owner: string): void {
    const parsed = parseTemplate(raw);
    for (const error of parsed.errors) inside('CC3017', path, error.offset, 1, `Template in ${describePath(path)} ${error.message}.`, 'Write `{fieldKey}` for a field value and `{{` / `}}` for literal braces.');
    for (const { key, offset } of placeholders(raw)) {
      if (variables.has(key)) continue;
      const declaredElsewhere = declaredFields.has(key);
      inside(
        'CC3002',
        path,
        offset,
        key.length + 2,
        declaredElsewhere ? `Template in ${owner} uses field \`${key}\`, which this auth method does not ask for.` : `Template in ${owner} refers to unknown field \`{${key}}\`.`,
        declaredElsewhere ? `Add \`${key}\` to the method's \`fields\`.` : (didYouMean(key, declaredFields) ?? `Declare a field with \`key: ${key}\` under \`fields\`.`),
      );
    }
  }

  function checkBaseUrl(raw: string): void {
    const parsed = parseTemplate(raw);
    if (parsed.errors.length > 0) return;
    // Substitute a harmless value for each placeholder and check what remains is an http(s) URL.
    const probe = withHarmlessValues(parsed.template);
    let url: URL | undefined;
    try {
      url = new URL(probe);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      at('CC3021', 'error', ['api', 'baseUrl'], `Base URL \`${raw}\` is not an absolute http(s) URL.`, 'Write it like `https://api.example.com/v1` or `https://{subdomain}.example.com/api`.');
      return;
    }
    if (url.search !== '' || url.hash !== '') {
      at('CC3021', 'error', ['api', 'baseUrl'], 'Base URL must not contain a query string or fragment.', 'Put query parameters on operations, or in `apply` for credentials.');
    }
    if (url.username !== '' || url.password !== '') {
      at('CC3021', 'error', ['api', 'baseUrl'], 'Base URL must not contain a user name or password.', 'Put credentials in `apply`, e.g. `{ type: basic, username: "{user}", password: "{password}" }`.');
    }
    if (url.protocol === 'http:' && spec.auth.some((method) => (method.apply ?? []).length > 0 || method.type === 'oauth2')) {
      at('CC3032', 'warning', ['api', 'baseUrl'], 'Base URL uses http://, so every request would send the credentials unencrypted.', 'Use https://. To call a local test server, pass the client option `baseUrl` instead.');
    }
    const schemeEnd = raw.indexOf('://');
    const first = parsed.template.parts[0];
    if (first?.type !== 'text' || schemeEnd === -1 || first.value.length < schemeEnd + 3) {
      at('CC3021', 'error', ['api', 'baseUrl'], 'The scheme of the base URL cannot come from a field.', 'Start the base URL with `https://`.');
    }
  }
}


/**
 * Flags examples that look like a real key: long, high-entropy, no obvious
 * filler like `xxxx`, `your-`, `example`.
 */
export function looksLikeRealSecret(value: string): boolean {
  // A key is one token of key-like characters; prose around it (`Bearer …`) does not hide it.
  return value.split(/\s+/).some((token) => /^[A-Za-z0-9_\-.+/=:~]+$/.test(token) && looksLikeKey(token));
}

function looksLikeKey(value: string): boolean {
  if (value.length < 20) return false;
  if (/(x{4,}|\*{4,}|\.{3}|your[-_ ]?|example|sample|dummy|placeholder|<[^>]+>|0{6,}|1234)/i.test(value)) return false;
  const body = value.replace(/^[a-z]+_(api_|live_|test_)?/i, '');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(body)).length;
  return classes >= 2 && shannonEntropy(body) >= 3.5;
}

function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** Each well-formed `{key}` of a template with its offset; `{{` and `}}` are literal braces. */
function placeholders(raw: string): { key: string; offset: number }[] {
  const out: { key: string; offset: number }[] = [];
  for (const match of raw.matchAll(/\{\{|\}\}|\{([A-Za-z_$][\w$]*)\}/g)) {
    if (match[1] !== undefined) out.push({ key: match[1], offset: match.index });
  }
  return out;
}

function toPointer(path: SpecPath): string {
  return `/${path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}
