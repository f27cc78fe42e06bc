/**
 * With `runtime: 'local'`, the client runtime is emitted beside the clients
 * under `clients/runtime/`, so the package that owns the generated clients
 * needs no dependency at run time (the compiler becomes a dev dependency).
 * The files are the compiler's own runtime, as shipped in its package:
 * `dist/runtime/*.js` and `*.d.ts` for the `js` format, `src/runtime/*.ts`
 * for the `ts` format. Source map comments are dropped (the maps are not
 * copied); everything else is byte for byte, so the output is as
 * deterministic as the installed compiler.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import type { ClientFormat, OutputFile } from '../emitter.js';

/** The specifier local clients and the index import the runtime by. */
export const LOCAL_RUNTIME_IMPORT = './runtime/index.js';

const HEADER = '// Copied by connector-compiler from its runtime (connector-compiler/runtime). Do not edit: every build rewrites it.\n';

/** `clients/runtime/*` for the given format, read from the installed compiler. Throws when the compiler's files are missing. */
export function localRuntimeFiles(format: ClientFormat): OutputFile[] {
  const root = packageRoot();
  const dir = path.join(root, format === 'js' ? 'dist' : 'src', 'runtime');
  const wanted = format === 'js' ? /\.(js|d\.ts)$/ : /(?<!\.d)\.ts$/;
  if (!existsSync(dir)) throw new Error(`connector-compiler: the runtime files are missing from ${dir}; reinstall the compiler (or run \`npm run build\` in its repository).`);
  return readdirSync(dir)
    .filter((name) => wanted.test(name))
    .sort(compareStrings)
    .map((name) => ({ path: `clients/runtime/${name}`, contents: HEADER + withoutSourceMap(readFileSync(path.join(dir, name), 'utf8')) }));
}

function withoutSourceMap(text: string): string {
  const body = text.replace(/\r\n/g, '\n').replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '');
  return body.endsWith('\n') ? body : `${body}\n`;
}

/** The directory of this package (`connector-compiler`), from `src/` or `dist/` alike. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'connector-compiler') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('connector-compiler: cannot find its own package.json.');
    dir = parent;
  }
}
