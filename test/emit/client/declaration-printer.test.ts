/**
 * `declaration-printer.ts` on its own: every declaration kind it knows, in
 * the three modes, against the exact text. The golden files (test/emit/client/,
 * test/emit/client/js-output.test.ts) and the strict type-checks of them cover
 * the same kinds as the emitter builds them.
 */
import { describe, expect, it } from 'vitest';
import { printFile, type ClassDeclaration, type Declaration, type FunctionDeclaration, type SourceFile } from '../../../src/emit/client/declaration-printer.js';

const client: ClassDeclaration = {
  kind: 'class',
  name: 'XClient',
  doc: 'The client.\n\nSecond paragraph.',
  extends: 'runtime.BaseClient',
  ctor: {
    doc: 'Makes one.',
    parameters: [
      { name: 'credentials', type: 'XCredentials' },
      { name: 'options', type: 'runtime.ClientOptions', hasQuestionToken: true },
    ],
    statements: ['super(DESCRIPTION, "key", credentials, options);'],
  },
  methods: [
    { name: 'getA', doc: 'Gets an A.', parameters: [{ name: 'params', type: 'XGetAParams' }], returnType: 'Promise<XA>', statements: ['return this.request<XA>("getA", params);'] },
    { name: 'ping', parameters: [], returnType: 'Promise<void>', statements: ['const a = 1;', 'return this.request<void>("ping", a);'] },
  ],
};

const factory: FunctionDeclaration = {
  kind: 'function',
  name: 'createX',
  doc: 'Creates one.',
  typeParameters: [{ name: 'M', constraint: 'XMethod' }, { name: 'T' }],
  parameters: [
    { name: 'method', type: 'M' },
    { name: 'options', type: 'runtime.ClientOptions', hasQuestionToken: true },
  ],
  returnType: 'XClient',
  statements: ['return new XClient(method, options);'],
};

const declarations: Declaration[] = [
  { kind: 'import', namespace: 'runtime', from: 'connector-compiler/runtime' },
  {
    kind: 'interface',
    name: 'XCredentials',
    doc: 'Credentials.',
    properties: [
      { name: 'apiKey', doc: 'The key.', isReadonly: true, type: 'string' },
      { name: '"x-id"', hasQuestionToken: true, type: 'string' },
    ],
  },
  { kind: 'interface', name: 'XEmpty', properties: [] },
  { kind: 'interface', name: 'XA', properties: (writer) => void writer.writeLine('readonly id: string;') },
  { kind: 'type', name: 'XMethod', doc: 'Method ids.', type: '"key" | "oauth"' },
  { kind: 'type', name: 'XList', type: (writer) => void writer.write('{').newLine().indent().write('items: XA[];').newLine().write('}[]') },
  { kind: 'const', name: 'DESCRIPTION', type: 'runtime.ConnectorDescription', value: '{\n  id: "x",\n}' },
  client,
  factory,
];

const file: SourceFile = { header: ['Generated from x.yaml.', 'Second header line.'], declarations };

