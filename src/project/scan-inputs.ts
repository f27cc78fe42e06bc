/** The build's second stage, "scan inputs" (see `scanInputs`), and what it hands on (`Scan`). */
import path from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { BuildOverrides, BuildResult, NoOpEvidence } from './build-api.js';
import { missingTemplates, subsetAfterCompilerChange, unreadableManifest, unsafeManifest } from './build-messages.js';
import type { BuildRun } from './build-run.js';
import type { BuilderMemory } from './builder-memory.js';
import { linkToManifest, recordedHash, statRecord, trustedHash, upToDateByStats, withKey, type BuildState, type StatRecord } from './cache.js';
import { compilerFingerprint, compilerVersion } from './fingerprint.js';
import { recordingFs, type FileStat, type StatEvidence } from './fs.js';
import { contentHash } from './hash.js';
import { MANIFEST_PATH, type Manifest, type ManifestSpec } from './output/manifest.js';
import { JOURNAL_PATH } from './output/writer.js';
import { optionsHash } from './settings.js';
import { findSpecs, readSpec, type FoundSpecs, type HashedSpec, type SpecFile } from './spec-files.js';

/** What "scan inputs" hands on: the specs, the previous build's record (manifest and stat cache), and what changed. */
export interface Scan {
  /** Compiler + options key of this build. */
  readonly key: string;
  /** Hash of the options (`Manifest.options`). */
  readonly options: string;
  readonly found: FoundSpecs;
  /** The cache's state under `key`, as this build found it. */
  readonly state: BuildState;
  readonly scanned: readonly HashedSpec[];
  readonly manifest: Manifest | undefined;
  readonly manifestText: string | undefined;
  readonly manifestStat: FileStat | undefined;
  /** The manifest's files table (this builder's own copy; empty without a manifest). */
  readonly owned: ReadonlyMap<string, string>;
  /** The manifest's specs, when their outputs may be reused (same compiler version, code and options). */
  readonly previousSpecs: ReadonlyMap<string, ManifestSpec> | undefined;
  /** Specs to emit again: new, changed, or with an output missing or edited. */
  readonly dirty: ReadonlySet<string>;
  readonly present: ReadonlySet<string>;
  /** In a subset build, the specs the manifest lists that were not named. */
  readonly keptSpecs: readonly string[];
  /** Stat records: of the specs, of the outputs stat-ed in this build, and of every owned output. */
  readonly specStats: Map<string, StatRecord>;
  readonly fileStats: Map<string, StatRecord>;
  readonly records: Map<string, StatRecord>;
  /** An output's content hash on disk (stat first), `undefined` when absent. */
  readonly diskHash: (relative: string) => string | undefined;
  /** `BuildResult.noOpEvidence`, given the stats of the specs, outputs and manifest. */
  readonly evidence: (stats: readonly StatEvidence[], files: number) => NoOpEvidence | undefined;
}

/**
 * Scan inputs: the compiler's fingerprint and the options; the specs found,
 * each hashed (from its stat when the cache vouches for it); the manifest;
 * which specs are dirty. Ends the build when stats alone, or hashes, prove
 * nothing changed — without loading the compiler's front end or emitters.
 */
