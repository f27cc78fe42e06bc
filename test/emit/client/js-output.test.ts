/**
 * `clientFormat: 'js'`: ready-to-run ESM `.js` with `.d.ts` beside it, and
 * `runtime: 'local'`, the runtime emitted beside the clients. Exact golden
 * files, byte-identical output, declarations whose types equal the `.ts`
 * clients' under strict, and the same requests on the wire as the `.ts` client.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../src/compile.js';
import { CASES, readSpecs, ROOT } from './helpers/cases.js';
import { expectDir } from '../../helpers/golden.js';
import { startServer, type TestServer } from './helpers/server.js';
import { typecheck } from './helpers/typecheck.js';

const JS = { clientFormat: 'js', runtimeImport: 'connector-compiler/runtime' } as const;
const compileJs = (fixture: (typeof CASES)[number], emit: object = JS) => compile({ specs: readSpecs(fixture), targets: ['clients'], emit });

describe.each(CASES)('js client fixture `$name`', (fixture) => {
  it('matches the expected files exactly', async () => {
    const result = compileJs(fixture);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect([...result.files.keys()]).toEqual([...result.files.keys()].sort());
    await expectDir(result.files, join(ROOT, 'test/fixtures/adoption/js', fixture.name, 'expected'));
  });

  it('is byte-identical across runs and spec orders', () => {
    const specs = readSpecs(fixture);
    const first = compile({ specs, targets: ['clients'], emit: JS });
    const second = compile({ specs: [...specs].reverse(), targets: ['clients'], emit: JS });
    expect([...second.files]).toEqual([...first.files]);
  });
});

describe('js clients declare the same types as the ts clients', () => {
  it('every export of every case has the identical type, in one strict program', async () => {
    const files = new Map<string, string>();
    const checks: string[] = ['type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;'];
    for (const fixture of CASES) {
      for (const [path, contents] of compile({ specs: readSpecs(fixture), targets: ['clients'] }).files) files.set(`${fixture.name}/ts/${path}`, contents);
      for (const [path, contents] of compileJs(fixture).files) if (path.endsWith('.d.ts')) files.set(`${fixture.name}/js/${path}`, contents);
      const alias = fixture.name.replace(/-/g, '_');
      checks.push(
        `import * as ${alias}Ts from './${fixture.name}/ts/clients/index.js';`,
        `import * as ${alias}Js from './${fixture.name}/js/clients/index.js';`,
        `export const ${alias}Same: Equal<typeof ${alias}Ts, typeof ${alias}Js> = true;`,
      );
    }
    files.set('same-types.ts', `${checks.join('\n')}\n`);
    // (`typecheck` wants one repository file; the runtime is already in the program through the clients.)
    const result = await typecheck(files, [join(ROOT, 'src/runtime/index.ts')]);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });
});

describe('a js client makes the same requests as the ts client', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startServer();
    mkdirSync(join(ROOT, 'tmp'), { recursive: true });
    // Inside the repository, so `connector-compiler/runtime` resolves to this package (its `exports`).
    dir = mkdtempSync(join(ROOT, 'tmp', 'js-clients-'));
    const seeds = CASES.find((c) => c.name === 'seeds')!;
    for (const [path, contents] of compileJs(seeds).files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), contents);
    }
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hive: listProjects and verify(), request for request', async () => {
    const credentials = { apiKey: 'hive-secret-key-123456', userId: 'user-789' };
    server.handle(() => ({ body: [{ id: 'p1' }] }));
    const fromJs = (await import(pathToFileURL(join(dir, 'clients/index.js')).href)) as typeof import('../../fixtures/clients/seeds/expected/clients/index.js');
    const fromTs = await import('../../fixtures/clients/seeds/expected/clients/index.js');
    for (const module of [fromJs, fromTs]) {
      const hive = module.createHiveClient(credentials, { baseUrl: server.origin });
      await expect(hive.listProjects({ workspaceId: 'w 42' })).resolves.toEqual([{ id: 'p1' }]);
      await expect(hive.verify()).resolves.toEqual({ ok: true, status: 200 });
    }
    const requests = server.requests.map((r) => ({ method: r.method, url: r.url, headers: { ...r.headers, host: undefined }, body: r.body }));
    expect(requests).toHaveLength(4);
    expect(requests.slice(0, 2)).toEqual(requests.slice(2));
    expect(fromJs.ApiError).toBe(fromTs.ApiError);
  });
});

describe('runtime: local', () => {
  it('emits the runtime under clients/runtime/, without source map comments, and the clients import it', () => {
    const seeds = CASES.find((c) => c.name === 'seeds')!;
    const result = compileJs(seeds, { clientFormat: 'js', runtime: 'local' });
    const runtime = [...result.files.keys()].filter((path) => path.startsWith('clients/runtime/'));
    expect(runtime).toEqual(
      ['auth', 'body-conditions', 'client', 'credentials', 'description', 'errors', 'index', 'oauth2', 'options', 'redact', 'request', 'retry', 'url'].flatMap((name) => [`clients/runtime/${name}.d.ts`, `clients/runtime/${name}.js`]),
    );
    for (const path of runtime) expect(result.files.get(path)!.includes('sourceMappingURL'), path).toBe(false);
    expect(result.files.get('clients/hive.js')!.split('\n')[2]).toBe('import * as runtime from "./runtime/index.js";');
    expect(result.files.get('clients/index.js')!.split('\n').at(-2)).toBe('export { ApiError, ConnectorError, CredentialsError, InvalidRequestError, NetworkError, TimeoutError, UnexpectedResponseError } from "./runtime/index.js";');
    const ts = compile({ specs: readSpecs(seeds), targets: ['clients'], emit: { runtime: 'local' } });
    expect([...ts.files.keys()].filter((path) => path.startsWith('clients/runtime/'))).toEqual(
      ['auth', 'body-conditions', 'client', 'credentials', 'description', 'errors', 'index', 'oauth2', 'options', 'redact', 'request', 'retry', 'url'].map((name) => `clients/runtime/${name}.ts`),
    );
    expect(ts.files.get('clients/hive.ts')!.split('\n')[2]).toBe('import * as runtime from "./runtime/index.js";');
  });

  it('with the ts format, the clients and their local runtime type-check together under strict', async () => {
    const seeds = CASES.find((c) => c.name === 'seeds')!;
    const files = new Map([...compile({ specs: readSpecs(seeds), targets: ['clients'], emit: { runtime: 'local' } }).files].map(([path, contents]) => [`local/${path}`, contents]));
    const result = await typecheck(files, [join(ROOT, 'src/runtime/index.ts')]);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });
});
