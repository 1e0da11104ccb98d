import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { MeshworkError } from '../errors.ts';

const run = promisify(execFile);

/**
 * The few git reads `meshwork diff --base` needs. git is run with an argument list
 * (`execFile`), never through a shell, so refs and paths are never interpreted as shell
 * text; a ref starting with `-` is refused so it cannot be taken for an option.
 */
async function git(cwd: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run('git', [...args], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: gitEnv(),
    });
    return stdout;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new MeshworkError('io', 'git is not installed or not on the PATH; --base needs it.', {
        cause: error,
      });
    const detail = (e.stderr ?? e.message).trim().split('\n')[0] ?? '';
    throw new GitFailure(detail, error);
  }
}

/**
 * The repository is the one that holds the mesh folder: variables that point git
 * elsewhere (set when meshwork runs inside a git hook) are dropped.
 */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR'])
    delete env[name];
  return env;
}

class GitFailure extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
  }
}

export interface GitSnapshot {
  /** The repository's top-level folder. */
  readonly top: string;
  /** The folder inside the repository, relative to `top` (`''` for the top itself). */
  readonly prefix: string;
  readonly commit: string;
}

/** Resolves `ref` to a commit for the repository that holds `folder`. */
export async function openSnapshot(folder: string, ref: string): Promise<GitSnapshot> {
  if (ref.startsWith('-') || ref.trim() === '')
    throw new MeshworkError('usage', `"${ref}" is not a git ref.`);
  let top: string;
  try {
    top = (await git(folder, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    if (error instanceof MeshworkError) throw error;
    throw new MeshworkError(
      'usage',
      `${folder} is not inside a git repository; --base compares against git history.`,
      { cause: error },
    );
  }
  let commit: string;
  try {
    commit = (await git(folder, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
  } catch (error) {
    if (error instanceof MeshworkError) throw error;
    throw new MeshworkError('usage', `Unknown git ref "${ref}" (no such branch, tag or commit).`, {
      cause: error,
    });
  }
  const prefix = relative(await realpath(top), await realpath(folder))
    .split(sep)
    .join('/');
  return { top, prefix, commit };
}

/** Paths of the files under the snapshot's folder at the commit, relative to that folder. */
export async function listFiles(snapshot: GitSnapshot): Promise<string[]> {
  const args = ['ls-tree', '-r', '--name-only', '-z', snapshot.commit];
  if (snapshot.prefix !== '') args.push('--', `${snapshot.prefix}/`);
  const out = await git(snapshot.top, args);
  const strip = snapshot.prefix === '' ? 0 : snapshot.prefix.length + 1;
  return out
    .split('\0')
    .filter((p) => p !== '')
    .map((p) => p.slice(strip));
}

/** The text of one file at the commit (`git show COMMIT:path`). */
export async function showFile(snapshot: GitSnapshot, path: string): Promise<string> {
  const full = snapshot.prefix === '' ? path : `${snapshot.prefix}/${path}`;
  try {
    return await git(snapshot.top, ['show', `${snapshot.commit}:${full}`]);
  } catch (error) {
    if (error instanceof MeshworkError) throw error;
    throw new MeshworkError(
      'io',
      `Cannot read ${full} at ${snapshot.commit.slice(0, 12)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
