/**
 * Builds one generated client file as declarations for
 * `declaration-printer.ts`: credential types, one params/body/response type
 * per operation, the runtime description, the client class and its factory.
 * Plain data, except the types of shapes, which `shape-type.ts` writes.
 */
import type { AuthMethod, ConnectorModel, CredentialField, Operation, VerifyRequest } from '../../model/connector-model.js';
import { describeCondition, describeUnmet } from '../../runtime/body-conditions.js';
import { describeConnector } from './description.js';
import { clientFields, paramsRequired } from '../../model/client-fields.js';
import { parameterKeys, type ClientNames, type OperationNames } from './identifiers.js';
import type { ClassDeclaration, Declaration, FunctionDeclaration, InterfaceDeclaration, MethodDeclaration, PropertySignature, SourceFile } from './declaration-printer.js';
import { docText, lineCommentText, literal, literalKey, propertyName, quoteString } from './quote.js';
import { isInterfaceShape, shapeDoc, typeWriter, writeObjectMembers } from './shape-type.js';

/** Settings of one client file that do not come from the model. */
export interface ClientFileSettings {
  readonly runtimeImport: string;
}

export function clientFile(model: ConnectorModel, names: ClientNames, settings: ClientFileSettings): SourceFile {
  const declarations: Declaration[] = [
    { kind: 'import', namespace: 'runtime', from: settings.runtimeImport },
    ...credentialTypes(model, names),
    ...model.api.operations.flatMap((operation) => operationTypes(operation, names.operations.get(operation.id)!)),
    { kind: 'const', name: 'DESCRIPTION', type: 'runtime.ConnectorDescription', value: literal(describeConnector(model)) },
    clientClass(model, names),
    factory(model, names),
    ...scopeDeclarations(model, names),
    ...oauth2ConfigFunction(model, names),
  ];
  return { header: clientFileHeader(model), declarations };
}

// ─── Scopes ─────────────────────────────────────────────────────────────────

/**
 * `<Connector>OperationScopes` (operation id → the scopes it needs, every
 * operation, `as const`), `<Connector>Scope` (their union) and
 * `get<Connector>Scopes(operations)`, so an app can request exactly the
 * scopes of the operations it calls. Only when some operation declares
 * scopes: other clients print as before.
 */
export function scopeDeclarations(model: ConnectorModel, names: ClientNames): Declaration[] {
  const operations = model.api.operations;
  if (!operations.some((operation) => operation.scopes.length > 0)) return [];
  const constName = `${names.connector}OperationScopes`;
  const value = `{\n${operations.map((operation) => `  ${literalKey(operation.id)}: [${operation.scopes.map(quoteString).join(', ')}],`).join('\n')}\n}`;
  const dtsType = `{\n${operations.map((operation) => `  readonly ${literalKey(operation.id)}: readonly [${operation.scopes.map(quoteString).join(', ')}];`).join('\n')}\n}`;
  const scopeType = `${names.connector}Scope`;
  return [
    { kind: 'exported-const', name: constName, doc: 'The permission scopes each operation needs, by operation id; request those of the operations you call.', value, dtsType },
    typeAlias(scopeType, `(typeof ${constName})[keyof typeof ${constName}][number]`, 'Every permission scope an operation of this client needs.'),
    {
      kind: 'function',
      name: `get${names.connector}Scopes`,
      doc: docText(
        'The scopes the named operations need, each once, in the order the operations list them: ask for exactly these, e.g. `runtime.startAuthorization(config, app, { redirectUri, scopes })`.',
        '@throws TypeError for an id that is not an operation of this client.',
      ),
      parameters: [{ name: 'operations', type: `readonly (keyof typeof ${constName})[]` }],
      returnType: `${scopeType}[]`,
      statements: [`return runtime.scopesFor(${constName}, operations);`],
    },
  ];
}

/** The variable an OAuth 2.0 method's placements use for its access token. */
const ACCESS_TOKEN_KEY = 'accessToken';

/**
 * `get<Name>OAuth2Config(method)`: the `runtime.OAuth2Config` of an OAuth 2.0
 * method, for `startAuthorization`, `exchangeCode` and `OAuth2Session`.
 * Declared only when the connector has an OAuth 2.0 method.
 */
