/**
 * The heavy half of the build: parsing, validation and the emitters. Only
 * imported (lazily, by `builder-memory.ts`) when some spec actually needs compiling,
 * so a no-op build never loads the YAML parsers, ajv, remark or Handlebars.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { EmitOptions, EmitResult, Emitter, OutputFile, PreparedEmitter, Target } from '../emit/emitter.js';
import { DEFAULT_LOAD_LIMITS, parseSpecText, type LoadLimits, type ParsedSpec } from '../load/read-spec.js';
import type { SpecSourceMap } from '../load/source-map.js';
import type { ConnectorModel } from '../model/connector-model.js';
import { scaffoldSpec } from '../scaffold.js';
import { locateByPath } from '../validate/locate-diagnostics.js';
import { createValidationContext, validateSpec, type ValidationContext } from '../validate/validate-spec.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { contentHash } from './hash.js';
import type { StagingArea } from './output/writer.js';
import { compileSpec, createCompileContext, type CompileContext } from '../pipeline/compile-spec.js';

export interface EngineSettings {
  readonly targets: readonly Target[];
  readonly emit: EmitOptions;
  /** Merged over `DEFAULT_LOAD_LIMITS`. */
  readonly limits?: Partial<LoadLimits> | undefined;
  readonly allowIncomplete?: boolean;
}

/** The result of the front end for one spec; JSON-serialisable so it can be cached and sent between threads. */
export interface ValidatedSpec {
  readonly file: string;
  readonly model?: ConnectorModel;
  readonly diagnostics: readonly Diagnostic[];
  /** The id a failed spec still declares, for the unique-id rule (see `compileSpec`). */
  readonly declaredId?: string;
}

export interface CompileJob {
  readonly file: string;
  readonly source: string;
  /** Also run the emitters (dirty specs); otherwise validate only (to recover a model). */
  readonly emit: boolean;
  /**
   * Hashes the manifest records for this spec's outputs: an output generated
   * with the same hash is not staged (most outputs of an edited spec come out
   * the same). Should the disk copy turn out missing or edited, the builder
   * generates it again (see `stageMissing` in commit-output.ts).
   */
  readonly known?: ReadonlyMap<string, string>;
}
export interface CompiledSpec extends ValidatedSpec {
  readonly emitted?: StagedFiles;
}

