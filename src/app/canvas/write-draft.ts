import { mkdir, realpath, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { MeshworkError } from '../errors.ts';
import type { ProductDraft } from './canvas-model.ts';

/**
 * Writes a draft's files into the mesh, refusing to overwrite: the product folder is
 * created by this call or the write is refused (another draft, a hand-made folder). A file
 * outside the folder is refused before anything is written. Returns the paths written.
 */
export async function writeDraft(meshRoot: string, draft: ProductDraft): Promise<string[]> {
  if (draft.files.length === 0)
    throw new MeshworkError('invalid-input', 'the draft has no files (see its findings).');
  const folder = resolve(meshRoot, draft.folder);
  for (const file of draft.files) {
    const inside = relative(folder, resolve(meshRoot, file.path));
    if (inside === '' || inside.startsWith('..') || inside.includes(`..${sep}`)) {
      throw new MeshworkError('invalid-input', `${file.path} is not inside ${draft.folder}.`);
    }
  }
  await mkdir(join(folder, '..'), { recursive: true });
  // A domain folder that is a link out of the repository would take the files elsewhere.
  const [realRoot, realParent] = await Promise.all([
    realpath(meshRoot),
    realpath(join(folder, '..')),
  ]);
  const parentInside = relative(realRoot, realParent);
  if (parentInside.startsWith('..') || resolve(realRoot, parentInside) !== realParent) {
    throw new MeshworkError('invalid-input', `${draft.folder} would be written outside the mesh.`);
  }
  try {
    await mkdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new MeshworkError(
        'conflict',
        `${draft.folder} exists already; nothing was overwritten. Choose another id.`,
      );
    }
    throw error;
  }
  const written: string[] = [];
  try {
    for (const file of draft.files) {
      await writeFile(resolve(meshRoot, file.path), file.content, { flag: 'wx' });
      written.push(file.path);
    }
  } catch (error) {
    // The folder is this call's own: a half-written draft would not validate.
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return written;
}
