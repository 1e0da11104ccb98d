import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';

/**
 * An exclusive lock between processes: a file created with O_EXCL holding who owns it.
 * Only compaction and migrations take it — appends and reads never wait for it. A lock left
 * by a process that died (same host, pid gone) or older than `staleAfterMs` is taken over.
 */
export interface LockOptions {
  readonly timeoutMs?: number;
  readonly staleAfterMs?: number;
}

interface Owner {
  readonly token: string;
  readonly pid: number;
  readonly host: string;
}

export async function withLock<T>(
  path: string,
  work: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const token = randomBytes(8).toString('hex');
  await acquire(path, token, options);
  try {
    return await work();
  } finally {
    await release(path, token);
  }
}

async function acquire(path: string, token: string, options: LockOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const staleAfter = options.staleAfterMs ?? 60_000;
  let wait = 5;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      const owner: Owner = { token, pid: process.pid, host: hostname() };
      await handle.writeFile(JSON.stringify(owner));
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(path, staleAfter)) {
      await takeOver(path, staleAfter);
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(`the store lock ${path} is held by another process for too long`);
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 100);
  }
}

async function release(path: string, token: string): Promise<void> {
  const owner = await readOwner(path);
  if (owner?.token === token) await unlink(path).catch(() => undefined);
}

async function isStale(path: string, staleAfterMs: number): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  if (!info) return false;
  if (Date.now() - info.mtimeMs > staleAfterMs) return true;
  const owner = await readOwner(path);
  // A lock being written has no owner yet; it is young, so it is not stale.
  if (!owner || owner.host !== hostname()) return false;
  return !isAlive(owner.pid);
}

/**
 * Moves the stale lock aside (only one process wins the rename), then checks that what it
 * moved is still stale: if a live owner slipped in meanwhile, its lock is put back.
 */
async function takeOver(path: string, staleAfterMs: number): Promise<void> {
  const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  if (!(await isStale(aside, staleAfterMs))) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

async function readOwner(path: string): Promise<Owner | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Owner;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
