import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { FIXTURES } from '../validate/fixture-runner.js';
import { expectFile } from '../helpers/golden.js';
import { buildGuides, expectRoundTrip, importAll, unexpected } from './helpers.js';

const SEEDS = path.join(FIXTURES, 'import', 'seeds');
const pages = readdirSync(path.join(SEEDS, 'input')).filter((f) => f.endsWith('.md')).sort();

describe('importing the seed pages', () => {
  it('has all five seeds', () => expect(pages).toHaveLength(5));

  for (const page of pages) {
    const id = page.split('__')[0]!;
    const source = readFileSync(path.join(SEEDS, 'input', page), 'utf8');

    it(`${page}: import then build gives the page back byte for byte`, async () => {
      const result = importAll([{ file: page, source }]);
      expect(unexpected(result.diagnostics)).toEqual([]);
      const yaml = result.specs[0]!.yaml;
      await expectFile(yaml, path.join(SEEDS, 'expected', `${id}.yaml`));
      expect(buildGuides(id, yaml, true).get('api-key.md')).toBe(source);
    });

    it(`${page}: the imported guide, fields and name are those of connectors/${id}.yaml`, () => {
      const yaml = importAll([{ file: page, source }]).specs[0]!.yaml;
      const imported = compile({ specs: [{ file: `connectors/${id}.yaml`, source: yaml }], targets: [], allowIncomplete: true }).models[0]!;
      const original = compile({ specs: [{ file: `connectors/${id}.yaml`, source: readFileSync(`connectors/${id}.yaml`, 'utf8') }], targets: [] }).models[0]!;
      // The page is the link-account page of the methods with a guide (Linear's oauth2 method has a connector-profile page instead).
      const linked = original.authMethods.filter((m) => m.guide !== undefined);
      expect(imported.name).toBe(original.name);
      expect(imported.fields.map((f) => [f.label, f.secret])).toEqual(linked.flatMap((m) => m.fields).map((f) => [f.label, f.secret]));
      expect(imported.authMethods.map((m) => [m.id, m.type, m.label])).toEqual(linked.map((m) => [m.id, m.type, m.label]));
      expect(imported.authMethods[0]!.guide).toEqual(original.authMethods[0]!.guide);
      expect(imported.api.incomplete).toBe(true);
    });

    it(`${page}: importing twice, or importing the rebuilt page, gives the same spec`, () => {
      const first = importAll([{ file: page, source }]).specs[0]!.yaml;
      expect(importAll([{ file: page, source }]).specs[0]!.yaml).toBe(first);
      // The .mdx source that build writes next to the .md export imports to the same spec too.
      expect(expectRoundTrip(id, first).imported).toBe(first);
    });
  }
});
