import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SlaPromise } from '../../src/core/sla/index.ts';
import {
  evaluateFrequency,
  evaluateLatency,
  evaluateTimeOfAvailability,
  slaPromisesOf,
} from '../../src/core/sla/index.ts';

const promise = (overrides: Partial<SlaPromise> = {}): SlaPromise => ({
  port: 'orders',
  contractId: 'orders',
  sla: 'latency',
  kind: 'latency',
  value: 1,
  unit: 'd',
  element: { object: 'orders', column: 'created' },
  promised: 'latency ≤ 1 d',
  ...overrides,
});

describe('which SLAs are monitored, and their keys', () => {
  it('takes latency (and its alias freshness), frequency and timeOfAvailability; keys by id, else kind', () => {
    const promises = slaPromisesOf(
      'orders',
      'c1',
      [
        { property: 'latency', value: 1, unit: 'd', element: 'orders.created' },
        { property: 'Freshness', value: 4, unit: 'h' },
        { id: 'daily', property: 'frequency', value: 1, unit: 'd' },
        { property: 'timeOfAvailability', value: '09:00-08:00' },
        { property: 'retention', value: 1, unit: 'y' },
        { property: 'generalAvailability', value: '2026-01-01' },
        { value: 1 },
      ],
      'orders.updated',
    );
    assert.deepEqual(
      promises.map((p) => [
        p.sla,
        p.kind,
        p.element ? `${p.element.object}.${p.element.column}` : null,
      ]),
      [
        ['latency', 'latency', 'orders.created'],
        ['latency[2]', 'latency', 'orders.updated'],
        ['daily', 'frequency', 'orders.updated'],
        ['timeOfAvailability', 'timeOfAvailability', 'orders.updated'],
      ],
    );
  });
});

describe('latency is judged on the age of the newest value the engine measured', () => {
  it('is met within the promise and breached beyond it', () => {
    const built = '2026-12-05T10:00:00.000Z';
    const met = evaluateLatency(promise(), built, { ok: true, ageSeconds: 86_400 });
    assert.equal(met.state, 'met');
    assert.equal(met.reason, null);
    const breached = evaluateLatency(promise(), built, { ok: true, ageSeconds: 86_401 });
    assert.equal(breached.state, 'breached');
    assert.equal(breached.observed, '86401 s');
    assert.match(breached.message, /86401 s old; at most 86400 s/);
  });

  it('is unknown with the reason when it cannot be judged — never met', () => {
    const built = '2026-12-05T10:00:00.000Z';
    const cases = [
      [evaluateLatency(promise({ element: null }), built, null), 'no-element'],
      [evaluateLatency(promise(), null, null), 'not-built'],
      [
        evaluateLatency(promise(), built, { ok: false, message: 'no such column' }),
        'measure-failed',
      ],
      [evaluateLatency(promise(), built, { ok: true, ageSeconds: null }), 'no-data'],
      [
        evaluateLatency(promise({ value: 'soon' }), built, { ok: true, ageSeconds: 1 }),
        'invalid-amount',
      ],
      [
        evaluateLatency(promise({ unit: 'fortnight' }), built, { ok: true, ageSeconds: 1 }),
        'invalid-amount',
      ],
      [
        evaluateLatency(promise({ value: -1 }), built, { ok: true, ageSeconds: 1 }),
        'invalid-amount',
      ],
    ] as const;
    for (const [evaluation, reason] of cases) {
      assert.equal(evaluation.state, 'unknown', reason);
      assert.equal(evaluation.reason, reason);
      assert.ok(evaluation.message.length > 0);
    }
    const failed = evaluateLatency(promise(), built, { ok: false, message: 'no such column' });
    assert.match(failed.message, /no such column/);
  });
});

describe('frequency is judged on the last successful build', () => {
  const now = new Date('2026-12-05T12:00:00.000Z');
  const frequency = promise({
    sla: 'frequency',
    kind: 'frequency',
    value: 6,
    unit: 'h',
    element: null,
  });

  it('is met while the served snapshot is younger than a period, breached after', () => {
    assert.equal(evaluateFrequency(frequency, '2026-12-05T06:00:00.000Z', now).state, 'met');
    const late = evaluateFrequency(frequency, '2026-12-05T05:59:59.000Z', now);
    assert.equal(late.state, 'breached');
    assert.equal(late.observed, '2026-12-05T05:59:59.000Z');
  });

  it('is unknown without a build or with a cron text it cannot read as a period', () => {
    assert.equal(evaluateFrequency(frequency, null, now).reason, 'not-built');
    const cron = evaluateFrequency(
      { ...frequency, value: '0 6 * * *', unit: null },
      '2026-12-05T06:00:00.000Z',
      now,
    );
    assert.equal(cron.state, 'unknown');
    assert.equal(cron.reason, 'invalid-amount');
  });
});

describe('time of availability is judged in the mesh time zone', () => {
  const toa = promise({
    sla: 'timeOfAvailability',
    kind: 'timeOfAvailability',
    value: '09:00-08:00',
    element: null,
  });
  const berlin = 'Europe/Berlin';

  it('after the promised time, a build of today (local) must be served', () => {
    // 09:30 in Berlin in winter is 08:30 UTC; local midnight is 23:00 UTC the day before.
    const now = new Date('2026-12-05T08:30:00.000Z');
    assert.equal(
      evaluateTimeOfAvailability(toa, '2026-12-04T23:00:00.000Z', now, berlin).state,
      'met',
    );
    const stale = evaluateTimeOfAvailability(toa, '2026-12-04T22:59:59.000Z', now, berlin);
    assert.equal(stale.state, 'breached');
    assert.match(stale.message, /data of 2026-12-05 was due by 09:00 \(Europe\/Berlin\)/);
  });

  it('before the promised time, yesterday’s build suffices', () => {
    const now = new Date('2026-12-05T07:30:00.000Z'); // 08:30 in Berlin
    assert.equal(
      evaluateTimeOfAvailability(toa, '2026-12-03T23:00:00.000Z', now, berlin).state,
      'met',
    );
    assert.equal(
      evaluateTimeOfAvailability(toa, '2026-12-03T22:59:00.000Z', now, berlin).state,
      'breached',
    );
  });

  it('follows daylight saving time (summer: UTC+2)', () => {
    const now = new Date('2026-07-01T07:30:00.000Z'); // 09:30 in Berlin
    assert.equal(
      evaluateTimeOfAvailability(toa, '2026-06-30T22:00:00.000Z', now, berlin).state,
      'met',
    );
    assert.equal(
      evaluateTimeOfAvailability(toa, '2026-06-30T21:59:00.000Z', now, berlin).state,
      'breached',
    );
    // The same instant in UTC is before 09:00: yesterday's build is enough there.
    assert.equal(
      evaluateTimeOfAvailability(toa, '2026-06-30T00:00:00.000Z', now, 'UTC').state,
      'met',
    );
  });

  it('is unknown for an unreadable time, an unknown zone or no build', () => {
    const now = new Date('2026-12-05T12:00:00.000Z');
    const built = '2026-12-05T06:00:00.000Z';
    for (const value of ['9 o’clock', '25:00', '09:75', 9, null, 'x'.repeat(10_000)])
      assert.equal(
        evaluateTimeOfAvailability({ ...toa, value }, built, now, berlin).reason,
        'invalid-time',
        String(value).slice(0, 20),
      );
    assert.equal(
      evaluateTimeOfAvailability(toa, built, now, 'Mars/Olympus').reason,
      'invalid-time-zone',
    );
    assert.equal(evaluateTimeOfAvailability(toa, null, now, berlin).reason, 'not-built');
  });
});