export function oauth2ConfigFunction(model: ConnectorModel, names: ClientNames): FunctionDeclaration[] {
  const methods = model.authMethods.filter((method) => method.oauth2 !== undefined);
  if (methods.length === 0) return [];
  // The fields the endpoints are templated from (a region or tenant), in spec order.
  const urlFields = [...new Set(methods.flatMap((method) => [method.oauth2!.authorizationUrl, method.oauth2!.tokenUrl]).flatMap((url) => url.parts.flatMap((part) => (part.type === 'field' ? [part.key] : []))))];
  return [
    {
      kind: 'function',
      name: names.oauth2Config,
      doc: docText(
        `The OAuth 2.0 endpoints and settings of ${model.name}'s ${methods.map((method) => `\`${method.id}\``).join(', ')} method, from the spec: pass them to \`runtime.startAuthorization\`, \`runtime.exchangeCode\` and \`new runtime.OAuth2Session\`.`,
        urlFields.length > 0 ? `The endpoints are filled in from ${urlFields.map((key) => `\`${key}\``).join(', ')}, with the base URL's rules.` : undefined,
        urlFields.length > 0 ? '@throws {@link runtime.CredentialsError} when a value is missing or does not fit its place in the URL.' : undefined,
      ),
      parameters: [
        { name: 'method', type: methods.map((method) => quoteString(method.id)).join(' | ') },
        ...(urlFields.length > 0 ? [{ name: 'values', type: `{ ${urlFields.map((key) => `readonly ${propertyName(key)}: string`).join('; ')} }` }] : []),
      ],
      returnType: 'runtime.OAuth2Config',
      statements: [urlFields.length > 0 ? 'return runtime.oauth2Config(DESCRIPTION, method, values);' : 'return runtime.oauth2Config(DESCRIPTION, method);'],
    },
  ];
}

/** The header of every file of one client (`.ts`, `.js`, `.d.ts`). */
export function clientFileHeader(model: ConnectorModel): string[] {
  return [`Generated by connector-compiler from ${lineCommentText(model.sourceFile)}. Do not edit: change the spec and rebuild.`];
}

// ─── Credentials ────────────────────────────────────────────────────────────

export function credentialTypes(model: ConnectorModel, names: ClientNames): Declaration[] {
  const several = model.authMethods.length > 1;
  const perMethod: InterfaceDeclaration[] = model.authMethods.map((method) => ({
    kind: 'interface',
    name: names.methodCredentials.get(method.id)!,
    doc: docText(`Credentials for ${model.name}'s ${method.label} method (\`${method.id}\`).`),
    properties: [
      ...clientFields(model, method).map((field) => ({
        name: propertyName(field.key),
        isReadonly: true,
        // An OAuth 2.0 client takes a fixed access token or a session that hands out current ones.
        // A conditional field (`showWhen`) is required only while shown: optional in the type, checked at construction.
        hasQuestionToken: !field.required || field.showWhen !== undefined || (method.oauth2 !== undefined && field.key === ACCESS_TOKEN_KEY),
        // A select takes one of its option values: a union of string literals; a number field a number, a checkbox a boolean.
        type: field.options !== undefined ? field.options.map((option) => quoteString(option.value)).join(' | ') : field.valueType === 'boolean' ? 'boolean' : field.valueType !== undefined ? 'number' : 'string',
        doc:
          method.oauth2 !== undefined && field.key === ACCESS_TOKEN_KEY
            ? docText(`${field.description ?? field.label} Pass this or \`session\`, not both.`)
            : docText(field.description ?? field.label, conditionDoc(field), field.example !== undefined && !field.secret ? `@example ${field.example}` : undefined),
      })),
      ...(method.oauth2 !== undefined && clientFields(model, method).some((field) => field.key === ACCESS_TOKEN_KEY)
        ? [
            {
              name: 'session',
              isReadonly: true,
              hasQuestionToken: true,
              type: 'runtime.TokenSource',
              doc: docText(
                'A `runtime.OAuth2Session` (or the same two methods): each request asks it for a current access token, and after a 401 the client calls `afterUnauthorized` once and retries. Pass this or `accessToken`, not both.',
              ),
            },
          ]
        : []),
    ],
  }));
  const alias = (name: string, type: string, doc: string): Declaration => typeAlias(name, type, doc);
  const methodIds = model.authMethods.map((method) => quoteString(method.id));
  return [
    ...perMethod,
    alias(names.credentials, perMethod.map((s) => s.name).join(' | '), several ? 'Credentials for any of the auth methods; pair them with the method id.' : `Credentials for ${docText(model.name)}.`),
    alias(names.authMethod, methodIds.join(' | '), 'Ids of the auth methods this connector supports.'),
    {
      kind: 'interface',
      name: names.credentialsByMethod,
      doc: 'The credentials type of each auth method, by method id.',
      properties: model.authMethods.map((method) => ({ name: propertyName(method.id), isReadonly: true, type: names.methodCredentials.get(method.id)! })),
    },
  ];
}

