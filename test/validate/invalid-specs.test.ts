import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../../src/diagnostics/diagnostic.js';
import { expectFile } from '../helpers/golden.js';
import { caseDirs, FIXTURES, formatDiagnosticsJson, runCase } from './fixture-runner.js';

/**
 * One folder per bad spec: `test/fixtures/invalid/<code>-<name>/input/…`, an
 * optional `options.json`, and the exact diagnostics (`expected.json`) and
 * terminal output with code frames (`expected.txt`). `vitest -u` rewrites them.
 */
const cases = caseDirs('invalid');

describe('invalid specs', () => {
  for (const name of cases) {
    it(name, async () => {
      const dir = path.join(FIXTURES, 'invalid', name);
      const result = await runCase(dir);
      await expectFile(formatDiagnosticsJson(result.diagnostics), path.join(dir, 'expected.json'));
      await expectFile(result.text, path.join(dir, 'expected.txt'));
      // The folder name says which diagnostic the case is about; it must be there, as an error or warning.
      const code = /^(CC\d{4})-/.exec(name)?.[1];
      if (code !== undefined) expect(result.diagnostics.map((d) => d.code)).toContain(code);
      // A spec with an error never yields a model.
      const failing = new Set(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
      expect(result.models.filter((m) => failing.has(m.sourceFile))).toEqual([]);
    });
  }
});

/** Codes of the front end that other stages produce, or that need a file system a fixture cannot hold. */
const COVERED_ELSEWHERE: Partial<Record<DiagnosticCode, string>> = {
  CC1002: 'test/load/load.test.ts (a FIFO and a directory named like a spec)',
  CC3023: 'the client emitter: connectors whose generated type names clash',
  CC3060: 'the docs emitter, which knows the site settings: test/emit/docs/redirect-url.test.ts',
};

describe('fixture coverage', () => {
  it('has a fixture for every load, schema and semantic diagnostic code', () => {
    const withFixture = new Set(cases.map((name) => name.slice(0, 6)));
    const frontEnd = (Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[]).filter((code) => /^CC[123]/.test(code));
    const missing = frontEnd.filter((code) => !withFixture.has(code) && COVERED_ELSEWHERE[code] === undefined);
    expect(missing).toEqual([]);
  });
});
