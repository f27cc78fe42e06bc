/**
 * The options this issue adds, through the config file and the CLI:
 * `clientFormat`, `runtime`, and `new --package`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkConfig, configToSettings } from '../../src/config/config-file.js';
import { cleanup, requireBuiltCli, runCli, tempProject } from '../project/helpers.js';

const none = () => ({});
const noMatch = () => undefined;

describe('config: clientFormat and runtime', () => {
  it('pass valid values to the emitters', () => {
    const { config, diagnostics } = checkConfig({ clientFormat: 'js', runtime: 'local' }, 'connector-compiler.config.json', none, noMatch);
    expect(diagnostics).toEqual([]);
    expect(configToSettings(config, '/p').emit).toEqual({ clientFormat: 'js', runtime: 'local' });
  });

  it('refuse other values with CC5003, naming the allowed ones', () => {
    const { diagnostics } = checkConfig({ clientFormat: 'mjs', runtime: 'bundled' }, 'connector-compiler.config.json', none, noMatch);
    expect(diagnostics.map((d) => [d.code, d.severity, d.message, d.path])).toEqual([
      ['CC5003', 'error', 'Config key `clientFormat` must be `"ts"` or `"js"`.', '/clientFormat'],
      ['CC5003', 'error', 'Config key `runtime` must be `"package"` or `"local"`.', '/runtime'],
    ]);
  });
});

describe('new --package', () => {
  let dir: string | undefined;
  beforeAll(requireBuiltCli);
  afterEach(() => {
    if (dir) cleanup(dir);
  });

  it('keeps an existing package.json and says so, and still writes the config and the spec', () => {
    dir = tempProject('cc-new-package-');
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "mine" }\n');
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
    const result = runCli(dir, ['new', 'acme', '--package']);
    expect(result).toEqual({
      code: 0,
      stdout: 'Kept the existing package.json; docs/monorepo.md lists what it needs.\nCreated connector-compiler.config.json.\nCreated .prettierignore.\nKept the existing .gitignore; docs/monorepo.md lists what it needs.\nCreated connectors/acme.yaml.\nFill in the TODOs, then run `connector-compiler validate connectors/acme.yaml` and `connector-compiler build`.\n',
      stderr: '',
    });
    expect(readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe('{ "name": "mine" }\n');
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n');
    // Formatters leave the output alone: a reformatted generated file would be refused as a hand edit (CC5002).
    expect(readFileSync(path.join(dir, '.prettierignore'), 'utf8')).toBe('# Written by connector-compiler: formatting it would look like a hand edit (CC5002).\ngenerated/\n.connector-compiler-cache/\n');
    expect(readdirSync(dir).sort()).toEqual(['.gitignore', '.prettierignore', 'connector-compiler.config.json', 'connectors', 'package.json']);
  });
});
