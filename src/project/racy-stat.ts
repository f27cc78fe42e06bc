/**
 * Whether a stat is too recent to be trusted later: on a file system with
 * whole-second times, a file changed within the second it was stat-ed could
 * be edited again behind an equal mtime (git's "racy clean" problem). No
 * imports: the CLI's no-op stamp uses it without loading the build.
 */
export function tooRecentToTrust(mtimeMs: number, now: number): boolean {
  return mtimeMs % 1000 === 0 && now - mtimeMs < 2000;
}
