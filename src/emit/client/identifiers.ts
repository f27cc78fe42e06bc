/**
 * The one place that turns spec ids into TypeScript identifiers. Every name
 * is derived from ids alone (never from iteration order), checked to be a
 * valid identifier, and clashes are resolved by rules that depend only on
 * the set of names involved.
 */
import type { ConnectorModel, Operation, Parameter } from '../../model/connector-model.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Words that cannot name a variable, function or class (ES2022 strict mode, plus TS type keywords). */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface ' +
    'package private protected public await arguments eval any boolean never number object string symbol undefined unknown bigint'
  ).split(' '),
);

/**
 * Members of the runtime's `BaseClient`: an operation method with one of these
 * names would shadow them. The validator rejects these ids (CC3022); this is
 * the emitter's own guard for models built some other way.
 */
export const CLIENT_MEMBERS: ReadonlySet<string> = new Set(['constructor', 'verify', 'request', 'toString', 'toJSON', 'valueOf', 'then', 'options', 'credentials']);

/** Throws when `name` is not a usable binding name; names reaching this are bugs, not user errors. */
export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name) || RESERVED.has(name)) throw new Error(`Internal error: \`${name}\` is not a valid identifier.`);
  return name;
}

/** Upper-cases the first character: `listJobs` → `ListJobs`. */
function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * PascalCase from a kebab-case id: `api-key` → `ApiKey`. Injective on ids
 * (`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`): a segment that starts with a digit is
 * joined with `_` (`v-2` → `V_2`, `v2` → `V2`), so no two ids share a name.
 */
export function pascalFromKebab(id: string): string {
  return id
    .split('-')
    .map((segment, index) => (index > 0 && /^[0-9]/.test(segment) ? `_${segment}` : capitalise(segment)))
    .join('');
}

/**
 * The connector's name in identifiers. The display name is used when it is
 * the id in other clothes (`ClayHR` for `clayhr`, `GoogleDrive` for
 * `google-drive`), since users search for it; otherwise the id decides.
 * Depends on this connector only, so its file can be cached on its own.
 */
export function connectorTypeName(model: Pick<ConnectorModel, 'id' | 'name'>): string {
  const fromName = model.name
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map(capitalise)
    .join('');
  const usable = IDENTIFIER.test(fromName) && /^[A-Z]/.test(fromName) && fromName.toLowerCase() === model.id.replace(/-/g, '');
  return assertIdentifier(usable ? fromName : pascalFromKebab(model.id));
}

/** Names of one operation's method and types. */
export interface OperationNames {
  /** Method on the client class. */
  readonly method: string;
  readonly params: string;
  readonly body: string;
  readonly response: string;
}

/** All names one generated client file declares. */
export interface ClientNames {
  readonly connector: string;
  readonly client: string;
  readonly factory: string;
  /** Union of every method's credentials. */
  readonly credentials: string;
  /** Union of auth method ids (only declared when there are several). */
  readonly authMethod: string;
  /** Method id → credentials type (only declared when there are several). */
  readonly credentialsByMethod: string;
  readonly methodCredentials: ReadonlyMap<string, string>;
  /** `get<Name>OAuth2Config` (only declared when a method is OAuth 2.0). */
  readonly oauth2Config: string;
  readonly operations: ReadonlyMap<string, OperationNames>;
}

/**
 * Every type is prefixed with the connector name, so `clients/index.ts` can
 * re-export all files with `export *` without collisions. The suffixes
 * (`Params`, `Body`, `Response`, `Credentials`, `Client`) differ, and the
 * PascalCase conversions are injective, so names within a file cannot clash.
 */
