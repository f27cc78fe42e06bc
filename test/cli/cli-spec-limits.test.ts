import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { runCliInProcess } from '../helpers/cli.js';

/**
 * `--format json` prints exactly one JSON document on stdout, whatever happens:
 * specs whose ids would make bad file names are refused at validation (they
 * used to crash the build with exit 3, or fail it while renaming), and a usage
 * or internal error is reported as a document too.
 */
const LINEAR = readFileSync(fileURLToPath(new URL('../../connectors/linear.yaml', import.meta.url)), 'utf8');

// An injected failure: the validator throws when asked to, as a bug would.
const failure = vi.hoisted(() => ({ next: undefined as Error | undefined }));
vi.mock('../../src/pipeline/compile-spec.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/pipeline/compile-spec.js')>();
  return {
    ...original,
    compileSpecs: (...args: Parameters<typeof original.compileSpecs>) => {
      if (failure.next) throw failure.next;
      return original.compileSpecs(...args);
    },
  };
});

let temp = '';
beforeAll(() => {
  temp = mkdtempSync(path.join(tmpdir(), 'cc-json-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(temp, name);
  for (const [file, contents] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), contents);
  }
  return dir;
}

/** The CLI in-process (test/helpers/cli.ts), as CI runs it; `status` is its exit code. */
async function runInProcess(cwd: string, args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runCliInProcess(cwd, args);
  return { status: code, stdout, stderr };
}

async function inProcess(cwd: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, env: {}, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

const LONG_METHOD = 'a'.repeat(280);

describe.concurrent('ids that become file names (CLI, --format json)', () => {
  it('a connector id `index` is refused at validation, not by the build colliding with clients/index.ts', async () => {
    const cwd = project('index', { 'connectors/index.yaml': LINEAR.replace('id: linear', 'id: index') });
    const result = await runInProcess(cwd, ['build', '--format', 'json']);
    expect(result.status).toBe(1);
    const document = JSON.parse(result.stdout) as { diagnostics: unknown[]; build: { status: string } };
    expect(document.diagnostics).toEqual([
      {
        code: 'CC3022',
        severity: 'error',
        message: 'Connector id `index` is reserved: its client would be `clients/index.ts`, the index module of every client.',
        file: 'connectors/index.yaml',
        line: 3,
        column: 5,
        endLine: 3,
        endColumn: 10,
        path: '/id',
        hint: 'Choose another id, e.g. `index-app`, and rename the file to match.',
      },
    ]);
    expect(document.build.status).toBe('failed');
    expect(existsSync(path.join(cwd, 'generated/clients'))).toBe(false);
  });

  it('an auth-method id of 280 characters is refused at validation, not by ENAMETOOLONG', async () => {
    const cwd = project('long', { 'connectors/linear.yaml': LINEAR.replace('  - id: api-key', `  - id: ${LONG_METHOD}`) });
    const result = await runInProcess(cwd, ['build', '--format', 'json']);
    expect(result.status).toBe(1);
    const document = JSON.parse(result.stdout) as { diagnostics: { code: string; message: string; line: number; column: number; path: string }[] };
    expect(document.diagnostics.map(({ code, message, line, column, path }) => ({ code, message, line, column, path }))).toEqual([
      { code: 'CC2006', message: '`auth[0].id` is 280 characters long; the limit is 64.', line: 27, column: 9, path: '/auth/0/id' },
    ]);
    expect(existsSync(path.join(cwd, 'generated/docs'))).toBe(false);
  });

  it('the longest ids the schema accepts build', async () => {
    const id = `l${'x'.repeat(63)}`;
    const method = `m${'y'.repeat(63)}`;
    const cwd = project('longest', { [`connectors/${id}.yaml`]: LINEAR.replace('id: linear', `id: ${id}`).replace('  - id: api-key', `  - id: ${method}`) });
    const result = await runInProcess(cwd, ['build', '--format', 'json']);
    expect(JSON.parse(result.stdout).diagnostics).toEqual([]);
    expect(result.status).toBe(0);
    expect(readdirSync(path.join(cwd, 'generated/forms')).sort()).toEqual(['index.json', `${id}.${method}.schema.json`, `${id}.${method}.ui.json`, ...['oauth2.profile.schema.json', 'oauth2.profile.ui.json', 'oauth2.schema.json', 'oauth2.ui.json'].map((name) => `${id}.${name}`)]);
  });
});

describe.concurrent('what the build reads (CLI, --format json)', () => {
  it('a symbolic link named like a spec in a searched directory is skipped with a warning; the rest builds', async () => {
    const cwd = project('link-in-dir', { 'connectors/linear.yaml': LINEAR, 'shared/hive.yaml': LINEAR.replace('id: linear', 'id: hive') });
    symlinkSync('../shared/hive.yaml', path.join(cwd, 'connectors/hive.yaml'));
    const result = await runInProcess(cwd, ['build', '--format', 'json']);
    const document = JSON.parse(result.stdout) as { diagnostics: unknown[]; build: { status: string } };
    expect(document.diagnostics).toEqual([
      {
        code: 'CC1013',
        severity: 'warning',
        message: 'Skipped `connectors/hive.yaml`: it is a symbolic link, and links are not followed when searching for specs.',
        file: 'connectors/hive.yaml',
        line: 1,
        column: 1,
        hint: 'Replace the link with a copy of the spec, or name the file it points to on the command line.',
      },
    ]);
    expect(result.status).toBe(0);
    expect(readdirSync(path.join(cwd, 'generated/clients')).sort()).toEqual(['index.ts', 'linear.ts']);
  });

  it('a symbolic link matched by a glob is skipped with a warning too', async () => {
    const cwd = project('link-glob', { 'connectors/linear.yaml': LINEAR, 'shared/hive.yaml': LINEAR.replace('id: linear', 'id: hive') });
    symlinkSync('../shared/hive.yaml', path.join(cwd, 'connectors/hive.yaml'));
    const result = await runInProcess(cwd, ['build', 'connectors/*.yaml', '--format', 'json']);
    const document = JSON.parse(result.stdout) as { diagnostics: { code: string; severity: string; file: string }[] };
    expect(document.diagnostics.map((d) => [d.code, d.severity, d.file])).toEqual([['CC1013', 'warning', 'connectors/hive.yaml']]);
    expect(result.status).toBe(0);
    expect(readdirSync(path.join(cwd, 'generated/clients')).sort()).toEqual(['index.ts', 'linear.ts']);
  });

  it('a symbolic link named on the command line is an error, and its target is not read', async () => {
    const cwd = project('link-named', { 'private/notes.txt': 'token: hunter2\n' });
    mkdirSync(path.join(cwd, 'connectors'));
    symlinkSync('../private/notes.txt', path.join(cwd, 'connectors/acme.yaml'));
    const result = await runInProcess(cwd, ['validate', 'connectors/acme.yaml']);
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: 'connectors/acme.yaml:1:1 - error CC1013: `connectors/acme.yaml` is a symbolic link; specs are read only from regular files, and links are not followed.\n\n  hint: Pass the file the link points to, or replace the link with a copy of the spec.\n\n0 specs checked: 1 error, 0 warnings.\n',
    });
    const build = await runInProcess(cwd, ['build', 'connectors/acme.yaml', '--format', 'json']);
    expect(build.status).toBe(1);
    expect((JSON.parse(build.stdout) as { diagnostics: { code: string; severity: string }[] }).diagnostics.map((d) => [d.code, d.severity])).toEqual([['CC1013', 'error']]);
  });

  it('a Latin-1 spec is refused by the build at its first bad byte, as by validate', async () => {
    const latin1 = Buffer.from(LINEAR.replace('name: Linear', 'name: Linéar'), 'latin1');
    const cwd = project('latin1', {});
    mkdirSync(path.join(cwd, 'connectors'), { recursive: true });
    writeFileSync(path.join(cwd, 'connectors/linear.yaml'), latin1);
    const build = JSON.parse((await runInProcess(cwd, ['build', '--format', 'json'])).stdout) as { diagnostics: unknown[] };
    const validate = JSON.parse((await runInProcess(cwd, ['validate', '--format', 'json'])).stdout) as { diagnostics: unknown[] };
    expect(build.diagnostics).toEqual([
      {
        code: 'CC1011',
        severity: 'error',
        message: `Spec is not valid UTF-8: byte 0xE9 (byte offset ${latin1.indexOf(0xe9)}) is not part of a UTF-8 character.`,
        file: 'connectors/linear.yaml',
        line: 4,
        column: 10,
        endLine: 4,
        endColumn: 11,
        hint: 'Save the file as UTF-8; it was probably written as Latin-1 or Windows-1252, whose accented letters would otherwise be lost.',
      },
    ]);
    expect(validate.diagnostics).toEqual(build.diagnostics);
  });
});

