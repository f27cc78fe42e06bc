import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeBuildFs, type BuildFs } from '../../src/project/fs.js';
import { commitTransaction, recoverJournal, StagingArea, WriteError, type Transaction } from '../../src/project/output/writer.js';
import { cleanup, snapshot, tempProject } from './helpers.js';
import { MemoryFs } from './memory-fs.js';
import { fcOptions } from '../helpers/fast-check.js';

let dir: string;
beforeEach(() => {
  dir = tempProject('cc-writer-');
});
afterEach(() => cleanup(dir));

function setUp(files: Record<string, string>): void {
  for (const [file, contents] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), contents);
  }
}

/** Applies a transaction to a snapshot in memory: what "fully new" means. */
function applied(before: Record<string, string>, transaction: Transaction): Record<string, string> {
  const after = { ...before };
  for (const w of transaction.writes) after[w.path] = w.contents;
  for (const file of transaction.removes) delete after[file];
  return Object.fromEntries(Object.entries(after).sort(([a], [b]) => (a < b ? -1 : 1)));
}

class Crash extends Error {}

/** `fs` until its `crashAt`-th mutating call; from then on every call fails, as if the process had died. */
function crashing(fs: BuildFs, crashAt: number): BuildFs {
  let calls = 0;
  let dead = false;
  const guard = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A): R => {
    if (dead || ++calls === crashAt) {
      dead = true;
      throw new Crash('crashed');
    }
    return fn(...args);
  };
  return {
    readFile: (file) => fs.readFile(file),
    stat: (file) => fs.stat(file),
    readdir: (file) => fs.readdir(file),
    writeFile: guard((file, data) => fs.writeFile(file, data)),
    rename: guard((from, to) => fs.rename(from, to)),
    unlink: guard((file) => fs.unlink(file)),
    mkdir: guard((file) => fs.mkdir(file)),
    rmdir: guard((file) => fs.rmdir(file)),
  };
}

const name = fc.constantFrom('a', 'b', 'c', 'd');
const relPath = fc.tuple(fc.constantFrom('', 'x/', 'x/y/', 'z/'), name).map(([d, n]) => `${d}${n}.txt`);
const files = fc.dictionary(relPath, fc.string({ maxLength: 20 }), { maxKeys: 6 });
const OUT = '/project/generated';

function transactionFor(before: Record<string, string>, after: Record<string, string>): Transaction {
  return { writes: Object.entries(after).map(([file, contents]) => ({ path: file, contents })), removes: Object.keys(before).filter((file) => !(file in after)) };
}

function memoryWith(files: Record<string, string>): MemoryFs {
  const fs = new MemoryFs(Object.fromEntries(Object.entries(files).map(([file, contents]) => [`${OUT}/${file}`, contents])));
  fs.mkdir(OUT);
  return fs;
}

