import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ConnectorModel } from '../model/connector-model.js';

/** The kinds of artefact the compiler generates; each is one emitter. */
export type Target = 'clients' | 'forms' | 'docs';
export const ALL_TARGETS: readonly Target[] = ['clients', 'forms', 'docs'];

/** A generated file: path relative to the output directory, `/`-separated; LF endings, final newline. */
export interface OutputFile {
  readonly path: string;
  readonly contents: string;
}

/** Settings every emitter may read. Plain data, so it can be hashed into cache keys. */
export interface EmitOptions {
  /** Directory with Handlebars templates overriding the built-in guide templates. */
  readonly templatesDir?: string;
  /** Module the generated clients import their runtime from (with `runtime: 'local'`, `./runtime/index.js` instead). */
  readonly runtimeImport: string;
  /**
   * `ts` (default): `clients/<id>.ts` sources for the app's toolchain;
   * `js`: ready-to-run ESM `clients/<id>.js` with `clients/<id>.d.ts` beside it.
   */
  readonly clientFormat?: ClientFormat;
  /**
   * `package` (default): the clients import `runtimeImport`; `local`: the
   * runtime is emitted beside them under `clients/runtime/`, so an app needs
   * no compiler (and none of its dependencies) at run time.
   */
  readonly runtime?: RuntimePlacement;
  /** The docs site the guide pages belong to. */
  readonly site: SiteOptions;
}

export type ClientFormat = 'ts' | 'js';
export const CLIENT_FORMATS: readonly ClientFormat[] = ['ts', 'js'];
export type RuntimePlacement = 'package' | 'local';
export const RUNTIME_PLACEMENTS: readonly RuntimePlacement[] = ['package', 'local'];

export interface SiteOptions {
  /** Product name in titles, e.g. `StackOne Hub`. */
  readonly platformName: string;
  /** Docs site origin, e.g. `https://docs.stackone.com`; used for llms.txt links. */
  readonly docsUrl: string;
  /** Company name in connector-profile titles (`StackOne`); default `platformName` without a final ` Hub`. */
  readonly companyName?: string;
  /**
   * The OAuth redirect (callback) URL admins register at the provider, shown on
   * connector-profile pages where a step asks for it (`redirectUrl: true`);
   * `{connector}` and `{method}` stand for the connector and auth method ids.
   */
  readonly oauthRedirectUrl?: string;
}

export const DEFAULT_EMIT_OPTIONS: EmitOptions = {
  runtimeImport: 'connector-compiler/runtime',
  site: { platformName: 'StackOne Hub', docsUrl: 'https://docs.stackone.com' },
};

/** Emit options as callers give them: any member left out, `site` too member by member (see `resolveEmitOptions`). */
export type EmitOptionsInput = Partial<Omit<EmitOptions, 'site'>> & { readonly site?: Partial<SiteOptions> };

/**
 * The one place emit options get their defaults: `partial` over
 * `DEFAULT_EMIT_OPTIONS`, `site` merged member by member. Used by `compile()`
 * and by the project build (`resolveBuildSettings`).
 */
export function resolveEmitOptions(partial: EmitOptionsInput = {}): EmitOptions {
  return { ...DEFAULT_EMIT_OPTIONS, ...partial, site: { ...DEFAULT_EMIT_OPTIONS.site, ...partial.site } };
}

export interface EmitResult {
  readonly files: readonly OutputFile[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * An emitter reads only the model. `emitConnector` depends on one connector
 * (so its output can be cached by that connector's hash); `emitIndex` builds
 * the files that span all connectors (index modules, llms.txt).
 */
export interface Emitter {
  readonly target: Target;
  /**
   * Creates per-run state (compiled templates, memoised index files); called
   * once per build, or once for the builds of a watch session while the
   * options and templates do not change.
   */
  prepare(options: EmitOptions): PreparedEmitter;
}

export interface PreparedEmitter {
  emitConnector(model: ConnectorModel): EmitResult;
  emitIndex(models: readonly ConnectorModel[]): EmitResult;
}
