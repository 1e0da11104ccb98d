import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { closest } from '../core/text/suggest.ts';

/**
 * "Did you mean …?" for a path that does not exist: from the deepest folder of it that
 * exists, each missing segment is replaced by the closest name in its folder (a likely
 * typo, as for contract ids), and the corrected path is returned as the user wrote it
 * (relative stays relative). Undefined when no segment has a close match.
 */
export function nearPath(path: string, cwd: string): string | undefined {
  const absolute = isAbsolute(path);
  const segments = path.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  let folder = absolute ? sep : cwd;
  const corrected: string[] = [];
  let changed = false;
  for (const segment of segments) {
    const next = join(folder, segment);
    if (segment === '..' || exists(next)) {
      corrected.push(segment);
      folder = resolve(next);
      continue;
    }
    const near = closest(segment, entries(folder));
    if (near === undefined) return undefined;
    corrected.push(near);
    folder = join(folder, near);
    changed = true;
  }
  if (!changed) return undefined;
  const text = corrected.join('/');
  return absolute ? `/${text}` : text;
}

/** The sentence to append to a "no such file or folder" message, or ''. */
export function nearPathHint(path: string, cwd: string): string {
  const near = nearPath(path, cwd);
  return near === undefined ? '' : ` Did you mean "${near}"?`;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function entries(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
