import type { LoadedConfig } from '../config/config-file.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { findSpecs } from '../project/spec-files.js';

/**
 * The spec files a command works on, resolved as `build` resolves them: the
 * paths, directories or globs named on the command line (relative to the
 * working directory), else the config's `input` (relative to the config
 * file), else `connectors/`. One resolution for `build`, `validate` and
 * `check-credentials`, so they see the same specs.
 */
export async function resolveSpecInputs(named: readonly string[], loaded: LoadedConfig, cwd: string): Promise<{ readonly files: string[]; readonly diagnostics: Diagnostic[] }> {
  const configured = loaded.config.input;
  const [inputs, root] = named.length > 0 ? [named, cwd] : configured !== undefined ? [typeof configured === 'string' ? [configured] : configured, loaded.root] : [['connectors'], loaded.root];
  const found = await findSpecs(inputs, root);
  return { files: found.specs.map((spec) => spec.absolute), diagnostics: found.diagnostics };
}
