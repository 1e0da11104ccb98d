import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../support/cli.ts';
import { ORDERS_CSV, createTestMesh } from './support.ts';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'meshwork.js');

async function waitFor(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('a build killed halfway', () => {
  it('leaves the previous snapshot served, nothing partial visible, and is cleaned up by the next build', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const first = await cli(['build', '--mesh', mesh.root, 'sales/orders'], mesh.root);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const warehouse = join(mesh.root, '.meshwork', 'warehouse', 'sales', 'orders');
    const served = (port: string): string => readlinkSync(join(warehouse, port, 'current'));
    const before = { orders: served('orders'), customers: served('customers') };

    mesh.write('data/orders.csv', ORDERS_CSV + '\n5,13,1.00,2026-01-04\n');
    // The product has two ports; the build stops after the first port's file is complete.
    const child = spawn(process.execPath, [bin, 'build', '--mesh', mesh.root, 'sales/orders'], {
      env: { ...process.env, MESHWORK_BUILD_PAUSE_AFTER_FILES: '1' },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    const tempOf = (port: string): string[] =>
      readdirSync(join(warehouse, port)).filter((n) => n.startsWith('.tmp-'));
    await waitFor(
      () =>
        tempOf('orders').some((d) => existsSync(join(warehouse, 'orders', d, 'orders.parquet'))),
      'the first file of the killed build',
    );
    assert.ok(child.kill('SIGKILL'));
    assert.equal(await exited, 'SIGKILL');

    // Readers still get the previous snapshot, complete, of both ports.
    assert.deepEqual({ orders: served('orders'), customers: served('customers') }, before);
    const visible = (port: string): string[] =>
      readdirSync(join(warehouse, port)).filter((n) => !n.startsWith('.'));
    assert.deepEqual(visible('orders').sort(), [before.orders, 'current']);
    assert.deepEqual(visible('customers').sort(), [before.customers, 'current']);
    assert.deepEqual(readdirSync(join(warehouse, 'orders', 'current')), ['orders.parquet']);
    // The killed build's lock names a process that is gone.
    assert.equal(readFileSync(join(warehouse, '.lock'), 'utf8'), String(child.pid));

    const next = await cli(
      ['build', '--mesh', mesh.root, 'sales/orders', '--format', 'json'],
      mesh.root,
    );
    assert.equal(next.code, 0, next.stdout + next.stderr);
    assert.notEqual(served('orders'), before.orders);
    for (const port of ['orders', 'customers']) assert.deepEqual(tempOf(port), [], port);
    assert.deepEqual(
      readdirSync(warehouse).filter((n) => n.startsWith('.')),
      [],
    );
    const report = JSON.parse(next.stdout) as { products: { ports: { rows: number }[] }[] };
    assert.equal(report.products[0]!.ports[0]!.rows, ORDERS_CSV.trim().split('\n').length);
  });
});