/** "Asked for only when `region` is "eu" or "ap"; required then.": a conditional field's doc line. */
function conditionDoc(field: CredentialField): string | undefined {
  const condition = field.showWhen;
  if (condition === undefined) return undefined;
  const values = condition.values?.map((value) => JSON.stringify(value));
  const when = values === undefined ? 'has a value' : `is ${values.length === 1 ? values[0]! : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]!}`}`;
  return `Asked for only when \`${condition.field}\` ${when}${field.required ? '; required then' : ''}.`;
}

// ─── Operations ─────────────────────────────────────────────────────────────

export function operationTypes(operation: Operation, names: OperationNames): Declaration[] {
  const statements: Declaration[] = [paramsType(operation, names)];
  if (operation.body) {
    const shape = operation.body.schema;
    statements.push(declaration(names.body, shape, 'input', docText(shape.description ?? `Request body of \`${operation.id}\`.`)));
  }
  const response = operation.response.schema;
  statements.push(
    response === undefined
      ? typeAlias(names.response, 'unknown', docText(operation.response.description ?? `Response of \`${operation.id}\` (the spec does not describe it).`))
      : declaration(names.response, response, 'output', docText(operation.response.description ?? response.description ?? `Response of \`${operation.id}\`.`)),
  );
  return statements;
}

/** `export type X = …;` for a one-line type. */
function typeAlias(name: string, type: string, doc: string | undefined): Declaration {
  return { kind: 'type', name, doc, type };
}

/** `export interface X { … }` for plain object shapes, `export type X = …;` otherwise. */
function declaration(name: string, shape: Parameters<typeof typeWriter>[0], mode: 'input' | 'output', doc: string | undefined): Declaration {
  return isInterfaceShape(shape)
    ? { kind: 'interface', name, doc, properties: (writer) => writeObjectMembers(writer, shape, mode) }
    : { kind: 'type', name, doc, type: typeWriter(shape, mode) };
}

function paramsType(operation: Operation, names: OperationNames): Declaration {
  const keys = parameterKeys(operation);
  const doc = docText(`Parameters of \`${operation.id}\`${operation.body ? ', with the request body under `body`' : ''}.`);
  if (keys.length === 0 && !operation.body) {
    return typeAlias(names.params, 'Record<string, never>', docText(`\`${operation.id}\` takes no parameters.`));
  }
  const properties: PropertySignature[] = keys.map(({ parameter, key }) => {
    const where = parameter.in === 'path' ? 'Path' : parameter.in === 'query' ? 'Query' : 'Header';
    const wire = key === parameter.name ? '' : ` \`${parameter.name}\``;
    return {
      name: propertyName(key),
      doc: shapeDoc(parameter.description !== undefined ? { ...parameter.schema, description: parameter.description } : parameter.schema, `${where} parameter${wire}.`),
      isReadonly: true,
      hasQuestionToken: !parameter.required,
      type: typeWriter(parameter.schema, 'input'),
    };
  });
  if (operation.body) properties.push({ name: 'body', doc: docText('The JSON request body.'), isReadonly: true, hasQuestionToken: !operation.body.required, type: names.body });
  return { kind: 'interface', name: names.params, doc, properties };
}

/** "It reports `invalid-credentials` when …": the spec's `failWhen` and `expect` conditions in words. */
function verifyConditionsDoc(verify: VerifyRequest): string | undefined {
  const reasons = [
    ...verify.failWhen.map((condition) => `${describeCondition(condition)} in the response`),
    ...verify.expect.map((condition) => `${describeUnmet(condition)} in a 2xx response`),
  ];
  return reasons.length === 0 ? undefined : `It reports \`invalid-credentials\` when ${reasons.join(', or when ')}.`;
}

// ─── Client class and factory ───────────────────────────────────────────────

/**
 * The method whose credentials the client also takes without a method id
 * (the spec's `default: true`), when there are several methods.
 */
function defaultMethodOf(model: ConnectorModel): AuthMethod | undefined {
  return model.authMethods.length > 1 ? model.authMethods.find((method) => method.isDefault === true) : undefined;
}

/** `[credentials, options?] | [method, credentials, options?]`: what the constructor of a client with a default method takes. */
function clientArguments(names: ClientNames, defaultMethod: AuthMethod): string {
  return `[credentials: ${names.methodCredentials.get(defaultMethod.id)!}, options?: runtime.ClientOptions | undefined] | [method: ${names.authMethod}, credentials: ${names.credentials}, options?: runtime.ClientOptions | undefined]`;
}

