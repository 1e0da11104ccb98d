import { isAbsolute, normalize, posix } from 'node:path';
import { MeshworkError } from '../errors.ts';
import type { ProductDraft } from './canvas-model.ts';

/**
 * The draft's files as safe relative paths inside its folder, checked before anything is
 * zipped or written: the draft is the server's own output, but its folder name comes from a
 * form, so a path that climbs out, is absolute, or lies outside `draft.folder` is refused
 * rather than trusted.
 */
export function checkedDraftPaths(draft: ProductDraft): string[] {
  const folder = safeRelative(draft.folder, 'folder');
  if (!folder.startsWith('domains/'))
    throw new MeshworkError(
      'invalid-input',
      `The draft's folder "${draft.folder}" is not under domains/.`,
    );
  if (draft.files.length === 0)
    throw new MeshworkError('invalid-input', 'The draft has no files (see its findings).');
  const seen = new Set<string>();
  return draft.files.map((file) => {
    const path = safeRelative(file.path, 'file');
    if (!path.startsWith(`${folder}/`))
      throw new MeshworkError(
        'invalid-input',
        `The draft's file "${file.path}" lies outside its folder "${draft.folder}".`,
      );
    if (seen.has(path))
      throw new MeshworkError('invalid-input', `The draft names the file "${file.path}" twice.`);
    seen.add(path);
    return path;
  });
}

function safeRelative(path: string, what: string): string {
  const bad =
    path === '' ||
    path.length > 500 ||
    isAbsolute(path) ||
    path.includes('\\') ||
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    /[\0-\x1f\x7f]/.test(path) ||
    path.split('/').some((part) => part === '' || part === '.' || part === '..') ||
    normalize(path) !== path ||
    posix.normalize(path) !== path;
  if (bad)
    throw new MeshworkError(
      'invalid-input',
      `The draft's ${what} path "${path}" is not a safe relative path.`,
    );
  return path;
}
