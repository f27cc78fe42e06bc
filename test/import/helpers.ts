import { expect } from 'vitest';
import { compile } from '../../src/compile.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { importPages, type ImportResult } from '../../src/import/import-pages.js';

/** Guide pages of one spec, by `<method>.<md|mdx>`, as `build` writes them. */
export function buildGuides(id: string, yaml: string, allowIncomplete = false): Map<string, string> {
  const result = compile({ specs: [{ file: `connectors/${id}.yaml`, source: yaml }], targets: ['docs'], allowIncomplete });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const prefix = `docs/connectors/${id}/guides/link-account/`;
  const pages = new Map<string, string>();
  for (const [file, contents] of result.files) if (file.startsWith(prefix)) pages.set(file.slice(prefix.length), contents);
  return pages;
}

/** Imports pages with the API TODO allowed (the warnings stay in the result). */
export function importAll(pages: readonly { file: string; source: string }[], id?: string): ImportResult {
  return importPages(pages, { allowIncomplete: true, ...(id !== undefined ? { id } : {}) });
}

/** Everything but the expected CC3020 warnings of an imported spec. */
export function unexpected(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.code !== 'CC3020');
}

/**
 * The round trip the importer promises: every page of `pages` (built from `yaml`), imported
 * and built again, comes back byte for byte, without any diagnostic but the API TODO.
 */
export function expectRoundTrip(id: string, yaml: string): { imported: string; pages: Map<string, string> } {
  const pages = buildGuides(id, yaml, true);
  const inputs = [...pages].map(([file, source]) => ({ file: `${id}__${file}`, source }));
  const mdOnly = importAll(inputs.filter((p) => p.file.endsWith('.md')));
  expect(unexpected(mdOnly.diagnostics)).toEqual([]);
  expect(mdOnly.specs).toHaveLength(1);
  const imported = mdOnly.specs[0]!.yaml;
  const rebuilt = buildGuides(id, imported, true);
  for (const [file, source] of pages) expect(rebuilt.get(file), file).toBe(source);
  // The .mdx sources (frontmatter instead of the .md header) import to the same spec.
  const mdx = importAll(inputs.filter((p) => p.file.endsWith('.mdx')));
  expect(unexpected(mdx.diagnostics)).toEqual([]);
  expect(mdx.specs[0]!.yaml).toBe(imported);
  return { imported, pages };
}
