import { describe, expect, it } from 'vitest';
import { formatDiagnosticsText } from '../../src/diagnostics/format.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { useColor, type CliIo } from '../../src/cli/io.js';

const diagnostic: Diagnostic = { code: 'CC1001', severity: 'error', message: 'bad', file: 'a.yaml', line: 2, column: 3, hint: 'fix it' };

describe('colours (picocolors, decided by useColor)', () => {
  it('paints the diagnostic line with the same ANSI codes as before', () => {
    expect(formatDiagnosticsText([diagnostic], { color: true })).toBe(
      '\u001b[36ma.yaml\u001b[39m:\u001b[33m2\u001b[39m:\u001b[33m3\u001b[39m - \u001b[31merror\u001b[39m \u001b[2mCC1001\u001b[22m: bad\n\n  \u001b[1mhint:\u001b[22m fix it\n',
    );
  });

  it('writes no escape at all without colour, whatever the environment says', () => {
    const previous = process.env.FORCE_COLOR;
    process.env.FORCE_COLOR = '1';
    try {
      expect(formatDiagnosticsText([diagnostic], { color: false })).toBe('a.yaml:2:3 - error CC1001: bad\n\n  hint: fix it\n');
    } finally {
      if (previous === undefined) delete process.env.FORCE_COLOR;
      else process.env.FORCE_COLOR = previous;
    }
  });

  it('NO_COLOR wins over a TTY and FORCE_COLOR; CI turns colour off on a TTY', () => {
    const io = (env: Record<string, string>): CliIo => ({ env, stdout: { isTTY: true }, stderr: { isTTY: true } }) as unknown as CliIo;
    expect(useColor(io({ NO_COLOR: '1', FORCE_COLOR: '1' }))).toBe(false);
    expect(useColor(io({}))).toBe(true);
    expect(useColor(io({ CI: 'true' }))).toBe(false);
    expect(useColor(io({ CI: 'true', FORCE_COLOR: '1' }))).toBe(true);
  });
});
