import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ChainedAuditEntry, ChainVerdict } from '../../src/core/audit/index.ts';
import {
  canonicalJson,
  chainAfter,
  entryHash,
  GENESIS_HASH,
  normalizeAuditEntry,
  verifyChain,
} from '../../src/core/audit/index.ts';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function chain(length: number): ChainedAuditEntry[] {
  const entries: ChainedAuditEntry[] = [];
  for (let i = 1; i <= length; i++)
    entries.push(
      chainAfter(sha256, entries[entries.length - 1] ?? null, {
        id: `e${i}`,
        at: `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`,
        actor: i % 2 === 0 ? 'anna' : 'bert',
        action: 'auth.login',
        target: null,
        details: { attempt: i },
      }),
    );
  return entries;
}

/** A new entry chained after `prev` with a correct hash of its own: what a forger can make. */
function forge(prev: ChainedAuditEntry, seq: number): ChainedAuditEntry {
  const entry = chainAfter(sha256, prev, {
    id: 'forged',
    at: prev.at,
    actor: 'mallory',
    action: 'grant.create',
    target: 'sales-orders',
    details: {},
  });
  return { ...entry, seq };
}

function broken(verdict: ChainVerdict) {
  assert.equal(verdict.ok, false, 'the chain is reported broken');
  if (verdict.ok) throw new Error('unreachable');
  return verdict.broken;
}

function rehash(entry: ChainedAuditEntry): ChainedAuditEntry {
  return { ...entry, hash: entryHash(sha256, entry) };
}

describe('audit chain', () => {
  it('writes canonical JSON: sorted keys, no whitespace, as JSON.stringify writes values', () => {
    assert.equal(
      canonicalJson({ b: 1, a: [1, 'x', null, true], c: { z: 'ü\n"', y: 2.5 }, u: undefined }),
      '{"a":[1,"x",null,true],"b":1,"c":{"y":2.5,"z":"ü\\n\\""}}',
    );
  });

  it('hashes the canonical JSON of the entry with prevHash, without seq and hash', () => {
    const [first] = chain(1);
    assert.ok(first);
    assert.equal(first.seq, 1);
    assert.equal(first.prevHash, GENESIS_HASH);
    assert.equal(
      first.hash,
      sha256(
        `{"action":"auth.login","actor":"bert","at":"2026-01-01T00:00:01.000Z","details":{"attempt":1},"id":"e1","prevHash":"${GENESIS_HASH}","target":null}`,
      ),
    );
  });

  it('stores only what every store can hold: lone surrogates and NUL become U+FFFD, extra fields go', () => {
    const input = {
      id: 'x',
      at: 't',
      actor: 'a\ud800b\u0000',
      action: 'auth.login-failed',
      target: '\udc00',
      details: { ok: true, bad: Number.NaN, emoji: '😀' },
      extra: 'not stored',
    };
    assert.deepEqual(normalizeAuditEntry(input), {
      id: 'x',
      at: 't',
      actor: 'a\ufffdb\ufffd',
      action: 'auth.login-failed',
      target: '\ufffd',
      details: { ok: true, bad: null, emoji: '😀' },
    });
  });

  it('passes an intact chain and reports its length and head', () => {
    const entries = chain(6);
    assert.deepEqual(verifyChain(sha256, entries), {
      ok: true,
      count: 6,
      headSeq: 6,
      headHash: entries[5]!.hash,
    });
    assert.deepEqual(verifyChain(sha256, []), {
      ok: true,
      count: 0,
      headSeq: 0,
      headHash: GENESIS_HASH,
    });
  });

  it('names an edited entry', () => {
    const entries = chain(6);
    entries[3] = { ...entries[3]!, actor: 'someone-else' };
    assert.deepEqual(pick(broken(verifyChain(sha256, entries))), {
      kind: 'edited',
      position: 4,
      seq: 4,
      id: 'e4',
    });
  });

  it('names an entry edited with its own hash recomputed (its successor still names the old one)', () => {
    const entries = chain(6);
    entries[3] = rehash({ ...entries[3]!, details: { attempt: 99 } });
    const found = broken(verifyChain(sha256, entries));
    assert.deepEqual(pick(found), { kind: 'edited', position: 4, seq: 4, id: 'e4' });
    assert.match(found.message, /recomputed hash/);
  });

  it('names an entry whose seq alone was changed', () => {
    const entries = chain(4);
    entries[2] = { ...entries[2]!, seq: 7 };
    assert.deepEqual(pick(broken(verifyChain(sha256, entries))), {
      kind: 'edited',
      position: 3,
      seq: 7,
      id: 'e3',
    });
  });

  it('names the entry after a deleted one, and the missing seqs', () => {
    const entries = chain(6);
    entries.splice(2, 2);
    const found = broken(verifyChain(sha256, entries));
    assert.deepEqual(pick(found), { kind: 'deleted', position: 3, seq: 5, id: 'e5' });
    assert.match(found.message, /seq 3–4 deleted/);
    const first = chain(3).slice(1);
    assert.deepEqual(pick(broken(verifyChain(sha256, first))), {
      kind: 'deleted',
      position: 1,
      seq: 2,
      id: 'e2',
    });
  });

  it('names an inserted entry, even one with a valid link and its own hash recomputed', () => {
    const entries = chain(6);
    entries.splice(3, 0, forge(entries[2]!, 4));
    const found = broken(verifyChain(sha256, entries));
    assert.deepEqual(pick(found), { kind: 'inserted', position: 4, seq: 4, id: 'forged' });
    const atStart = chain(3);
    const forged = chainAfter(sha256, null, { ...atStart[0]!, id: 'forged' });
    atStart.unshift(forged);
    assert.deepEqual(pick(broken(verifyChain(sha256, atStart))), {
      kind: 'inserted',
      position: 1,
      seq: 1,
      id: 'forged',
    });
  });

  it('names the first entry out of place when entries were swapped (with or without their seqs)', () => {
    // The embedded store: lines swapped, each keeps its seq.
    const lines = chain(7);
    [lines[2], lines[5]] = [lines[5]!, lines[2]!];
    assert.deepEqual(pick(broken(verifyChain(sha256, lines))), {
      kind: 'reordered',
      position: 3,
      seq: 6,
      id: 'e6',
    });
    // PostgreSQL: the seqs swapped, so the order by seq changes and the numbers stay in place.
    const rows = chain(7);
    const third = rows[2]!;
    const fourth = rows[3]!;
    rows[2] = { ...fourth, seq: 3 };
    rows[3] = { ...third, seq: 4 };
    assert.deepEqual(pick(broken(verifyChain(sha256, rows))), {
      kind: 'reordered',
      position: 3,
      seq: 3,
      id: 'e4',
    });
  });

  it('cannot see the newest entries cut off: that is what an anchored head hash is for', () => {
    const entries = chain(5);
    const verdict = verifyChain(sha256, entries.slice(0, 3));
    assert.equal(verdict.ok, true);
  });

  it('reports garbage in a store as an edited entry, never throws', () => {
    const entries: object[] = chain(3);
    entries[1] = { seq: 'two', id: 2, prevHash: null, hash: 42 };
    assert.deepEqual(pick(broken(verifyChain(sha256, entries as ChainedAuditEntry[]))), {
      kind: 'edited',
      position: 2,
      seq: null,
      id: '2',
    });
  });
});

function pick(b: { kind: string; position: number; seq: number | null; id: string }) {
  return { kind: b.kind, position: b.position, seq: b.seq, id: b.id };
}
