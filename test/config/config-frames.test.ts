import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/cli.js';

const ROOT = path.join(import.meta.dirname, '../..');

describe('config diagnostics', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('frame the config file they name: the warning about an ignored second config shows no lines of the first', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cc-config-frames-'));
    mkdirSync(path.join(dir, 'connectors'));
    cpSync(path.join(ROOT, 'connectors/hive.yaml'), path.join(dir, 'connectors/hive.yaml'));
    writeFileSync(path.join(dir, 'connector-compiler.config.json'), '{\n  "outDir": "generated",\n  "targts": ["clients"]\n}\n');
    writeFileSync(path.join(dir, 'connector-compiler.config.ts'), 'export default { outDir: "generated" };\n');
    for (const command of [['validate'], ['build', '--check'], ['new', 'acme']]) {
      const io = captureIo(undefined, dir);
      expect(await runCli(command, io)).toBe(1);
      const stderr = io.err();
      // validate sorts diagnostics by file; build and new print the config's in the order found.
      expect(stderr).toContain([
        'connector-compiler.config.json:3:3 - error CC5003: Unknown config key `targts`.',
        '',
        '  2 |   "outDir": "generated",',
        '  3 |   "targts": ["clients"]',
        '    |   ^^^^^^^^^^^^^^^^^^^^^',
        '',
        '  hint: Did you mean `targets`?',
        '',
      ].join('\n'));
      expect(stderr).toContain([
        'connector-compiler.config.ts:1:1 - warning CC5003: `connector-compiler.config.ts` is ignored: `connector-compiler.config.json` comes first.',
        '',
        '  hint: Keep one config file, or pick one with `--config`.',
        '',
      ].join('\n'));
    }
  });
});