describe('printFile', () => {
  it('prints the .ts text of every kind', () => {
    expect(printFile(file, 'ts')).toBe(
      [
        '// Generated from x.yaml.',
        '// Second header line.',
        '',
        'import * as runtime from "connector-compiler/runtime";',
        '',
        '/** Credentials. */',
        'export interface XCredentials {',
        '  /** The key. */',
        '  readonly apiKey: string;',
        '  "x-id"?: string;',
        '}',
        '',
        'export interface XEmpty {',
        '}',
        '',
        'export interface XA {',
        '  readonly id: string;',
        '}',
        '',
        '/** Method ids. */',
        'export type XMethod = "key" | "oauth";',
        '',
        'export type XList = {',
        '  items: XA[];',
        '}[];',
        '',
        'const DESCRIPTION: runtime.ConnectorDescription = {',
        '  id: "x",',
        '};',
        '',
        '/**',
        ' * The client.',
        ' *',
        ' * Second paragraph.',
        ' */',
        'export class XClient extends runtime.BaseClient {',
        '  /** Makes one. */',
        '  constructor(credentials: XCredentials, options?: runtime.ClientOptions) {',
        '    super(DESCRIPTION, "key", credentials, options);',
        '  }',
        '',
        '  /** Gets an A. */',
        '  getA(params: XGetAParams): Promise<XA> {',
        '    return this.request<XA>("getA", params);',
        '  }',
        '',
        '  ping(): Promise<void> {',
        '    const a = 1;',
        '    return this.request<void>("ping", a);',
        '  }',
        '}',
        '',
        '/** Creates one. */',
        'export function createX<M extends XMethod, T>(method: M, options?: runtime.ClientOptions): XClient {',
        '  return new XClient(method, options);',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('prints declarations without bodies in dts mode', () => {
    const dts = { header: ['Generated.'], declarations: [declarations[0]!, declarations[4]!, client, factory] };
    expect(printFile(dts, 'dts')).toBe(
      [
        '// Generated.',
        '',
        'import * as runtime from "connector-compiler/runtime";',
        '',
        '/** Method ids. */',
        'export type XMethod = "key" | "oauth";',
        '',
        '/**',
        ' * The client.',
        ' *',
        ' * Second paragraph.',
        ' */',
        'export declare class XClient extends runtime.BaseClient {',
        '  /** Makes one. */',
        '  constructor(credentials: XCredentials, options?: runtime.ClientOptions);',
        '',
        '  /** Gets an A. */',
        '  getA(params: XGetAParams): Promise<XA>;',
        '',
        '  ping(): Promise<void>;',
        '}',
        '',
        '/** Creates one. */',
        'export declare function createX<M extends XMethod, T>(method: M, options?: runtime.ClientOptions): XClient;',
        '',
      ].join('\n'),
    );
  });

  it('prints JavaScript without types, type parameters or docs in js mode (statements as given: the caller writes JavaScript ones)', () => {
    const js = { header: ['Generated.'], declarations: [declarations[0]!, declarations[6]!, client, factory] };
    expect(printFile(js, 'js')).toBe(
      [
        '// Generated.',
        '',
        'import * as runtime from "connector-compiler/runtime";',
        '',
        'const DESCRIPTION = {',
        '  id: "x",',
        '};',
        '',
        'export class XClient extends runtime.BaseClient {',
        '  constructor(credentials, options) {',
        '    super(DESCRIPTION, "key", credentials, options);',
        '  }',
        '',
        '  getA(params) {',
        '    return this.request<XA>("getA", params);',
        '  }',
        '',
        '  ping() {',
        '    const a = 1;',
        '    return this.request<void>("ping", a);',
        '  }',
        '}',
        '',
        'export function createX(method, options) {',
        '  return new XClient(method, options);',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('prints re-exports one per line, skips an empty block, and quotes module specifiers with quoteString', () => {
    const index: SourceFile = {
      header: ['Generated.'],
      declarations: [
        { kind: 'reexports', lines: [] },
        { kind: 'reexports', lines: [{ from: './a.js' }, { from: './b-c.js', namespace: 'bC' }] },
        { kind: 'reexports', lines: [{ from: 'rt"\n\u2028', names: ['ApiError', 'NetworkError'] }] },
        { kind: 'import', namespace: 'runtime', from: "it's\\" },
      ],
    };
    expect(printFile(index, 'ts')).toBe(
      [
        '// Generated.',
        '',
        'export * from "./a.js";',
        'export * as bC from "./b-c.js";',
        '',
        'export { ApiError, NetworkError } from "rt\\"\\n\\u2028";',
        '',
        'import * as runtime from "it\'s\\\\";',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing but the header for no declarations', () => {
    expect(printFile({ header: ['Only this.'], declarations: [{ kind: 'reexports', lines: [] }] }, 'ts')).toBe('// Only this.\n');
  });
});
