import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/load/load-specs.js';
import { DEFAULT_LOAD_LIMITS, parseSpecText } from '../../src/load/read-spec.js';
import { compileSpecs, createCompileContext } from '../../src/pipeline/compile-spec.js';

const POLYMER = readFileSync(fileURLToPath(new URL('../../connectors/polymer.yaml', import.meta.url)), 'utf8');
const temp = mkdtempSync(path.join(tmpdir(), 'cc-load-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const context = createCompileContext();

function codes(source: string, file = 'polymer.yaml'): string[] {
  const parsed = parseSpecText(file, source);
  return compileSpecs([parsed], context).diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);
}

describe('loading files', () => {
  it('refuses a FIFO (which would block a read forever) with CC1002, and reads the other specs', async () => {
    const dir = path.join(temp, 'fifo');
    mkdirSync(dir);
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    writeFileSync(path.join(dir, 'polymer.yaml'), POLYMER);
    const result = await loadSpecs(['fifo/pipe.yaml', 'fifo/polymer.yaml'], { cwd: temp });
    expect(result.diagnostics).toEqual([
      { code: 'CC1002', severity: 'error', message: '`fifo/pipe.yaml` is not a regular file.', file: 'fifo/pipe.yaml', line: 1, column: 1, hint: 'Pass spec files (`*.yaml`) or directories that contain them.' },
    ]);
    expect(result.specs.map((s) => s.file)).toEqual(['fifo/polymer.yaml']);
  });

  it('skips a directory named like a spec inside a searched directory, and reads nested specs', async () => {
    const dir = path.join(temp, 'tree');
    mkdirSync(path.join(dir, 'odd.yaml'), { recursive: true });
    mkdirSync(path.join(dir, 'nested'), { recursive: true });
    writeFileSync(path.join(dir, 'nested', 'polymer.yml'), POLYMER);
    writeFileSync(path.join(dir, '.hidden.yaml'), 'not: read');
    const result = await loadSpecs(['tree'], { cwd: temp });
    expect(result.diagnostics).toEqual([]);
    expect(result.specs.map((s) => s.file)).toEqual(['tree/nested/polymer.yml']);
  });

  it('checks the size before reading, so a huge file never reaches memory', async () => {
    const file = path.join(temp, 'huge.yaml');
    writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 'a'));
    const result = await loadSpecs([file], { cwd: temp });
    expect(result.specs).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['CC1008', 'Spec is 3.0 MB, larger than the 2.0 MB limit.']]);
  });

  it('strips a UTF-8 byte order mark', async () => {
    const file = path.join(temp, 'polymer.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POLYMER.replace('name: Polymer', 'name: Poly\u00ffmer'))]));
    const result = await loadSpecs([file], { cwd: temp });
    expect(result.specs[0]!.source.startsWith('# yaml-language-server')).toBe(true);
    expect(compileSpecs(result.specs, context).diagnostics).toEqual([]);
  });

  it('refuses invalid UTF-8 at its first bad byte (CC1011), showing the text with U+FFFD', async () => {
    const file = path.join(temp, 'polymer.yaml');
    const body = Buffer.from(POLYMER.replace('name: Polymer', 'name: Poly\u00ffmer'));
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body, Buffer.from([0x23, 0x20, 0xc3, 0x28, 0x0a])]));
    const result = await loadSpecs([file], { cwd: temp });
    expect(result.specs[0]!.source.endsWith('# \ufffd(\n')).toBe(true);
    const line = POLYMER.split('\n').length;
    expect(compileSpecs(result.specs, context).diagnostics).toEqual([
      {
        code: 'CC1011',
        severity: 'error',
        message: `Spec is not valid UTF-8: byte 0xC3 (byte offset ${3 + body.length + 2}) is not part of a UTF-8 character.`,
        file: 'polymer.yaml',
        line,
        column: 3,
        endLine: line,
        endColumn: 4,
        hint: 'Save the file as UTF-8; it was probably written as Latin-1 or Windows-1252, whose accented letters would otherwise be lost.',
      },
    ]);
  });
});

