/**
 * How to make ready-to-run `.js` + `.d.ts` clients, measured (figures in
 * docs/clients.md): printing them directly from the model (what
 * `clientFormat: 'js'` does) against `ts.transpileModule` +
 * `ts.transpileDeclaration` per file and one TypeScript program emitting
 * both. TypeScript is the 6.x that ts-morph bundles (the repository's
 * `typescript` 7 has no JS API). Not part of `npm test`.
 *
 *     npx tsx scripts/bench-client-js.ts [N]
 */
import { performance } from 'node:perf_hooks';
import { compile } from '../src/compile.js';
import { clientEmitter } from '../src/emit/client/index.js';
import { DEFAULT_EMIT_OPTIONS } from '../src/emit/emitter.js';
import { synthSpec, synthId } from './synth-specs.js';

const N = Number(process.argv[2] ?? 200);
const specs = Array.from({ length: N }, (_, i) => ({ file: `connectors/${synthId(i)}.yaml`, source: synthSpec(i) }));
const { models, files } = compile({ specs, targets: ['clients'] });
const sources = [...files].filter(([path]) => path !== 'clients/index.ts');
const ms = (start: number) => `${(performance.now() - start).toFixed(0)} ms`;

function emitAll(clientFormat: 'ts' | 'js'): number {
  const emitter = clientEmitter.prepare({ ...DEFAULT_EMIT_OPTIONS, clientFormat });
  let bytes = 0;
  for (const model of models) for (const file of emitter.emitConnector(model).files) bytes += file.contents.length;
  return bytes;
}

for (let round = 0; round < 2; round++) {
  console.log(`round ${round + 1}, ${N} clients`);
  let start = performance.now();
  emitAll('ts');
  console.log(`  ts sources, printed:              ${ms(start)}`);
  start = performance.now();
  emitAll('js');
  console.log(`  js + d.ts, printed directly:      ${ms(start)}`);

  start = performance.now();
  const { ts } = await import('ts-morph');
  console.log(`  loading TypeScript (ts-morph):    ${ms(start)}`);
  const options = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, declaration: true, isolatedModules: true };
  start = performance.now();
  for (const [, text] of sources) {
    ts.transpileModule(text, { compilerOptions: options });
    ts.transpileDeclaration(text, { compilerOptions: options });
  }
  console.log(`  transpileModule + Declaration:    ${ms(start)} (after emitting the ts sources)`);

  start = performance.now();
  const inMemory = new Map(sources.map(([path, text]) => [`/virtual/${path}`, text]));
  const runtimeStub = '/virtual/node_modules/connector-compiler/runtime.d.ts';
  const host = ts.createCompilerHost({});
  const realRead = host.readFile.bind(host);
  host.readFile = (name) => inMemory.get(name) ?? (name === runtimeStub ? 'export declare class BaseClient { constructor(...a: unknown[]); protected request<T>(...a: unknown[]): Promise<T>; }\nexport type ConnectorDescription = unknown; export type ClientOptions = object; export type CallOptions = object;\n' : realRead(name));
  host.fileExists = (name) => inMemory.has(name) || name === runtimeStub || ts.sys.fileExists(name);
  host.writeFile = () => undefined;
  const program = ts.createProgram([...inMemory.keys()], { ...options, noEmitOnError: false, skipLibCheck: true, moduleResolution: ts.ModuleResolutionKind.Bundler, paths: { 'connector-compiler/runtime': [runtimeStub] } }, host);
  program.emit();
  console.log(`  one program, emit js + d.ts:      ${ms(start)}`);
}
