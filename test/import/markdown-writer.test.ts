import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createMarkdownWriter } from '../../src/import/markdown-writer.js';
import { createMarkdownParser } from '../../src/model/markdown-blocks.js';
import { blockTree } from './arbitraries.js';

const write = createMarkdownWriter();
const reader = createMarkdownParser();

describe('markdown writer', () => {
  it('reads back to the same block tree', () => {
    fc.assert(
      fc.property(blockTree, (blocks) => {
        const markdown = write(blocks);
        const reread = reader(markdown);
        expect(reread.problems).toEqual([]);
        expect(reread.blocks).toEqual(blocks);
      }),
      { numRuns: 300 },
    );
  });
});

describe('markdown writer house style', () => {
  // Every markdown string of the seed specs is already in the house style: writing its tree gives it back.
  const specs = readdirSync('connectors').filter((f) => f.endsWith('.yaml')).sort();
  for (const file of specs) {
    it(`writes the guide text of connectors/${file} as it is written there`, () => {
      const spec = parse(readFileSync(join('connectors', file), 'utf8')) as { auth: { guide?: { callouts?: { text: string }[]; sections: { intro?: string; steps: { body: string }[] }[] } }[] };
      const texts = spec.auth.flatMap((method) => [
        ...(method.guide?.callouts ?? []).map((callout) => callout.text),
        ...(method.guide?.sections ?? []).flatMap((section) => [...(section.intro !== undefined ? [section.intro] : []), ...section.steps.map((step) => step.body)]),
      ]);
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) expect(write(reader(text).blocks)).toBe(text.endsWith('\n') ? text : `${text}\n`);
    });
  }
});