describe('commitTransaction', () => {
  it('goes from old to new on disk, removing emptied directories', () => {
    setUp({ 'out/keep.txt': 'k', 'out/gone/one.txt': '1', 'out/old.txt': 'o' });
    commitTransaction(path.join(dir, 'out'), { writes: [{ path: 'new/deep/n.txt', contents: 'n' }, { path: 'old.txt', contents: 'O' }], removes: ['gone/one.txt'] }, nodeBuildFs);
    expect(snapshot(dir)).toEqual({ 'out/keep.txt': 'k', 'out/new/deep/n.txt': 'n', 'out/old.txt': 'O' });
  });

  it('a crash at any point leaves old or new output once the next run has recovered', () => {
    fc.assert(
      fc.property(files, files, fc.nat({ max: 40 }), (before, after, crashAt) => {
        const fs = memoryWith(before);
        const transaction = transactionFor(before, after);
        const old = fs.snapshot(OUT);
        const oldDirs = fs.directories(OUT);
        const wanted = applied(old, transaction);
        let crashed = false;
        try {
          commitTransaction(OUT, transaction, crashing(fs, crashAt + 1));
        } catch (error) {
          if (!(error instanceof Crash) && !(error instanceof WriteError)) throw error;
          crashed = true;
        }
        recoverJournal(OUT, fs);
        const now = fs.snapshot(OUT);
        if (!crashed) expect(now).toEqual(wanted);
        else if (JSON.stringify(now) !== JSON.stringify(wanted)) {
          expect(now).toEqual(old);
        }
        // Rolled back means no new directories either (the meta directory aside).
        if (crashed && JSON.stringify(now) === JSON.stringify(old) && JSON.stringify(old) !== JSON.stringify(wanted)) {
          expect(fs.directories(OUT).filter((d) => !d.startsWith('.connector-compiler'))).toEqual(oldDirs.filter((d) => !d.startsWith('.connector-compiler')));
        }
      }),
      fcOptions(3000),
    );
  });

  it('an ordinary write failure rolls back at once, without needing recovery', () => {
    fc.assert(
      fc.property(files, files, fc.nat({ max: 8 }), (before, after, failAt) => {
        const memory = memoryWith(before);
        const old = memory.snapshot(OUT);
        let writes = 0;
        const fs: BuildFs = Object.assign(Object.create(memory) as MemoryFs, {
          writeFile(file: string, data: string | Uint8Array) {
            if (++writes === failAt + 1) throw Object.assign(new Error('full'), { code: 'ENOSPC' });
            memory.writeFile(file, data);
          },
        });
        const transaction = transactionFor(before, after);
        try {
          commitTransaction(OUT, transaction, fs);
        } catch (error) {
          expect(error).toBeInstanceOf(WriteError);
          expect((error as WriteError).partial).toBe(false);
          expect((error as WriteError).code).toBe('ENOSPC');
          expect(memory.snapshot(OUT)).toEqual(old);
          return;
        }
        expect(memory.snapshot(OUT)).toEqual(applied(old, transaction));
      }),
      fcOptions(2000),
    );
  });

  it('stages nothing outside its staging directory until the commit, and drops unneeded staged files', () => {
    setUp({ 'out/keep.txt': 'k' });
    const out = path.join(dir, 'out');
    const staging = StagingArea.open(out, nodeBuildFs);
    const a = staging.put('A');
    staging.put('unchanged, so never renamed');
    expect(Object.keys(snapshot(dir)).filter((f) => !f.startsWith(`out/${staging.dir}/`))).toEqual(['out/keep.txt']);
    staging.commit([{ path: 'new/a.txt', staged: a }], []);
    expect(snapshot(dir)).toEqual({ 'out/keep.txt': 'k', 'out/new/a.txt': 'A' });
  });

  it('a discarded first build leaves no output directory behind', () => {
    const out = path.join(dir, 'out');
    const staging = StagingArea.open(out, nodeBuildFs);
    staging.put('x');
    staging.discard();
    expect(nodeBuildFs.stat(out)).toBeUndefined();
  });

  it('removes the staging directories of builds that died before committing, not those of running ones', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const live = process.ppid;
    for (const pid of [dead, live]) setUp({ [`out/.connector-compiler/staging-${pid.toString(36)}-0a1b2c3d/m0`]: 'staged' });
    expect(recoverJournal(path.join(dir, 'out'), nodeBuildFs)).toEqual({ action: 'none' });
    expect(Object.keys(snapshot(dir))).toEqual([`out/.connector-compiler/staging-${live.toString(36)}-0a1b2c3d/m0`]);
  });

  it('completes a version-1 journal (temps next to their targets) left by an older compiler', () => {
    setUp({ 'out/a.txt': 'old', 'out/a.txt.x.cc-tmp': 'new', 'out/gone.txt': 'g' });
    const journal = { version: 1, state: 'committing', writes: [['a.txt.x.cc-tmp', 'a.txt']], removes: ['gone.txt'], createdDirs: [] };
    setUp({ 'out/.connector-compiler/journal.json': JSON.stringify(journal) });
    expect(recoverJournal(path.join(dir, 'out'), nodeBuildFs)).toEqual({ action: 'completed', files: 2 });
    expect(snapshot(dir)).toEqual({ 'out/a.txt': 'new' });
  });

  it('ignores a journal whose staging directory is outside the compiler\'s own directory', () => {
    setUp({ 'out/victim/keep.txt': 'v' });
    const journal = { version: 2, state: 'staging', staging: 'victim', writes: [], removes: [], createdDirs: [] };
    setUp({ 'out/.connector-compiler/journal.json': JSON.stringify(journal) });
    expect(recoverJournal(path.join(dir, 'out'), nodeBuildFs)).toEqual({ action: 'unreadable' });
    expect(snapshot(dir)).toEqual({ 'out/victim/keep.txt': 'v' });
  });

  it('ignores a journal that points outside the output directory', () => {
    setUp({ 'victim.txt': 'v' });
    mkdirSync(path.join(dir, 'out/.connector-compiler'), { recursive: true });
    writeFileSync(path.join(dir, 'out/.connector-compiler/journal.json'), JSON.stringify({ version: 1, state: 'committing', writes: [], removes: ['../victim.txt'], createdDirs: [] }));
    expect(recoverJournal(path.join(dir, 'out'), nodeBuildFs)).toEqual({ action: 'unreadable' });
    expect(snapshot(dir)).toEqual({ 'victim.txt': 'v' });
  });

  it('a read-only directory among the targets fails the commit before its commit point: old output, no journal', () => {
    fc.assert(
      fc.property(files, files, fc.constantFrom('', 'x', 'x/y', 'z'), (before, after, locked) => {
        const fs = memoryWith(before);
        // An existing directory: one the commit creates is its own, and writable.
        const dir = locked === '' ? OUT : `${OUT}/${locked}`;
        if (fs.dirs.has(dir)) fs.readOnly.add(dir);
        const old = fs.snapshot(OUT);
        const transaction = transactionFor(before, after);
        try {
          commitTransaction(OUT, transaction, fs);
        } catch (error) {
          expect(error).toBeInstanceOf(WriteError);
          expect([(error as WriteError).code, (error as WriteError).partial]).toEqual(['EACCES', false]);
          expect(fs.snapshot(OUT)).toEqual(old);
          return;
        }
        expect(fs.snapshot(OUT)).toEqual(applied(old, transaction));
      }),
      fcOptions(1000),
    );
  });

  it('a failure after the commit point says so (partial), and the journal completes the commit once the cause is gone', () => {
    const fs = memoryWith({ 'clients/a.txt': 'old a', 'docs/b.txt': 'old b', 'forms/c.txt': 'old c' });
    fs.readOnly.add(`${OUT}/forms`);
    // A file system that cannot tell in advance (no `writable`): `forms/` is found read-only halfway through the renames.
    const blind: BuildFs = { readFile: (f) => fs.readFile(f), stat: (f) => fs.stat(f), readdir: (f) => fs.readdir(f), writeFile: (f, d) => fs.writeFile(f, d), rename: (a, b) => fs.rename(a, b), unlink: (f) => fs.unlink(f), mkdir: (f) => fs.mkdir(f), rmdir: (f) => fs.rmdir(f) };
    const transaction = { writes: [{ path: 'clients/a.txt', contents: 'new a' }, { path: 'docs/b.txt', contents: 'new b' }, { path: 'forms/c.txt', contents: 'new c' }], removes: [] };
    let failure: unknown;
    try {
      commitTransaction(OUT, transaction, blind);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(WriteError);
    expect([(failure as WriteError).message, (failure as WriteError).partial]).toEqual(['Could not rename into place `forms/c.txt` (EACCES: permission denied).', true]);
    expect(fs.snapshot(OUT)).toMatchObject({ 'clients/a.txt': 'new a', 'docs/b.txt': 'new b', 'forms/c.txt': 'old c' });
    // Recovery fails the same way while the directory stays read-only, and says the output is still partial.
    expect(() => recoverJournal(OUT, fs)).toThrow(expect.objectContaining({ partial: true, code: 'EACCES' }));
    fs.readOnly.clear();
    expect(recoverJournal(OUT, fs)).toEqual({ action: 'completed', files: 3 });
    expect(fs.snapshot(OUT)).toEqual({ 'clients/a.txt': 'new a', 'docs/b.txt': 'new b', 'forms/c.txt': 'new c' });
  });
});
