import { constants, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, rename } from 'node:fs/promises';
import { isLockHeld, withLock } from './lock-file.ts';

/**
 * One collection of the embedded store: an append-only file of JSON lines, each an
 * operation on a keyed value. Every process folds the file into a map in memory and, before
 * each read, folds whatever other processes appended since (the file grew) or starts over
 * (the file was compacted: another file, see `isSameFile`).
 *
 * An append is acknowledged only when it is a whole line of the current file that no
 * compaction can have missed (CONTEXT.md: torn lines, the compaction race); until then its
 * writer writes it again. Once a file is visible only appenders write to it, so an
 * acknowledged write is never lost, and never lands again after a newer one.
 */
export type LogOp =
  | { readonly op: 'put'; readonly key: string; readonly value: unknown }
  | { readonly op: 'patch'; readonly key: string; readonly value: Record<string, unknown> }
  | { readonly op: 'delete'; readonly key: string };

/** Insertion order is kept: a value stays at the place of its first put. */
export type FoldedState = Map<string, unknown>;

export class CollectionLog {
  private state: FoldedState = new Map();
  /** The file folded so far: its inode and birth time (`isSameFile`). */
  private folded: FileIdentity = { ino: -1, birthtimeMs: -1 };
  private offset = 0;
  private remainder = Buffer.alloc(0);
  private reading: Promise<void> = Promise.resolve();
  private appendsSinceCompaction = 0;
  private compacting: Promise<void> | null = null;
  /** When the file was last stat'ed by a read (ms, monotonic); -Infinity: check on the next read. */
  private checkedAt = Number.NEGATIVE_INFINITY;
  /** Bumped by every append of this process, so a look that overlapped one does not count. */
  private appends = 0;

  /**
   * `recheckAfterMs`: a read within this many ms of the last look at the file answers
   * from memory without opening it. 0 (the default) looks every time; the auth
   * collections use a small bound so a token check per request costs no file I/O, and
   * what another process appended (a revocation) is seen within the bound. This
   * process's own appends are seen at once: an append forces the next read to look.
   */
  constructor(
    readonly file: string,
    private readonly compactAfter = 5000,
    private readonly recheckAfterMs = 0,
  ) {}

  /**
   * Appends operations with one write on an O_APPEND descriptor: whole lines never
   * interleave. Resolves once the write is safe from compaction (see `isSettled`).
   */
  async append(ops: readonly LogOp[]): Promise<void> {
    // The leading newline ends whatever a writer killed in the middle of its write left
    // unterminated at the end of the file: these lines stay whole, the torn one is skipped.
    const bytes = Buffer.from(`\n${ops.map((op) => `${JSON.stringify(op)}\n`).join('')}`);
    for (;;) {
      const handle = await open(
        this.file,
        constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT,
        0o600,
      );
      try {
        const { bytesWritten } = await handle.write(bytes);
        // A short write (disk full) leaves a torn line: not acknowledged, and the next
        // append's leading newline ends it.
        if (bytesWritten !== bytes.length)
          throw new Error(
            `could not append to ${this.file}: wrote ${bytesWritten} of ${bytes.length} bytes`,
          );
        if (await this.isSettled(handle)) break;
        // Compacted under us after our write: the compactor may not have seen it.
      } finally {
        await handle.close();
        this.appends++;
        this.checkedAt = Number.NEGATIVE_INFINITY;
      }
    }
    this.appendsSinceCompaction += ops.length;
    if (this.appendsSinceCompaction >= this.compactAfter && !this.compacting) {
      this.appendsSinceCompaction = 0;
      // The append is done whatever happens here; a compaction that cannot get the lock
      // now is simply tried again after the next batch of appends.
      this.compacting = this.compact()
        .catch(() => undefined)
        .finally(() => (this.compacting = null));
      await this.compacting;
    }
  }

