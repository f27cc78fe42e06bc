/**
 * The one diagnostic shape every stage produces. Plain data: formatting
 * (text with a code frame, or JSON) lives in `format.ts`.
 */

/** Closed set of diagnostic codes, grouped by the stage that owns them. */
export const DIAGNOSTIC_CODES = {
  // load/ — reading files and parsing YAML
  CC1001: 'file-not-found',
  CC1002: 'file-unreadable',
  CC1003: 'empty-file',
  CC1004: 'yaml-syntax',
  CC1005: 'yaml-duplicate-key',
  CC1006: 'no-specs-found',
  CC1007: 'yaml-alias-limit',
  CC1008: 'file-too-large',
  CC1009: 'yaml-too-deep',
  CC1010: 'not-a-mapping',
  CC1011: 'invalid-utf8',
  CC1012: 'yaml-unsupported-tag',
  CC1013: 'symlink-not-followed',
  // validate/ — schema
  CC2001: 'schema-type',
  CC2002: 'schema-required',
  CC2003: 'schema-unknown-key',
  CC2004: 'schema-enum',
  CC2005: 'schema-pattern',
  CC2006: 'schema-constraint',
  // validate/ — semantic rules
  CC3001: 'duplicate-field-key',
  CC3002: 'unknown-template-field',
  CC3003: 'unknown-verify-operation',
  CC3004: 'duplicate-connector-id',
  CC3005: 'id-file-name-mismatch',
  CC3006: 'duplicate-operation-id',
  CC3007: 'duplicate-auth-method',
  CC3008: 'unknown-method-field',
  CC3009: 'invalid-pattern',
  CC3010: 'markdown-parse',
  CC3011: 'link-without-url',
  CC3012: 'image-without-alt',
  CC3013: 'unsafe-url',
  CC3014: 'unsupported-markdown',
  CC3015: 'path-parameter-mismatch',
  CC3016: 'duplicate-parameter',
  CC3017: 'invalid-template',
  CC3018: 'secret-like-example',
  CC3019: 'example-fails-pattern',
  CC3020: 'incomplete-spec',
  CC3021: 'invalid-base-url',
  CC3022: 'reserved-identifier',
  CC3023: 'identifier-clash',
  CC3024: 'unsupported-spec-version',
  CC3025: 'invalid-header-value',
  CC3026: 'control-character',
  CC3029: 'placeholder-text',
  CC3030: 'super-linear-pattern',
  CC3031: 'credential-placement',
  CC3032: 'credentials-over-http',
  CC3033: 'oauth2-settings',
  CC3040: 'scope-not-needed',
  CC3041: 'scope-not-granted',
  CC3042: 'imported-action-without-operation',
  CC3043: 'invalid-field-options',
  CC3050: 'invalid-field-kind',
  CC3051: 'unknown-condition-field',
  CC3052: 'condition-cycle',
  CC3053: 'invalid-condition-value',
  CC3054: 'conditional-field-in-base-url',
  CC3055: 'several-default-methods',
  CC3060: 'redirect-url-not-configured',
  CC3061: 'redirect-url-outside-profile',
  // import/ — reading existing guide pages
  CC4001: 'import-unsupported-construct',
  CC4002: 'import-unrecognised-page',
  CC4003: 'import-missing-part',
  CC4004: 'import-unmatched-profile',
  // build/ — writing output
  CC5001: 'output-write-failed',
  CC5002: 'output-not-owned',
  CC5003: 'config-invalid',
  CC5004: 'template-invalid',
  CC5005: 'build-interrupted',
  CC5006: 'subset-build-refused',
  // credentials — check-credentials and the generated clients
  CC6001: 'credential-missing',
  CC6002: 'credential-pattern',
  CC6003: 'credential-format',
  CC6004: 'credential-unknown',
  CC6005: 'credential-type',
  CC6006: 'credential-length',
  // cli — the command line itself
  CC7001: 'usage-error',
  CC7002: 'internal-error',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
export type Severity = 'error' | 'warning' | 'info';

export interface SourcePosition {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in UTF-16 code units like editors do. */
  readonly column: number;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Path of the offending file as given by the user (relative when possible). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** JSON path of the offending node inside the spec, e.g. `/fields/0/key`. */
  readonly path?: string;
  /** What to do about it. */
  readonly hint?: string;
}

/** Builds a diagnostic; keeps call sites short and the key order stable for JSON output. */
export function diagnostic(
  code: DiagnosticCode,
  severity: Severity,
  message: string,
  where: { file: string; line?: number; column?: number; endLine?: number; endColumn?: number; path?: string },
  hint?: string,
): Diagnostic {
  const result: {
    -readonly [K in keyof Diagnostic]: Diagnostic[K];
  } = {
    code,
    severity,
    message,
    file: where.file,
    line: where.line ?? 1,
    column: where.column ?? 1,
  };
  if (where.endLine !== undefined) result.endLine = where.endLine;
  if (where.endColumn !== undefined) result.endColumn = where.endColumn;
  if (where.path !== undefined) result.path = where.path;
  if (hint !== undefined) result.hint = hint;
  return result;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order: by file, then position, then code — so output does not depend on discovery order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareStrings(a.code, b.code) ||
      compareStrings(a.message, b.message),
  );
}

/** Code-unit comparison: locale-independent, so output is the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