describe('positions in unusual files', () => {
  it('CRLF line endings give the same lines and columns as LF', () => {
    const broken = POLYMER.replace('    secret: true\n', '    secert: true\n');
    expect(codes(broken.replace(/\n/g, '\r\n'))).toEqual(codes(broken));
    expect(codes(broken)).toEqual(['CC2003@13:5']);
  });

  it('columns count UTF-16 code units after wide characters and emoji', () => {
    const broken = POLYMER.replace('name: Polymer\n', 'name: 日本語 😀 [x](javascript:1)\n').replace('description: Polymer Hire', 'description: 日本語 😀 Polymer Hire');
    // `name` is a single line, so it is only schema-checked; a markdown step shows the column arithmetic.
    const step = broken.replace('Go to the [Polymer Hire dashboard](https://app.polymer.co)', '日本語 😀 go to [x](javascript:alert(1))');
    const line = step.split('\n').findIndex((l) => l.includes('javascript:alert')) + 1;
    const column = step.split('\n')[line - 1]!.indexOf('[x]') + 1;
    expect(codes(step)).toEqual([`CC3013@${line}:${column}`]);
  });

  it('a very long line still gets an exact column', () => {
    const padding = 'word '.repeat(2000);
    const step = POLYMER.replace('Go to the [Polymer Hire dashboard](https://app.polymer.co)', `${padding}[x](javascript:alert(1))`);
    const line = step.split('\n').findIndex((l) => l.includes('javascript:alert')) + 1;
    expect(codes(step)).toEqual([`CC3013@${line}:${17 + padding.length}`]);
  });
});

describe('nesting depth', () => {
  it('does not count the indentation of block scalar text as nesting', () => {
    const deepMarkdown = Array.from({ length: 80 }, (_, i) => `${'  '.repeat(Math.min(i, 19))}- level ${i}`).join('\n');
    const source = POLYMER.replace(
      '            - title: Sign in to Polymer\n              body: |\n',
      `            - title: Sign in to Polymer\n              body: |\n${deepMarkdown.split('\n').map((l) => `                ${l}`).join('\n')}\n`,
    );
    expect(parseSpecText('polymer.yaml', source).diagnostics).toEqual([]);
  });

  it('counts flow and block collections alike, and refuses past the limit', () => {
    const nested = (depth: number) => `a: ${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}\n`;
    expect(parseSpecText('x.yaml', nested(DEFAULT_LOAD_LIMITS.maxDepth)).diagnostics).toEqual([]);
    expect(parseSpecText('x.yaml', nested(DEFAULT_LOAD_LIMITS.maxDepth + 1)).diagnostics.map((d) => [d.code, d.message])).toEqual([['CC1009', 'Spec nests 65 levels deep; the limit is 64.']]);
    const block = Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
    expect(parseSpecText('x.yaml', `${block} 1\n`).diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['CC1009', 70, 139]]);
  });

  it('limits are configurable per call', () => {
    const source = 'a: [[[1]]]\n';
    expect(parseSpecText('x.yaml', source, { ...DEFAULT_LOAD_LIMITS, maxDepth: 3 }).diagnostics.map((d) => d.code)).toEqual(['CC1009']);
    expect(parseSpecText('x.yaml', source, { ...DEFAULT_LOAD_LIMITS, maxDepth: 4 }).diagnostics).toEqual([]);
    expect(parseSpecText('x.yaml', source, { ...DEFAULT_LOAD_LIMITS, maxBytes: 5 }).diagnostics.map((d) => d.message)).toEqual(['Spec is 11 bytes, larger than the 5 bytes limit.']);
    const aliases = 'a: &a x\nb: [*a, *a, *a]\n';
    expect(parseSpecText('x.yaml', aliases, { ...DEFAULT_LOAD_LIMITS, maxAliasCount: 2 }).diagnostics.map((d) => d.code)).toEqual(['CC1007']);
    expect(parseSpecText('x.yaml', aliases, { ...DEFAULT_LOAD_LIMITS, maxAliasCount: 10 }).diagnostics).toEqual([]);
  });
});
