import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, expect, it } from 'vitest';
import { cleanup, tempProject, validSpec, writeSpec } from '../project/helpers.js';

const CLI = path.resolve(__dirname, '../../dist/cli/main.js');
const root = tempProject('cc-watch-');
/** Watch processes started; killed at the end even when a test timed out waiting on one. */
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  cleanup(root);
});

interface Line {
  diagnostics: { code: string; severity: string; file: string }[];
  build: { status: string; compiled: number; written: string[]; upToDate: boolean };
}

/** Starts `build --watch --format json` in `root`; `next` waits for its next summary line. */
function startWatch(cwd: string) {
  const child = spawn(process.execPath, [CLI, 'build', '--watch', '--format', 'json', '--targets', 'forms'], { cwd, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Line> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`watch ended early: ${stderr}`);
    return JSON.parse(value as string) as Line;
  };
  return { child, exited, next, stderr: () => stderr };
}

it('rebuilds on change, keeps running on errors, and exits cleanly on SIGINT', async () => {
  writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha'));
  writeSpec(root, 'connectors/beta.yaml', validSpec('beta'));
  const { child, exited, next, stderr } = startWatch(root);

  const first = await next();
  expect(first.build).toMatchObject({ status: 'ok', compiled: 2 });
  expect(first.build.written).toContain('forms/alpha.api-key.schema.json');

  writeSpec(root, 'connectors/alpha.yaml', validSpec('alpha', 'Alpha Two'));
  const second = await next();
  expect(second.build).toMatchObject({ status: 'ok', compiled: 1 });
  expect(readFileSync(path.join(root, 'generated/forms/alpha.api-key.schema.json'), 'utf8')).toContain('Alpha Two');

  writeSpec(root, 'connectors/beta.yaml', 'specVersion: 1\nid: beta\n');
  const broken = await next();
  expect(broken.build.status).toBe('failed');
  expect(broken.diagnostics.every((d) => d.file === 'connectors/beta.yaml')).toBe(true);

  writeSpec(root, 'connectors/beta.yaml', validSpec('beta', 'Beta Two'));
  const fixed = await next();
  expect(fixed.build).toMatchObject({ status: 'ok', compiled: 1 });

  child.kill('SIGINT');
  expect(await exited).toBe(0);
  // The only words on stderr: that it watches, once the first build is reported, and that it stopped.
  expect(stderr().replace(/^\[\d\d:\d\d:\d\d\] /gm, '')).toBe('Watching for changes; press Ctrl+C to stop.\nStopped watching.\n');
}, 60_000);

it('watches a directory of specs created while it runs (each directory is watched on its own)', async () => {
  const project = tempProject('cc-watch-');
  writeSpec(project, 'connectors/alpha.yaml', validSpec('alpha'));
  const { child, exited, next, stderr } = startWatch(project);
  expect((await next()).build.status).toBe('ok');
  writeSpec(project, 'connectors/more/deeper/gamma.yaml', validSpec('gamma'));
  const added = await next();
  expect(added.build).toMatchObject({ status: 'ok', compiled: 1 });
  writeSpec(project, 'connectors/more/deeper/gamma.yaml', validSpec('gamma', 'Gamma Two'));
  const edited = await next();
  expect(edited.build).toMatchObject({ status: 'ok', compiled: 1 });
  expect(readFileSync(path.join(project, 'generated/forms/gamma.api-key.schema.json'), 'utf8')).toContain('Gamma Two');
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  // The only words on stderr: that it watches, once the first build is reported, and that it stopped.
  expect(stderr().replace(/^\[\d\d:\d\d:\d\d\] /gm, '')).toBe('Watching for changes; press Ctrl+C to stop.\nStopped watching.\n');
  cleanup(project);
}, 60_000);