describe('one JSON document whatever happens', () => {
  it('an internal error under --format json prints a JSON document (and nothing else on stdout), exit 3', async () => {
    const cwd = project('internal', { 'connectors/linear.yaml': LINEAR });
    failure.next = new Error('injected failure');
    try {
      const result = await inProcess(cwd, ['validate', '--format', 'json']);
      expect(result.code).toBe(3);
      expect(JSON.parse(result.stdout)).toEqual({
        diagnostics: [
          {
            code: 'CC7002',
            severity: 'error',
            message: 'Internal error in `connector-compiler validate`: injected failure',
            file: '',
            line: 1,
            column: 1,
            hint: 'This is a bug in connector-compiler; please report it with the spec that triggered it.',
          },
        ],
      });
      expect(result.stderr).toBe('connector-compiler validate: internal error: injected failure\nThis is a bug in connector-compiler; please report it with the spec that triggered it.\n');
    } finally {
      failure.next = undefined;
    }
  });

  it('the same internal error in text format prints nothing on stdout', async () => {
    const cwd = project('internal-text', { 'connectors/linear.yaml': LINEAR });
    failure.next = new Error('injected failure');
    try {
      const result = await inProcess(cwd, ['validate', '--format=text']);
      expect(result).toEqual({ code: 3, stdout: '', stderr: 'connector-compiler validate: internal error: injected failure\nThis is a bug in connector-compiler; please report it with the spec that triggered it.\n' });
    } finally {
      failure.next = undefined;
    }
  });

  it('a usage error under --format json prints a JSON document, exit 2', async () => {
    const cwd = project('usage', { 'connectors/linear.yaml': LINEAR });
    const result = await inProcess(cwd, ['validate', '--format=json', '--frmat']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      diagnostics: [
        {
          code: 'CC7001',
          severity: 'error',
          message: '`connector-compiler validate`: Unknown option `--frmat`. Did you mean `--format`?',
          file: '',
          line: 1,
          column: 1,
          hint: 'Run `connector-compiler validate --help` for its options.',
        },
      ],
    });
  });

  it('a clean run under --format json prints its own document once', async () => {
    const cwd = project('clean', { 'connectors/linear.yaml': LINEAR });
    expect(await inProcess(cwd, ['validate', '--format', 'json'])).toEqual({ code: 0, stdout: '{\n  "diagnostics": []\n}\n', stderr: '' });
  });
});
