import type { Sha256Hex } from './chain.ts';
import { entryHash, GENESIS_HASH } from './chain.ts';

export type ChainBreakKind = 'edited' | 'deleted' | 'inserted' | 'reordered';

/** The first entry of the log that is not where an intact chain would have it. */
export interface ChainBreak {
  readonly kind: ChainBreakKind;
  /** 1-based place of the entry in the log as stored (equal to its seq in an intact chain). */
  readonly position: number;
  /** The seq the entry carries, null when it carries none. */
  readonly seq: number | null;
  readonly id: string;
  readonly message: string;
}

export type ChainVerdict =
  | {
      readonly ok: true;
      readonly count: number;
      readonly headSeq: number;
      readonly headHash: string;
    }
  | { readonly ok: false; readonly count: number; readonly broken: ChainBreak };

/** What verification reads of a stored entry; anything may have been written into a store. */
export interface StoredChainEntry {
  readonly seq: unknown;
  readonly id: unknown;
  readonly prevHash: unknown;
  readonly hash: unknown;
}

interface Seen {
  readonly seq: number;
  readonly id: string;
  readonly hash: string;
}

interface Suspect {
  readonly position: number;
  readonly seq: number | null;
  readonly id: string;
  readonly target: string;
}

/**
 * Checks a log entry by entry, oldest first, so a store can be verified page by page.
 * Every entry must match its own hash, name the hash of the entry before, and carry the
 * seq of its place. The first entry that does not is named; what happened to it is told
 * from the links:
 *
 * - its content does not match its hash → **edited**;
 * - it is chained to an entry further back → the entries in between are **inserted**, and
 *   the first of them is named (it may look right on its own, with a recomputed hash and
 *   a valid link — its successor's link is what it cannot fake);
 * - it is chained to an entry that comes later → **reordered**;
 * - it is chained to a hash no entry has: with a gap in the seqs the entries before it
 *   were **deleted**; without one, the entry before it was **edited** and its hash
 *   recomputed (or an entry deleted and the rest renumbered — the links cannot tell).
 *
 * Holds the seq, id and hash of every entry up to the first break (≈ 150 bytes each), to
 * find what an entry is chained to; after a break it only looks for one hash.
 */
export class ChainVerifier {
  private readonly seen: Seen[] = [];
  private readonly positionOf = new Map<string, number>();
  private count = 0;
  private broken: ChainBreak | null = null;
  private suspect: Suspect | null = null;

  constructor(private readonly sha256: Sha256Hex) {}

  /** Whether the outcome is settled, so that reading more entries changes nothing. */
  get settled(): boolean {
    return this.broken !== null;
  }

  push(entry: StoredChainEntry): void {
    const index = this.count++;
    if (this.broken) return;
    if (this.suspect) {
      if (entry.hash === this.suspect.target) this.broken = reordered(this.suspect, index);
      return;
    }
    const seq = typeof entry.seq === 'number' ? entry.seq : null;
    const id = typeof entry.id === 'string' ? entry.id : String(entry.id);
    const position = index + 1;
    const here = `entry ${position} (seq ${seq ?? 'none'}, id ${shownId(id)})`;
    const previous = this.seen[index - 1];
    if (typeof entry.hash !== 'string' || entryHash(this.sha256, entry) !== entry.hash) {
      this.broken = {
        kind: 'edited',
        position,
        seq,
        id,
        message: `${here} does not match its hash: a field of it was changed`,
      };
      return;
    }
    if (entry.prevHash === (previous?.hash ?? GENESIS_HASH)) {
      if (seq !== position) {
        this.broken = {
          kind: 'edited',
          position,
          seq,
          id,
          message: `${here} is linked in place but numbered ${seq ?? 'not at all'} instead of ${position}: its seq was changed`,
        };
        return;
      }
      this.seen.push({ seq, id, hash: entry.hash });
      this.positionOf.set(entry.hash, index);
      return;
    }
    const target = typeof entry.prevHash === 'string' ? entry.prevHash : '';
    const before = target === GENESIS_HASH ? -1 : this.positionOf.get(target);
    if (before !== undefined) {
      const first = this.seen[before + 1];
      if (first) {
        const inserted = index - before - 1;
        this.broken = {
          kind: 'inserted',
          position: before + 2,
          seq: first.seq,
          id: first.id,
          message: `entry ${before + 2} (seq ${first.seq}, id ${shownId(first.id)}) was inserted: ${here} is chained to ${before === -1 ? 'the start of the chain' : `entry ${before + 1}`}, so the ${inserted === 1 ? 'entry' : `${inserted} entries`} in between ${inserted === 1 ? 'is' : 'are'} not part of it`,
        };
        return;
      }
    }
    this.suspect = { position, seq, id, target };
  }

  finish(): ChainVerdict {
    if (this.suspect && !this.broken) this.broken = this.missing(this.suspect);
    if (this.broken) return { ok: false, count: this.count, broken: this.broken };
    const head = this.seen[this.seen.length - 1];
    return {
      ok: true,
      count: this.count,
      headSeq: head?.seq ?? 0,
      headHash: head?.hash ?? GENESIS_HASH,
    };
  }

  /** Chained to a hash that no entry of the log has. */
  private missing(suspect: Suspect): ChainBreak {
    const here = `entry ${suspect.position} (seq ${suspect.seq ?? 'none'}, id ${shownId(suspect.id)})`;
    const previous = this.seen[suspect.position - 2];
    const lastMissing = (suspect.seq ?? 0) - 1;
    const gap = lastMissing >= suspect.position;
    if (gap || !previous)
      return {
        kind: 'deleted',
        position: suspect.position,
        seq: suspect.seq,
        id: suspect.id,
        message: `${here} is chained to an entry that is no longer in the log: ${gap ? `seq ${suspect.position}${lastMissing > suspect.position ? `–${lastMissing}` : ''} deleted` : 'the entries before it were deleted'}`,
      };
    return {
      kind: 'edited',
      position: suspect.position - 1,
      seq: previous.seq,
      id: previous.id,
      message: `entry ${suspect.position - 1} (seq ${previous.seq}, id ${shownId(previous.id)}) is not the entry ${here} was chained to: it was rewritten with a recomputed hash (or an entry after it was deleted and the rest renumbered)`,
    };
  }
}

function reordered(suspect: Suspect, laterIndex: number): ChainBreak {
  return {
    kind: 'reordered',
    position: suspect.position,
    seq: suspect.seq,
    id: suspect.id,
    message: `entry ${suspect.position} (seq ${suspect.seq ?? 'none'}, id ${shownId(suspect.id)}) is chained to entry ${laterIndex + 1}, which comes after it: entries were reordered`,
  };
}

/**
 * An id as messages show it: quoted with control characters escaped and cut at 100
 * characters. Ids come from the store, which is what verification distrusts — an id
 * holding terminal escapes could otherwise overwrite the very line that reports the break.
 */
export function shownId(id: string): string {
  return JSON.stringify(id.length > 100 ? `${id.slice(0, 100)}…` : id);
}

/** Verifies a whole log held in memory. */
export function verifyChain(sha256: Sha256Hex, entries: Iterable<StoredChainEntry>): ChainVerdict {
  const verifier = new ChainVerifier(sha256);
  for (const entry of entries) verifier.push(entry);
  return verifier.finish();
}
