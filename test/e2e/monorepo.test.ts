/**
 * The compiler as a new team adopts it (README "Using the generated clients in
 * your monorepo", docs/monorepo.md): from its `npm pack` tarball, in a scratch
 * npm-workspaces monorepo with
 *
 * - `connectors`, set up by `connector-compiler new acme --package`, building
 *   two specs (the scaffold and Hive) into `.js` + `.d.ts` clients with the
 *   runtime beside them;
 * - `app`, importing the clients and a form schema through the package's
 *   `exports`, type-checked under strict with `nodenext` and with `bundler`,
 *   compiled, and run by plain `node` against a server on 127.0.0.1 — then
 *   run again from a copy that has nothing but `connectors`' files, as an
 *   app's production install would;
 * - `docs`, rendering a guide page to HTML with `renderGuide()`.
 *
 * Offline: the tarball is unpacked where npm would install it, and the
 * third-party packages come from this repository's `node_modules` (the same
 * versions the lockfile pins; `npm install --offline` cannot resolve version
 * ranges from a cache that `npm ci` filled). The workspace links are the ones
 * npm creates. Needs `dist/` (`npm test` builds it first).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../emit/client/helpers/cases.js';
import { startServer, type TestServer } from '../emit/client/helpers/server.js';

const exec = promisify(execFile);
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

let dir: string;
let server: TestServer;

async function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec(command, args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false', CI: 'true', ...env }, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}${stderr}`);
  }
}

function write(path: string, contents: string | object): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof contents === 'string' ? contents : `${JSON.stringify(contents, null, 2)}\n`);
}

const APP_MAIN = `import { ApiError, CredentialsError, createAcmeClient, createHiveClient } from 'connectors/clients';
import type { RJSFSchema } from '@rjsf/utils';
import hiveForm from 'connectors/forms/hive.api-key.schema.json' with { type: 'json' };

// JSON imports type \`type\` as string; RJSF wants its literal union, hence the cast (docs/monorepo.md).
const schema = hiveForm as RJSFSchema;
const baseUrl = process.env['BASE_URL']!;

const acme = createAcmeClient({ apiKey: 'acme-secret-key' }, { baseUrl });
const me = await acme.getCurrentUser();
const hive = createHiveClient({ apiKey: 'hive-secret-key-123456', userId: 'u_1' }, { baseUrl, retries: 0 });
const projects = await hive.listProjects({ workspaceId: 'w_42' });

let credentials = '';
try {
  createHiveClient({ apiKey: '', userId: 'u_1' });
} catch (error) {
  if (error instanceof CredentialsError) credentials = error.problems.map((p) => p.key + ':' + p.code).join(',');
}
let status = 0;
try {
  await hive.listProjects({ workspaceId: 'missing' });
} catch (error) {
  if (error instanceof ApiError) status = error.status;
}
console.log(JSON.stringify({ me, projects, credentials, status, form: schema.title, required: schema.required }));
`;

/** The fenced code blocks of a doc, with their language. */
function codeBlocks(doc: string): { lang: string; code: string }[] {
  const text = readFileSync(join(ROOT, 'docs', doc), 'utf8');
  return [...text.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

/** The one block of `doc` in `lang` that contains `marker`. */
function snippet(doc: string, lang: string, marker: string): string {
  const found = codeBlocks(doc).filter((block) => block.lang === lang && block.code.includes(marker));
  if (found.length !== 1) throw new Error(`docs/${doc}: expected one \`${lang}\` block with \`${marker}\`, found ${found.length}`);
  return found[0]!.code;
}

const COMPILER_OPTIONS = { target: 'ES2022', lib: ['ES2022', 'DOM'], strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, skipLibCheck: true, types: ['node'], jsx: 'react-jsx', resolveJsonModule: true };

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'cc-monorepo-'));

  // The tarball, installed where npm puts it, with its dependencies beside it.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
  const tarball = join(dir, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
  const compiler = join(dir, 'node_modules/connector-compiler');
  mkdirSync(compiler, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', compiler, '--strip-components=1'], dir);
  symlinkSync(join(ROOT, 'node_modules'), join(compiler, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'node_modules/.bin'));
  symlinkSync('../connector-compiler/dist/cli/main.js', join(dir, 'node_modules/.bin/connector-compiler'));

  write(join(dir, 'package.json'), { name: 'scratch', private: true, workspaces: ['packages/*'] });
  for (const name of ['connectors', 'app', 'docs']) {
    mkdirSync(join(dir, 'packages', name), { recursive: true });
    symlinkSync(`../packages/${name}`, join(dir, 'node_modules', name), 'dir');
  }
  // The app's and the docs' own third-party packages (@rjsf/*, ajv-errors, react, @types/*).
  for (const name of ['app', 'docs']) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'packages', name, 'node_modules'), 'dir');

  // connectors: scaffolded, plus a second spec.
  const connectors = join(dir, 'packages/connectors');
  await run(process.execPath, [join(dir, 'node_modules/.bin/connector-compiler'), 'new', 'acme', '--package'], connectors);
  cpSync(join(ROOT, 'connectors/hive.yaml'), join(connectors, 'connectors/hive.yaml'));

  write(join(dir, 'packages/app/package.json'), { name: 'app', version: '0.0.0', private: true, type: 'module', dependencies: { connectors: '*' } });
  write(join(dir, 'packages/app/src/main.ts'), APP_MAIN);
  // The documented snippets, as written: both resolutions for the app code and the form;
  // the ajv-errors and plain-ajv ones are written for `nodenext` (the docs give the `bundler` spelling in words).
  write(join(dir, 'packages/app/src/docs/monorepo-app.ts'), snippet('monorepo.md', 'ts', 'createAcmeClient'));
  write(join(dir, 'packages/app/src/docs/monorepo-form.tsx'), snippet('monorepo.md', 'tsx', '<Form'));
  write(join(dir, 'packages/app/src/docs/monorepo-ajv-errors.ts'), snippet('monorepo.md', 'ts', 'ajvErrors.default'));
  write(join(dir, 'packages/app/src/docs/forms-form.tsx'), snippet('forms.md', 'tsx', '<Form'));
  write(join(dir, 'packages/app/src/docs/forms-ajv.ts'), snippet('forms.md', 'ts', 'new Ajv'));
  write(join(dir, 'packages/app/tsconfig.json'), { compilerOptions: { ...COMPILER_OPTIONS, module: 'NodeNext', moduleResolution: 'NodeNext', outDir: 'dist', rootDir: 'src' }, include: ['src'] });
  write(join(dir, 'packages/app/tsconfig.bundler.json'), { compilerOptions: { ...COMPILER_OPTIONS, module: 'ESNext', moduleResolution: 'Bundler', noEmit: true }, include: ['src/main.ts', 'src/docs/monorepo-app.ts', 'src/docs/monorepo-form.tsx'] });

  write(join(dir, 'packages/docs/package.json'), { name: 'docs', version: '0.0.0', private: true, type: 'module', scripts: { build: 'node render.js' } });
  write(join(dir, 'packages/docs/render.js'), snippet('monorepo.md', 'js', 'renderGuide'));
  mkdirSync(join(dir, 'packages/docs/out'));
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a scratch npm-workspaces monorepo, from the packed tarball', () => {
  it('the tarball ships LICENSE, the docs the README links to and the sources the maps point at, and no install-time script', () => {
    const compiler = join(dir, 'node_modules/connector-compiler');
    const manifest = JSON.parse(readFileSync(join(compiler, 'package.json'), 'utf8')) as { scripts: Record<string, string>; repository?: { url?: string }; license: string };
    expect(Object.keys(manifest.scripts).filter((name) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(name))).toEqual([]);
    expect([manifest.license, typeof manifest.repository?.url, existsSync(join(compiler, 'LICENSE'))]).toEqual(['MIT', 'string', true]);
    const readme = readFileSync(join(compiler, 'README.md'), 'utf8');
    const linked = [...new Set([...readme.matchAll(/\]\((docs\/[^)#]+)/g)].map((m) => m[1]!))].sort();
    expect(linked.length).toBeGreaterThanOrEqual(7);
    expect(linked.filter((file) => !existsSync(join(compiler, file)))).toEqual([]);
    for (const map of ['dist/runtime/index.js.map', 'dist/cli/main.js.map', 'dist/render/render-guide.js.map']) {
      const { sources } = JSON.parse(readFileSync(join(compiler, map), 'utf8')) as { sources: string[] };
      expect(sources.filter((source) => !existsSync(join(compiler, map, '..', source))), map).toEqual([]);
    }
  });

  it('scaffolds the connectors package', () => {
    const connectors = join(dir, 'packages/connectors');
    expect(readdirSync(connectors).sort()).toEqual(['.gitignore', '.prettierignore', 'connector-compiler.config.json', 'connectors', 'package.json']);
    expect(JSON.parse(readFileSync(join(connectors, 'package.json'), 'utf8'))).toEqual({
      name: 'connectors',
      version: '0.0.0',
      private: true,
      type: 'module',
      exports: {
        './clients': { types: './generated/clients/index.d.ts', default: './generated/clients/index.js' },
        './clients/*': { types: './generated/clients/*.d.ts', default: './generated/clients/*.js' },
        './forms/*': './generated/forms/*',
        './docs/*': './generated/docs/*',
      },
      scripts: { build: 'connector-compiler build', check: 'connector-compiler build --check' },
      devDependencies: { 'connector-compiler': `^${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}` },
    });
    expect(JSON.parse(readFileSync(join(connectors, 'connector-compiler.config.json'), 'utf8'))).toEqual({ clientFormat: 'js', runtime: 'local' });
  });

  it('builds two specs with `npm run build -w connectors`; the clients import nothing outside their directory', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'build', '-w', 'connectors'], dir);
    // 2 × (client .js + .d.ts, form schema + UI schema, guide .mdx + .md, overview .mdx + .md), the index files, the runtime, the manifest;
    // the warnings are the scaffold's TODOs (CC3029), still in acme's published strings.
    expect(stdout.replace(/ in [\d.]+ m?s:/, ':')).toBe('Built 2 specs (2 compiled): 46 written, 0 unchanged, 0 removed (5 warnings).\n');
    const clients = join(dir, 'packages/connectors/generated/clients');
    const files = readdirSync(clients, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    const specifiers = new Set(files.flatMap((f) => [...readFileSync(join(clients, f), 'utf8').matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"|from '([^']+)'/g)].map((m) => m[1] ?? m[2])));
    expect([...specifiers].filter((s) => !s!.startsWith('./')).sort()).toEqual([]);
  });

  it('a build of one named spec (a CI job on changed specs) leaves the other connector\'s output and index entries alone', async () => {
    const connectors = join(dir, 'packages/connectors');
    const generated = join(connectors, 'generated');
    const snapshot = () =>
      Object.fromEntries(
        readdirSync(generated, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile() && /hive/.test(join(entry.parentPath, entry.name)))
          .map((entry) => [join(entry.parentPath, entry.name), readFileSync(join(entry.parentPath, entry.name), 'utf8')]),
      );
    const hiveBefore = snapshot();
    const spec = join(connectors, 'connectors/acme.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('TODO: one line about what Acme does.', 'Acme does CRM.'));
    const { stdout } = await run(process.execPath, [join(dir, 'node_modules/.bin/connector-compiler'), 'build', 'connectors/acme.yaml'], connectors);
    expect(stdout).toMatch(/^Built 1 spec \(1 compiled\) in [\d.]+ m?s: \d+ written, \d+ unchanged, 0 removed \(4 warnings\)\.\n$/);
    expect(snapshot()).toEqual(hiveBefore);
    expect(readFileSync(join(generated, 'clients/index.js'), 'utf8')).toMatch(/hive/);
    // A full check afterwards: both connectors' outputs are exactly what a full build writes.
    expect((await run(process.execPath, [join(dir, 'node_modules/.bin/connector-compiler'), 'build', '--check'], connectors)).stdout).toMatch(/^Checked 2 specs in [\d.]+ m?s: generated\/ is up to date/);
  });

  it('the generated declarations type-check on their own under strict (skipLibCheck off)', async () => {
    const connectors = join(dir, 'packages/connectors');
    write(join(connectors, 'tsconfig.json'), { compilerOptions: { target: 'ES2022', lib: ['ES2022', 'DOM'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] }, include: ['generated/clients/**/*.d.ts'] });
    await expect(run(process.execPath, [TSC, '-p', connectors], connectors)).resolves.toEqual({ stdout: '', stderr: '' });
  });

  it('the app type-checks under strict with `nodenext` and with `bundler`', async () => {
    const app = join(dir, 'packages/app');
    await expect(run(process.execPath, [TSC, '-p', join(app, 'tsconfig.bundler.json')], app)).resolves.toEqual({ stdout: '', stderr: '' });
    await expect(run(process.execPath, [TSC, '-p', app], app)).resolves.toEqual({ stdout: '', stderr: '' });
  });

  it('plain `node` runs the compiled app against 127.0.0.1, in the workspace and from a production-only copy', async () => {
    server.handle((request) => {
      if (request.path === '/me') return { body: { id: 'me-1' } };
      if (request.path === '/workspaces/missing/projects') return { status: 404, body: { message: 'No such workspace.' } };
      return { body: [{ id: 'p1', name: 'Launch' }] };
    });
    const expected = `${JSON.stringify({ me: { id: 'me-1' }, projects: [{ id: 'p1', name: 'Launch' }], credentials: 'apiKey:missing', status: 404, form: 'Connect Hive — API Key', required: ['apiKey', 'userId'] })}\n`;
    const inWorkspace = await run(process.execPath, ['dist/main.js'], join(dir, 'packages/app'), { BASE_URL: server.origin });
    expect(inWorkspace).toEqual({ stdout: expected, stderr: '' });

    // What a production install of the app holds: its own files and `connectors` (no dependencies at run time).
    const prod = join(dir, 'prod');
    cpSync(join(dir, 'packages/app/dist'), join(prod, 'dist'), { recursive: true });
    cpSync(join(dir, 'packages/app/package.json'), join(prod, 'package.json'));
    cpSync(join(dir, 'packages/connectors/package.json'), join(prod, 'node_modules/connectors/package.json'));
    cpSync(join(dir, 'packages/connectors/generated'), join(prod, 'node_modules/connectors/generated'), { recursive: true });
    const alone = await run(process.execPath, ['dist/main.js'], prod, { BASE_URL: server.origin });
    expect(alone).toEqual({ stdout: expected, stderr: '' });
    // Hive takes the key in an `api_key` header and the user id in the query string of every request.
    expect(server.requests.map((r) => [r.method, r.url, r.headers.authorization ?? r.headers['api_key']])).toEqual([
      ['GET', '/me', 'Bearer acme-secret-key'],
      ['GET', '/workspaces/w_42/projects?user_id=u_1', 'hive-secret-key-123456'],
      ['GET', '/workspaces/missing/projects?user_id=u_1', 'hive-secret-key-123456'],
      ['GET', '/me', 'Bearer acme-secret-key'],
      ['GET', '/workspaces/w_42/projects?user_id=u_1', 'hive-secret-key-123456'],
      ['GET', '/workspaces/missing/projects?user_id=u_1', 'hive-secret-key-123456'],
    ]);
  });

  it('the docs package renders a guide page to HTML', async () => {
    const docs = join(dir, 'packages/docs');
    await run('npm', ['run', '--silent', 'build', '-w', 'docs'], dir);
    const html = readFileSync(join(docs, 'out/acme.html'), 'utf8');
    expect(html.split('\n').slice(0, 2)).toEqual(['<!doctype html>', '<title>Connect Acme with API Key – StackOne Hub</title>']);
    expect(html.slice(-40)).toBe('s-section">Accounts</a> page.</p></div>\n');
    expect(html.split('\n')[2]!.startsWith('<section data-guide-section="true" data-guide-scopes=""><h2>Generate your Acme API key</h2>')).toBe(true);
  });
});