/** An emitter's result as the build keeps it. */
export interface StagedFiles {
  readonly files: readonly EmittedOutput[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A generated file as the build keeps it: its hash, and where it was staged (not its contents). */
export interface EmittedOutput {
  readonly path: string;
  readonly hash: string;
  /** Name in the build's staging area; absent with `--check`, which stages nothing. */
  readonly staged?: string;
}

export type EmitterSet = Readonly<Partial<Record<Target, Emitter>>>;

/** The built-in emitters, each imported only when its target is built (the docs emitter, with remark and Handlebars, is the heaviest). */
const BUILT_IN: Readonly<Record<Target, () => Promise<Emitter>>> = {
  clients: async () => (await import('../emit/client/index.js')).clientEmitter,
  forms: async () => (await import('../emit/forms/index.js')).formsEmitter,
  docs: async () => (await import('../emit/docs/index.js')).docsEmitter,
};

/** Loads the built-in emitters for `targets`. */
export async function loadEmitters(targets: readonly Target[]): Promise<EmitterSet> {
  const entries = await Promise.all(targets.map(async (target) => [target, await BUILT_IN[target]()] as const));
  return Object.fromEntries(entries);
}

/** Long-lived per process (the watch mode keeps one); `startBuild` resets per-build emitter state. */
export class Engine {
  private context: CompileContext | undefined;
  private prepared: { target: Target; emitter: PreparedEmitter }[] | undefined;
  private preparedFor: string | undefined;
  private readonly limits: LoadLimits;
  /** The spec `validate` parsed last: emitter diagnostics of that spec are located with its source map. */
  private lastParsed: ParsedSpec | undefined;

  /** `emitters`: see `loadEmitters`, or injected ones. */
  constructor(
    private readonly settings: EngineSettings,
    private readonly emitters: EmitterSet,
  ) {
    this.limits = { ...DEFAULT_LOAD_LIMITS, ...settings.limits };
  }

  /**
   * Emitters are prepared once per build, as the `Emitter` contract says —
   * or kept from the last build when `optionsKey` (a hash of the emit options
   * and the template files' contents) is the same, which lets a watch session
   * keep compiled templates and memoised index files between rebuilds.
   */
  startBuild(optionsKey?: string): void {
    if (optionsKey !== undefined && optionsKey === this.preparedFor) return;
    this.prepared = undefined;
    this.preparedFor = optionsKey;
  }

  /**
   * Compiles the `new` scaffold, output discarded: the schema, parsers,
   * templates and printers are loaded and compiled by the JIT before the
   * first real spec needs them.
   */
  warmUp(): void {
    const validated = this.validate('connectors/warm-up.yaml', scaffoldSpec('warm-up', 'Warm Up', 'connector-spec.schema.json'));
    if (validated.model) this.emitConnector(validated.model);
    this.startBuild();
  }

  /** load → validate → model for one spec. */
  validate(file: string, source: string): ValidatedSpec {
    this.context ??= createCompileContext({ allowIncomplete: this.settings.allowIncomplete === true });
    const parsed = parseSpecText(file, source, this.limits);
    this.lastParsed = parsed;
    const result = compileSpec(parsed, this.context);
    return { file, ...(result.model ? { model: result.model } : {}), diagnostics: result.diagnostics, ...(result.declaredId !== undefined ? { declaredId: result.declaredId } : {}) };
  }

  /**
   * The source map of a spec (for diagnostics placed by JSON path only, see
   * `locateByPath`): the one `validate` just built, else from a new parse.
   */
  sourceMap(file: string, source: string): SpecSourceMap | undefined {
    const parsed = this.lastParsed?.file === file && this.lastParsed.source === source ? this.lastParsed : parseSpecText(file, source, this.limits);
    return parsed.sourceMap;
  }

  /** One connector's files, from every target's emitter. */
  emitConnector(model: ConnectorModel): EmitResult {
    return this.fromEveryEmitter((emitter) => emitter.emitConnector(model));
  }

  /**
   * The front end, then the emitters when the spec is valid and changed; their
   * files go to `staging` (on a worker thread too: see `compile-worker.ts`).
   */
  compile(job: CompileJob, staging: StagingArea | undefined): CompiledSpec {
    const validated = this.validate(job.file, job.source);
    if (!job.emit || !validated.model || hasErrors(validated.diagnostics)) return validated;
    const emitted = this.emitConnector(validated.model);
    const diagnostics = locateByPath(emitted.diagnostics, (file) => (file === job.file ? this.sourceMap(job.file, job.source) : undefined));
    return { ...validated, emitted: stageOutputs({ files: emitted.files, diagnostics }, staging, job.known) };
  }

  /** A connector's files emitted again and staged (diagnostics unlocated: they were reported when it was compiled). */
  stageConnector(model: ConnectorModel, staging: StagingArea | undefined): StagedFiles {
    return stageOutputs(this.emitConnector(model), staging);
  }

  /** The cross-connector files, staged unless `known` records their hash (see `CompileJob.known`). */
  stageIndex(models: readonly ConnectorModel[], staging: StagingArea | undefined, known?: ReadonlyMap<string, string>): StagedFiles {
    return stageOutputs(this.emitIndex(models), staging, known);
  }

  /** Cross-connector files; `models` must be sorted by id (the caller's job, for determinism). */
  emitIndex(models: readonly ConnectorModel[]): EmitResult {
    return this.fromEveryEmitter((emitter) => emitter.emitIndex(models));
  }

  /** The files and diagnostics of `emit` run with each target's emitter, in target order. */
  private fromEveryEmitter(emit: (emitter: PreparedEmitter) => EmitResult): EmitResult {
    const files: OutputFile[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const { emitter } of this.preparedEmitters()) {
      const result = emit(emitter);
      files.push(...result.files);
      diagnostics.push(...result.diagnostics);
    }
    return { files, diagnostics };
  }

  private preparedEmitters(): { target: Target; emitter: PreparedEmitter }[] {
    if (!this.prepared) {
      this.prepared = [];
      for (const target of ['clients', 'forms', 'docs'] as const) {
        const emitter = this.emitters[target];
        if (emitter && this.settings.targets.includes(target)) this.prepared.push({ target, emitter: emitter.prepare(this.settings.emit) });
      }
    }
    return this.prepared;
  }
}

/**
 * Hashes generated files and, unless checking, stages those whose hash is not
 * the one `known` records for their path, so only hashes stay in memory.
 */
function stageOutputs(emitted: EmitResult, staging: StagingArea | undefined, known?: ReadonlyMap<string, string>): StagedFiles {
  const files = emitted.files.map((file) => {
    const hash = contentHash(file.contents);
    return { path: file.path, hash, ...(staging && known?.get(file.path) !== hash ? { staged: staging.put(file.contents) } : {}) };
  });
  return { files, diagnostics: emitted.diagnostics };
}
