import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MeshworkError } from '../errors.ts';
import type { ScaffoldAnswers, ScaffoldOptions } from './scaffold.ts';
import { checkAnswers, scaffoldFiles } from './scaffold.ts';

/**
 * Writes a new mesh repository into `dir`. Refuses a folder that already has files, so
 * init never overwrites anybody's work.
 */
export async function writeScaffold(
  dir: string,
  answers: ScaffoldAnswers,
  options: ScaffoldOptions = { example: true },
): Promise<string[]> {
  const problems = checkAnswers(answers);
  if (problems.length > 0)
    throw new MeshworkError('usage', `cannot scaffold: ${problems.join('; ')}.`);
  const existing = await readdir(dir).catch(() => [] as string[]);
  if (existing.some((name) => name !== '.git')) {
    throw new MeshworkError(
      'usage',
      `${dir} is not empty; init writes only into a new or empty folder, so nothing is overwritten.`,
    );
  }
  const files = scaffoldFiles(answers, options);
  for (const [path, content] of files) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, { flag: 'wx' });
  }
  return [...files.keys()];
}
