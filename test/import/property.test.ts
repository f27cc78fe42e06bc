import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify as stringifyYaml } from 'yaml';
import { createMarkdownWriter } from '../../src/import/markdown-writer.js';
import { createMarkdownParser } from '../../src/model/markdown-blocks.js';
import type { RawAuthMethod, RawGuide } from '../../src/validate/raw-spec.js';
import { renderedText } from '../helpers/render-equal.js';
import { blockTree } from './arbitraries.js';
import { buildGuides, importAll, unexpected } from './helpers.js';
import { fcOptions } from '../helpers/fast-check.js';

const write = createMarkdownWriter();
const words = fc.array(fc.stringMatching(/^[A-Z][a-z]{1,8}$/), { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
const readMarkdown = createMarkdownParser();
// Only guides the compiler accepts: rare huge trees exceed the markdown complexity limits (CC3010).
const markdown = blockTree.map((blocks) => write(blocks)).filter((text) => readMarkdown(text).problems.length === 0);
const scopes = fc.array(fc.stringMatching(/^[a-z]{1,6}(?:[.:][a-z]{1,6})?$/), { maxLength: 3 });

const section = fc.oneof(
  fc.record(
    {
      heading: words,
      intro: markdown,
      scopes,
      steps: fc.array(fc.record({ title: words, body: markdown, scopes, displayScopes: scopes }, { requiredKeys: ['title', 'body'] }), { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: ['heading', 'steps'] },
  ),
  // A section without steps ("Before You Start"): its heading and intro only.
  fc.record({ heading: words, intro: markdown, scopes }, { requiredKeys: ['heading', 'intro'] }),
);

const guide: fc.Arbitrary<RawGuide> = fc.record(
  {
    callouts: fc.array(fc.record({ type: fc.constantFrom('warning', 'note', 'info', 'tip', 'check') as fc.Arbitrary<'warning'>, text: markdown }), { maxLength: 2 }),
    sections: fc.array(section, { minLength: 1, maxLength: 3 }),
    linking: fc.boolean().map((hide) => ({ hideWhenWhitelabelled: hide })),
  },
  { requiredKeys: ['sections'] },
);

/** Operations, some declaring scopes: when one does, the page gets the action/scope selector panel. */
const operations = fc.uniqueArray(
  fc.record({ id: fc.constantFrom('listUsers', 'createUser', 'deleteUser', 'getTeam', 'ping'), scopes }, { requiredKeys: ['id'] }),
  { selector: (operation) => operation.id, maxLength: 3 },
);

const connector = fc.record({
  name: words,
  labels: fc.uniqueArray(fc.constantFrom('API Key', 'User ID', 'Client Secret', 'Workspace', 'Region', 'Account Email', 'Access Token'), { minLength: 1, maxLength: 4 }),
  guide,
  operations,
});

/**
 * Scope checks compare the guide's scopes with the operations' (CC3040, CC3041); random scopes
 * rarely agree, and these warnings say nothing about the import.
 */
const SCOPE_CHECKS = new Set(['CC3040', 'CC3041']);

// Without shrinking (SHRINK=1 turns it on): each case builds and imports whole pages, so shrinking takes minutes.
describe('round trip property', () => {
  it('any guide the compiler can write (sections with or without steps, the scope selector) imports back to a spec that builds the same page', () => {
    fc.assert(
      fc.property(connector, ({ name, labels, guide: rawGuide, operations: ops }) => {
        const fields = labels.map((label) => ({ key: label.replace(/ (\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toLowerCase()).replace(/\s/g, ''), label }));
        const method: RawAuthMethod = { id: 'api-key', type: 'api-key', apply: [{ type: 'bearer', value: `{${fields[0]!.key}}` }], guide: rawGuide };
        const api = ops.length === 0 ? { todo: 'later' } : { baseUrl: 'https://api.example.com', operations: ops.map((op) => ({ ...op, method: 'GET', path: `/${op.id}` })) };
        const yaml = stringifyYaml({ specVersion: 1, id: 'prop', name, fields, auth: [method], api });
        const built = buildGuides('prop', yaml, true);
        const page = built.get('api-key.md')!;
        const imported = importAll([{ file: 'prop__api-key.md', source: page }]);
        const reported = unexpected(imported.diagnostics).filter((d) => !SCOPE_CHECKS.has(d.code));
        // DUMP=<file> keeps the spec, page and import of a failing case for a closer look.
        if (process.env.DUMP && reported.length > 0) writeFileSync(process.env.DUMP, `${yaml}\n=====\n${page}\n=====\n${imported.specs[0]!.yaml}`);
        expect(reported.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([]);
        const rebuilt = buildGuides('prop', imported.specs[0]!.yaml, true);
        expect(rebuilt.get('api-key.md')).toBe(page);
        // The MDX page renders to the same element tree. (Not always byte for byte: the `.md` export
        // writes code holding `<` or `&` as `<code>` whether the `.mdx` has backticks or `<code>`.)
        expect(renderedText(rebuilt.get('api-key.mdx')!)).toBe(renderedText(built.get('api-key.mdx')!));
      }),
      fcOptions(12, { endOnFailure: process.env.SHRINK !== '1' }),
    );
  }, 120_000);
});
