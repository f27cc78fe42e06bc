import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';

function capture(): { io: CliIo; out: () => string } {
  let stdout = '';
  const io = { cwd: process.cwd(), env: {}, stdout: { write: (text: string) => { stdout += text; } }, stderr: { write: () => {} } } as unknown as CliIo;
  return { io, out: () => stdout };
}

describe('command list (defineCommand: each summary stated once)', () => {
  it('`--help` lists every command with its summary', async () => {
    const { io, out } = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(out()).toBe(`Usage: connector-compiler <command> [options]

Compiles YAML connector specs into typed clients, credential form schemas and
MDX guide pages.

Commands:
  build              Validate specs and generate clients, form schemas and guide pages
  validate           Check connector specs and report every problem with file:line:column
  new                Scaffold a commented spec for a new connector
  check-credentials  Check a credentials JSON file against a connector's rules
  import             Turn existing guide pages into connector specs

Run \`connector-compiler <command> --help\` for a command's options.
`);
  });

  it("a command's `--help` prints its module's help text", async () => {
    const { io, out } = capture();
    expect(await runCli(['new', '--help'], io)).toBe(0);
    expect(out().split('\n')[0]).toBe('Usage: connector-compiler new <id> [options]');
  });
});
