import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'yaml';
import type { RetentionReport } from '../../src/app/privacy/retention.ts';
import { builtDemo } from '../support/built-demo.ts';
import { cli } from '../support/cli.ts';

/** Contract ids of the demo's product contracts that declare a retention, read from the files. */
function contractsWithRetention(root: string): string[] {
  const ids: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.odcs.yaml')) {
        const doc = parse(readFileSync(path, 'utf8')) as {
          id: string;
          slaProperties?: { property: string }[];
        };
        if (doc.slaProperties?.some((s) => s.property === 'retention')) ids.push(doc.id);
      }
    }
  };
  walk(join(root, 'domains'));
  return ids.sort();
}

async function retention(root: string, ...args: string[]): Promise<RetentionReport> {
  const run = await cli(['retention', root, '--format', 'json', ...args], root, {
    env: { USER: 'dpo' },
  });
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  return JSON.parse(run.stdout) as RetentionReport;
}

describe('meshwork retention on the built Alpine Bikes demo', () => {
  let root: string;
  before(async () => {
    root = await builtDemo('retention-demo', { MESHWORK_SUBJECT_KEY: 'e'.repeat(40) });
    // The demo's data are recent, so nothing is past its years of retention: after the
    // build (whose contract tests check the retention too), daily sales keep 30 days here,
    // so that some rows are due.
    const dailySales = join(root, 'domains/sales/sales-daily-sales/daily-sales.odcs.yaml');
    const text = readFileSync(dailySales, 'utf8');
    const shortened = text.replace(
      /value: 5\n(\s+)unit: y\n(\s+)element: daily_sales\.order_date/,
      'value: 30\n$1unit: d\n$2element: daily_sales.order_date',
    );
    assert.notEqual(shortened, text);
    writeFileSync(dailySales, shortened);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('lists every port with a retention, enforces those with a date element, and says why not the rest', async () => {
    const dry = await retention(root);
    assert.deepEqual(
      [...new Set(dry.ports.map((p) => p.contract))].sort(),
      contractsWithRetention(root),
      'no port with a retention is left out',
    );
    const enforceable = dry.ports.filter((p) => p.status !== 'not-enforceable');
    assert.ok(enforceable.length > 0);
    for (const port of enforceable) {
      assert.ok(port.rows > 0, `${port.port} was built`);
      assert.equal(port.status, port.older > 0 ? 'due' : 'nothing-due');
    }
    for (const port of dry.ports.filter((p) => p.status === 'not-enforceable'))
      assert.ok(port.reason && port.reason.length > 0);

    const applied = await retention(root, '--apply');
    const deleted = applied.ports.filter((p) => p.status === 'deleted');
    assert.deepEqual(
      deleted.map((p) => p.contract),
      ['sales-daily-sales-v1'],
    );
    assert.ok(deleted[0]!.older > 0);
    assert.deepEqual(
      deleted.map((p) => [p.contract, p.older]),
      dry.ports.filter((p) => p.status === 'due').map((p) => [p.contract, p.older]),
    );
    // Read independently: no row older than the cutoff is left in a port that had some.
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      for (const port of deleted) {
        const target = port.targets!.find((t) => t.kind === 'snapshot')!;
        const element = port.retention!.split(' of ')[1]!.split('.')[1]!;
        const file = join(root, target.name).replaceAll("'", "''");
        const left = await connection.runAndReadAll(
          `SELECT count(*) FROM read_parquet('${file}') WHERE CAST("${element}" AS TIMESTAMPTZ) < TIMESTAMPTZ '${port.cutoff!}'`,
        );
        assert.equal(Number(left.getRows()[0]![0]), 0, port.contract);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    const again = await retention(root);
    assert.equal(
      again.ports.filter((p) => p.status === 'due').length,
      0,
      'nothing is due after --apply',
    );
  });
});
