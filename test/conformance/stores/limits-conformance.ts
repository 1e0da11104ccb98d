import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { SignInFlow } from '../../../src/app/store/store.ts';
import type { StoreUnderTest } from './store-conformance.ts';
import { storeFixtures } from './store-conformance.ts';

const hex = (text: string): string => createHash('sha256').update(text).digest('hex');
const key = (name: string): string => `sign-in-user:${hex(name)}`;
const WINDOW = { limit: 3, windowMs: 60_000 };
const T0 = Date.parse('2026-12-05T10:00:00.000Z');

function flow(name: string, expiresAt: number): SignInFlow {
  return {
    id: hex(name),
    codeVerifier: `verifier-${name}`,
    state: `state-${name}`,
    nonce: `nonce-${name}`,
    returnTo: '/portal/',
    expiresAt,
  };
}

/**
 * Attempt windows and pending sign-in flows (issue 14), for every store: a limit counts
 * the attempts of every instance (process) together and, of a burst, exactly the limit
 * get through; a flow is taken once. Two instances over one backing stand for two
 * server processes behind a load balancer.
 */
export function describeLimitsConformance(subject: StoreUnderTest): void {
  describe(`store conformance, attempt windows and sign-in flows: ${subject.name}`, () => {
    const { backing, openOn, empty } = storeFixtures(subject);

    it('counts up to the limit, then answers the exact wait and counts nothing', async () => {
      const store = await empty();
      const k = key('ada');
      for (let i = 0; i < 3; i++) assert.equal(await store.attempts.reserve(k, WINDOW, T0 + i), 0);
      assert.equal(await store.attempts.reserve(k, WINDOW, T0 + 10), 60_000 - 10);
      // The refused attempt was not counted: the oldest still decides.
      assert.equal(await store.attempts.reserve(k, WINDOW, T0 + 20), 60_000 - 20);
      // The window slides: once the oldest left it, one more is heard.
      assert.equal(await store.attempts.reserve(k, WINDOW, T0 + 60_000), 0);
      assert.equal(await store.attempts.reserve(k, WINDOW, T0 + 60_000), 1);
      // Another key is apart.
      assert.equal(await store.attempts.reserve(key('bob'), WINDOW, T0 + 10), 0);
    });

    it('release takes back one attempt, reset all; both leave other keys alone', async () => {
      const store = await empty();
      const k = key('ada');
      for (let i = 0; i < 3; i++) await store.attempts.reserve(k, WINDOW, T0);
      await store.attempts.release(k, WINDOW, T0);
      assert.equal(await store.attempts.reserve(k, WINDOW, T0), 0);
      assert.ok((await store.attempts.reserve(k, WINDOW, T0)) > 0);
      await store.attempts.reset(k);
      for (let i = 0; i < 3; i++) assert.equal(await store.attempts.reserve(k, WINDOW, T0), 0);
      await store.attempts.release(key('nobody'), WINDOW, T0);
      await store.attempts.reset(key('nobody'));
      assert.ok((await store.attempts.reserve(k, WINDOW, T0)) > 0);
    });

    it('two instances (two servers) count into one limit', async () => {
      const b = await backing();
      const a1 = await openOn(b);
      const a2 = await openOn(b);
      const k = key('ada');
      assert.equal(await a1.attempts.reserve(k, WINDOW, T0), 0);
      assert.equal(await a2.attempts.reserve(k, WINDOW, T0 + 1), 0);
      assert.equal(await a1.attempts.reserve(k, WINDOW, T0 + 2), 0);
      assert.ok((await a2.attempts.reserve(k, WINDOW, T0 + 3)) > 0);
      await a1.attempts.reset(k);
      assert.equal(await a2.attempts.reserve(k, WINDOW, T0 + 4), 0);
    });

    it('of a burst across two instances exactly the limit get through', async () => {
      const b = await backing();
      const one = await openOn(b);
      const two = await openOn(b);
      const k = key('burst');
      const window = { limit: 5, windowMs: 60_000 };
      const waits = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 === 0 ? one : two).attempts.reserve(k, window, T0 + (i % 7)),
        ),
      );
      assert.equal(waits.filter((w) => w === 0).length, 5, JSON.stringify(waits));
    });

    it('refuses a key that is not a hashed one (no username in clear, bounded)', async () => {
      const store = await empty();
      for (const bad of ['ada', 'sign-in-user:ada', `sign-in-user:${hex('a')}x`, 'x'.repeat(500)])
        await assert.rejects(() => store.attempts.reserve(bad, WINDOW, T0), /hashed/);
    });

    it('prunes keys whose attempts all left the window, and only those', async () => {
      const store = await empty();
      await store.attempts.reserve(key('old'), WINDOW, T0);
      await store.attempts.reserve(key('new'), WINDOW, T0 + 50_000);
      assert.equal(await store.attempts.prune(T0 + 10_000), 1);
      assert.equal(await store.attempts.prune(T0 + 10_000), 0);
      // The live key still counts its attempt; the pruned one starts empty.
      await store.attempts.reserve(key('new'), WINDOW, T0 + 50_001);
      await store.attempts.reserve(key('new'), WINDOW, T0 + 50_002);
      assert.ok((await store.attempts.reserve(key('new'), WINDOW, T0 + 50_003)) > 0);
      for (let i = 0; i < 3; i++)
        assert.equal(await store.attempts.reserve(key('old'), WINDOW, T0 + 20_000), 0);
    });

    it('a sign-in flow put by one instance is taken by the other, once', async () => {
      const b = await backing();
      const a1 = await openOn(b);
      const a2 = await openOn(b);
      const f = flow('one', T0 + 600_000);
      await a1.signInFlows.put(f, { now: T0, keep: 100 });
      assert.deepEqual(await a2.signInFlows.take(f.id, T0 + 1000), f);
      assert.equal(await a1.signInFlows.take(f.id, T0 + 1000), null);
      assert.equal(await a2.signInFlows.take(f.id, T0 + 1000), null);
    });

    it('of two takes at once on two instances exactly one gets the flow', async () => {
      const b = await backing();
      const a1 = await openOn(b);
      const a2 = await openOn(b);
      for (let i = 0; i < 5; i++) {
        const f = flow(`race-${i}`, T0 + 600_000);
        await a1.signInFlows.put(f, { now: T0, keep: 100 });
        const taken = await Promise.all([
          a1.signInFlows.take(f.id, T0 + 1),
          a2.signInFlows.take(f.id, T0 + 1),
        ]);
        assert.equal(taken.filter((t) => t !== null).length, 1, `round ${i}`);
      }
    });

    it('an expired flow is not handed out, and is gone after the take', async () => {
      const store = await empty();
      const f = flow('late', T0 + 600_000);
      await store.signInFlows.put(f, { now: T0, keep: 100 });
      assert.equal(await store.signInFlows.take(f.id, T0 + 600_000), null);
      assert.equal(await store.signInFlows.take(f.id, T0), null);
    });

    it('keeps at most `keep` flows: a flood pushes out the oldest, never the newest', async () => {
      const store = await empty();
      const keep = 10;
      for (let i = 0; i <= keep; i++)
        await store.signInFlows.put(flow(`flood-${i}`, T0 + 600_000 + i), { now: T0 + i, keep });
      assert.equal(await store.signInFlows.take(flow('flood-0', 0).id, T0 + 20), null);
      assert.notEqual(await store.signInFlows.take(flow(`flood-${keep}`, 0).id, T0 + 20), null);
      let left = 0;
      for (let i = 1; i < keep; i++)
        if ((await store.signInFlows.take(flow(`flood-${i}`, 0).id, T0 + 20)) !== null) left++;
      assert.ok(left <= keep - 1, String(left));
    });

    it('refuses a flow id that is not a hash (the browser secret itself must not be stored)', async () => {
      const store = await empty();
      await assert.rejects(
        () =>
          store.signInFlows.put(
            { ...flow('x', T0 + 1), id: 'raw-cookie-value' },
            { now: T0, keep: 10 },
          ),
        /SHA-256/,
      );
    });
  });
}
