import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnosticsText } from '../../src/diagnostics/format.js';
import { importPages } from '../../src/import/import-pages.js';
import { FIXTURES } from '../validate/fixture-runner.js';
import { expectFile } from '../helpers/golden.js';

/**
 * Pages with what a spec cannot hold: unknown components, expressions, imports, attributes,
 * plain quotes, content outside sections, frontmatter keys, broken MDX, pages that are no
 * guide at all or lack the linking block. Each yields its diagnostic at the page's line and
 * column (the golden `.expected.txt` holds them with code frames, then the spec), and the rest
 * of the page still imports.
 */
const DIR = path.join(FIXTURES, 'import', 'unsupported');
const pages = readdirSync(DIR).filter((f) => /\.mdx?$/.test(f)).sort();

function run(file: string) {
  const source = readFileSync(path.join(DIR, file), 'utf8');
  const result = importPages([{ file, source }], { allowIncomplete: true });
  const sources = new Map<string, string>([[file, source], ...result.specs.map((spec) => [spec.file, spec.yaml] as [string, string])]);
  return { result, text: `${formatDiagnosticsText(result.diagnostics, { sources })}\n${result.specs.map((spec) => `\n--- ${spec.file}\n${spec.yaml}`).join('')}` };
}

describe('what a spec cannot hold', () => {
  for (const file of pages) it(`${file}: diagnostics and spec`, () => expectFile(run(file).text, path.join(DIR, `${file}.expected.txt`)));

  it('reports every skipped construct of acme__api-key.mdx at its line and column, and keeps the rest', () => {
    const { result } = run('acme__api-key.mdx');
    const skipped = result.diagnostics.filter((d) => d.code === 'CC4001').map((d) => `${d.line}:${d.column} ${d.message}`);
    expect(skipped).toEqual([
      '1:1 The frontmatter key `icon` has no equivalent in a spec and was dropped.',
      '4:1 `build` would write this page differently from here on: `---` instead of `icon: key`.',
      '6:1 An `import`/`export` statement outside the sections has no place in a spec and was skipped.',
      '8:1 `<Banner>` outside the sections has no place in a spec and was skipped.',
      '17:3 The attribute `icon` of `<Step>` has no equivalent in a spec and was dropped.',
      '18:66 The expression `{1 + 1}` has no equivalent in a spec and was skipped.',
      '20:5 `<Frame>` has no equivalent in a spec: its content was imported without it.',
      '21:7 The attribute `className` of `<img>` has no equivalent in a spec and was dropped.',
      '26:5 A plain block quote has no equivalent in a spec: its content was imported without the quote.',
      '28:11 `<kbd>` has no equivalent in a spec: its text was imported without it.',
      '32:1 A paragraph after a section\'s steps has no place in a spec and was skipped.',
    ]);
    const yaml = result.specs[0]!.yaml;
    for (const kept of ['text: Keys are shown once.', 'heading: Create a key', '![The sign-in page](https://cdn.example.com/sign-in.png)', 'Click Copy, then paste it. Done.', 'hideWhenWhitelabelled: false']) expect(yaml).toContain(kept);
  });

  it('a page that is not a guide page gives CC4002 and no spec', () => {
    const { result } = run('not-a-guide.md');
    expect(result.specs).toEqual([]);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.line, d.column])).toEqual([['CC4002', 1, 1]]);
  });

  it('a page that MDX cannot read gives CC4002 at the place it fails', () => {
    const { result } = run('broken__api-key.mdx');
    expect(result.specs).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([['CC4002', 'error', 5, 5]]);
  });

  it('a guide page without the linking block gives CC4003 and a spec without fields', () => {
    const { result } = run('nolinking__api-key.md');
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.file])).toEqual([
      ['CC2006', 'error', 'connectors/nolinking.yaml'],
      ['CC4003', 'error', 'nolinking__api-key.md'],
    ]);
    expect(result.specs[0]!.yaml).toContain('fields: []');
  });
});
