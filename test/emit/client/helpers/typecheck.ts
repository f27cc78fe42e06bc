/**
 * Type-checks generated clients with the real `tsc`, in one program, under
 * settings stricter than most users': `strict`, `exactOptionalPropertyTypes`,
 * `noUncheckedIndexedAccess`, unused-code checks and `verbatimModuleSyntax`.
 * The runtime import resolves to `src/runtime` through `paths`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './cases.js';

const run = promisify(execFile);

export interface TypecheckResult {
  readonly ok: boolean;
  /** tsc's diagnostics, with the temporary directory replaced by `<tmp>`. */
  readonly output: string;
}

/**
 * Writes `files` (path → contents) into a fresh directory under `tmp/` and
 * runs `tsc --noEmit` on them, plus `existing` files of the repository
 * (absolute paths), all in one program.
 */
export async function typecheck(files: ReadonlyMap<string, string>, existing: readonly string[] = []): Promise<TypecheckResult> {
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'tmp', 'clients-tsc-'));
  try {
    for (const [path, contents] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), contents);
    }
    const config = {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        noImplicitOverride: true,
        noImplicitReturns: true,
        noUnusedLocals: true,
        noUnusedParameters: true,
        noPropertyAccessFromIndexSignature: true,
        verbatimModuleSyntax: true,
        isolatedModules: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        paths: { 'connector-compiler/runtime': [join(ROOT, 'src/runtime/index.ts')] },
      },
      include: ['**/*.ts'],
      files: existing,
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config, null, 2));
    try {
      await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
      return { ok: true, output: '' };
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${stdout}${stderr}`.split(dir).join('<tmp>').split(ROOT).join('') };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
