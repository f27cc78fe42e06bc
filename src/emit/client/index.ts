/**
 * The client emitter: `clients/<id>.ts` per connector (a typed client on top
 * of `connector-compiler/runtime`) and `clients/index.ts`; with
 * `clientFormat: 'js'`, `clients/<id>.js` + `.d.ts` and `clients/index.js` +
 * `.d.ts` instead (`client-js.ts`); with `runtime: 'local'`, the runtime
 * itself under `clients/runtime/` (`runtime-files.ts`). Builds each file as
 * declarations (plain data) and prints it once (`declaration-printer.ts`).
 */
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { EmitOptions, EmitResult, Emitter, PreparedEmitter } from '../emitter.js';
import type { ConnectorModel } from '../../model/connector-model.js';
import { clientFile } from './client-file.js';
import { clientNames, connectorTypeName, parameterKeys } from './identifiers.js';
import { memoizeIndex } from '../index-memo.js';
import { indexFile } from './index-file.js';
import { printFile } from './declaration-printer.js';
import { clientJsFiles } from './client-js.js';
import { LOCAL_RUNTIME_IMPORT, localRuntimeFiles } from './runtime-files.js';

/** What the clients' index re-exports from the runtime, so apps catch errors by class without importing the compiler. */
const RUNTIME_REEXPORTS = ['ApiError', 'ConnectorError', 'CredentialsError', 'InvalidRequestError', 'NetworkError', 'TimeoutError', 'UnexpectedResponseError'];

export const clientEmitter: Emitter = {
  target: 'clients',
  prepare(options: EmitOptions): PreparedEmitter {
    const format = options.clientFormat ?? 'ts';
    const runtimeImport = options.runtime === 'local' ? LOCAL_RUNTIME_IMPORT : options.runtimeImport;
    const runtimeFiles = options.runtime === 'local' ? localRuntimeFiles(format) : [];
    return {
      emitConnector(model: ConnectorModel): EmitResult {
        if (model.api.incomplete === true) return { files: [], diagnostics: [] };
        const names = clientNames(model);
        if (format === 'js') {
          const { js, dts } = clientJsFiles(model, names, runtimeImport);
          return { files: [{ path: `clients/${model.id}.js`, contents: js }, { path: `clients/${model.id}.d.ts`, contents: dts }], diagnostics: renameWarnings(model) };
        }
        const contents = printFile(clientFile(model, names, { runtimeImport }), 'ts');
        return { files: [{ path: `clients/${model.id}.ts`, contents }], diagnostics: renameWarnings(model) };
      },
      // `indexFile` reads the id, the type name (from the name), whether the API is complete, and the file for warnings.
      emitIndex: memoizeIndex(
        (model) => [model.id, connectorTypeName(model), model.api.incomplete === true, model.sourceFile],
        (models) => {
          const { file, diagnostics } = indexFile(models, { names: RUNTIME_REEXPORTS, from: runtimeImport });
          // Re-exports only: the same text is valid TypeScript, JavaScript and a declaration file.
          const contents = printFile(file, 'ts');
          const index = format === 'js' ? [{ path: 'clients/index.js', contents }, { path: 'clients/index.d.ts', contents }] : [{ path: 'clients/index.ts', contents }];
          return { files: [...index, ...runtimeFiles], diagnostics };
        },
      ),
    };
  },
};

/** Parameters renamed in the params object because their names clash (see `parameterKeys`). */
function renameWarnings(model: ConnectorModel): Diagnostic[] {
  return model.api.operations.flatMap((operation, operationIndex) =>
    parameterKeys(operation)
      .filter((key) => key.renamed)
      .map((key) =>
        diagnostic(
          'CC3023',
          'warning',
          `Parameter \`${key.parameter.name}\` (in ${key.parameter.in}) of \`${operation.id}\` clashes with another parameter or the body; the client calls it \`${key.key}\`.`,
          { file: model.sourceFile, path: `/api/operations/${operationIndex}/parameters/${key.index}/name` },
          'Rename one of them in the spec to keep the names the API documents.',
        ),
      ),
  );
}
