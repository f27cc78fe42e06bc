/**
 * Two builds on one output directory, as two real CLI processes (issue #15,
 * item 8): the second says another build is running instead of taking the
 * first one's files for hand edits; a lock left by `kill -9` is recovered.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cleanup, requireBuiltCli, runCli, tempProject, writeSpec } from '../project/helpers.js';

const SEEDS = path.resolve(__dirname, '../../connectors');
const roots: string[] = [];
beforeAll(requireBuiltCli);
afterAll(() => roots.forEach(cleanup));

function seedProject(): string {
  const root = tempProject('cc-concurrent-');
  roots.push(root);
  for (const id of ['hive', 'linear']) writeSpec(root, `connectors/${id}.yaml`, readFileSync(path.join(SEEDS, `${id}.yaml`), 'utf8'));
  return root;
}

/** Starts `build` in `root` and resolves once it holds the output directory's lock. */
async function startHoldingLock(root: string): Promise<{ child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> }> {
  const child = spawn(process.execPath, [CLI, 'build'], { cwd: root, env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
  let stdout = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout })));
  const lock = path.join(root, 'generated/.connector-compiler/lock');
  const deadline = Date.now() + 20_000;
  while (!existsSync(lock)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the first build never took the lock');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return { child, exited };
}

describe('two builds at once (CLI)', () => {
  it('the second says another build is running, writes nothing, and the first completes', async () => {
    const root = seedProject();
    const first = await startHoldingLock(root);
    // Stopped while it holds the lock: however fast the machine, the two builds overlap.
    first.child.kill('SIGSTOP');
    try {
      const second = runCli(root, ['build']);
      expect(second.code).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr.replace(/\d+ ms/, 'N ms')).toBe(
        `generated/.connector-compiler/lock:1:1 - error CC5001: Another build (process ${first.child.pid}) is running on \`generated\`; nothing was written.\n\n` +
          '  hint: Run the build again once it has finished. A lock left by a build that died is taken over by the next build (at once on the same machine, after 5 minutes otherwise); to take it over now, delete `generated/.connector-compiler/lock`.\n\n' +
          'Build failed with 1 error in N ms; nothing was written to generated/.\n',
      );
      const check = runCli(root, ['build', '--check']);
      expect(check.code).toBe(1);
      expect(check.stderr).toMatch(new RegExp(`^generated/\\.connector-compiler/lock:1:1 - error CC5001: Another build \\(process ${first.child.pid}\\) is writing \`generated\` right now, so it cannot be checked\\.\n`));
    } finally {
      first.child.kill('SIGCONT');
    }
    const done = await first.exited;
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^Built 2 specs \(2 compiled\) in [\d.]+ m?s: \d+ written, 0 unchanged, 0 removed\.\n$/);
    const check = runCli(root, ['build', '--check']);
    expect([check.code, check.stderr]).toEqual([0, '']);
    expect(existsSync(path.join(root, 'generated/.connector-compiler/lock'))).toBe(false);
  }, 60_000);

  it('a lock left by a build killed with kill -9 is recovered by the next build', async () => {
    const root = seedProject();
    const first = await startHoldingLock(root);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(existsSync(path.join(root, 'generated/.connector-compiler/lock'))).toBe(true);
    const next = runCli(root, ['build']);
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(/^Built 2 specs \(2 compiled\) in [\d.]+ m?s: \d+ written, 0 unchanged, 0 removed\.\n$/);
    expect(readdirSync(path.join(root, 'generated/.connector-compiler'))).toEqual(['manifest.json']);
  }, 60_000);
});