export async function scanInputs(run: BuildRun, memory: BuilderMemory, overrides: BuildOverrides): Promise<Scan | BuildResult> {
  const { fs, settings, diagnostics, out, outFile } = run;
  // What the output depends on besides the specs.
  if (settings.emit.templatesDir !== undefined && !fs.stat(settings.emit.templatesDir)?.isDirectory) {
    return run.fail(missingTemplates(path.relative(settings.root, settings.emit.templatesDir) || '.', settings.emit.templatesDir));
  }
  const stored = memory.state ?? memory.cache.readState();
  let fingerprint = stored?.compiler;
  // What the outcome rests on besides specs, outputs and the output directory (see `BuildResult.noOpEvidence`).
  let settledBy: StatEvidence[] | undefined;
  if (memory.compiler === undefined) {
    if (memory.options.compilerId !== undefined) memory.compiler = memory.options.compilerId;
    else {
      const computed = compilerFingerprint(stored?.compiler);
      fingerprint = computed.fingerprint;
      memory.compiler = fingerprint.fingerprint;
      settledBy = [...computed.evidence];
    }
  }
  const options = optionsHash(settings, settledBy ? recordingFs(fs, settledBy) : fs);
  const key = `${memory.compiler}|${options}`;

  // Specs and the previous build's record.
  const lastFound = memory.sameSpecsAsLastTime();
  const found = lastFound ?? (await findSpecs(settings.inputs, settings.root, [settings.outDir, ...(settings.cacheDir ? [path.dirname(settings.cacheDir)] : [])]));
  memory.lastFound = found.searched && found.diagnostics.length === 0 ? found : undefined;
  diagnostics.push(...found.diagnostics);
  if (hasErrors(diagnostics)) return run.result('failed');
  const linkedState = stored && withKey(stored, key);
  /** `BuildResult.noOpEvidence`, given the stats of the specs, outputs and manifest; the output directory is stat-ed now. */
  // Not the compiler's directory's stat: every build's lock file comes and goes there, which would
  // make one command line's stamp stale after any other build. What of it matters is the journal
  // (a commit to complete), which must still be absent.
  const evidence = (stats: readonly StatEvidence[], files: number): NoOpEvidence | undefined =>
    settledBy && found.searched && diagnostics.length === 0
      ? { stats: [[settings.outDir, fs.stat(settings.outDir)], [outFile(JOURNAL_PATH), fs.stat(outFile(JOURNAL_PATH))], ...settledBy, ...found.searched, ...stats], files }
      : undefined;
  const statsSeen: StatEvidence[] = [];
  const stats = settledBy && found.searched ? recordingFs(fs, statsSeen) : fs;
  // A watch rebuild (outputs verified once) skips this check: it follows a file event, and its own
  // path is cheap when nothing changed, while this one stats every spec up to the changed one.
  const watchRebuild = memory.options.watching === true && memory.outputsVerified;
  if (linkedState && !watchRebuild && upToDateByStats(linkedState, key, found.specs, (file) => stats.stat(file), outFile, outFile(MANIFEST_PATH))) {
    // The common case of a build in a monorepo: stats prove nothing changed since the last build.
    memory.outputsVerified = true;
    memory.state = fingerprint && fingerprint.signature !== linkedState.compiler?.signature ? { ...linkedState, compiler: fingerprint } : linkedState;
    if (!run.check && memory.state !== linkedState) memory.cache.writeState(memory.state);
    diagnostics.push(...replayedWarnings(linkedState, found.specs.map((spec) => ({ file: spec.file, hash: recordedHash(linkedState.specs.get(spec.file)) }))));
    memory.addSources(run, found.specs.map((spec) => ({ spec })));
    const noOpEvidence = evidence(statsSeen, linkedState.files.size);
    return run.result('ok', { specs: found.specs.length, unchanged: linkedState.files.size, ...(noOpEvidence ? { noOpEvidence } : {}) });
  }
  const { text: manifestText, manifest, problem: manifestProblem, stat: manifestStat } = memory.readManifest(outFile(MANIFEST_PATH));
  if (manifestProblem?.kind === 'malformed') diagnostics.push(unreadableManifest(out));
  else if (manifestProblem?.kind === 'unsafe') {
    // A committed file, so as untrusted as a pull request: never act on it (it owns nothing).
    const force = memory.options.force === true;
    diagnostics.push(unsafeManifest(out, manifestProblem, force));
    if (!force) return run.result('failed', { specs: found.specs.length });
  }
  const owned: ReadonlyMap<string, string> = manifest?.files ?? new Map();
  memory.version ??= compilerVersion();
  // The previous specs' outputs are reused only when this compiler's code generated the output as it
  // is: the manifest names the version, and the local cache the code fingerprint (see `BuildState.generated`).
  const generatedHere = manifestText !== undefined && stored?.generated?.compiler === memory.compiler && stored.generated.manifest === memory.manifestHash(manifestText);
  const previousSpecs = manifest?.compiler === memory.version && manifest.options === options && generatedHere ? manifest.specs : undefined;
  const subset = memory.options.subset === true;
  // The other connectors' files were generated by another compiler or with other options: keeping
  // them beside this build's would leave `generated/` inconsistent, under one manifest.
  if (subset && manifest && !previousSpecs) return run.fail(subsetAfterCompilerChange(out), { specs: found.specs.length });
  const state = withKey(stored, key);
  const specStats = new Map<string, StatRecord>();
  const fileStats = new Map<string, StatRecord>();
  // Whether the stat cache learnt anything: a no-op build then writes nothing at all.
  let statsChanged = false;
  const remember = (into: Map<string, StatRecord>, key: string, previous: StatRecord | undefined, trusted: boolean, stat: FileStat, hash: string) => {
    if (trusted && previous) {
      into.set(key, previous);
      return;
    }
    statsChanged = true;
    const record = statRecord(stat, hash);
    if (record) into.set(key, record);
  };

  // Which specs changed: stat first, hash only when the stat differs from the cached one.
  // A watch rebuild told which files changed stats only those, when all of them are known specs.
  const named = watchRebuild && lastFound && overrides.changed && overrides.changed.size > 0 && namesOnlySpecs(overrides.changed, found.specs) ? overrides.changed : undefined;
  const scanned: HashedSpec[] = [];
  for (const spec of found.specs) {
    const recorded = named && !named.has(spec.absolute) ? state.specs.get(spec.file) : undefined;
    if (recorded) {
      specStats.set(spec.file, recorded);
      scanned.push({ spec, hash: recordedHash(recorded)! });
      continue;
    }
    const stat = fs.stat(spec.absolute);
    let hash = stat?.isFile ? trustedHash(state.specs.get(spec.file), stat) : undefined;
    const trusted = hash !== undefined;
    let source: string | undefined;
    if (hash === undefined) {
      const read = readSpec(fs, spec);
      if ('code' in read) {
        diagnostics.push(read);
        continue;
      }
      hash = contentHash(read.bytes);
      source = read.source;
    }
    if (stat) remember(specStats, spec.file, state.specs.get(spec.file), trusted, stat, hash);
    scanned.push({ spec, hash, ...(source !== undefined ? { source } : {}) });
  }
  const diskMemo = new Map<string, string | undefined>();
  const diskHash = (relative: string): string | undefined => {
    if (diskMemo.has(relative)) return diskMemo.get(relative);
    const stat = fs.stat(outFile(relative));
    let hash: string | undefined;
    if (stat?.isDirectory) hash = 'directory';
    else if (stat) {
      hash = trustedHash(state.files.get(relative), stat);
      const trusted = hash !== undefined;
      if (hash === undefined) {
        try {
          hash = contentHash(fs.readFile(outFile(relative)));
        } catch {
          hash = 'unreadable';
        }
      }
      remember(fileStats, relative, state.files.get(relative), trusted, stat, hash);
    }
    diskMemo.set(relative, hash);
    return hash;
  };
  // In watch mode, after a first full check, the outputs of unchanged specs are taken as written.
  const trustOutputs = watchRebuild;
  const intact = (outputs: readonly string[]) => trustOutputs || outputs.every((file) => diskHash(file) === owned.get(file));
  const dirty = new Set<string>();
  for (const { spec, hash } of scanned) {
    const previous = previousSpecs?.get(spec.file);
    if (!previous || previous.hash !== hash || !intact(previous.outputs)) dirty.add(spec.file);
  }
  const present = new Set(found.specs.map((spec) => spec.file));
  // Specs the manifest lists that this build did not find: deleted (a full build removes their files),
  // or, in a subset build, not named (kept as they are).
  const absent = [...(manifest?.specs.keys() ?? [])].filter((file) => !present.has(file));
  const removedSpecs = subset ? [] : absent;
  const keptSpecs = subset ? absent : [];
  // The stat records of kept specs stay, for the next full build.
  for (const file of keptSpecs) {
    const record = state.specs.get(file);
    if (record) specStats.set(file, record);
  }
  const indexIntact = previousSpecs !== undefined && intact(manifest!.index);
  // Records of the files the manifest owns and of those stat-ed in this build (others are forgotten).
  // After a build of this builder, its records are already those of the manifest it wrote.
  const mirrored = fileStats.size === 0 && memory.recordsMirror?.records === state.files && memory.recordsMirror.files === owned;
  const records = mirrored ? (state.files as Map<string, StatRecord>) : new Map<string, StatRecord>();
  if (!mirrored) {
    for (const file of owned.keys()) {
      const record = fileStats.get(file) ?? state.files.get(file);
      if (record) records.set(file, record);
    }
    for (const [file, record] of fileStats) records.set(file, record);
  }
  statsChanged ||= state.specs.size !== specStats.size || state.files.size !== records.size;
  statsChanged ||= fingerprint?.signature !== state.compiler?.signature;
  memory.state = { version: state.version, key, ...(fingerprint ? { compiler: fingerprint } : {}), ...(state.generated ? { generated: state.generated } : {}), specs: specStats, files: records, warnings: state.warnings, ...(state.indexWarnings ? { indexWarnings: state.indexWarnings } : {}) };

  if (hasErrors(diagnostics)) {
    memory.addSources(run, scanned);
    return run.result('failed', { specs: found.specs.length });
  }

  // Nothing changed: done without loading the compiler's front end or emitters.
  if (dirty.size === 0 && removedSpecs.length === 0 && indexIntact) {
    diagnostics.push(...replayedWarnings(state, scanned.map(({ spec, hash }) => ({ file: spec.file, hash }))));
    memory.addSources(run, scanned);
    if (manifest) memory.state = linkToManifest(memory.state, manifest, manifestStat);
    statsChanged ||= memory.state.manifest?.join() !== state.manifest?.join();
    if (!run.check && statsChanged) memory.cache.writeState(memory.state);
    return run.result('ok', { specs: found.specs.length, unchanged: owned.size });
  }
  return { key, options, found, state, scanned, manifest, manifestText, manifestStat, owned, previousSpecs, dirty, present, keptSpecs, specStats, fileStats, records, diskHash, evidence };
}

/** Whether every path in `changed` is one of `specs` (see `BuildOverrides.changed`). */
function namesOnlySpecs(changed: ReadonlySet<string>, specs: readonly SpecFile[]): boolean {
  const known = new Set(specs.map((spec) => spec.absolute));
  for (const file of changed) if (!known.has(file)) return false;
  return true;
}

/** Warnings the cache keeps for specs whose content is unchanged, then those of the index files. */
function replayedWarnings(state: BuildState, specs: Iterable<{ readonly file: string; readonly hash: string | undefined }>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { file, hash } of specs) {
    const warnings = state.warnings.get(file);
    if (warnings && warnings.hash === hash) out.push(...warnings.diagnostics);
  }
  return [...out, ...(state.indexWarnings ?? [])];
}
