import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  AdoptionSnapshot,
  AdoptionSource,
} from '../../../src/core/adoption/adoption-model.ts';
import type { StoreUnderTest } from './store-conformance.ts';
import { storeFixtures } from './store-conformance.ts';

/**
 * Adoption snapshots (issue 13), for every store: one per day, a measure replaces the day's
 * snapshot, a git backfill never replaces a measure, days listed oldest first within
 * `from`/`to`, paged. Two instances over one backing stand for two processes.
 */
export function describeAdoptionConformance(subject: StoreUnderTest): void {
  describe(`store conformance, adoption snapshots: ${subject.name}`, () => {
    const { backing, openOn } = storeFixtures(subject);

    it('keeps one snapshot per day; the newest measure of a day wins', async () => {
      const store = await openOn(await backing());
      assert.equal(await store.adoption.record(snapshot('2026-03-02', 'index', 3)), true);
      assert.equal(await store.adoption.record(snapshot('2026-03-02', 'schedule', 5)), true);
      const { items } = await store.adoption.list({});
      assert.equal(items.length, 1);
      assert.equal(items[0]?.figures.products, 5);
      assert.equal(items[0]?.source, 'schedule');
      assert.deepEqual(items[0], snapshot('2026-03-02', 'schedule', 5));
    });

    it('a git backfill fills days without a measure and never replaces one', async () => {
      const store = await openOn(await backing());
      await store.adoption.record(snapshot('2026-03-02', 'index', 7));
      assert.equal(await store.adoption.record(snapshot('2026-03-02', 'git', 1)), false);
      assert.equal(await store.adoption.record(snapshot('2026-03-01', 'git', 1)), true);
      assert.equal(await store.adoption.record(snapshot('2026-03-01', 'git', 2)), true);
      // A measure replaces a backfilled day.
      assert.equal(await store.adoption.record(snapshot('2026-03-01', 'index', 4)), true);
      assert.equal(await store.adoption.record(snapshot('2026-03-01', 'git', 9)), false);
      const { items } = await store.adoption.list({});
      assert.deepEqual(
        items.map((s) => [s.day, s.source, s.figures.products]),
        [
          ['2026-03-01', 'index', 4],
          ['2026-03-02', 'index', 7],
        ],
      );
    });

    it('lists oldest first within from and to, in pages, whatever the order of recording', async () => {
      const store = await openOn(await backing());
      for (const day of ['2026-01-05', '2026-01-01', '2026-01-03', '2026-01-02', '2026-01-04'])
        await store.adoption.record(snapshot(day, 'git', Number(day.slice(-1))));
      const days: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await store.adoption.list({
          from: '2026-01-02',
          to: '2026-01-04',
          limit: 2,
          cursor,
        });
        days.push(...page.items.map((s) => s.day));
        cursor = page.next;
        pages++;
      } while (cursor !== null && pages < 10);
      assert.deepEqual(days, ['2026-01-02', '2026-01-03', '2026-01-04']);
      assert.equal(pages, 2);
      assert.equal((await store.adoption.list({ from: '2026-02-01' })).items.length, 0);
      await assert.rejects(store.adoption.list({ cursor: 'not a cursor!' }));
    });

    it('finds the newest snapshot before a day', async () => {
      const store = await openOn(await backing());
      assert.equal(await store.adoption.latestBefore(), null);
      await store.adoption.record(snapshot('2026-01-10', 'index', 1));
      await store.adoption.record(snapshot('2026-01-03', 'git', 2));
      assert.equal((await store.adoption.latestBefore())?.day, '2026-01-10');
      assert.equal((await store.adoption.latestBefore('2026-01-10'))?.day, '2026-01-03');
      assert.equal(await store.adoption.latestBefore('2026-01-03'), null);
    });

    it('two instances sharing the store see each other and keep one snapshot per day', async () => {
      const b = await backing();
      const one = await openOn(b);
      const two = await openOn(b);
      await Promise.all([
        ...Array.from({ length: 6 }, (_, i) =>
          one.adoption.record(snapshot('2026-04-01', 'git', 100 + i)),
        ),
        two.adoption.record(snapshot('2026-04-01', 'index', 42)),
      ]);
      const seen = await one.adoption.list({});
      assert.equal(seen.items.length, 1);
      // Whatever the order, the measure survives every backfill.
      assert.equal(seen.items[0]?.source, 'index');
      assert.equal(seen.items[0]?.figures.products, 42);
      assert.deepEqual((await two.adoption.list({})).items, seen.items);
    });
  });
}

function snapshot(day: string, source: AdoptionSource, products: number): AdoptionSnapshot {
  return {
    day,
    recordedAt: `${day}T12:00:00.000Z`,
    source,
    figures: {
      products,
      productsByDomain: { sales: products, ['__proto__']: 0 },
      productsByStatus: { active: products },
      withOwner: source === 'git' ? null : products,
      withDescription: null,
      withPassingContracts: null,
      consumers: { activeGrants: 2, perProduct: { 'sales-orders': 2 } },
      requests: null,
      quality: null,
      sla: null,
      policyShare: 0.75,
      proposalToActive: { products: 1, medianDays: 3.5 },
    },
    gaps: { withDescription: 'not measured' },
    milestones: {
      'sales-orders': {
        domain: 'sales',
        status: 'active',
        firstSeen: '2026-01-01',
        proposedOn: '2026-01-01',
        activeOn: '2026-01-04',
      },
    },
  };
}
