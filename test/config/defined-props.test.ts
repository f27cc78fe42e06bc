import { describe, expect, it } from 'vitest';
import { definedProps } from '../../src/defined-props.js';
import { configToSettings } from '../../src/config/config-file.js';

describe('definedProps', () => {
  it('keeps the defined properties in order, null/false/0/"" included, and drops undefined ones', () => {
    expect(Object.entries(definedProps({ a: undefined, b: 0, c: null, d: false, e: '', f: undefined }))).toEqual([['b', 0], ['c', null], ['d', false], ['e', '']]);
  });

  it('an absent config key stays absent in the settings (no `key: undefined` to override a default)', () => {
    expect(configToSettings({ outDir: 'out', clientFormat: 'js' }, '/r')).toStrictEqual({ root: '/r', outDir: 'out', emit: { clientFormat: 'js' } });
  });
});
