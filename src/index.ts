/**
 * Programmatic API of connector-compiler.
 *
 *     import { loadSpecs, compileSpec, compile } from 'connector-compiler';
 */
export { compile, emitAll, resolveEmitOptions, EMITTERS, type CompileOptions, type CompileResult } from './compile.js';
export { loadSpecs, findSpecFiles, readSpecSource, type LoadOptions, type LoadResult, type SpecSource } from './load/load-specs.js';
export { parseSpecText, DEFAULT_LOAD_LIMITS, type LoadLimits, type ParsedSpec } from './load/read-spec.js';
export { validateSpec, createValidationContext, type CheckedSpec, type ValidationContext, type ValidationResult } from './validate/validate-spec.js';
export { checkUniqueIds, type DeclaredId } from './validate/validate-project.js';
export { modelSpec, type ModelResult } from './model/build-model.js';
export { compileSpec, compileSpecs, createCompileContext, type CompileContext, type CompiledSpec, type ProjectCompilation } from './pipeline/compile-spec.js';
export { SPEC_SCHEMA_URL, readSpecSchema } from './validate/spec-schema.js';
export { formatDiagnosticsJson, formatDiagnosticsText, codeFrame } from './diagnostics/format.js';
export { DIAGNOSTIC_CODES, hasErrors, sortDiagnostics, type Diagnostic, type DiagnosticCode, type Severity } from './diagnostics/diagnostic.js';
export type * from './model/connector-model.js';
export { ALL_TARGETS, DEFAULT_EMIT_OPTIONS, type EmitOptions, type EmitOptionsInput, type Emitter, type OutputFile, type SiteOptions, type Target } from './emit/emitter.js';
export { buildProject, Builder, type BuildOptions, type BuildResult, type BuildStatus, type BuildProgress } from './project/builder.js';
export { runWatch, type WatchOptions } from './project/watch.js';
export { defineConfig, loadConfig, configToSettings, type ProjectConfig, type LoadedConfig } from './config/config-file.js';
export type { BuildFs } from './project/fs.js';
export { importPages, type ImportOptions, type ImportResult, type ImportedSpecFile, type PageInput } from './import/import-pages.js';