export function clientClass(model: ConnectorModel, names: ClientNames): ClassDeclaration {
  const several = model.authMethods.length > 1;
  const defaultMethod = defaultMethodOf(model);
  const verify = model.api.verify;
  const classDoc = docText(
    `Typed client for the ${model.name} API${model.description ? `: ${model.description}` : '.'}`,
    verify
      ? `\`verify()\` checks the credentials by calling \`${verify.operationId}\`${verify.description ? `: ${verify.description}` : '.'}`
      : '`verify()` resolves with `reason: "no-verify-request"`: the spec defines no credential check.',
    verify ? verifyConditionsDoc(verify) : undefined,
    model.api.docs ? `API reference: ${model.api.docs}` : undefined,
  )!;
  const methods: MethodDeclaration[] = model.api.operations.map((operation) => {
    const opNames = names.operations.get(operation.id)!;
    return {
      name: opNames.method,
      doc: docText(operation.summary, operation.description, `\`${operation.method} ${operation.path}\``),
      parameters: [
        { name: 'params', type: opNames.params, hasQuestionToken: !paramsRequired(operation) },
        { name: 'options', type: 'runtime.CallOptions', hasQuestionToken: true },
      ],
      returnType: `Promise<${opNames.response}>`,
      statements: [`return this.request<${opNames.response}>(${quoteString(operation.id)}, params, options);`],
    };
  });
  return {
    kind: 'class',
    name: names.client,
    extends: 'runtime.BaseClient',
    doc: classDoc,
    ctor: defaultMethod
      ? {
          doc: docText(
            `Checks the credentials and prepares the client; prefer the factory function. Pass the auth method id first, or only the credentials of the default method \`${defaultMethod.id}\`.`,
            '@throws {@link runtime.CredentialsError} when the credentials break the spec\'s rules.',
          ),
          parameters: [{ name: 'args', isRest: true, type: clientArguments(names, defaultMethod) }],
          statements: [`super(DESCRIPTION, ...runtime.withDefaultMethod(${quoteString(defaultMethod.id)}, args));`],
        }
      : {
          doc: docText('Checks the credentials and prepares the client; prefer the factory function.', '@throws {@link runtime.CredentialsError} when the credentials break the spec\'s rules.'),
          parameters: [
            ...(several ? [{ name: 'method', type: names.authMethod }] : []),
            { name: 'credentials', type: names.credentials },
            { name: 'options', type: 'runtime.ClientOptions', hasQuestionToken: true },
          ],
          statements: [`super(DESCRIPTION, ${several ? 'method' : quoteString(model.authMethods[0]!.id)}, credentials, options);`],
        },
    methods,
  };
}

export function factory(model: ConnectorModel, names: ClientNames): FunctionDeclaration {
  const several = model.authMethods.length > 1;
  const methodList = model.authMethods.map((method: AuthMethod) => `\`${method.id}\` (${method.label})`).join(', ');
  const doc = docText(
    `Creates a client for ${model.name}. The credentials are checked first, with the same rules as the credential form.`,
    several ? `Pass the auth method id first: ${methodList}.` : undefined,
    '@throws {@link runtime.CredentialsError} when the credentials break the spec\'s rules; the error names fields, never values.',
  )!;
  const defaultMethod = defaultMethodOf(model);
  if (defaultMethod !== undefined) {
    // Callers from before the spec had several methods pass the default method's credentials alone.
    const options = { name: 'options', type: 'runtime.ClientOptions', hasQuestionToken: true };
    return {
      kind: 'function',
      name: names.factory,
      overloads: [
        {
          doc: docText(
            `Creates a client for ${model.name} with the credentials of its default method, \`${defaultMethod.id}\` (${defaultMethod.label}). The credentials are checked first, with the same rules as the credential form.`,
            '@throws {@link runtime.CredentialsError} when the credentials break the spec\'s rules; the error names fields, never values.',
          ),
          parameters: [{ name: 'credentials', type: names.methodCredentials.get(defaultMethod.id)! }, options],
          returnType: names.client,
        },
        {
          doc,
          typeParameters: [{ name: 'M', constraint: names.authMethod }],
          parameters: [{ name: 'method', type: 'M' }, { name: 'credentials', type: `${names.credentialsByMethod}[M]` }, options],
          returnType: names.client,
        },
      ],
      parameters: [{ name: 'args', isRest: true, type: clientArguments(names, defaultMethod) }],
      returnType: names.client,
      statements: [`return new ${names.client}(...args);`],
    };
  }
  return {
    kind: 'function',
    name: names.factory,
    doc,
    typeParameters: several ? [{ name: 'M', constraint: names.authMethod }] : [],
    parameters: [
      ...(several ? [{ name: 'method', type: 'M' }] : []),
      { name: 'credentials', type: several ? `${names.credentialsByMethod}[M]` : names.credentials },
      { name: 'options', type: 'runtime.ClientOptions', hasQuestionToken: true },
    ],
    returnType: names.client,
    statements: [several ? `return new ${names.client}(method, credentials, options);` : `return new ${names.client}(credentials, options);`],
  };
}
