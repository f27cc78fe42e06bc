import { compareStrings, diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ValidatedSpec } from './spec-compiler.js';

/**
 * The cross-file rule of `validateSpecs` (`checkUniqueIds`: no two files may
 * declare the same connector id), over specs that were partly validated in
 * this build and partly taken from the cache, where no source map is at hand:
 * the diagnostics carry the path `/id`, and the build gives them its position
 * afterwards (`locateByPath`). Then they are the same, byte for byte (a test
 * holds the two together).
 */
export function checkUniqueIdsAcrossSpecs(specs: readonly ValidatedSpec[]): Diagnostic[] {
  const first = new Map<string, string>();
  const out: Diagnostic[] = [];
  const valid = specs.filter((spec) => spec.model !== undefined).sort((a, b) => compareStrings(a.model!.sourceFile, b.model!.sourceFile));
  for (const spec of valid) {
    const model = spec.model!;
    const earlier = first.get(model.id);
    if (earlier === undefined) {
      first.set(model.id, model.sourceFile);
      continue;
    }
    out.push(
      diagnostic('CC3004', 'error', `Connector id \`${model.id}\` is already declared in \`${earlier}\`.`, { file: model.sourceFile, path: '/id' }, 'Connector ids must be unique across all spec files.'),
    );
  }
  return out;
}
