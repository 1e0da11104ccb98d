import { constants, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, rename, stat, writeFile } from 'node:fs/promises';
import { withLock } from './lock-file.ts';

/**
 * One collection of the embedded store: an append-only file of JSON lines, each an
 * operation on a keyed value. Every process folds the file into a map in memory and, before
 * each read, folds whatever other processes appended since (the file grew) or starts over
 * (the file was compacted: another inode).
 *
 * Operations are idempotent (put, patch, delete by key), so a line written twice changes
 * nothing; that is what makes the one race of compaction harmless: an append that lands
 * in the old file after the compactor's last look is written again to the new file.
 */
export type LogOp =
  | { readonly op: 'put'; readonly key: string; readonly value: unknown }
  | { readonly op: 'patch'; readonly key: string; readonly value: Record<string, unknown> }
  | { readonly op: 'delete'; readonly key: string };

/** Insertion order is kept: a value stays at the place of its first put. */
export type FoldedState = Map<string, unknown>;

export class CollectionLog {
  private state: FoldedState = new Map();
  private inode = -1;
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

  /** Appends operations with one write on an O_APPEND descriptor: whole lines never interleave. */
  async append(ops: readonly LogOp[]): Promise<void> {
    const text = ops.map((op) => `${JSON.stringify(op)}\n`).join('');
    for (;;) {
      const handle = await open(
        this.file,
        constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT,
      );
      try {
        await handle.write(text);
        if (await this.isCurrent(handle)) break;
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
    if (quick.ino === this.inode && quick.size === this.offset) return this.state;
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
      if (info.ino !== this.inode || info.size < this.offset) {
        this.state = new Map();
        this.inode = info.ino;
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
   * Rewrites the file as one put per live value, under the store's exclusive lock. Readers
   * notice the new inode and fold it from the start.
   */
  async compact(): Promise<void> {
    await withLock(`${this.file}.lock`, async () => {
      const old = await open(this.file, 'r').catch(() => null);
      if (!old) return;
      try {
        const bytes = await old.readFile();
        const fresh = new Map<string, unknown>();
        const end = bytes.lastIndexOf(0x0a) + 1;
        foldText(fresh, bytes.subarray(0, end).toString('utf8'));
        const lines = [...fresh].map(([key, value]) => JSON.stringify({ op: 'put', key, value }));
        const temporary = `${this.file}.compact-${process.pid}`;
        await writeFile(temporary, lines.map((l) => `${l}\n`).join(''));
        await rename(temporary, this.file);
        // Whatever reached the old file between our read and the rename moves over too.
        const rest = await readRest(old, end);
        if (rest.length > 0) await this.appendRaw(rest);
      } finally {
        await old.close();
      }
    });
  }

  private async appendRaw(bytes: Buffer): Promise<void> {
    const handle = await open(this.file, constants.O_WRONLY | constants.O_APPEND);
    try {
      await handle.write(bytes);
    } finally {
      await handle.close();
    }
  }

  private async isCurrent(handle: FileHandle): Promise<boolean> {
    const [mine, current] = await Promise.all([handle.stat(), stat(this.file).catch(() => null)]);
    return current !== null && current.ino === mine.ino;
  }
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
      // A line cut short by a crash, with the next append glued to it: skipped.
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
