import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { link, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';

/**
 * An exclusive lock between processes: a file holding who owns it, created only if the
 * name is free (`create`).
 * Only compaction and migrations take it, and reads never wait for it; an append that finds
 * its collection's lock held waits for it to go (`isLockHeld`, CONTEXT.md: the compaction
 * race). A lock left by a process that died (same host, pid gone) or older than
 * `staleAfterMs` is taken over. Created 0600 like every file of the store.
 */
export interface LockOptions {
  readonly timeoutMs?: number;
  readonly staleAfterMs?: number;
}

const STALE_AFTER_MS = 60_000;

interface Owner {
  readonly token: string;
  readonly pid: number;
  readonly host: string;
}

/**
 * Runs `work` holding the lock. Not a collection's `<file>.lock` around an append to that
 * collection: the append waits for the lock to go, so it would wait for itself.
 */
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
  const staleAfter = options.staleAfterMs ?? STALE_AFTER_MS;
  let wait = 5;
  for (;;) {
    if (await create(path, token)) return;
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

/**
 * Whether someone holds the lock now: it exists and is not stale. A stale lock counts as
 * free — its owner died or gave up, and the next taker moves it aside anyway.
 */
export async function isLockHeld(path: string, staleAfterMs = STALE_AFTER_MS): Promise<boolean> {
  // Asked after every append, and nearly always absent: a synchronous stat that returns
  // instead of throwing costs microseconds, a rejected promise with an error far more.
  if (statSync(path, { throwIfNoEntry: false }) === undefined) return false;
  return !(await isStale(path, staleAfterMs));
}

/**
 * Creates the lock with its owner already in it: written to a file of its own, then linked
 * to the lock's name, which fails if the name exists. A lock created empty and filled after
 * would, if its creator was killed in between, name no owner and count as young for a
 * minute, stopping every compaction and append of the collection meanwhile.
 */
async function create(path: string, token: string): Promise<boolean> {
  const owner: Owner = { token, pid: process.pid, host: hostname() };
  const draft = `${path}.${token}`;
  await writeFile(draft, JSON.stringify(owner), { mode: 0o600 });
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    await unlink(draft).catch(() => undefined);
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
