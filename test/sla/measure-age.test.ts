import assert from 'node:assert/strict';
import { mkdir, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { measureNewestAge } from '../../src/app/sla/measure-age.ts';
import { DAY_MS, serveSnapshot, writeSlaMesh } from './sla-mesh.ts';

const base = (meshRoot: string) => ({
  meshRoot,
  domainFolder: 'sales',
  productFolder: 'orders',
  port: 'orders',
  object: 'orders',
});

/** The measurement reads hostile names from the mesh: it must refuse them, never run them. */
describe('measuring the newest value of a served snapshot', () => {
  const roots: string[] = [];
  after(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });
  const mesh = async (): Promise<string> => {
    const root = await writeSlaMesh();
    roots.push(root);
    await serveSnapshot(root, new Date(), new Date(Date.now() - 2 * DAY_MS));
    return root;
  };

  it('measures the age with one aggregate in DuckDB', async () => {
    const root = await mesh();
    const measure = await measureNewestAge({
      ...base(root),
      element: { object: 'orders', column: 'created' },
    });
    assert.ok(measure.ok);
    assert.ok(
      measure.ageSeconds !== null && Math.abs(measure.ageSeconds - 2 * 86_400) < 120,
      String(measure.ageSeconds),
    );
  });

  it('quotes a column name carrying SQL: nothing runs, the column is just not there', async () => {
    const root = await mesh();
    const marker = join(root, 'injected.csv');
    const measure = await measureNewestAge({
      ...base(root),
      element: {
        object: 'orders',
        column: `created") AS age FROM range(1); COPY (SELECT 1) TO '${marker}'; --`,
      },
    });
    assert.equal(measure.ok, false);
    await assert.rejects(
      import('node:fs/promises').then((fs) => fs.access(marker)),
      'the injected COPY did not run',
    );
  });

  it('refuses port and folder names that leave the warehouse', async () => {
    const root = await mesh();
    for (const port of ['..', '../orders', 'a/b']) {
      const measure = await measureNewestAge({
        ...base(root),
        port,
        object: 'orders',
        element: { object: 'orders', column: 'created' },
      });
      assert.equal(measure.ok, false, port);
    }
    const outside = await measureNewestAge({
      ...base(root),
      productFolder: '..',
      element: { object: 'orders', column: 'created' },
    });
    assert.equal(outside.ok, false);
  });

  it('refuses a snapshot file that is a link out of the port folder', async () => {
    const root = await mesh();
    const elsewhere = join(root, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(join(elsewhere, 'secret.parquet'), 'not for you');
    const served = join(root, '.meshwork/warehouse/sales/orders/orders/current/orders.parquet');
    await unlink(served);
    await symlink(join(elsewhere, 'secret.parquet'), served);
    const measure = await measureNewestAge({
      ...base(root),
      element: { object: 'orders', column: 'created' },
    });
    assert.equal(measure.ok, false);
    assert.ok(
      !measure.ok && /outside the port folder/.test(measure.message),
      JSON.stringify(measure),
    );
  });

  it('says when the element names another object than the port serves', async () => {
    const root = await mesh();
    const measure = await measureNewestAge({
      ...base(root),
      element: { object: 'customers', column: 'created' },
    });
    assert.ok(!measure.ok && /is not the port's object/.test(measure.message));
  });
});
