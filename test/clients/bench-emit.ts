/**
 * Emit-time benchmark for the client generator (not part of the test run):
 *
 *     npx tsx test/clients/bench-emit.ts [count]
 *
 * Emits `count` (default 1000) synthetic connectors, copies of the five seed
 * models under new ids, and prints the cold start (importing ts-morph), the
 * time per client, and for comparison the time the same structures take
 * through a ts-morph Project (`createSourceFile` + `getFullText`), which also
 * parses each file.
 */
const t0 = performance.now();
const { clientEmitter } = await import('../../src/emit/client/index.js');
const { DEFAULT_EMIT_OPTIONS } = await import('../../src/emit/emitter.js');
const { compileCase, CASES } = await import('./helpers/cases.js');
const tImport = performance.now();

const count = Number(process.argv[2] ?? 1000);
const seeds = compileCase(CASES[0]!).models;
const models = Array.from({ length: count }, (_, i) => {
  const seed = seeds[i % seeds.length]!;
  return { ...seed, id: `${seed.id}-${i}`, name: `${seed.name} ${i}` };
});

const tPrepare0 = performance.now();
const emitter = clientEmitter.prepare(DEFAULT_EMIT_OPTIONS);
const tPrepare = performance.now();
let bytes = 0;
const perClient: number[] = [];
for (const model of models) {
  const start = performance.now();
  for (const file of emitter.emitConnector(model).files) bytes += file.contents.length;
  perClient.push(performance.now() - start);
}
const tEmit = performance.now();
emitter.emitIndex(models);
const tIndex = performance.now();

const sorted = [...perClient].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(2);
console.log(`import ts-morph + emitter: ${(tImport - t0).toFixed(0)} ms`);
console.log(`prepare:                   ${(tPrepare - tPrepare0).toFixed(1)} ms`);
console.log(`${count} clients:             ${(tEmit - tPrepare).toFixed(0)} ms (${((tEmit - tPrepare) / count).toFixed(2)} ms/client; median ${pct(0.5)}, p95 ${pct(0.95)}, max ${pct(1)}), ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
console.log(`index.ts:                  ${(tIndex - tEmit).toFixed(1)} ms`);

const { Project, IndentationText, NewLineKind, QuoteKind } = await import('ts-morph');
const { clientFileStructure } = await import('../../src/emit/client/client-file.js');
const { clientNames } = await import('../../src/emit/client/identifiers.js');
const project = new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true, manipulationSettings: { indentationText: IndentationText.TwoSpaces, newLineKind: NewLineKind.LineFeed, quoteKind: QuoteKind.Double } });
const viaProject: number[] = [];
for (const model of models) {
  const start = performance.now();
  const file = project.createSourceFile('/client.ts', clientFileStructure(model, clientNames(model), { runtimeImport: DEFAULT_EMIT_OPTIONS.runtimeImport }), { overwrite: true });
  file.getFullText();
  project.removeSourceFile(file);
  viaProject.push(performance.now() - start);
}
const total = viaProject.reduce((a, b) => a + b, 0);
const sortedProject = [...viaProject].sort((a, b) => a - b);
console.log(`same via Project:          ${total.toFixed(0)} ms (${(total / count).toFixed(2)} ms/client; median ${sortedProject[Math.floor(count / 2)]!.toFixed(2)})`);
