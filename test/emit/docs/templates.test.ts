import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../../src/compile.js';
import { BUILT_IN_TEMPLATES_DIR, PAGE_TEMPLATES } from '../../../src/emit/docs/templates.js';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { caseSpecs } from './cases.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'docs-templates-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
/** A fresh template directory with the given files. */
function templateDir(files: Record<string, string>): string {
  const dir = path.join(scratch, `case-${++counter}`);
  mkdirSync(dir);
  for (const [name, contents] of Object.entries(files)) writeFileSync(path.join(dir, name), contents);
  return dir;
}

const specs = caseSpecs('seeds').filter((spec) => spec.file.endsWith('/hive.yaml'));

function build(templatesDir: string) {
  return compile({ specs, targets: ['docs'], emit: { templatesDir } });
}

const without = (diagnostics: readonly Diagnostic[], ...keys: (keyof Diagnostic)[]) =>
  diagnostics.map((d) => Object.fromEntries(Object.entries(d).filter(([key]) => !keys.includes(key as keyof Diagnostic))));

describe('built-in templates', () => {
  it('ship every page template', () => {
    const names = readdirSync(BUILT_IN_TEMPLATES_DIR);
    for (const page of PAGE_TEMPLATES) expect(names).toContain(page);
  });
});

describe('template overrides', () => {
  it('replace a built-in template by file name and can add partials', () => {
    const dir = templateDir({
      'step.hbs': '    <Step title="{{attr title}}">\n{{#if body}}\n      {{indent body 6}}\n{{/if}}\n{{> step-footer}}\n    </Step>\n',
      'step-footer.hbs': '      <p>Step of {{text @root.connector.name}}</p>\n',
    });
    const { files, diagnostics } = build(dir);
    expect(diagnostics).toEqual([]);
    const page = files.get('docs/connectors/hive/guides/link-account/api-key.mdx')!;
    expect(page).toContain(
      [
        '    <Step title="Open your Hive profile">',
        '      <p>Navigate to the profile settings page in the Hive app.</p>',
        '',
        '      <ul>',
        '        <li>Sign in to your Hive account at <a href="https://app.hive.com" target="_blank" rel="noopener noreferrer">app.hive.com</a></li>',
      ].join('\n'),
    );
    expect(page).toContain('      <p>Step of Hive</p>\n    </Step>\n');
    expect(page).not.toContain('data-guide-step');
    // Templates that were not overridden stay built-in.
    expect(page).toContain('<div data-whitelabel-hide>');
    expect(files.get('docs/llms.txt')).toContain('# StackOne Hub connector guides');
  });

  it('report a missing template directory', () => {
    const dir = path.join(scratch, 'does-not-exist');
    const { files, diagnostics } = build(dir);
    expect(diagnostics).toEqual([
      {
        code: 'CC5004',
        severity: 'error',
        message: `Template directory \`${dir}\` does not exist.`,
        file: dir,
        line: 1,
        column: 1,
        hint: 'Point `templatesDir` at a directory of `.hbs` files named like the built-in ones (see docs/guide-pages.md).',
      },
    ]);
    expect([...files.keys()]).toEqual([]);
  });

  it('report a syntax error with its line, and render nothing', () => {
    const dir = templateDir({ 'section.hbs': '<section>\n  {{#each steps}}\n  <p>x</p>\n' });
    const { files, diagnostics } = build(dir);
    expect(without(diagnostics, 'message')).toEqual([
      { code: 'CC5004', severity: 'error', file: path.join(dir, 'section.hbs'), line: 4, column: 1, hint: 'Check that every `{{#block}}` is closed by a matching `{{/block}}`.' },
    ]);
    expect(diagnostics[0]!.message).toMatch(/^Template `section\.hbs` has a syntax error: Expecting .*got 'EOF'$/);
    expect([...files.keys()]).toEqual([]);
  });

  it('report a template that cannot be read', () => {
    const dir = templateDir({});
    mkdirSync(path.join(dir, 'step.hbs'));
    const { files, diagnostics } = build(dir);
    expect(without(diagnostics, 'message')).toEqual([{ code: 'CC5004', severity: 'error', file: path.join(dir, 'step.hbs'), line: 1, column: 1 }]);
    expect(diagnostics[0]!.message).toMatch(/^Template `step\.hbs` cannot be read: EISDIR/);
    expect([...files.keys()]).toEqual([]);
  });

  it('warn about a page template the emitter never renders', () => {
    const dir = templateDir({ 'gide.mdx.hbs': 'x\n' });
    const { files, diagnostics } = build(dir);
    expect(diagnostics).toEqual([
      {
        code: 'CC5004',
        severity: 'warning',
        message: 'Template `gide.mdx.hbs` is not a page the docs emitter renders, so it is never used.',
        file: path.join(dir, 'gide.mdx.hbs'),
        line: 1,
        column: 1,
        hint: 'Did you mean `guide.mdx.hbs`?',
      },
    ]);
    expect(files.has('docs/connectors/hive/guides/link-account/api-key.mdx')).toBe(true);
  });

  it('report an unknown field (strict mode) in the template where it is, once per page pair, instead of crashing', () => {
    const dir = templateDir({ 'step.hbs': '    <Step title="{{attr title}}">\n      {{text subtitle}}\n    </Step>\n' });
    const { files, diagnostics } = build(dir);
    expect(diagnostics).toEqual([
      {
        code: 'CC5004',
        severity: 'error',
        message: 'Template `step.hbs` failed while rendering the `api-key` guide of `hive`: {{text}} expects text, got nothing (is the field name right? the data is listed in docs/guide-pages.md)',
        file: path.join(dir, 'step.hbs'),
        line: 2,
        column: 7,
        hint: 'The data each template receives is listed in docs/guide-pages.md.',
      },
    ]);
    expect(files.has('docs/connectors/hive/guides/link-account/api-key.mdx')).toBe(false);
    expect(files.has('docs/connectors/hive/guides/link-account/api-key.md')).toBe(false);
    // Pages that do not use the broken partial are still written.
    expect(files.has('docs/connectors/hive/index.mdx')).toBe(true);
  });

  it('locate a strict-mode miss in a page template', () => {
    const dir = templateDir({ 'guide.md.hbs': '# {{line page.title}}\n\n{{page.subtitle}}\n' });
    const { diagnostics } = build(dir);
    expect(diagnostics).toEqual([
      {
        code: 'CC5004',
        severity: 'error',
        message: 'Template `guide.md.hbs` failed while rendering the `api-key` guide of `hive`: "subtitle" not defined',
        file: path.join(dir, 'guide.md.hbs'),
        line: 3,
        column: 3,
        hint: 'The data each template receives is listed in docs/guide-pages.md.',
      },
    ]);
  });

  it('refuse to print spec text without an escaping helper', () => {
    const dir = templateDir({ 'step.hbs': '    <Step title="{{title}}">\n    </Step>\n' });
    const { diagnostics } = build(dir);
    expect(diagnostics).toEqual([
      {
        code: 'CC5004',
        severity: 'error',
        message:
          'Template `step.hbs` failed while rendering the `api-key` guide of `hive`: spec text "Open your Hive profile" was printed without an escaping helper; write {{text x}} (page text), {{line x}} (after `# ` or `> `), {{attr x}} (inside "…"), {{yaml x}} (frontmatter) or {{url x}} (link destination)',
        file: path.join(dir, 'step.hbs'),
        line: 1,
        column: 1,
      },
    ]);
    const raw = build(templateDir({ 'section.hbs': '<h2>{{{heading}}}</h2>\n' }));
    expect(raw.diagnostics.map((d) => d.message)).toEqual([
      'Template `section.hbs` failed while rendering the `api-key` guide of `hive`: spec text "Obtain your API Key and User ID" was printed without an escaping helper; write {{text x}} (page text), {{line x}} (after `# ` or `> `), {{attr x}} (inside "…"), {{yaml x}} (frontmatter) or {{url x}} (link destination)',
    ]);
  });

  it('report a missing partial and a misused helper', () => {
    const dir = templateDir({ 'guide-body.hbs': '{{> footer}}\n' });
    const missing = build(dir);
    expect(missing.diagnostics.map((d) => [d.file, d.message])).toEqual([
      [path.join(dir, 'guide-body.hbs'), 'Template `guide-body.hbs` failed while rendering the `api-key` guide of `hive`: The partial footer could not be found'],
    ]);
    const misused = build(templateDir({ 'overview-body.hbs': '{{indent connector.name 2}}\n' }));
    expect(misused.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [1, 1, 'Template `overview-body.hbs` failed while rendering the overview of `hive`: {{indent}} shifts prerendered markup (`body`, `intro`, `html`); use {{text}} for spec text'],
    ]);
  });
});
