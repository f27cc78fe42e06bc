import { mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { loadSpecs } from '../../src/load/load-specs.js';
import { DEFAULT_LOAD_LIMITS, parseSpecText } from '../../src/load/read-spec.js';
import { MARKDOWN_LIMITS } from '../../src/model/markdown-blocks.js';
import { compileSpecs, createCompileContext } from '../../src/pipeline/compile-spec.js';

/**
 * Resource limits: hostile sizes end in one clear diagnostic, quickly and in
 * bounded memory. The assertions are on the diagnostics; the inputs are sized
 * so that a missing limit would hang or exhaust the test run instead.
 */
const SMALL = readFileSync(fileURLToPath(new URL('../hardening/fixtures/small.yaml', import.meta.url)), 'utf8');
const context = createCompileContext();
const temp = mkdtempSync(path.join(tmpdir(), 'cc-limits-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function diagnose(source: string) {
  return compileSpecs([parseSpecText('small.yaml', source)], context).diagnostics.map((d) => [d.code, d.message]);
}

describe('resource limits', () => {
  it('a YAML alias bomb (a billion laughs) is refused before it expands', () => {
    const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 9; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    expect(diagnose(`${levels.join('\n')}\n`)).toEqual([['CC1007', 'YAML aliases (`*name`) expand beyond the limit of 100; this looks like an alias bomb.']]);
  });

  it('a 50 MB spec file is refused from its size, without being read', async () => {
    const file = path.join(temp, 'huge.yaml');
    const fd = openSync(file, 'w');
    writeSync(fd, 'id: huge\n');
    ftruncateSync(fd, 50 * 1024 * 1024); // Sparse: costs no disk, reads as 50 MB.
    closeSync(fd);
    const before = process.memoryUsage().rss;
    const result = await loadSpecs([file], { cwd: temp });
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['CC1008', 'Spec is 50.0 MB, larger than the 2.0 MB limit.']]);
    expect(result.specs).toEqual([]);
    // Nothing near the file's size was allocated.
    expect(process.memoryUsage().rss - before).toBeLessThan(20 * 1024 * 1024);
  });

  it('a 50 MB spec passed as text to compile() is refused before parsing', () => {
    const source = `id: huge\nname: ${'x'.repeat(50 * 1024 * 1024)}\n`;
    const result = compile({ specs: [{ file: 'connectors/huge.yaml', source }] });
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['CC1008', 'Spec is 50.0 MB, larger than the 2.0 MB limit.']]);
    expect(result.files.size).toBe(0);
  });

  it('10,000 fields: one diagnostic on the list, not ten thousand', () => {
    const fields = Array.from({ length: 10_000 }, (_, i) => `  - key: field${i}\n    label: Field ${i}\n`).join('');
    const source = SMALL.replace(/^fields:\n(?: {2}.*\n| {4}.*\n)+/m, `fields:\n${fields}`);
    expect(source.length).toBeGreaterThan(300_000);
    expect(diagnose(source)).toEqual([['CC2006', '`fields` has 10000 entries; the limit is 100.']]);
  });

  it('10,000 operations: one diagnostic on the list', () => {
    const operations = Array.from({ length: 10_000 }, (_, i) => `    - { id: op${i}, method: GET, path: /op${i} }\n`).join('');
    const source = SMALL.replace(/^ {2}operations:\n[\s\S]*$/m, `  operations:\n${operations}`);
    expect(diagnose(source)).toEqual([['CC2006', '`api.operations` has 10000 entries; the limit is 2000.']]);
  });

  it('10,000-deep nesting, as flow collections, block sequences and block mappings', () => {
    const flow = `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const dashes = `${'- '.repeat(10_000)}x\n`;
    // A block mapping 10,000 deep needs 50 MB of indentation; the size limit catches it first.
    const mapping = Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(diagnose(flow)).toEqual([['CC1009', 'Spec nests 10001 levels deep; the limit is 64.']]);
    expect(diagnose(dashes)).toEqual([['CC1009', 'Spec nests 10000 levels deep; the limit is 64.']]);
    expect(diagnose(mapping)).toEqual([['CC1008', 'Spec is 47.7 MB, larger than the 2.0 MB limit.']]);
    const mapping1500 = Array.from({ length: 1500 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(diagnose(mapping1500)).toEqual([['CC1009', 'Spec nests 1500 levels deep; the limit is 64.']]);
  });

  it('deep or pathological markdown in a step is refused before the markdown parser sees it', () => {
    const step = (text: string) => SMALL.replace('                Go to [Settings](https://small.example/settings) and click **API**.\n', `${text.split('\n').map((l) => `                ${l}`).join('\n')}\n`);
    expect(diagnose(step(`${'> '.repeat(5000)}x`))).toEqual([['CC3010', `Markdown nests lists or quotes 5000 levels deep; the limit is ${MARKDOWN_LIMITS.maxNesting}.`]]);
    expect(diagnose(step(`${'*'.repeat(9000)}x${'*'.repeat(9000)}`))).toEqual([
      ['CC3010', `Markdown has more than ${MARKDOWN_LIMITS.maxMarkers} formatting characters (\`*\`, \`_\`, \`[\`, \`]\`, backticks, \`~\`, \`<\`, \`>\`, \`|\`); it is too complex to read safely.`],
    ]);
    expect(diagnose(step('x'.repeat(30_000)))).toEqual([['CC2006', '`auth[0].guide.sections[0].steps[0].body` is 30149 characters long; the limit is 20000.']]);
  });

  it('the defaults are what the documentation says, and every limit can be raised per call', () => {
    expect(DEFAULT_LOAD_LIMITS).toEqual({ maxBytes: 2 * 1024 * 1024, maxAliasCount: 100, maxDepth: 64 });
    const deep = `a: ${'['.repeat(99)}${']'.repeat(99)}\n`;
    expect(parseSpecText('x.yaml', deep, { ...DEFAULT_LOAD_LIMITS, maxDepth: 100 }).diagnostics).toEqual([]);
    const result = compile({ specs: [{ file: 'x.yaml', source: deep }], limits: { ...DEFAULT_LOAD_LIMITS, maxDepth: 100 } });
    expect(result.diagnostics.map((d) => d.code)).not.toContain('CC1009');
  });
});
