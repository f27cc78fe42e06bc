import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTOR_ID_MAX_LENGTH, CONNECTOR_ID_PATTERN, connectorIdProblem, isConnectorId } from '../../src/connector-id.js';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';

const schema = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../schema/connector-spec.schema.json'), 'utf8')) as {
  properties: { id: { pattern: string; maxLength: number } };
};

function captureIo(): CliIo & { err: () => string } {
  let err = '';
  return { cwd: process.cwd(), env: { NO_COLOR: '1' }, stdout: { write: () => {} }, stderr: { write: (text: string) => (err += text) }, err: () => err } as unknown as CliIo & { err: () => string };
}

describe('one connector-id rule', () => {
  it('is the spec schema’s id rule', () => {
    expect([schema.properties.id.pattern, schema.properties.id.maxLength]).toEqual([CONNECTOR_ID_PATTERN.source, CONNECTOR_ID_MAX_LENGTH]);
    expect(['acme-crm', 'a1', 'a'.repeat(64), 'a'.repeat(65), '1a', 'a--b', 'A'].map(isConnectorId)).toEqual([true, true, true, false, false, false, false]);
  });

  it('`new` and `import --id` refuse a 65-character id with the same message (import used to accept it)', async () => {
    const id = 'a'.repeat(65);
    for (const args of [['new', id], ['import', 'page.md', '--id', id]]) {
      const io = captureIo();
      expect(await runCli(args, io)).toBe(2);
      expect(io.err().split('\n')[0]).toBe(`connector-compiler ${args[0]}: ${connectorIdProblem(id)}`);
    }
  });
});
