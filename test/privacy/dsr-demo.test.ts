import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli } from '../support/cli.ts';

const repo = join(import.meta.dirname, '..', '..');
const demo = join(repo, 'examples', 'alpine-bikes');
const env = { MESHWORK_SUBJECT_KEY: 's'.repeat(40) };

/** Every current snapshot file of the built warehouse, relative to the mesh root. */
function snapshotFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.name === 'current') {
        for (const file of readdirSync(path)) out.push(relative(root, join(path, file)));
      } else if (entry.isDirectory() && !entry.name.startsWith('.') && !/^\d{8}T/.test(entry.name))
        walk(path);
    }
  };
  walk(join(root, '.meshwork', 'warehouse'));
  return out.sort();
}

/**
 * The demo mesh, built: a customer found by e-mail must be found in every product port that
 * holds them — checked against an independent reading of every snapshot by column name
 * (email, customer_id, customer_number), so a product holding customers without declaring
 * its subject keys would fail here.
 */
describe('dsr find on the built Alpine Bikes demo', () => {
  let root: string;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'meshwork-dsr-demo-'));
    cpSync(demo, root, { recursive: true, filter: (src) => !/[/\\](data|\.meshwork)$/.test(src) });
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repo, 'scripts', 'generate-demo-data.ts'),
        '--scale',
        '0.01',
        '--out',
        join(root, 'data'),
      ],
      { cwd: repo, stdio: 'pipe' },
    );
    const built = await cli(['build', '--mesh', root, '--format', 'json'], root, { env });
    assert.equal(built.code, 0, built.stderr);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('finds a customer in every port that holds them, and in the sources', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const files = snapshotFiles(root);
      const customers = files.find((f) => f.includes('sales-customers'))!;
      // A customer with an open invoice, so that finance holds them too.
      const reader = await connection.runAndReadAll(
        `SELECT c.email, CAST(c.customer_id AS VARCHAR) AS id, c.customer_number AS number
         FROM read_parquet('${join(root, customers)}') c
         WHERE c.customer_number IN (SELECT customer_number FROM read_parquet('${join(
           root,
           files.find((f) => f.includes('finance-receivables'))!,
         )}'))
         ORDER BY c.customer_id LIMIT 1`,
      );
      const [email, id, number] = reader.getRows()[0] as [string, string, string];
      const holding: string[] = [];
      for (const file of files) {
        const columns = (
          await connection.runAndReadAll(
            `DESCRIBE SELECT * FROM read_parquet('${join(root, file)}')`,
          )
        )
          .getRows()
          .map((r) => String(r[0]));
        const tests = [
          columns.includes('email') ? `lower(trim(email)) = '${email.toLowerCase()}'` : undefined,
          columns.includes('customer_id') ? `CAST(customer_id AS VARCHAR) = '${id}'` : undefined,
          columns.includes('customer_number') ? `customer_number = '${number}'` : undefined,
        ].filter((t) => t !== undefined);
        if (tests.length === 0) continue;
        const count = (
          await connection.runAndReadAll(
            `SELECT count(*) FROM read_parquet('${join(root, file)}') WHERE ${tests.join(' OR ')}`,
          )
        ).getRows()[0]![0];
        if (Number(count) > 0) holding.push(file.split('/').slice(3, 5).join('/'));
      }
      assert.ok(holding.length >= 4, `the customer is in several ports: ${holding.join(', ')}`);

      const run = await cli(
        ['dsr', 'find', '--subject', `email=${email.toUpperCase()}`, '--format', 'json'],
        root,
        { env },
      );
      assert.ok(run.code === 0 || run.code === 1, run.stderr);
      const answer = JSON.parse(run.stdout) as {
        matches: {
          product: string | null;
          port: string | null;
          source: string | null;
          contract: string;
          read: { kind: string };
        }[];
        notSearched: { where: string; reason: string }[];
      };
      const found = answer.matches
        .filter((m) => m.read.kind === 'snapshot')
        .map((m) => `${m.product}/${m.port}`)
        .sort();
      const expected = holding.map((h) => {
        const [product, port] = h.split('/');
        return `${product}/${port}`;
      });
      assert.deepEqual(found, expected.sort());
      const sources = answer.matches
        .filter((m) => m.source !== null)
        .map((m) => m.contract)
        .sort();
      assert.ok(sources.includes('webshop-customers-v1'), sources.join(', '));
      assert.ok(sources.includes('webshop-orders-v1'), 'orders are found through the customer id');
      // Whatever could not be searched is a PostgreSQL server not configured here, said so.
      for (const n of answer.notSearched) assert.match(n.reason, /not configured here/, n.where);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
