import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commentText, docLines, lineCommentText } from '../../../src/emit/client/quote.js';
import { fcOptions } from '../../helpers/fast-check.js';

/**
 * Control characters in spec text are refused at validation (CC3026, CC3025;
 * see the fixtures). The client emitter's comment helpers are the second line
 * of defence: whatever reaches them, no raw NUL, ESC or other control
 * character is written into a generated TypeScript file.
 */
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const text = fc.string({ unit: fc.constantFrom('\0', '\u0001', '\u001b', '\u007f', '\u0085', '\u009f', '\t', '\n', '\r', '*', '/', 'a', ' '), maxLength: 30 });

describe('comment helpers and control characters', () => {
  it('write NUL, ESC, DEL and C1 controls as visible \\uXXXX escapes', () => {
    expect(commentText('a\u0000b\u001b[31mc\u007fd\u0085e')).toBe('a\\u0000b\\u001B[31mc\\u007Fd\\u0085e');
    expect(lineCommentText('x\u0000y\r\nz')).toBe('x\\u0000y z');
  });

  it('keep tabs and line breaks as they are', () => {
    expect(commentText('a\tb\nc')).toBe('a\tb\nc');
  });

  it('never leave a raw control character in a comment', () => {
    fc.assert(
      fc.property(text, (value) => {
        for (const line of docLines(commentText(value) || 'x')) expect(RAW_CONTROL.test(line)).toBe(false);
        expect(RAW_CONTROL.test(lineCommentText(value))).toBe(false);
      }),
      fcOptions(300),
    );
  });
});
