import { execFile } from 'node:child_process';
import { lstat, mkdir, realpath, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { MeshworkError } from '../errors.ts';
import type { ProductDraft } from './canvas-model.ts';
import { checkedDraftPaths } from './draft-paths.ts';

/** Who proposes: the signed-in user, the commit's author. */
export interface CommitAuthor {
  readonly name: string;
  readonly email: string;
}

export interface CommitDraftOptions {
  readonly author: CommitAuthor;
  readonly message: string;
  /** The committer (the server itself); the author is the person. */
  readonly committer?: CommitAuthor;
  /** Longest a git call may take, ms (default 20 s). */
  readonly timeoutMs?: number;
}

export interface CommittedDraft {
  readonly commit: string;
  readonly folder: string;
  readonly files: readonly string[];
}

export const MESHWORK_COMMITTER: CommitAuthor = {
  name: 'Meshwork',
  email: 'meshwork@localhost.invalid',
};

/** One commit at a time per repository in this process: two proposals must not share an index. */
const queues = new Map<string, Promise<unknown>>();

/**
 * Writes a draft's files into the mesh repository and commits exactly them, by `author`
 * (committed by Meshwork). Refuses (409) when the mesh folder is not a git work tree or the
 * product's folder already exists; only the draft's own paths are added and committed
 * (`git commit -- paths`: whatever else is staged stays staged and uncommitted). git is run
 * with execFile, never a shell, with literal pathspecs, no hooks, no signing prompt and a
 * time limit. When the commit fails the written files are removed again.
 */
export async function commitDraft(
  meshRoot: string,
  draft: ProductDraft,
  options: CommitDraftOptions,
): Promise<CommittedDraft> {
  const root = resolve(meshRoot);
  const previous = queues.get(root) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => commitNow(root, draft, options));
  queues.set(root, run);
  try {
    return await run;
  } finally {
    if (queues.get(root) === run) queues.delete(root);
  }
}

async function commitNow(
  root: string,
  draft: ProductDraft,
  options: CommitDraftOptions,
): Promise<CommittedDraft> {
  if (draft.findings.some((f) => f.severity === 'error'))
    throw new MeshworkError('invalid-input', 'The draft has errors; fix the answers first.');
  const paths = checkedDraftPaths(draft);
  const git = gitIn(root, options);
  await assertWorkTree(git);
  const folder = join(root, ...draft.folder.split('/'));
  if (!isInside(root, folder))
    throw new MeshworkError(
      'invalid-input',
      `The draft's folder "${draft.folder}" is outside the mesh.`,
    );
  if (await exists(folder))
    throw new MeshworkError(
      'conflict',
      `${draft.folder} already exists in the mesh repository; choose another id.`,
    );
  await assertRealInside(root, dirname(folder), draft.folder);
  await mkdir(dirname(folder), { recursive: true });
  // Not recursive: if another writer made the folder meanwhile this fails instead of mixing files.
  await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST')
      throw new MeshworkError('conflict', `${draft.folder} already exists in the mesh repository.`);
    throw error;
  });
  try {
    for (const [index, file] of draft.files.entries()) {
      const path = paths[index] as string;
      const target = join(root, ...path.split('/'));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content, { flag: 'wx', mode: 0o644 });
    }
    await git(['add', '--', ...paths]);
    await git([
      'commit',
      '--quiet',
      '--no-verify',
      '--no-gpg-sign',
      '-m',
      options.message,
      '--',
      ...paths,
    ]);
    const commit = (await git(['rev-parse', '--verify', 'HEAD'])).trim();
    return { commit, folder: draft.folder, files: paths };
  } catch (error) {
    // Nothing half-done stays behind: unstage what was added, remove what was written.
    await git(['rm', '--cached', '--quiet', '--ignore-unmatch', '-r', '--', draft.folder]).catch(
      () => undefined,
    );
    await rm(folder, { recursive: true, force: true });
    if (error instanceof MeshworkError) throw error;
    throw new MeshworkError(
      'io',
      `Committing the proposal failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

type Git = (args: readonly string[]) => Promise<string>;

function gitIn(root: string, options: CommitDraftOptions): Git {
  const committer = options.committer ?? MESHWORK_COMMITTER;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C',
    // Paths are the draft's own, never patterns: no glob or magic pathspec of a name applies.
    GIT_LITERAL_PATHSPECS: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: identityText(options.author.name),
    GIT_AUTHOR_EMAIL: emailText(options.author.email),
    GIT_COMMITTER_NAME: identityText(committer.name),
    GIT_COMMITTER_EMAIL: emailText(committer.email),
  };
  return (args) =>
    new Promise((done, fail) => {
      execFile(
        'git',
        ['-C', root, ...args],
        { env, timeout: options.timeoutMs ?? 20_000, maxBuffer: 1024 * 1024, windowsHide: true },
        (error, stdout, stderr) => {
          if (error)
            fail(
              new MeshworkError(
                'io',
                `git ${args[0] ?? ''} failed: ${String(stderr).trim() || error.message}`,
                {
                  cause: error,
                },
              ),
            );
          else done(String(stdout));
        },
      );
    });
}

async function assertWorkTree(git: Git): Promise<void> {
  let inside: string;
  try {
    inside = (await git(['rev-parse', '--is-inside-work-tree'])).trim();
  } catch {
    inside = 'false';
  }
  if (inside !== 'true')
    throw new MeshworkError(
      'conflict',
      'The mesh folder is not a git work tree, so proposals cannot be committed; download the files instead.',
    );
}

/** A name git accepts in an ident: no angle brackets or line breaks, bounded, never empty. */
export function identityText(name: string): string {
  const clean = name
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replaceAll(/[<>\0-\x1f\x7f]/g, ' ')
    .replaceAll(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  return clean === '' ? 'Meshwork user' : clean;
}

function emailText(email: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const clean = email.replaceAll(/[<>\s\0-\x1f\x7f]/g, '').slice(0, 254);
  return clean === '' ? 'unknown@localhost.invalid' : clean;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !rel.includes(`..${sep}`);
}

/**
 * A domain folder that is a link out of the repository would take the files elsewhere
 * before git refuses them: the nearest existing folder on the way to `path` must really
 * lie in the repository, checked before anything is created or written.
 */
async function assertRealInside(root: string, path: string, shown: string): Promise<void> {
  let existing = path;
  while (!(await exists(existing)) && dirname(existing) !== existing) existing = dirname(existing);
  const [realRoot, realExisting] = await Promise.all([realpath(root), realpath(existing)]);
  const rel = relative(realRoot, realExisting);
  if (rel.startsWith('..') || resolve(realRoot, rel) !== realExisting)
    throw new MeshworkError('invalid-input', `${shown} would be written outside the mesh.`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Whether `meshRoot` lies in a git work tree (the portal offers "submit as proposal" only then). */
export async function isGitWorkTree(meshRoot: string): Promise<boolean> {
  try {
    await assertWorkTree(gitIn(resolve(meshRoot), { author: MESHWORK_COMMITTER, message: '' }));
    return true;
  } catch {
    return false;
  }
}
