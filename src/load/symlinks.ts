/**
 * Symbolic links are not followed to specs. A spec is read only from a
 * regular file, so what is reported and shown in code frames is always the
 * file at the path given, and a directory scan means the same thing on every
 * machine. A link named on the command line is an error; a link with a spec's
 * extension met while searching a directory is skipped with a warning.
 * (A directory named on the command line may itself be a link: it is the
 * root the user chose. Links to directories inside it are not searched.)
 */
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';

/** CC1013 for a symbolic link met where a spec was expected; `named` when the user passed it explicitly. */
export function symlinkDiagnostic(file: string, named: boolean): Diagnostic {
  return named
    ? diagnostic('CC1013', 'error', `\`${file}\` is a symbolic link; specs are read only from regular files, and links are not followed.`, { file }, 'Pass the file the link points to, or replace the link with a copy of the spec.')
    : diagnostic('CC1013', 'warning', `Skipped \`${file}\`: it is a symbolic link, and links are not followed when searching for specs.`, { file }, 'Replace the link with a copy of the spec, or name the file it points to on the command line.');
}
