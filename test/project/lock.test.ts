import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_PATH, STALE_LOCK_MS, acquireOutputLock, liveLockHolder } from '../../src/project/output/lock.js';
import { cleanup, tempProject } from './helpers.js';

let root: string;
let out: string;
let lock: string;
beforeEach(() => {
  root = tempProject('cc-lock-');
  out = path.join(root, 'generated');
  lock = path.join(out, LOCK_PATH);
});
afterEach(() => cleanup(root));

/** A pid that is certainly not alive: a child that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

function placeLock(contents: string, ageMs = 0): void {
  mkdirSync(path.dirname(lock), { recursive: true });
  writeFileSync(lock, contents);
  if (ageMs > 0) {
    const then = new Date(Date.now() - ageMs);
    utimesSync(lock, then, then);
  }
}

describe('acquireOutputLock', () => {
  it('writes who holds it, blocks a second taker, and releases', () => {
    const first = acquireOutputLock(out);
    expect('release' in first).toBe(true);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toEqual({ pid: process.pid, host: hostname() });
    // Another process's view: this one is alive (a lock of the caller's own pid counts as left over).
    placeLock(JSON.stringify({ pid: process.ppid, host: hostname() }));
    expect(acquireOutputLock(out)).toEqual({ heldBy: { pid: process.ppid, host: hostname() } });
    expect(liveLockHolder(out)).toEqual({ pid: process.ppid, host: hostname() });
    (first as { release: () => void }).release();
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over the lock of a dead process on this machine, in either format, and an unreadable one', () => {
    for (const contents of [JSON.stringify({ pid: deadPid(), host: hostname() }), String(deadPid()), '', 'garbage']) {
      placeLock(contents);
      expect(liveLockHolder(out)).toBeUndefined();
      const taken = acquireOutputLock(out);
      expect('release' in taken).toBe(true);
      expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
      (taken as { release: () => void }).release();
    }
  });

  it('removes the temporary files a killed holder left beside its lock, and only those', () => {
    const dead = deadPid();
    placeLock(JSON.stringify({ pid: dead, host: hostname() }));
    const leftover = `${lock}.${dead.toString(36)}-0a1b2c3d.cc-tmp`;
    const someoneElses = `${lock}.${(dead + 1).toString(36)}-0a1b2c3d.cc-tmp`;
    writeFileSync(leftover, '');
    writeFileSync(someoneElses, '');
    const taken = acquireOutputLock(out);
    expect('release' in taken).toBe(true);
    expect([existsSync(leftover), existsSync(someoneElses)]).toEqual([false, true]);
    (taken as { release: () => void }).release();
  });

  it('keeps another machine\'s lock until it is older than the bound, then takes it over', () => {
    placeLock(JSON.stringify({ pid: 1, host: 'ci-runner-7' }), STALE_LOCK_MS - 60_000);
    expect(acquireOutputLock(out)).toEqual({ heldBy: { pid: 1, host: 'ci-runner-7' } });
    placeLock(JSON.stringify({ pid: 1, host: 'ci-runner-7' }), STALE_LOCK_MS + 60_000);
    expect(liveLockHolder(out)).toBeUndefined();
    expect('release' in acquireOutputLock(out)).toBe(true);
  });

  it('takes over a lock of a live pid on this machine once it is older than the bound (a reused pid)', () => {
    placeLock(JSON.stringify({ pid: process.ppid, host: hostname() }), STALE_LOCK_MS + 60_000);
    expect('release' in acquireOutputLock(out)).toBe(true);
  });

  it('leaves no output directory behind when released by a first build', () => {
    const taken = acquireOutputLock(out);
    (taken as { release: () => void }).release();
    expect(existsSync(out)).toBe(false);
    expect(existsSync(root)).toBe(true);
  });
});
