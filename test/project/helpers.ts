import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scaffoldSpec } from '../../src/scaffold.js';
import type { Emitter } from '../../src/emit/emitter.js';

/** The built CLI, as users run it. */
export const CLI = path.resolve(__dirname, '../../dist/cli/main.js');

/** For a `beforeAll`: the CLI tests need `dist/`. */
export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does).');
}

/** Runs the built CLI in `cwd` as CI would (no colours), with extra environment variables. */
export function runCli(cwd: string, args: readonly string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temp project directory; removed by `cleanup`. */
export function tempProject(prefix = 'cc-build-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A valid spec without warnings (the `new` scaffold, its TODO markers filled in), optionally with another display name. */
export function validSpec(id: string, name = id.toUpperCase()): string {
  return scaffoldSpec(id, name, '../schema/connector-spec.schema.json').replaceAll('TODO: ', '');
}

export function writeSpec(root: string, relative: string, text: string): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Every file under `dir` (relative path → contents), hidden files included; `{}` if it does not exist. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (relative: string) => {
    let entries;
    try {
      entries = readdirSync(path.join(dir, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out[child] = readFileSync(path.join(dir, child), 'utf8');
    }
  };
  walk('');
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Modification times (ms) of every file under `dir`. */
export function mtimes(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const file of Object.keys(snapshot(dir))) out[file] = statSync(path.join(dir, file)).mtimeMs;
  return out;
}

/**
 * A small emitter set standing in for the real generators in unit tests: one
 * file per connector per target, plus an index listing every connector, so
 * the tests see the build's behaviour and not the generators' output.
 */
export function fakeEmitters(calls: { connector: string[]; index: number; prepare: number } = { connector: [], index: 0, prepare: 0 }): { emitters: Record<'clients' | 'forms', Emitter>; calls: typeof calls } {
  const make = (target: 'clients' | 'forms'): Emitter => ({
    target,
    prepare: (options) => {
      calls.prepare++;
      return {
        emitConnector: (model) => {
          calls.connector.push(`${target}:${model.id}`);
          return { files: [{ path: `${target}/${model.id}.txt`, contents: `${model.name} via ${options.runtimeImport}\n` }], diagnostics: [] };
        },
        emitIndex: (models) => {
          calls.index++;
          return { files: [{ path: `${target}/index.txt`, contents: models.map((m) => `${m.id}\n`).join('') }], diagnostics: [] };
        },
      };
    },
  });
  return { emitters: { clients: make('clients'), forms: make('forms') }, calls };
}
