import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { CONFIG_SCHEMA_URL, checkConfig } from '../../src/config/config-file.js';
import { ALL_TARGETS, CLIENT_FORMATS, RUNTIME_PLACEMENTS } from '../../src/emit/emitter.js';

const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_URL, 'utf8')) as { properties: Record<string, { enum?: unknown[]; items?: { enum: unknown[] }; properties?: Record<string, unknown> }> };
const locate = (keyPath: readonly string[]) => ({ line: keyPath.length, column: 1 });
const noMatch = () => undefined;

describe('config JSON Schema (schema/connector-compiler.config.schema.json)', () => {
  it('is a valid draft-07 schema whose enums are the compiler’s', () => {
    expect(() => new Ajv({ strict: false }).compile(schema)).not.toThrow();
    expect([schema.properties.targets!.items!.enum, schema.properties.clientFormat!.enum, schema.properties.runtime!.enum]).toEqual([ALL_TARGETS, CLIENT_FORMATS, RUNTIME_PLACEMENTS]);
  });

  it('is shipped: in package.json `files` and `exports`', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { files: string[]; exports: Record<string, string> };
    expect(pkg.files).toContain('schema');
    expect(pkg.exports['./schema/connector-compiler.config.schema.json']).toBe('./schema/connector-compiler.config.schema.json');
  });

  it('Object.prototype names are unknown keys (the hand-written checks took `toString` for a known key)', () => {
    const { config, diagnostics } = checkConfig({ toString: 'x', site: { constructor: 1 } }, 'c.json', locate, noMatch);
    expect(config).toEqual({ site: {} });
    expect(diagnostics.map((d) => [d.message, d.line, d.path])).toEqual([
      ['Unknown config key `toString`.', 1, '/toString'],
      ['Unknown config key `site.constructor`.', 2, '/site/constructor'],
    ]);
  });

  it('a non-finite limit is not a positive integer', () => {
    const { diagnostics } = checkConfig({ limits: { maxDepth: Infinity, maxBytes: 1.5, maxAliasCount: 2 ** 60 } }, 'c.json', locate, noMatch);
    expect(diagnostics.map((d) => d.message)).toEqual(['Config key `limits.maxDepth` must be a positive integer.', 'Config key `limits.maxBytes` must be a positive integer.']);
  });

  it('the every-key example in docs/build.md passes, `$schema` hint included', () => {
    const doc = readFileSync(new URL('../../docs/build.md', import.meta.url), 'utf8');
    const example = /A JSON config with every key[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!;
    const data = JSON.parse(example) as Record<string, unknown>;
    expect(data.$schema).toBe('./node_modules/connector-compiler/schema/connector-compiler.config.schema.json');
    const { diagnostics } = checkConfig(data, 'c.json', locate, noMatch);
    expect(diagnostics).toEqual([]);
    expect(Object.keys(data).filter((k) => k !== '$schema').sort()).toEqual(Object.keys(schema.properties).filter((k) => k !== '$schema').sort());
  });
});
