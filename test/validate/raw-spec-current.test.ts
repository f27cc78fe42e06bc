import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateRawSpec, RAW_SPEC_FILE } from '../../scripts/generate-raw-spec.js';

describe('src/validate/raw-spec.ts', () => {
  it('is what scripts/generate-raw-spec.ts prints from the committed schema (run `npm run generate:raw-spec` after changing the schema)', async () => {
    expect(readFileSync(RAW_SPEC_FILE, 'utf8')).toBe(await generateRawSpec());
  });

  it('follows a change of the schema (the generator reads the schema, not a copy)', async () => {
    const schema = JSON.parse(readFileSync(new URL('../../schema/connector-spec.schema.json', import.meta.url), 'utf8')) as { properties: Record<string, unknown> };
    schema.properties.extraKey = { type: 'integer' };
    const generated = await generateRawSpec(JSON.stringify(schema));
    expect(generated).toContain('  extraKey?: number;\n');
    expect(readFileSync(RAW_SPEC_FILE, 'utf8')).not.toContain('extraKey');
  });
});
