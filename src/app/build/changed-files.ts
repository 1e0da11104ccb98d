import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { MeshworkError } from '../errors.ts';

const run = promisify(execFile);

/**
 * Files under `meshRoot` that differ from `ref`: committed since, changed in the work
 * tree, and new files git does not ignore. Paths relative to `meshRoot`, `/`-separated
 * (git's own separator), so the mesh may be a sub-folder of the repository.
 */
export async function changedFilesSince(meshRoot: string, ref: string): Promise<string[]> {
  if (ref.startsWith('-'))
    throw new MeshworkError('usage', `--changed-since takes a git ref, not "${ref}".`);
  const git = async (args: string[]): Promise<string[]> => {
    try {
      const { stdout } = await run('git', ['-C', meshRoot, ...args], {
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout.split('\n').filter((line) => line !== '');
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new MeshworkError(
        'usage',
        `git cannot compare with "${ref}": ${stderr || (error as Error).message}`,
        { cause: error },
      );
    }
  };
  await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const changed = await git(['diff', '--name-only', '--relative', ref, '--', '.']);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '--', '.']);
  return [...new Set([...changed, ...untracked])].sort();
}
