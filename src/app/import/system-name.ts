import { isPlainFolderName } from '../../core/mesh/folder-name.ts';
import { MeshworkError } from '../errors.ts';
import { slugOf } from '../init/scaffold.ts';

/**
 * The system's name: `--system` or, without it, what the source is called (a database's
 * name, a file's), in kebab-case — the folder `sources/<system>/`, the server entry's name
 * and the `MESHWORK_<SYSTEM>_URL` variable. A name that leaves no letter or digit is refused.
 */
export function systemNameOf(given: string | undefined, fallback: string): string {
  const slug = slugOf((given ?? fallback).slice(0, 200));
  if (slug === '' || !isPlainFolderName(slug))
    throw new MeshworkError(
      'usage',
      given === undefined
        ? 'cannot name the system from the source: give --system NAME.'
        : '--system needs a name with letters or digits (it becomes the folder sources/<system>/).',
    );
  return slug;
}
