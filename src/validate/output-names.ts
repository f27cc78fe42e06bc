import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SpecSourceMap } from '../load/source-map.js';
import type { RawSpec } from './raw-spec.js';

/**
 * Identifiers that become file names. The emitters write, under the output
 * directory:
 *
 * - `clients/<id>.ts` and, across connectors, `clients/index.ts`;
 * - `forms/<id>.<method>.schema.json`, `forms/<id>.<method>.ui.json` and `forms/index.json`;
 * - `docs/connectors/<id>/index.mdx|md`, `docs/connectors/<id>/guides/link-account/<method>.mdx|md`
 *   and `docs/llms.txt`;
 * - `.connector-compiler/…` (the manifest).
 *
 * Connector and auth-method ids are kebab-case (lowercase letters, digits and
 * `-`, no dots), so no two of them differ only by case and none can reach
 * `forms/index.json`, `docs/llms.txt` or `.connector-compiler`. What is left
 * is one cross-connector file, `clients/index.ts`, which a connector with id
 * `index` would overwrite, and the device names Windows reserves whatever
 * the extension (`con.ts`, `nul.mdx`). Lengths are bounded by the schema
 * (`maxLength` 64 for both ids), which keeps the longest file name,
 * `<id>.<method>.schema.json`, at 141 characters, well under the 255 every
 * common file system allows.
 */
export const RESERVED_CONNECTOR_IDS: ReadonlySet<string> = new Set(['index']);

/** Names Windows reserves for devices, in any case and with any extension. */
export const WINDOWS_DEVICE_NAMES: ReadonlySet<string> = new Set([
  'con', 'prn', 'aux', 'nul',
  ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`),
]);

/** Longest connector id and auth-method id the schema accepts; the file names above are built from them. */
export const MAX_OUTPUT_ID_LENGTH = 64;

export interface OutputNameContext {
  readonly file: string;
  readonly sourceMap: SpecSourceMap;
}

/** Connector and auth-method ids that would collide with a generated file or be refused by a file system. */
export function checkOutputNames(spec: RawSpec, context: OutputNameContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: (string | number)[], message: string, hint: string) =>
    out.push(diagnostic('CC3022', 'error', message, { file: context.file, ...context.sourceMap.valueRange(path), path: `/${path.join('/')}` }, hint));

  if (RESERVED_CONNECTOR_IDS.has(spec.id)) {
    at(['id'], `Connector id \`${spec.id}\` is reserved: its client would be \`clients/${spec.id}.ts\`, the index module of every client.`, `Choose another id, e.g. \`${spec.id}-app\`, and rename the file to match.`);
  } else if (WINDOWS_DEVICE_NAMES.has(spec.id)) {
    at(['id'], `Connector id \`${spec.id}\` is a device name on Windows; files such as \`clients/${spec.id}.ts\` cannot be created there.`, `Choose another id, e.g. \`${spec.id}-app\`, and rename the file to match.`);
  }
  spec.auth.forEach((method, index) => {
    if (WINDOWS_DEVICE_NAMES.has(method.id)) {
      at(['auth', index, 'id'], `Auth method id \`${method.id}\` is a device name on Windows; its guide page \`${method.id}.mdx\` cannot be created there.`, `Choose another id, e.g. \`${method.id}-key\`.`);
    }
  });
  return out;
}
