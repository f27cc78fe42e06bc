/**
 * Decoding a spec file's bytes. Specs are UTF-8; a file saved in another
 * encoding (Latin-1, Windows-1252) is refused with the position of its first
 * bad byte rather than read with U+FFFD in place of its accented letters.
 * No dependencies, so the build can use it without loading the YAML parser.
 */
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';

export interface DecodedSpec {
  /** The text, BOM stripped; invalid bytes (if any) as U+FFFD, for code frames. */
  readonly source: string;
  /** CC1011 at the first byte that is not UTF-8, when there is one. */
  readonly problem?: Diagnostic;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8', { fatal: false });

/** UTF-8 with the BOM stripped; invalid sequences are reported (see `DecodedSpec`). */
export function decodeSpecBytes(file: string, bytes: Uint8Array): DecodedSpec {
  let text: string;
  try {
    text = strict.decode(bytes);
  } catch {
    const source = stripBom(lossy.decode(bytes));
    const bad = firstInvalidByte(bytes);
    const prefix = stripBom(strict.decode(bytes.subarray(0, bad)));
    const line = prefix.split('\n').length;
    const column = prefix.length - prefix.lastIndexOf('\n');
    const byte = `0x${bytes[bad]!.toString(16).toUpperCase().padStart(2, '0')}`;
    return {
      source,
      problem: diagnostic(
        'CC1011',
        'error',
        `Spec is not valid UTF-8: byte ${byte} (byte offset ${bad}) is not part of a UTF-8 character.`,
        { file, line, column, endLine: line, endColumn: column + 1 },
        'Save the file as UTF-8; it was probably written as Latin-1 or Windows-1252, whose accented letters would otherwise be lost.',
      ),
    };
  }
  return { source: stripBom(text) };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Index of the first byte that does not belong to a well-formed UTF-8 sequence (as the WHATWG decoder judges it). */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (c < (k === 1 ? lower : 0x80) || c > (k === 1 ? upper : 0xbf)) return i;
    }
    i += length;
  }
  return bytes.length;
}