  /**
   * The folded state, with everything appended by any process so far. Reads of one
   * instance run one after the other, so the offset and the state always go together.
   */
  read(): Promise<FoldedState> {
    if (this.recheckAfterMs > 0 && performance.now() - this.checkedAt < this.recheckAfterMs)
      return this.reading.then(() => this.state);
    const next = this.reading.then(() => this.readNow());
    this.reading = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private async readNow(): Promise<FoldedState> {
    // Taken before the look: whatever lands during it is caught by the next recheck.
    const started = performance.now();
    const appends = this.appends;
    const state = await this.look();
    if (appends === this.appends) this.checkedAt = started;
    return state;
  }

  private async look(): Promise<FoldedState> {
    // The common case, nothing appended: one stat of the path answers it. Synchronous on
    // purpose — a stat of a cached inode takes microseconds, less than the thread-pool
    // round trips of open + fstat + close, and a missing file is no thrown error.
    const quick = statSync(this.file, { throwIfNoEntry: false });
    if (quick === undefined) return this.state;
    if (isSameFile(quick, this.folded) && quick.size === this.offset) return this.state;
    let handle: FileHandle;
    try {
      handle = await open(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.state;
      throw error;
    }
    try {
      // The size and inode of the file this handle reads, not of whatever the path names now.
      const info = await handle.stat();
      if (!isSameFile(info, this.folded) || info.size < this.offset) {
        this.state = new Map();
        this.folded = { ino: info.ino, birthtimeMs: info.birthtimeMs };
        this.offset = 0;
        this.remainder = Buffer.alloc(0);
      }
      if (info.size > this.offset) {
        const bytes = Buffer.concat([this.remainder, await readRest(handle, this.offset)]);
        this.offset += bytes.length - this.remainder.length;
        // Split at the last newline as bytes: a line still being written (or cut by a
        // crash) waits whole, never decoded in the middle of a UTF-8 character.
        const end = bytes.lastIndexOf(0x0a) + 1;
        this.remainder = Buffer.from(bytes.subarray(end));
        foldText(this.state, bytes.subarray(0, end).toString('utf8'));
      }
    } finally {
      await handle.close();
    }
    return this.state;
  }

  /**
   * Rewrites the file as one put per live value, under the collection's exclusive lock.
   * Readers notice the new inode and fold it from the start. Lines appended while the
   * values were written out go along as they are, in their order, before the rename; what
   * lands after that last look is written again by its writer (`isSettled`). Nothing is
   * ever added to the new file once it is visible but by appenders, in their own order —
   * copying the old file's tail after the rename let an old write land after a newer one.
   * A line torn by a crash does not go along.
   */
  async compact(): Promise<void> {
    await withLock(this.lockFile, async () => {
      const old = await open(this.file, 'r').catch(() => null);
      if (!old) return;
      try {
        const bytes = await readRest(old, 0);
        const end = bytes.lastIndexOf(0x0a) + 1;
        const fresh = new Map<string, unknown>();
        foldText(fresh, bytes.subarray(0, end).toString('utf8'));
        const text = [...fresh]
          .map(([key, value]) => `${JSON.stringify({ op: 'put', key, value })}\n`)
          .join('');
        const temporary = `${this.file}.compact-${process.pid}`;
        const handle = await open(temporary, 'w', 0o600);
        try {
          await handle.writeFile(text);
          // Keeps the window in which a reader may see a write vanish until its writer
          // writes it again as short as one read: whole lines only, a line still being
          // written is its writer's to repeat.
          const rest = await readRest(old, end);
          await handle.writeFile(rest.subarray(0, rest.lastIndexOf(0x0a) + 1));
          // On disk before it replaces the old file: a power cut must not leave an empty log.
          await handle.datasync();
        } finally {
          await handle.close();
        }
        await rename(temporary, this.file);
      } finally {
        await old.close();
      }
    });
  }

  private get lockFile(): string {
    return `${this.file}.lock`;
  }

  /**
   * Whether a write through `handle` is safe from compaction: true when no compaction holds
   * the lock and the path still names the file written to; false when the file was
   * replaced (write again). While a compaction holds the lock it may have read the file
   * before or after the write — unknowable — so the append waits for it to end.
   *
   * The order of the two looks matters: a compaction that read the file before our write
   * and renames after it holds the lock all along, so either the lock is seen, or — it was
   * released, after the rename — the stat that follows sees the new inode.
   */
  private async isSettled(handle: FileHandle): Promise<boolean> {
    const mine = await handle.stat();
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    for (let wait = 1; await isLockHeld(this.lockFile); wait = Math.min(wait * 2, 50)) {
      if (Date.now() > deadline)
        throw new Error(
          `the compaction lock ${this.lockFile} is held by another process for too long`,
        );
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    // The handle keeps our file alive, so no other file can have its inode number now.
    return statSync(this.file, { throwIfNoEntry: false })?.ino === mine.ino;
  }
}

/** As long as a compaction may take before an append gives up waiting (unacknowledged). */
const SETTLE_TIMEOUT_MS = 30_000;

interface FileIdentity {
  readonly ino: number;
  readonly birthtimeMs: number;
}

/**
 * Whether two stats are of one file. The inode number alone is not enough: once a compacted
 * file is gone, the file system gives its number to the next one created (ext4 does so at
 * once), and a reader that missed the files in between would take the new file for the one
 * it folded. The birth time tells them apart where the file system records it (ext4, xfs,
 * btrfs, tmpfs). Where it does not, Node reports 0 (the inode decides alone, as before) or,
 * without statx, the change time — then a reader folds from the start more often than
 * needed, never less.
 */
function isSameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.ino === b.ino && a.birthtimeMs === b.birthtimeMs;
}

async function readRest(handle: FileHandle, offset: number): Promise<Buffer> {
  const { size } = await handle.stat();
  if (size <= offset) return Buffer.alloc(0);
  const buffer = Buffer.alloc(size - offset);
  let read = 0;
  while (read < buffer.length) {
    const { bytesRead } = await handle.read(buffer, read, buffer.length - read, offset + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return buffer.subarray(0, read);
}

function foldText(state: FoldedState, text: string): void {
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let op: LogOp;
    try {
      op = JSON.parse(line) as LogOp;
    } catch {
      // A line cut short by a crash (what follows it starts on a line of its own): skipped.
      continue;
    }
    applyOp(state, op);
  }
}

export function applyOp(state: FoldedState, op: LogOp): void {
  if (op.op === 'put') state.set(op.key, op.value);
  else if (op.op === 'delete') state.delete(op.key);
  else {
    const current = state.get(op.key);
    if (current !== undefined && typeof current === 'object' && current !== null)
      state.set(op.key, { ...current, ...op.value });
  }
}
