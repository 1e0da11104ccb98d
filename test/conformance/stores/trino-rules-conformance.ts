import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { TrinoRulesToPublish } from '../../../src/app/store/store.ts';
import type { StoreUnderTest } from './store-conformance.ts';
import { storeFixtures } from './store-conformance.ts';

function set(name: string, by = 'server-a'): TrinoRulesToPublish {
  const rules = `${JSON.stringify({ tables: [{ user: name, privileges: [] }] }, null, 2)}\n`;
  const groups = `team_${name}:${name}\n`;
  return {
    hash: createHash('sha256').update(rules).update('\u0000').update(groups).digest('hex'),
    rules,
    groups,
    publishedAt: '2026-12-05T10:00:00.000Z',
    publishedBy: by,
  };
}

/**
 * The published Trino rules (issue 14), for every store: versions count up, the same set
 * is a no-op, a publish not built on the version in force is refused (so of two servers
 * publishing at once exactly one wins and none goes backwards), and two instances over one
 * backing read one set.
 */
export function describeTrinoRulesConformance(subject: StoreUnderTest): void {
  describe(`store conformance, published Trino rules: ${subject.name}`, () => {
    const { backing, openOn, empty } = storeFixtures(subject);

    it('has none at first; publishes version 1, 2, … and reads back the exact texts', async () => {
      const store = await empty();
      assert.equal(await store.trinoRules.current(), null);
      const one = await store.trinoRules.publish(set('one'), 0);
      assert.equal(one.outcome, 'published');
      assert.deepEqual(await store.trinoRules.current(), { ...set('one'), version: 1 });
      const two = await store.trinoRules.publish(set('two', 'server-b'), 1);
      assert.deepEqual(two, {
        outcome: 'published',
        current: { ...set('two', 'server-b'), version: 2 },
      });
      assert.deepEqual(await store.trinoRules.current(), { ...set('two', 'server-b'), version: 2 });
    });

    it('the same set again is a no-op, whatever version it expected', async () => {
      const store = await empty();
      await store.trinoRules.publish(set('one'), 0);
      const again = await store.trinoRules.publish({ ...set('one'), publishedBy: 'server-b' }, 0);
      assert.equal(again.outcome, 'unchanged');
      assert.deepEqual(await store.trinoRules.current(), { ...set('one'), version: 1 });
    });

    it('refuses a publish built on an older version, and on one not yet there', async () => {
      const store = await empty();
      await store.trinoRules.publish(set('one'), 0);
      await store.trinoRules.publish(set('two'), 1);
      const stale = await store.trinoRules.publish(set('three'), 1);
      assert.equal(stale.outcome, 'conflict');
      assert.equal(stale.current?.version, 2);
      assert.equal((await store.trinoRules.publish(set('three'), 0)).outcome, 'conflict');
      assert.equal((await store.trinoRules.publish(set('three'), 7)).outcome, 'conflict');
      assert.deepEqual(await store.trinoRules.current(), { ...set('two'), version: 2 });
    });

    it('of publishes at once from two instances on one version exactly one wins', async () => {
      const b = await backing();
      const one = await openOn(b);
      const two = await openOn(b);
      // Twice: once before any set exists (nothing to lock yet), once on version 1.
      for (const expected of [0, 1]) {
        const outcomes = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            (i % 2 === 0 ? one : two).trinoRules.publish(set(`v${expected}-${i}`), expected),
          ),
        );
        const won = outcomes.filter((o) => o.outcome === 'published');
        assert.equal(won.length, 1, JSON.stringify(outcomes.map((o) => o.outcome)));
        assert.equal(outcomes.filter((o) => o.outcome === 'conflict').length, 7);
        const seenByTwo = await two.trinoRules.current();
        assert.equal(seenByTwo?.version, expected + 1);
        assert.deepEqual(seenByTwo, await one.trinoRules.current());
        assert.deepEqual(seenByTwo, won[0]?.current);
      }
    });

    it('refuses a malformed set and stores nothing', async () => {
      const store = await empty();
      const bad: TrinoRulesToPublish[] = [
        { ...set('x'), hash: 'not-a-hash' },
        { ...set('x'), rules: '' },
        { ...set('x'), publishedAt: 'yesterday' },
        { ...set('x'), publishedBy: '' },
      ];
      for (const next of bad) await assert.rejects(() => store.trinoRules.publish(next, 0));
      await assert.rejects(() => store.trinoRules.publish(set('x'), -1));
      await assert.rejects(() => store.trinoRules.publish(set('x'), 1.5));
      assert.equal(await store.trinoRules.current(), null);
    });
  });
}
