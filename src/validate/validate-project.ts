import { isMap, isScalar } from 'yaml';
import { diagnostic, type Diagnostic, compareStrings } from '../diagnostics/diagnostic.js';
import type { ParsedSpec } from '../load/read-spec.js';
import type { SourceRange } from '../load/source-map.js';

/** A file and the connector id it declares, for the rule that spans files. */
export interface DeclaredId {
  readonly file: string;
  readonly id: string;
  /** Where the id is written; without it (a spec taken from the build cache) the diagnostic carries the path `/id` only, for `locateByPath`. */
  readonly range?: SourceRange;
}

/**
 * The one cross-file rule: two files may not declare the same connector id
 * (e.g. `a/hive.yaml` and `b/hive.yaml`). The first file by path keeps the id;
 * every later one gets CC3004. `compileSpecs` and the build both call it, with
 * the ids of valid specs and of failed specs whose id could still be read, so a
 * YAML error in one file does not hide a duplicate id.
 */
export function checkUniqueIds(declared: readonly DeclaredId[]): Diagnostic[] {
  const first = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const entry of [...declared].sort((a, b) => compareStrings(a.file, b.file))) {
    const earlier = first.get(entry.id);
    if (earlier === undefined) {
      first.set(entry.id, entry.file);
      continue;
    }
    out.push(
      diagnostic('CC3004', 'error', `Connector id \`${entry.id}\` is already declared in \`${earlier}\`.`, { file: entry.file, ...(entry.range ?? {}), path: '/id' }, 'Connector ids must be unique across all spec files.'),
    );
  }
  return out;
}

/**
 * The top-level `id` of a spec, when it is a string: from the data when the
 * file was read, else from the YAML document the reader still composed (a
 * syntax error elsewhere in the file leaves it readable). Only a top-level
 * scalar is read; nothing else of a broken file is trusted.
 */
export function declaredIdOf(parsed: ParsedSpec): string | undefined {
  if (parsed.data !== undefined) {
    const id = parsed.data !== null && typeof parsed.data === 'object' ? (parsed.data as { id?: unknown }).id : undefined;
    return typeof id === 'string' && id !== '' ? id : undefined;
  }
  const contents = parsed.sourceMap?.yamlDocument().document.contents;
  if (!isMap(contents)) return undefined;
  for (const pair of contents.items) {
    if (!isScalar(pair.key) || pair.key.value !== 'id') continue;
    return isScalar(pair.value) && typeof pair.value.value === 'string' && pair.value.value !== '' ? pair.value.value : undefined;
  }
  return undefined;
}
