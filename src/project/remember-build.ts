/** The build's last stage, "remember" (see `rememberBuild`): what the next build starts from. */
import type { BuildResult, NoOpEvidence } from './build-api.js';
import type { BuildRun } from './build-run.js';
import type { BuilderMemory } from './builder-memory.js';
import { linkToManifest, recordedHash, statRecord, type BuildState, type CachedSpec, type SpecWarnings, type StatRecord } from './cache.js';
import type { Compiled } from './compile-specs.js';
import type { FileStat, StatEvidence } from './fs.js';
import { MANIFEST_PATH } from './output/manifest.js';
import type { Planned } from './plan-output.js';
import type { Scan } from './scan-inputs.js';

/**
 * Remember what was built, for the next build. Committed (or nothing to
 * commit): the manifest's table stands. The stat records (this build's own
 * table) follow it in place: only files written, stat-ed or whose entry
 * changed need looking at, unless records are missing.
 */
export function rememberBuild(run: BuildRun, memory: BuilderMemory, scan: Scan, { compiled, keptNames }: Compiled, planned: Planned): BuildResult {
  const { fs, outFile } = run;
  const { records, fileStats, specStats, state, scanned, manifest, found } = scan;
  const { plan, nextManifest, nextManifestText, outcome } = planned;
  const manifestFiles = nextManifest.files as Map<string, string>;
  run.staging.undo = undefined;
  const written = new Set(plan.writes);
  const recordFor = (file: string, hash: string | undefined) => {
    if (hash === undefined) return void records.delete(file);
    const known = written.has(file) ? undefined : (fileStats.get(file) ?? records.get(file));
    if (known && recordedHash(known) === hash) return void records.set(file, known);
    const stat = fs.stat(outFile(file));
    const fresh = stat && statRecord(stat, hash);
    if (fresh) records.set(file, fresh);
    else records.delete(file);
  };
  for (const [file, hash] of plan.changes) recordFor(file, hash);
  for (const file of plan.writes) recordFor(file, manifestFiles.get(file));
  for (const file of fileStats.keys()) recordFor(file, manifestFiles.get(file));
  // Files too recent to trust when last stat-ed, or never stat-ed: tried again.
  if (records.size !== manifestFiles.size) for (const [file, hash] of manifestFiles) if (!records.has(file)) recordFor(file, hash);
  memory.recordsMirror = { records, files: manifestFiles };
  const warnings = new Map<string, SpecWarnings>();
  const fresh = new Map<string, CachedSpec>();
  const names = new Set<string>();
  for (const { spec, hash } of scanned) {
    const entry = compiled.get(spec.file)!;
    const name = memory.modelName(scan.key, spec.file, hash);
    names.add(name);
    // A model taken from the cache is kept as it is (most of them, in a watch rebuild).
    const cachedSpec: CachedSpec = 'hash' in entry && entry.hash === hash && !entry.emitted ? (entry as CachedSpec) : { file: spec.file, hash, model: entry.model!, diagnostics: [...entry.diagnostics, ...(entry.emitted?.diagnostics ?? [])] };
    if (!memory.models.has(name)) fresh.set(name, cachedSpec);
    memory.models.set(name, cachedSpec);
    if (cachedSpec.diagnostics.length > 0) warnings.set(spec.file, { hash, diagnostics: cachedSpec.diagnostics });
  }
  for (const [file, name] of keptNames) {
    names.add(name);
    const entry = compiled.get(file)!;
    if (!memory.models.has(name)) {
      const cachedSpec: CachedSpec = { file, hash: manifest!.specs.get(file)!.hash, model: entry.model!, diagnostics: [...entry.diagnostics] };
      fresh.set(name, cachedSpec);
      memory.models.set(name, cachedSpec);
    }
    const kept = state.warnings.get(file);
    if (kept) warnings.set(file, kept);
  }
  for (const name of memory.models.keys()) if (!names.has(name)) memory.models.delete(name);
  const nextManifestStat = outcome.manifestChanged ? fs.stat(outFile(MANIFEST_PATH)) : scan.manifestStat;
  const { indexWarnings: _previous, ...previousState } = memory.state!;
  const indexWarnings = planned.indexWarnings;
  const generated = { compiler: memory.compiler!, manifest: memory.manifestHash(nextManifestText) };
  const unlinked: BuildState = { ...previousState, generated, files: records, warnings, ...(indexWarnings.length > 0 ? { indexWarnings } : {}) };
  // Linking compares every record with the manifest, for the next process's stats-only no-op:
  // a watch session, whose next build follows a file event anyway, does it after reporting.
  const link = () => linkToManifest(unlinked, nextManifest, nextManifestStat);
  memory.state = memory.options.watching ? unlinked : link();
  memory.knownManifest = nextManifestStat ? { text: nextManifestText, manifest: nextManifest, stat: nextManifestStat } : undefined;
  memory.outputsVerified = true;
  memory.pendingCacheWrite = () => {
    // Nothing replaces the state before this runs: `build` and `close` flush first.
    const nextState = memory.state === unlinked ? link() : memory.state!;
    memory.state = nextState;
    memory.cache.writeState(nextState);
    memory.cache.writeModels(fresh);
    memory.cache.pruneModels(names);
  };
  // A watch session reports first and writes its cache right after; a one-off build writes it now.
  if (memory.options.watching) setImmediate(() => memory.flushCache());
  else memory.flushCache();
  const noOpEvidence = memory.options.watching ? undefined : afterBuild();
  return run.result('ok', { ...outcome, ...(noOpEvidence ? { noOpEvidence } : {}) });

  /** What the next build would find: the specs as stat-ed before they were read, the outputs and manifest as committed. */
  function afterBuild(): NoOpEvidence | undefined {
    const asStat = (record: StatRecord): FileStat => ({ size: record[0], mtimeMs: record[1], ino: record[2], ctimeMs: record[4], isFile: true, isDirectory: false });
    const seen: StatEvidence[] = [];
    for (const spec of found.specs) {
      const record = specStats.get(spec.file);
      if (!record) return undefined;
      seen.push([spec.absolute, asStat(record)]);
    }
    for (const file of nextManifest.files.keys()) {
      const record = records.get(file);
      if (!record) return undefined;
      seen.push([outFile(file), asStat(record)]);
    }
    if (!nextManifestStat) return undefined;
    seen.push([outFile(MANIFEST_PATH), nextManifestStat]);
    return scan.evidence(seen, nextManifest.files.size);
  }
}
