/**
 * Generates `src/validate/raw-spec.ts`, the type of a spec as written, from
 * `schema/connector-spec.schema.json`: the schema is the one source of truth,
 * and `test/validate/raw-spec-current.test.ts` fails when the committed file
 * is not what this script prints. Run it after changing the schema:
 *
 *     npm run generate:raw-spec
 *
 * Every definition becomes `Raw<PascalName>` (`field` → `RawField`) and the
 * root `RawSpec`. Array lengths are not typed (`minItems`/`maxItems` stay the
 * schema's job), so `fields` is `RawField[]`, not a union of tuples.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

const ROOT = new URL('../', import.meta.url);
export const SCHEMA_FILE = fileURLToPath(new URL('schema/connector-spec.schema.json', ROOT));
export const RAW_SPEC_FILE = fileURLToPath(new URL('src/validate/raw-spec.ts', ROOT));

const BANNER = `/**
 * The shape of a spec as written, once it has passed the JSON Schema. Only
 * \`validate/\` and \`model/build-model.ts\` (and the importer, which writes
 * specs) see this; emitters see the model.
 *
 * GENERATED from schema/connector-spec.schema.json by
 * scripts/generate-raw-spec.ts — do not edit; change the schema and run
 * \`npx tsx scripts/generate-raw-spec.ts\`. Its length is the schema's: one
 * type per schema definition.
 */`;

const pascal = (name: string) => name.replace(/(^|[-_])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

type Schema = JSONSchema & { definitions?: Record<string, JSONSchema> };

/** Definitions that are only a string (or a list of strings) with checks the type cannot hold: inlined as `string` / `string[]`. */
function plainType(definition: JSONSchema): JSONSchema | undefined {
  if (definition.type === 'string' && definition.enum === undefined && definition.const === undefined) return { type: 'string' };
  const items = definition.items as JSONSchema | undefined;
  if (definition.type === 'array' && items && !Array.isArray(items) && items.type === 'string' && items.enum === undefined) return { type: 'array', items: { type: 'string' } };
  return undefined;
}

/** Replaces `$ref`s to plain definitions by their type, keeping the description written next to the `$ref`. */
function inline(node: unknown, plain: ReadonlyMap<string, JSONSchema>): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(item, plain));
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  const ref = typeof record.$ref === 'string' ? plain.get(record.$ref) : undefined;
  if (ref) return typeof record.description === 'string' ? { ...ref, description: record.description } : ref;
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, inline(value, plain)]));
}

export async function generateRawSpec(schemaText = readFileSync(SCHEMA_FILE, 'utf8')): Promise<string> {
  const schema = JSON.parse(schemaText) as Schema;
  const plain = new Map<string, JSONSchema>();
  for (const [name, definition] of Object.entries(schema.definitions ?? {})) {
    const type = plainType(definition);
    if (type) plain.set(`#/definitions/${name}`, type);
  }
  const inlined = inline(schema, plain) as Schema;
  const definitions = Object.fromEntries(
    Object.entries(inlined.definitions ?? {})
      .filter(([name]) => !plain.has(`#/definitions/${name}`))
      .map(([name, definition]) => [name, { ...definition, title: `Raw${pascal(name)}` }]),
  );
  const named = { ...inlined, title: 'RawSpec', definitions } as JSONSchema;
  const body = await compile(named, 'RawSpec', {
    bannerComment: BANNER,
    ignoreMinAndMaxItems: true,
    unreachableDefinitions: false,
    declareExternallyReferenced: true,
    strictIndexSignatures: false,
    format: true,
    style: { singleQuote: true, printWidth: 160, semi: true, trailingComma: 'all' },
  });
  return body;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(RAW_SPEC_FILE, await generateRawSpec());
  process.stdout.write(`Wrote ${RAW_SPEC_FILE}\n`);
}
