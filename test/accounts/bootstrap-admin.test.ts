import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bootstrapAdmin } from '../../src/app/accounts/bootstrap-admin.ts';
import { verifyPassword } from '../../src/app/accounts/password.ts';
import { createEmbeddedStore } from '../../src/stores/embedded/index.ts';

/**
 * Issue 14: servers started together on an empty store each bootstrap the admin. With a
 * plain `put`, each generated and printed its own password and the last write won: every
 * other printed password was wrong. Now one creates the admin and the rest find it.
 */
describe('bootstrapping the admin from several servers at once', () => {
  it('creates one admin; the one password printed is the one that works', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-bootstrap-'));
    try {
      const stores = Array.from({ length: 4 }, () => createEmbeddedStore({ directory: dir }));
      for (const store of stores) await store.migrate();
      const results = await Promise.all(stores.map((store) => bootstrapAdmin(store, undefined)));
      const printed = results.flatMap((r) => (r.generatedPassword ? [r.generatedPassword] : []));
      assert.equal(results.filter((r) => r.created).length, 1, JSON.stringify(results));
      assert.equal(printed.length, 1);
      const admin = await createEmbeddedStore({ directory: dir }).users.get('admin');
      assert.ok(admin?.passwordHash);
      assert.equal(await verifyPassword(printed[0]!, admin.passwordHash), true);
      const created = (await stores[0]!.audit.list({ action: 'user.create', limit: 10 })).items;
      assert.equal(created.length, 1, 'one user.create in the audit log');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
