import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

/** Where the spec format's JSON Schema lives; the same file is shipped for editors. */
export const SPEC_SCHEMA_URL = new URL('../../schema/connector-spec.schema.json', import.meta.url);

export type SpecSchema = Record<string, unknown>;

export function readSpecSchema(): SpecSchema {
  return JSON.parse(readFileSync(SPEC_SCHEMA_URL, 'utf8')) as SpecSchema;
}

/**
 * Compiles the spec schema once per compile run (ajv compilation costs tens of
 * milliseconds; the validator is then reused for every spec).
 */
export function createSpecSchemaValidator(schema: SpecSchema = readSpecSchema()): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false, discriminator: true, allowUnionTypes: true, verbose: true });
  return ajv.compile(schema);
}
