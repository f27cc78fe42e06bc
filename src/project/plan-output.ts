/** The build's fifth stage, "plan" (see `planOutput`), and what it hands on (`Planned`). */
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { BuildResult } from './build-api.js';
import { abandonedFile, outputConflict } from './build-messages.js';
import type { BuildRun } from './build-run.js';
import type { BuilderMemory } from './builder-memory.js';
import type { Compiled } from './compile-specs.js';
import type { Index } from './index-files.js';
import { MANIFEST_VERSION, unownedFiles, type Manifest, type ManifestSpec } from './output/manifest.js';
import { applyChanges, planOutput as planChanges, unsafeOutputPath, type Plan } from './output/plan.js';
import type { Scan } from './scan-inputs.js';
import type { EmittedOutput } from './spec-compiler.js';

/** What "plan" hands on: the changes, where each file was staged, and the next manifest. */
export interface Planned {
  readonly plan: Plan;
  readonly stagedAs: Map<string, string>;
  readonly ownerOf: ReadonlyMap<string, string>;
  readonly nextManifest: Manifest;
  readonly nextManifestText: string;
  readonly indexWarnings: readonly Diagnostic[];
  readonly outcome: { readonly specs: number; readonly compiled: number; readonly written: readonly string[]; readonly removed: readonly string[]; readonly unchanged: number; readonly abandoned: readonly string[]; readonly manifestChanged: boolean };
}

/** Owner of the cross-connector files, among spec paths (which never start with a space). */
export const INDEX_OWNER = ' index';

/**
 * Plan: the diff against the disk and the next manifest. The files that may
 * change are those of the specs re-emitted or removed and of the index (and
 * any the manifest lists without an owner); the others stay. Conflicts
 * (hand edits, files the compiler does not own) end the build here.
 */
export function planOutput(run: BuildRun, memory: BuilderMemory, scan: Scan, { compiled, counts }: Compiled, index: Index): Planned | BuildResult {
  const { manifest, owned, dirty, present, keptSpecs, previousSpecs, scanned } = scan;
  const subset = memory.options.subset === true;
  const replaced = new Set<string>(manifest ? [...manifest.index, ...unownedFiles(manifest)] : []);
  for (const [file, entry] of manifest?.specs ?? []) if (dirty.has(file) || (!present.has(file) && !subset)) for (const output of entry.outputs) replaced.add(output);
  const emitted = new Map<string, string>();
  const stagedAs = new Map<string, string>();
  const specEntries = new Map<string, ManifestSpec>();
  /** Which spec (or `INDEX_OWNER`) generated each emitted file, to generate it again if it was not staged. */
  const ownerOf = new Map<string, string>();
  const claim = (file: EmittedOutput, owner: string) => {
    const shownOwner = owner === INDEX_OWNER ? 'the index' : owner;
    const problem = unsafeOutputPath(file.path);
    if (problem) throw new Error(`The generator for \`${shownOwner}\` produced the output path \`${file.path}\`, which ${problem}.`);
    if (emitted.has(file.path) || (owned.has(file.path) && !replaced.has(file.path))) throw new Error(`Two generators produced the same output path \`${file.path}\` (the second for \`${shownOwner}\`).`);
    emitted.set(file.path, file.hash);
    ownerOf.set(file.path, owner);
    if (file.staged !== undefined) stagedAs.set(file.path, file.staged);
  };
  for (const { spec, hash } of scanned) {
    const entry = compiled.get(spec.file)!;
    if (entry.emitted) {
      for (const file of entry.emitted.files) claim(file, spec.file);
      specEntries.set(spec.file, { id: entry.model!.id, hash, outputs: entry.emitted.files.map((file) => file.path) });
    } else {
      specEntries.set(spec.file, previousSpecs!.get(spec.file)!);
    }
  }
  for (const file of keptSpecs) specEntries.set(file, manifest!.specs.get(file)!);
  for (const file of index.files.files) claim(file, INDEX_OWNER);
  const plan = planChanges({ owned, replaced, emitted, force: memory.options.force === true }, scan.diskHash);
  for (const conflict of plan.conflicts) run.diagnostics.push(outputConflict(run.out, conflict));
  for (const file of plan.abandoned) run.diagnostics.push(abandonedFile(run.out, file));
  if (hasErrors(run.diagnostics)) return run.result('failed', counts);
  // The manifest's files table is this builder's own copy (see `BuilderMemory.readManifest`): it becomes the next
  // manifest's in place, as copying 8,000 entries on every watch rebuild cost more than the change.
  // Until the commit, `staging.undo` puts it back.
  const manifestFiles = owned as Map<string, string>;
  const undoChanges = applyChanges(manifestFiles, plan.changes);
  run.staging.undo = () => {
    undoChanges();
    memory.manifestWriter.forget();
  };
  const nextManifest: Manifest = { version: MANIFEST_VERSION, compiler: memory.version!, options: scan.options, specs: specEntries, index: index.files.files.map((file) => file.path), files: manifestFiles };
  const nextManifestText = memory.manifestWriter.serialize(nextManifest, plan.changes.keys());
  const manifestChanged = nextManifestText !== scan.manifestText;
  const outcome = { ...counts, written: plan.writes, removed: plan.removes, unchanged: plan.unchanged, abandoned: plan.abandoned, manifestChanged };
  memory.addSources(run, scanned);
  return { plan, stagedAs, ownerOf, nextManifest, nextManifestText, indexWarnings: index.warnings, outcome };
}
