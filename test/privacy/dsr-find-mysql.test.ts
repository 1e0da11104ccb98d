import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import { locateSubject } from '../../src/app/privacy/dsr/locate-subject.ts';
import { createMysqlDatabase, startTestMysql } from '../support/mysql.ts';
import type { TestMysql } from '../support/mysql.ts';
import { ANNA, createDsrMesh, subjectContract } from './dsr-mesh.ts';
import type { DsrMesh } from './dsr-mesh.ts';

/**
 * A source on MySQL/MariaDB: the count and the linked identifiers pushed down there too,
 * with the dialect's CAST(… AS CHAR); a value with a quote and a backslash stays data.
 */
describe('locateSubject on MariaDB (a source database)', () => {
  let server: TestMysql;
  let url: string;
  let mesh: DsrMesh;
  before(async () => {
    server = await startTestMysql();
    url = (await createMysqlDatabase(server.url)).url;
    const connection = await mysql.createConnection({ uri: url, multipleStatements: true });
    try {
      await connection.query(`CREATE TABLE tickets (ticket_id INT, customer_ref BIGINT, contact VARCHAR(200) COLLATE utf8mb4_bin);
        INSERT INTO tickets VALUES (1, 1, 'ANNA.BERGER@EXAMPLE.COM '), (2, 1, NULL), (3, 2, 'bert@example.com'),
          (4, 9, 'o\\\\''brien\\\\\\\\x@example.com');
        CREATE TABLE contacts (customer_ref BIGINT, contact VARCHAR(200)) DEFAULT CHARSET utf8mb4;
        INSERT INTO contacts VALUES (5, 'josé@example.com'), (6, 'jose@example.com'), (7, 'JOSE@example.com ');`);
    } finally {
      await connection.end();
    }
    mesh = await createDsrMesh();
    mesh.write(
      'sources/support/tickets.odcs.yaml',
      subjectContract(
        'support-tickets-v1',
        'tickets',
        [
          { name: 'ticket_id', type: 'integer' },
          { name: 'customer_ref', type: 'integer', key: 'customer-id' },
          { name: 'contact', key: 'email' },
        ],
        [{ server: 'helpdesk', type: 'mysql' }],
      ),
    );
    mesh.write(
      'sources/support/contacts.odcs.yaml',
      subjectContract(
        'support-contacts-v1',
        'contacts',
        [
          { name: 'customer_ref', type: 'integer', key: 'customer-id' },
          { name: 'contact', key: 'email' },
        ],
        [{ server: 'helpdesk', type: 'mysql' }],
      ),
    );
  });
  after(async () => {
    mesh.remove();
    await server.stop();
  });

  it('counts the person by e-mail and by the linked customer id', async () => {
    const location = await locateSubject({
      meshRoot: mesh.root,
      model: await mesh.model(),
      subject: { kind: 'email', value: ANNA },
      env: { MESHWORK_HELPDESK_URL: url },
    });
    const tickets = location.searched.find((m) => m.contract === 'support-tickets-v1');
    assert.equal(tickets?.rows, 2, JSON.stringify(location.notSearched));
    assert.deepEqual(tickets?.via, ['customer-id', 'email']);
    assert.deepEqual(tickets?.read, {
      kind: 'server',
      server: 'helpdesk',
      type: 'mysql',
      table: 'tickets',
    });
  });

  it('keeps a quote and a backslash in the value as data', async () => {
    const location = await locateSubject({
      meshRoot: mesh.root,
      model: await mesh.model(),
      subject: { kind: 'email', value: "O\\'Brien\\\\x@example.com" },
      env: { MESHWORK_HELPDESK_URL: url },
    });
    assert.deepEqual(
      location.notSearched.map((n) => n.object),
      ['leads'],
    );
    assert.equal(location.searched.find((m) => m.contract === 'support-tickets-v1')?.rows, 1);
  });

  it('compares exactly: jose@ is not josé@ under the accent-insensitive default collation', async () => {
    const location = await locateSubject({
      meshRoot: mesh.root,
      model: await mesh.model(),
      subject: { kind: 'email', value: 'jose@example.com' },
      env: { MESHWORK_HELPDESK_URL: url },
    });
    assert.equal(location.searched.find((m) => m.contract === 'support-contacts-v1')?.rows, 2);
    assert.deepEqual([...(location.identifiers.get('customer-id') ?? [])].sort(), ['6', '7']);
    assert.deepEqual([...(location.identifiers.get('email') ?? [])], ['jose@example.com']);
  });
});
