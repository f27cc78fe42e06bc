import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../validate/fixture-runner.js';
import { expectFile } from '../helpers/golden.js';
import { expectRoundTrip } from './helpers.js';

/**
 * Specs written to exercise every form the guide emitter writes — several sections, callouts
 * at the top and inside steps and intros, ordered (with start), nested, loose and task lists,
 * images, tables, code, headings, rules, breaks, emphasis, links with titles, scopes, title and
 * description overrides, plain linking blocks, two auth methods with different fields — are
 * built, imported and built again: every page must come back byte for byte.
 */
const VARIETY = path.join(FIXTURES, 'import', 'variety');

describe('round trip of constructed guide pages', () => {
  for (const file of readdirSync(VARIETY).filter((f) => f.endsWith('.yaml') && !f.endsWith('.imported.yaml')).sort()) {
    const id = file.slice(0, -'.yaml'.length);
    it(`${file}: build → import → build gives every page back`, async () => {
      const { imported, pages } = expectRoundTrip(id, readFileSync(path.join(VARIETY, file), 'utf8'));
      expect(pages.size).toBeGreaterThan(0);
      await expectFile(imported, path.join(VARIETY, `${id}.imported.yaml`));
    });
  }
});
