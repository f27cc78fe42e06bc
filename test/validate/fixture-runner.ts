import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sortDiagnostics, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { formatDiagnosticsJson, formatDiagnosticsText } from '../../src/diagnostics/format.js';
import { loadSpecs } from '../../src/load/load-specs.js';
import { DEFAULT_LOAD_LIMITS, type LoadLimits } from '../../src/load/read-spec.js';
import { compileSpecs, createCompileContext } from '../../src/pipeline/compile-spec.js';
import type { ConnectorModel } from '../../src/model/connector-model.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Optional `options.json` of a case: which paths to pass (relative to the case) and load limits. */
interface CaseOptions {
  readonly paths?: readonly string[];
  readonly limits?: Partial<LoadLimits>;
}

export interface CaseResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly models: readonly ConnectorModel[];
  readonly text: string;
}

// Compiling the schema is the slow part of validation; one context serves every case, as in a CLI run.
const context = createCompileContext();

/** Runs the front end (load → validate → model) over one fixture case, exactly as `validate` does. */
export async function runCase(caseDir: string): Promise<CaseResult> {
  const optionsFile = path.join(caseDir, 'options.json');
  const options: CaseOptions = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as CaseOptions) : {};
  const loaded = await loadSpecs(options.paths ?? ['input'], { cwd: caseDir, limits: { ...DEFAULT_LOAD_LIMITS, ...options.limits } });
  const validated = compileSpecs(loaded.specs, context);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...validated.diagnostics]);
  const sources = new Map(loaded.specs.map((spec) => [spec.file, spec.source]));
  return { diagnostics, models: validated.models, text: formatDiagnosticsText(diagnostics, { sources }) };
}

export function caseDirs(area: string): string[] {
  const root = path.join(FIXTURES, area);
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export { formatDiagnosticsJson };
