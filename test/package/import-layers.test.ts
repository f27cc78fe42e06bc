import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The pipeline's stages import only downwards, and no module imports itself
 * back through others. Reads every `import … from`, `export … from` and
 * `import('…')` of src/, resolves the relative ones to files, and checks the
 * stage order (type-only imports included) and the absence of cycles among
 * value imports. (Type-only cycles are erased at run time, so they are not
 * checked; the last one, `project/build-run.ts` ⇄ `project/builder.ts`, went
 * with the split of the builder.)
 */
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Stage of a file by its first directory; a stage may import its own and lower stages only. Files not listed here are unconstrained (but take part in the cycle check). */
const STAGES: readonly [prefix: string, rank: number][] = [
  ['defined-props.ts', 0],
  ['diagnostics/', 0],
  ['runtime/', 0],
  ['load/', 1],
  ['validate/', 2],
  ['model/', 3],
  ['pipeline/', 4],
  ['emit/', 5],
];

function sourceFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = `${prefix}${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path.join(dir, entry.name), `${relative}/`);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

interface Import {
  readonly target: string;
  /** `import type …` / `export type … from`: erased at run time. */
  readonly typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  const found = [
    ...[...text.matchAll(/^\s*(import|export)(\s+type\b)?[^'";]*?\bfrom\s*'([^']+)'/gm)].map((match) => ({ specifier: match[3]!, typeOnly: match[2] !== undefined })),
    ...[...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((match) => ({ specifier: match[1]!, typeOnly: false })),
  ];
  return found
    .filter(({ specifier }) => specifier.startsWith('.'))
    .map(({ specifier, typeOnly }) => ({ target: path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts'), typeOnly }));
}

const rank = (file: string) => STAGES.find(([prefix]) => file.startsWith(prefix))?.[1];

const files = sourceFiles(SRC);
const allImports = new Map(files.map((file) => [file, importsOf(file)]));
const graph = new Map([...allImports].map(([file, imports]) => [file, imports.map((entry) => entry.target)]));
const valueGraph = new Map([...allImports].map(([file, imports]) => [file, imports.filter((entry) => !entry.typeOnly).map((entry) => entry.target)]));

describe('the import graph of src/', () => {
  it('resolves every relative import to a file of src/', () => {
    const missing = [...graph].flatMap(([file, imports]) => imports.filter((target) => !graph.has(target)).map((target) => `${file} → ${target}`));
    expect(missing).toEqual([]);
  });

  it('imports downwards only: diagnostics/runtime < load < validate < model < pipeline < emit (< compile, build, cli, …)', () => {
    const upwards = [...graph].flatMap(([file, imports]) => {
      const own = rank(file);
      if (own === undefined) return [];
      return imports.filter((target) => (rank(target) ?? Infinity) > own).map((target) => `${file} → ${target}`);
    });
    expect(upwards).toEqual([]);
  });

  it('has no cycles among value imports', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'open');
      stack.push(file);
      for (const target of valueGraph.get(file) ?? []) {
        if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target].join(' → '));
        else if (!state.has(target)) visit(target);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
