import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { meshSchedules } from '../../src/core/jobs/mesh-schedules.ts';
import { parseCron } from '../../src/core/jobs/cron-schedule.ts';
import { buildMeshModel } from '../../src/core/mesh/mesh-model.ts';
import { validateMesh } from '../../src/core/validate/validate-mesh.ts';
import { contract, domain, meshFromFiles, organisation, product } from '../support/mesh-fixture.ts';

function scheduled(value: unknown): unknown {
  return {
    ...(product({ id: 'orders', domain: 'sales', outputs: ['orders-out'] }) as object),
    customProperties: [
      { property: 'meshworkKind', value: 'source-aligned' },
      { property: 'meshworkSchedule', value },
    ],
  };
}

function mesh(schedule: unknown, timezone?: string, sourceSchedule?: unknown) {
  return meshFromFiles({
    'meshwork.yaml':
      timezone === undefined ? organisation : { ...organisation, defaults: { timezone } },
    'domains/sales/domain.yaml': domain('sales'),
    'domains/sales/orders/product.odps.yaml': scheduled(schedule),
    'domains/sales/orders/orders-out.odcs.yaml': contract('orders-out'),
    'sources/erp/customers.odcs.yaml': {
      ...(contract('erp-customers') as object),
      ...(sourceSchedule === undefined
        ? {}
        : { customProperties: [{ property: 'meshworkSchedule', value: sourceSchedule }] }),
    },
  });
}

describe('meshworkSchedule', () => {
  it('reads product and source-contract schedules in the mesh time zone (UTC by default)', () => {
    const utc = meshSchedules(buildMeshModel(mesh('*/5 * * * *').documents));
    assert.equal(utc.timezone, 'UTC');
    assert.deepEqual(utc.findings, []);
    assert.deepEqual(utc.entries, [
      { kind: 'build-product', target: 'orders', cron: '*/5 * * * *' },
    ]);
    const berlin = meshSchedules(
      buildMeshModel(mesh('0 6 * * *', 'Europe/Berlin', '30 2 * * 1').documents),
    );
    assert.equal(berlin.timezone, 'Europe/Berlin');
    assert.deepEqual(
      berlin.entries.map((e) => `${e.kind} ${e.target} ${e.cron}`),
      ['build-product orders 0 6 * * *', 'test-contract erp-customers 30 2 * * 1'],
    );
  });

  it('evaluates 06:00 in Europe/Berlin as 05:00 UTC in winter and 04:00 UTC in summer', () => {
    const check = parseCron('0 6 * * *', 'Europe/Berlin');
    assert.ok(check.ok);
    assert.equal(
      check.cron.nextAfter(new Date('2026-01-10T12:00:00Z'))?.toISOString(),
      '2026-01-11T05:00:00.000Z',
    );
    assert.equal(
      check.cron.nextAfter(new Date('2026-07-10T12:00:00Z'))?.toISOString(),
      '2026-07-11T04:00:00.000Z',
    );
    assert.equal(
      check.cron.latestAtOrBefore(new Date('2026-07-11T04:00:00Z'))?.toISOString(),
      '2026-07-11T04:00:00.000Z',
    );
    assert.equal(
      check.cron.latestAtOrBefore(new Date('2026-07-11T03:59:59Z'))?.toISOString(),
      '2026-07-10T04:00:00.000Z',
    );
  });

  const cases: [unknown, string][] = [
    ['61 * * * *', 'invalid-schedule'],
    ['* * * *', 'invalid-schedule'],
    ['every day', 'invalid-schedule'],
    ['*/10 * * * * *', 'schedule-too-frequent'],
    ['0 0 30 2 *', 'schedule-never-fires'],
    [15, 'schedule-not-a-string'],
    ['* '.repeat(300), 'invalid-schedule'],
  ];
  for (const [value, code] of cases) {
    it(`validate reports ${code} for ${JSON.stringify(value).slice(0, 30)} at the value's line and column`, async () => {
      const findings = await validateMesh(mesh(value), { sqlParser: null as never });
      const found = findings.filter((f) => f.code === code);
      assert.equal(found.length, 1, JSON.stringify(findings, null, 1));
      const [finding] = found;
      assert.equal(finding!.file, 'domains/sales/orders/product.odps.yaml');
      assert.equal(finding!.path, '$.customProperties[1].value');
      assert.equal(finding!.severity, 'error');
      assert.ok(finding!.line > 1 && finding!.column > 1);
      assert.ok(finding!.hint.length > 0);
      assert.ok(finding!.message.length < 400, 'a long value is cut in the message');
      assert.deepEqual(meshSchedules(buildMeshModel(mesh(value).documents)).entries, []);
    });
  }

  it('reports an unknown time zone at meshwork.yaml and falls back to UTC', async () => {
    const findings = await validateMesh(mesh('0 6 * * *', 'Europe/Atlantis'), {
      sqlParser: null as never,
    });
    const bad = findings.find((f) => f.code === 'invalid-timezone');
    assert.ok(bad, JSON.stringify(findings));
    assert.equal(bad.file, 'meshwork.yaml');
    assert.equal(bad.path, '$.defaults.timezone');
    assert.equal(
      meshSchedules(buildMeshModel(mesh('0 6 * * *', 'Europe/Atlantis').documents)).timezone,
      'UTC',
    );
  });
});
