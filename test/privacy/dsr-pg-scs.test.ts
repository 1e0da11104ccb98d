import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { locateSubject } from '../../src/app/privacy/dsr/locate-subject.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { ANNA, createDsrMesh, subjectContract } from './dsr-mesh.ts';
import type { DsrMesh } from './dsr-mesh.ts';

/**
 * Review L7: identifiers go into the SQL as literals. On a database configured with
 * standard_conforming_strings off, a backslash escapes the quote that ends a literal, so a
 * linked value planted in a source row would be SQL. The engine fixes the setting on for
 * its session; the planted value is then only data.
 */
describe('dsr on PostgreSQL with standard_conforming_strings off', () => {
  let server: TestPostgres;
  let db: TestDatabase;
  let mesh: DsrMesh;
  const planted = "x\\') OR true --";
  before(async () => {
    server = await startTestPostgres();
    db = await createTestDatabase(server.url, 'meshwork_scs');
    await withClient(db.url, async (client) => {
      await client.query(`ALTER DATABASE "${db.name}" SET standard_conforming_strings = off`);
      await client.query('CREATE SCHEMA crm');
      await client.query('CREATE TABLE crm.accounts (account_ref text, mail text)');
      await client.query('INSERT INTO crm.accounts VALUES ($1, $2), ($3, $4), ($5, $6)', [
        planted,
        ANNA,
        '2',
        'bert@example.com',
        '3',
        'carla@example.com',
      ]);
    });
    mesh = await createDsrMesh();
    mesh.write(
      'sources/crm/accounts.odcs.yaml',
      subjectContract(
        'crm-accounts-v1',
        'accounts',
        [
          { name: 'account_ref', key: 'customer-id' },
          { name: 'email', physicalName: 'mail', key: 'email' },
        ],
        [{ server: 'crm', type: 'postgresql', schema: 'crm' }],
      ),
    );
  });
  after(async () => {
    mesh.remove();
    await db.drop();
    await server.stop();
  });

  it('the server really has it off for new sessions', async () => {
    await withClient(db.url, async (client) => {
      const result = await client.query('SHOW standard_conforming_strings');
      assert.equal(
        (result.rows[0] as { standard_conforming_strings: string }).standard_conforming_strings,
        'off',
      );
    });
  });

  it('a planted linked value stays data: only the person is counted, nobody else is linked', async () => {
    const location = await locateSubject({
      meshRoot: mesh.root,
      model: await mesh.model(),
      subject: { kind: 'email', value: ANNA },
      env: { MESHWORK_CRM_URL: db.url },
    });
    assert.deepEqual(
      location.notSearched.filter((n) => n.contract === 'crm-accounts-v1'),
      [],
      'the query did not break',
    );
    assert.equal(location.searched.find((m) => m.contract === 'crm-accounts-v1')?.rows, 1);
    assert.deepEqual([...(location.identifiers.get('email') ?? [])], [ANNA.toLowerCase()]);
    assert.ok(location.rounds >= 2, 'the planted value was followed');
  });
});
