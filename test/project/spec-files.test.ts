/**
 * `displayPath` names every spec in diagnostics, the manifest and the cache,
 * so its shortcut for paths under the root must agree with `path.relative`.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayPath } from '../../src/project/spec-files.js';
import { fcOptions } from '../helpers/fast-check.js';

function byRelative(absolute: string, root: string): string {
  const relative = path.relative(root, absolute);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
  return shown.split(path.sep).join('/');
}

describe('displayPath', () => {
  it('agrees with path.relative for paths inside, beside and outside the root', () => {
    const segment = fc.constantFrom('a', 'b', 'connectors', 'x.yaml', '..', '.', 'a b', 'é');
    const absolute = fc.array(segment, { minLength: 0, maxLength: 5 }).map((parts) => path.resolve('/', ...parts));
    fc.assert(
      fc.property(absolute, absolute, fc.boolean(), (root, file, trailing) => {
        const rootGiven = trailing && root !== '/' ? `${root}/` : root;
        expect(displayPath(file, rootGiven)).toBe(byRelative(file, rootGiven));
      }),
      fcOptions(2000),
    );
  });

  it('shows a spec under the root relative to it, and one elsewhere absolute', () => {
    expect(displayPath('/repo/connectors/hive.yaml', '/repo')).toBe('connectors/hive.yaml');
    expect(displayPath('/repository/hive.yaml', '/repo')).toBe('/repository/hive.yaml');
    expect(displayPath('/other/hive.yaml', '/repo')).toBe('/other/hive.yaml');
  });
});
