import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { GrantAdmin } from '../../src/engines/engine.ts';
import { withPgClient } from '../../src/engines/postgresql/bulk.ts';
import { postgresEngine } from '../../src/engines/postgresql/index.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';

/**
 * A database configured with standard_conforming_strings off (security review, issue 14):
 * there `\'` ends a literal, so a row-filter value written with standard literals would run
 * as SQL. Every session Meshwork opens turns the setting on first. Roles are cluster-wide:
 * the team name carries a tag and its roles are dropped afterwards.
 */
const TAG = randomBytes(4).toString('hex');
const TEAM = `scs-${TAG}`;
const PWNED = `pwned_${TAG}`;
const EVIL = `\\') OR TRUE; CREATE TABLE public.${PWNED}(x int); --`;

describe('standard_conforming_strings off on the server', () => {
  let server: TestPostgres;
  let db: TestDatabase;
  let grants: GrantAdmin | undefined;

  before(async () => {
    server = await startTestPostgres();
    db = await createTestDatabase(server.url, 'meshwork_scs');
    await withClient(server.url, (client) =>
      client.query(`ALTER DATABASE ${db.name} SET standard_conforming_strings = off`),
    );
    await withClient(db.url, async (client) => {
      const shown = await client.query<{ standard_conforming_strings: string }>(
        'SHOW standard_conforming_strings',
      );
      assert.equal(shown.rows[0]?.standard_conforming_strings, 'off', 'the setup took effect');
      await client.query(
        `CREATE SCHEMA sales;
         CREATE TABLE sales.orders (id int, country text);
         INSERT INTO sales.orders VALUES (1, 'AT'), (2, 'DE'), (3, 'CH')`,
      );
    });
  });

  after(async () => {
    await grants?.close();
    await db?.drop();
    await withClient(server.url, async (client) => {
      const roles = await client.query<{ rolname: string }>(
        `SELECT rolname FROM pg_roles WHERE rolname LIKE '%' || $1 || '%'`,
        [TAG],
      );
      for (const row of roles.rows)
        await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(row.rolname)}`);
    });
    await server?.stop();
  });

  it("a filter value holding \\' stays a value: no statement runs, no extra row is served", async () => {
    const opened = postgresEngine.openGrants?.({
      server: { server: 'db', type: 'postgresql' },
      credentials: { url: db.url },
      baseDir: '/',
    });
    assert.ok(opened);
    grants = await opened;
    const made = await grants.provision({
      grantId: `scs-${TAG}`,
      team: TEAM,
      domain: 'marketing',
      personalInClear: true,
      memberLogins: [],
      targets: [
        {
          schema: 'sales',
          table: 'orders',
          columns: [
            { name: 'id', personal: false },
            { name: 'country', personal: false },
          ],
          rowFilter: { column: 'country', logicalType: 'string', values: [EVIL] },
        },
      ],
    });
    await withClient(db.url, async (client) => {
      const pwned = await client.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [
        `public.${PWNED}`,
      ]);
      assert.equal(pwned.rows[0]?.t, null, 'the value created no table');
      const served = await client.query(`SELECT id FROM ${made.objects[0]}`);
      assert.deepEqual(served.rows, [], 'no country equals the value, so no row');
    });
  });

  it('the serve/export session and the engine connection have it on', async () => {
    const shown = await withPgClient(db.url, (client) =>
      client.query<{ standard_conforming_strings: string }>('SHOW standard_conforming_strings'),
    );
    assert.equal(shown.rows[0]?.standard_conforming_strings, 'on');
    const connection = await postgresEngine.connect({
      server: { server: 'db', type: 'postgresql' },
      credentials: { url: db.url },
      baseDir: '/',
    });
    try {
      const rows = await connection.query('SHOW standard_conforming_strings');
      assert.deepEqual(rows, [{ standard_conforming_strings: 'on' }]);
    } finally {
      await connection.close();
    }
  });
});
