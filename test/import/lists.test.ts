import { describe, it } from 'vitest';
import { writeSpecYaml } from '../../src/import/spec-writer.js';
import type { RawAuthMethod } from '../../src/validate/raw-spec.js';
import { expectRoundTrip } from './helpers.js';

/**
 * A tight list whose item holds only elements (a task checkbox and images) is
 * written `<li><input … /> <img … /></li>` on one line, which MDX reads as a
 * flow element, as it reads the `<li>` of a loose item on its own lines. Only
 * the loose one holds a `<p>`. (Found by the round-trip property test.)
 */
describe('lists of images', () => {
  it('a tight list of a task item with images and an image-only item comes back tight', () => {
    const body = '1. [x] ![First](https://example.com/a.png) ![Second](https://example.com/b.png)\n2. ![Third](https://example.com/c.png){width=640 height=480}\n';
    const method: RawAuthMethod = { id: 'api-key', type: 'api-key', apply: [{ type: 'bearer', value: '{apiKey}' }], guide: { sections: [{ heading: 'Get a key', steps: [{ title: 'Open the settings', body }] }] } };
    expectRoundTrip('lists', writeSpecYaml({ id: 'lists', name: 'Lists', fields: [{ key: 'apiKey', label: 'API Key' }], auth: [method], todo: 'later' }, { schemaRef: 'x.json' }));
  });
});
