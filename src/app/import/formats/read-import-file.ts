import { open } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { MeshworkError } from '../../errors.ts';
import { slugOf } from '../../init/scaffold.ts';

/**
 * A metadata file to import (a DDL script, a dbt manifest, a datacontract.yaml) is read
 * whole, so it is bounded first: the largest real ones (a dbt manifest of a few thousand
 * models) are tens of megabytes; a file beyond the bound is refused, never read in part.
 */
export const MAX_IMPORT_FILE_BYTES = 64 * 1024 * 1024;

export interface ImportFile {
  /** Absolute path. */
  readonly path: string;
  readonly text: string;
}

export async function readImportFile(
  path: string,
  cwd: string,
  what: string,
  maxBytes = MAX_IMPORT_FILE_BYTES,
): Promise<ImportFile> {
  const absolute = resolve(cwd, path);
  let handle;
  try {
    handle = await open(absolute, 'r');
  } catch {
    throw new MeshworkError('not-found', `${what} ${path} cannot be read.`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new MeshworkError('invalid-input', `${what} ${path} is not a file.`);
    if (stat.size > maxBytes) {
      throw new MeshworkError(
        'invalid-input',
        `${what} ${path} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; it is not read.`,
      );
    }
    const buffer = Buffer.alloc(stat.size);
    const { bytesRead } = await handle.read(buffer, 0, stat.size, 0);
    return { path: absolute, text: buffer.subarray(0, bytesRead).toString('utf8') };
  } finally {
    await handle.close();
  }
}

/** `--system`, else a name from the source (a project, a contract id, the file's name). */
export function systemNameOf(
  explicit: string | undefined,
  ...fallbacks: (string | undefined)[]
): string {
  for (const candidate of [explicit, ...fallbacks]) {
    if (candidate === undefined) continue;
    const slug = slugOf(candidate).slice(0, 63).replace(/-+$/, '');
    if (slug !== '') return slug;
    if (candidate === explicit) {
      throw new MeshworkError(
        'usage',
        `--system ${JSON.stringify(explicit)} gives no usable name (letters and digits).`,
      );
    }
  }
  throw new MeshworkError(
    'usage',
    'No name for the source system could be made from it; give one with --system.',
  );
}

/** The file's name without its extension(s): `shop.schema.sql` → `shop.schema`. */
export function fileStem(path: string): string {
  return basename(path).replace(/\.[^.]*$/, '');
}