export function clientNames(model: ConnectorModel): ClientNames {
  const connector = connectorTypeName(model);
  const operationIds = new Set(model.api.operations.map((operation) => operation.id));
  return {
    connector,
    client: assertIdentifier(`${connector}Client`),
    factory: assertIdentifier(`create${connector}Client`),
    credentials: assertIdentifier(`${connector}Credentials`),
    authMethod: assertIdentifier(`${connector}AuthMethod`),
    credentialsByMethod: assertIdentifier(`${connector}CredentialsByMethod`),
    oauth2Config: assertIdentifier(`get${connector}OAuth2Config`),
    methodCredentials: new Map(model.authMethods.map((method) => [method.id, assertIdentifier(`${connector}${pascalFromKebab(method.id)}Credentials`)])),
    operations: new Map(
      model.api.operations.map((operation) => {
        const base = `${connector}${capitalise(operation.id)}`;
        return [
          operation.id,
          {
            method: methodName(operation.id, operationIds),
            params: assertIdentifier(`${base}Params`),
            body: assertIdentifier(`${base}Body`),
            response: assertIdentifier(`${base}Response`),
          },
        ];
      }),
    ),
  };
}

/**
 * The client method for an operation: its id, unless that would shadow a
 * `BaseClient` member, in which case `Operation` is appended until the name
 * is free. Class members may be reserved words (`delete()`), so those stay.
 */
function methodName(id: string, operationIds: ReadonlySet<string>): string {
  if (!/^[a-z][A-Za-z0-9]*$/.test(id)) throw new Error(`Internal error: operation id \`${id}\` is not lowerCamelCase.`);
  let name = id;
  while (CLIENT_MEMBERS.has(name) || (name !== id && operationIds.has(name))) name = `${name}Operation`;
  return name;
}

/** Where a parameter's key in the params object came from, for diagnostics. */
export interface ParameterKey {
  readonly parameter: Parameter;
  /** Index in `operation.parameters`. */
  readonly index: number;
  /** Property name in the generated params object. */
  readonly key: string;
  /** True when the key differs from the parameter name because of a clash. */
  readonly renamed: boolean;
}

const LOCATION_RANK: Readonly<Record<Parameter['in'], number>> = { path: 0, query: 1, header: 2 };
const LOCATION_SUFFIX: Readonly<Record<Parameter['in'], string>> = { path: 'Path', query: 'Query', header: 'Header' };

/**
 * Keys of an operation's params object. Parameters are keyed by name, and
 * the body by `body`. When two parameters share a name (a path `id` and a
 * query `id`) or one is called `body` while the operation has a body, the
 * parameter that ranks first (path, then query, then header; the body ranks
 * before all) keeps the name and the others get their location appended
 * (`idQuery`), repeated until free. Only names and locations decide, never
 * the order of the parameter list.
 */
export function parameterKeys(operation: Operation): ParameterKey[] {
  const ranked = operation.parameters
    .map((parameter, index) => ({ parameter, index }))
    .sort((a, b) => LOCATION_RANK[a.parameter.in] - LOCATION_RANK[b.parameter.in] || compareStrings(a.parameter.name, b.parameter.name));
  // Every original name stays reserved, so a renamed key can never take the name of a later parameter.
  const taken = new Set<string>([...(operation.body ? ['body'] : []), ...operation.parameters.map((p) => p.name)]);
  const assigned = new Set<string>(operation.body ? ['body'] : []);
  const keys: ParameterKey[] = [];
  for (const { parameter, index } of ranked) {
    let key = parameter.name;
    if (assigned.has(key)) {
      do key = `${key}${LOCATION_SUFFIX[parameter.in]}`;
      while (taken.has(key) || assigned.has(key));
    }
    assigned.add(key);
    keys.push({ parameter, index, key, renamed: key !== parameter.name });
  }
  return keys.sort((a, b) => a.index - b.index);
}


/**
 * A namespace name for `export * as … from` in `clients/index.ts`, used only
 * when two connectors' type names collide: camelCase of the id (injective
 * like `pascalFromKebab`), with `_` appended to reserved words.
 */
export function namespaceName(id: string): string {
  const pascal = pascalFromKebab(id);
  const camel = pascal.charAt(0).toLowerCase() + pascal.slice(1);
  return assertIdentifier(RESERVED.has(camel) ? `${camel}_` : camel);
}
