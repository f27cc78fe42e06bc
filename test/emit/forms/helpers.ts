/**
 * Shared set-up for the credential form tests: the models of the seed specs and
 * the fixture specs, and validators configured the way real consumers do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { customizeValidator } from '@rjsf/validator-ajv8';
import type { RJSFValidationError } from '@rjsf/utils';
import { Ajv, type ErrorObject } from 'ajv';
import ajvErrorsModule from 'ajv-errors';
import addFormatsModule from 'ajv-formats';
import { DEFAULT_EMIT_OPTIONS } from '../../../src/emit/emitter.js';
import { formsEmitter } from '../../../src/emit/forms/index.js';
import { DEFAULT_LOAD_LIMITS, parseSpecText } from '../../../src/load/read-spec.js';
import { compileSpecs } from '../../../src/pipeline/compile-spec.js';
import type { SpecSource } from '../../../src/load/load-specs.js';
import type { ConnectorModel } from '../../../src/model/connector-model.js';

// Both plugins are CommonJS with `exports.default`; under NodeNext the default import is the module itself.
const ajvErrors = ajvErrorsModule as unknown as typeof ajvErrorsModule.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/forms');

/** Every `*.yaml` in a directory, with display paths relative to the repo root. */
export function readSpecDir(dir: string): SpecSource[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      return { file: path.relative(ROOT, file).split(path.sep).join('/'), source: readFileSync(file, 'utf8') };
    });
}

/**
 * Validates specs and runs only the forms emitter, failing loudly if the specs
 * do not validate. (Going through `compile()` would import every emitter; the
 * golden test does that once, to cover the real pipeline.)
 */
export function compileForms(specs: readonly SpecSource[]): { models: readonly ConnectorModel[]; files: ReadonlyMap<string, string> } {
  const { models, diagnostics } = compileSpecs(specs.map((spec) => parseSpecText(spec.file, spec.source, DEFAULT_LOAD_LIMITS)));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`fixture specs do not validate:\n${JSON.stringify(errors, null, 2)}`);
  const emitter = formsEmitter.prepare(DEFAULT_EMIT_OPTIONS);
  const files = [...models.flatMap((model) => emitter.emitConnector(model).files), ...emitter.emitIndex(models).files];
  return { models, files: new Map(files.map((file) => [file.path, file.contents])) };
}

export const SEED_SPECS = readSpecDir(path.join(ROOT, 'connectors'));
export const RULES_SPECS = readSpecDir(path.join(FIXTURES, 'rules/input'));

/** ajv as a plain consumer sets it up: draft-07 default class, strict mode on, all errors, full formats, ajv-errors. */
export function consumerAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  ajvErrors(ajv);
  return ajv;
}

export function ajvMessages(ajv: Ajv, schema: object, data: unknown): string[] {
  const validate = ajv.compile(schema);
  validate(data);
  return (validate.errors ?? []).map((error: ErrorObject) => error.message ?? '');
}

/**
 * react-jsonschema-form's validator exactly as docs/forms.md tells a front end
 * to create it: @rjsf/validator-ajv8 with ajv-errors plugged in.
 */
export function rjsfValidator() {
  return customizeValidator({ extenderFn: (ajv) => ajvErrors(ajv) });
}

/**
 * The `transformErrors` from docs/forms.md: puts "is required" messages under
 * their field (ajv-errors reports them on the object) and drops rjsf's title
 * prefix from the error list.
 */
export function transformErrors(errors: RJSFValidationError[]): RJSFValidationError[] {
  return errors.map((error) => {
    const missing = (error.params as { errors?: { keyword: string; params: { missingProperty?: string } }[] } | undefined)?.errors?.find((e) => e.keyword === 'required')?.params.missingProperty;
    return { ...error, property: missing !== undefined ? `${error.property ?? ''}.${missing}` : error.property, stack: error.message ?? error.stack };
  });
}

export function sorted(values: readonly string[]): string[] {
  return [...values].sort();
}

/** Distinct messages, sorted: ajv-errors reports all unknown keys as one error where the runtime reports one per key. */
export function messageSet(values: readonly string[]): string[] {
  return sorted([...new Set(values)]);
}

// Moved to test/helpers/cli.ts; re-exported for the tests that import it from here.
export { captureIo, type CapturedIo } from '../../helpers/cli.js';
