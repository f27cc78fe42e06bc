/**
 * The `clientFormat: 'js'` output of one client: `clients/<id>.js`, ESM that
 * plain Node runs, and `clients/<id>.d.ts`, its declarations. Both are
 * printed by `declaration-printer.ts` from the same declarations as the `.ts`
 * file (no TypeScript program, no transpiler): the `.d.ts` keeps the type
 * declarations and declares the class and factory without bodies; the `.js`
 * keeps the description literal and the bodies without types. docs/clients.md
 * has the measurements that chose this over `ts.transpileModule`.
 */
import type { ConnectorModel } from '../../model/connector-model.js';
import { clientClass, clientFileHeader, credentialTypes, factory, oauth2ConfigFunction, operationTypes, scopeDeclarations } from './client-file.js';
import { printFile, type ClassDeclaration } from './declaration-printer.js';
import { describeConnector } from './description.js';
import type { ClientNames } from './identifiers.js';
import { literal, quoteString } from './quote.js';

/** The two files of a client in the `js` format, as text (LF, final newline). */
export interface ClientJsFiles {
  readonly js: string;
  readonly dts: string;
}

export function clientJsFiles(model: ConnectorModel, names: ClientNames, runtimeImport: string): ClientJsFiles {
  const header = clientFileHeader(model);
  const runtime = { kind: 'import', namespace: 'runtime', from: runtimeImport } as const;
  const classDeclaration = clientClass(model, names);

  const dts = printFile(
    {
      header,
      declarations: [
        runtime,
        ...credentialTypes(model, names),
        ...model.api.operations.flatMap((operation) => operationTypes(operation, names.operations.get(operation.id)!)),
        classDeclaration,
        factory(model, names),
        ...scopeDeclarations(model, names),
        ...oauth2ConfigFunction(model, names),
      ],
    },
    'dts',
  );

  // The `.ts` method bodies pass the response type to `request<T>`; JavaScript has no type arguments.
  const jsClass: ClassDeclaration = {
    ...classDeclaration,
    methods: classDeclaration.methods.map((method, index) => ({
      ...method,
      statements: [`return this.request(${quoteString(model.api.operations[index]!.id)}, params, options);`],
    })),
  };
  const js = printFile(
    {
      header,
      declarations: [runtime, { kind: 'const', name: 'DESCRIPTION', value: literal(describeConnector(model)) }, jsClass, factory(model, names), ...scopeDeclarations(model, names).filter((declaration) => declaration.kind !== 'type'), ...oauth2ConfigFunction(model, names)],
    },
    'js',
  );
  return { js, dts };
}
