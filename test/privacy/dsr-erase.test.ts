import assert from 'node:assert/strict';
import { readFileSync, readlinkSync, readdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { eraseSubject } from '../../src/app/privacy/erase/erase-subject.ts';
import type { EraseResult } from '../../src/app/privacy/erase/erase-subject.ts';
import { SubjectHashKey, subjectHash } from '../../src/app/privacy/subject-hash.ts';
import type { MeshworkStore } from '../../src/app/store/store.ts';
import type { ErasureMode } from '../../src/core/privacy/dsr-model.ts';
import { createEmbeddedStore } from '../../src/stores/embedded/index.ts';
import { ANNA, createDsrMesh, subjectContract, warehouseServer } from './dsr-mesh.ts';
import type { DsrMesh } from './dsr-mesh.ts';

const KEY = new SubjectHashKey('erase-test-key-0123456789abcdef0123456789abcdef');

/** The rows of a port's served snapshot, ordered by the first column. */
async function served(root: string, product: string, port: string, object: string) {
  const file = join(
    root,
    '.meshwork/warehouse/sales',
    product,
    port,
    'current',
    `${object}.parquet`,
  );
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT * FROM read_parquet('${file.replaceAll("'", "''")}') ORDER BY 1`,
    );
    return reader.getRowObjectsJson();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function snapshotsOf(root: string, product: string, port: string): string[] {
  const dir = join(root, '.meshwork/warehouse/sales', product, port);
  return readdirSync(dir).filter((name) => /^\d{8}T/.test(name));
}

function currentOf(root: string, product: string, port: string): string {
  return readlinkSync(join(root, '.meshwork/warehouse/sales', product, port, 'current'));
}

interface Erasure {
  readonly mesh: DsrMesh;
  readonly store: MeshworkStore;
  erase(mode: ErasureMode, value?: string): Promise<EraseResult>;
}

async function setUp(): Promise<Erasure> {
  const mesh = await createDsrMesh();
  const store = createEmbeddedStore({ directory: join(mesh.root, '.meshwork/store') });
  await store.migrate();
  return {
    mesh,
    store,
    erase: async (mode, value = ANNA) =>
      eraseSubject({
        meshRoot: mesh.root,
        model: await mesh.model(),
        env: {},
        store,
        key: KEY,
        actor: 'dpo',
        subject: { kind: 'email', value },
        mode,
        now: () => new Date('2026-12-05T09:00:00.000Z'),
      }),
  };
}

function auditText(root: string): string {
  return readFileSync(join(root, '.meshwork/store/audit.jsonl'), 'utf8');
}

describe('meshwork dsr erase on DuckDB snapshots and CSV sources', () => {
  let subject: Erasure;
  let first: EraseResult;
  before(async () => {
    subject = await setUp();
    first = await subject.erase('delete');
  });
  after(() => subject.mesh.remove());

  it('writes each port holding the person as a new snapshot without their rows', async () => {
    const { root } = subject.mesh;
    assert.deepEqual(
      first.ports.map((p) => [p.product, p.port, p.status, p.rows]),
      [
        ['customer-master', 'customers', 'rewritten', 1],
        ['order-history', 'orders', 'rewritten', 2],
      ],
    );
    assert.deepEqual(
      (await served(root, 'customer-master', 'customers', 'customers')).map((r) => r.email),
      ['bert@example.com', 'carla@example.com'],
    );
    // Found only through the customer number linked to her e-mail address in another port.
    assert.deepEqual(
      (await served(root, 'order-history', 'orders', 'orders')).map((r) => r.order_id),
      [12, 13],
    );
    for (const port of first.ports) {
      assert.equal(currentOf(root, port.product, port.port), port.snapshot);
      assert.notEqual(port.snapshot, port.previousSnapshot);
      assert.deepEqual(
        snapshotsOf(root, port.product, port.port),
        [port.snapshot],
        'no older snapshot still holds her',
      );
    }
  });

  it('makes a task for the owners of each source holding the person, by the identifier found', async () => {
    assert.deepEqual(
      first.tasks.map((t) => [t.system, t.object, t.kind, t.column, t.rows, t.created]),
      [
        ['crm', 'customers', 'email', 'email', 1, true],
        ['shop', 'orders', 'customer-id', 'customer_id', 2, true],
      ],
    );
    const stored = (await subject.store.dsrTasks.list({ states: ['open'] })).items;
    assert.equal(stored.length, 2);
    const crm = stored.find((t) => t.system === 'crm')!;
    assert.equal(crm.subjectHash, subjectHash(KEY, ANNA));
    assert.equal(crm.requestId, first.requestId);
    assert.equal(crm.contractPath, 'sources/crm/customers.odcs.yaml');
    assert.equal(crm.mode, 'delete');
    const shop = stored.find((t) => t.system === 'shop')!;
    assert.equal(shop.subjectHash, subjectHash(KEY, '1'), 'her customer id, hashed');
    // Who handles a task is fixed when it is made: the domain its source contract declares.
    assert.equal(crm.domain, 'sales');
    assert.equal(shop.domain, null, 'shop/orders declares no domain: governance handles it');
  });

  it('suppresses every identifier of the person so a build leaves them out', async () => {
    const suppressions = (await subject.store.suppressions.list({})).items;
    assert.deepEqual(
      suppressions.map((s) => [s.kind, s.subjectHash, s.mode]),
      [
        ['email', subjectHash(KEY, ANNA), 'delete'],
        ['customer-id', subjectHash(KEY, '1'), 'delete'],
        ['customer-number', subjectHash(KEY, 'K-0001'), 'delete'],
      ],
    );
    assert.deepEqual(
      first.suppressions.map((s) => [s.kind, s.created]),
      [
        ['email', true],
        ['customer-id', true],
        ['customer-number', true],
      ],
    );
  });

  it('is honest about what it could not search: the unbuilt port, so not complete', () => {
    assert.deepEqual(
      first.notSearched.map((n) => [n.product, n.port, n.reason]),
      [['unbuilt', 'leads', 'not built here (the port has no snapshot)']],
    );
    assert.deepEqual(first.remaining, [], 'nothing Meshwork writes still holds her');
    assert.equal(first.complete, false);
  });

  it('records every step in the audit trail with the keyed hash, never the value', async () => {
    const events = [...(await subject.store.audit.list({ limit: 100 })).items].reverse();
    assert.deepEqual(
      events.map((e) =>
        [e.action, e.details.step, e.target].filter((part) => part !== undefined).join(' '),
      ),
      [
        `dsr.erase start ${first.requestId}`,
        `dsr.erase suppression ${first.requestId}`,
        `dsr.erase suppression ${first.requestId}`,
        `dsr.erase suppression ${first.requestId}`,
        'dsr.erase port customer-master/customers',
        'dsr.erase port order-history/orders',
        `dsr.task ${first.tasks[0]!.id}`,
        `dsr.task ${first.tasks[1]!.id}`,
        `dsr.erase done ${first.requestId}`,
      ],
    );
    assert.ok(events.every((e) => e.actor === 'dpo' && e.details.requestId === first.requestId));
    assert.equal(events[0]!.details.subjectHash, subjectHash(KEY, ANNA));
    const text = auditText(subject.mesh.root).toLowerCase();
    for (const value of [ANNA.toLowerCase(), 'anna berger', 'k-0001'])
      assert.equal(text.includes(value), false, `the audit trail holds "${value}"`);
    assert.equal(JSON.stringify(first).toLowerCase().includes(ANNA.toLowerCase()), false);
  });

  it('is harmless the second time: no new snapshot, task or suppression', async () => {
    const { root } = subject.mesh;
    const before = first.ports.map((p) => currentOf(root, p.product, p.port));
    const second = await subject.erase('delete');
    assert.deepEqual(second.ports, [], 'no port holds her any more');
    assert.deepEqual(
      first.ports.map((p) => currentOf(root, p.product, p.port)),
      before,
    );
    assert.deepEqual(
      second.tasks.map((t) => [t.system, t.created, t.id]),
      first.tasks.map((t) => [t.system, false, t.id]),
      'the open tasks are returned, not made again',
    );
    // Her customer number was linked to her only in the ports, now without her: the
    // sources still link e-mail and customer id, whose suppressions exist already.
    assert.deepEqual(
      second.suppressions.map((s) => [s.kind, s.created]),
      [
        ['email', false],
        ['customer-id', false],
      ],
    );
    assert.equal((await subject.store.dsrTasks.list({})).items.length, 2);
    assert.equal((await subject.store.suppressions.list({})).items.length, 3);
  });

  it('finds nobody for an unknown person and changes nothing', async () => {
    const result = await subject.erase('delete', 'nobody@example.com');
    assert.deepEqual(result.ports, []);
    assert.deepEqual(result.tasks, []);
    assert.deepEqual(
      result.suppressions.map((s) => [s.kind, s.created]),
      [['email', true]],
      'the request itself is remembered: a source bringing them later is suppressed',
    );
  });
});

describe('meshwork dsr erase against a running build and hostile input', () => {
  let subject: Erasure;
  before(async () => {
    subject = await setUp();
  });
  after(() => subject.mesh.remove());

  it('treats a hostile value as data: nothing found, nothing rewritten', async () => {
    const result = await subject.erase('delete', "x' OR '1'='1");
    assert.deepEqual(result.ports, []);
    assert.deepEqual(result.tasks, []);
    const text = auditText(subject.mesh.root);
    assert.equal(text.includes("OR '1'='1"), false, 'the value is not in the audit trail');
  });

  it('refuses a kind no contract declares instead of reporting a clean erasure', async () => {
    await assert.rejects(
      eraseSubject({
        meshRoot: subject.mesh.root,
        model: await subject.mesh.model(),
        env: {},
        store: subject.store,
        key: KEY,
        actor: 'dpo',
        subject: { kind: 'phone', value: '+49 170 1234567' },
        mode: 'delete',
      }),
      /no contract declares a subject key of kind "phone".*declared: customer-id, customer-number, email/,
    );
    assert.deepEqual(
      (await subject.store.suppressions.list({ kinds: ['phone'] })).items,
      [],
      'nothing stored',
    );
  });

  it('does not race a build: the port being built is said to be not erased, the others are', async () => {
    const { root } = subject.mesh;
    // A build of another live process (the test runner's parent) holds the product's lock.
    const lock = join(root, '.meshwork/warehouse/sales/order-history/.lock');
    let result: EraseResult;
    try {
      await writeFile(lock, String(process.ppid));
      result = await subject.erase('delete');
    } finally {
      await rm(lock, { force: true });
    }
    assert.deepEqual(
      result.ports.map((p) => [p.port, p.status]),
      [
        ['customers', 'rewritten'],
        ['orders', 'failed'],
      ],
    );
    assert.match(result.ports[1]!.reason ?? '', /being built by process/);
    assert.deepEqual(
      result.remaining.map((r) => [r.port, r.rows, r.via]),
      [['orders', 2, ['customer-number']]],
      'her orders are still there, and the result says so',
    );
    assert.equal(result.complete, false);
    const audit = (await subject.store.audit.list({ action: 'dsr.erase' })).items;
    assert.ok(
      audit.some((e) => e.details.status === 'failed' && e.target === 'order-history/orders'),
    );

    // Her e-mail no longer leads to her customer number (that link was in the erased
    // port), so it is erased by the identifier the result named.
    assert.deepEqual((await subject.erase('delete')).ports, []);
    const retried = await eraseSubject({
      meshRoot: root,
      model: await subject.mesh.model(),
      env: {},
      store: subject.store,
      key: KEY,
      actor: 'dpo',
      subject: { kind: 'customer-number', value: 'K-0001' },
      mode: 'delete',
    });
    assert.deepEqual(
      retried.ports.map((p) => [p.port, p.status, p.rows]),
      [['orders', 'rewritten', 2]],
    );
    assert.deepEqual(retried.remaining, []);
  });
});

describe('meshwork dsr erase with a contract id that two contracts declare', () => {
  let subject: Erasure;
  before(async () => {
    subject = await setUp();
  });
  after(() => subject.mesh.remove());

  it('makes no task for the ambiguous source, says so, and is not complete', async () => {
    // Someone adds a contract claiming the crm source's id (a duplicate-id finding only).
    subject.mesh.write(
      'domains/sales/customer-master/claim.odcs.yaml',
      'apiVersion: v3.1.0\nkind: DataContract\nid: crm-customers-v1\nversion: 1.0.0\nstatus: active\ndomain: finance\nschema: []\n',
    );
    const result = await subject.erase('delete');
    const crm = result.tasks.find((t) => t.system === 'crm')!;
    assert.equal(crm.id, null);
    assert.equal(crm.created, false);
    assert.match(
      crm.notMade ?? '',
      /contract id "crm-customers-v1" is declared by 2 contracts \(domains\/sales\/customer-master\/claim\.odcs\.yaml, sources\/crm\/customers\.odcs\.yaml\)/,
    );
    assert.equal(result.complete, false, 'the source owners were not told');
    const stored = (await subject.store.dsrTasks.list({})).items;
    assert.deepEqual(
      stored.map((t) => t.system),
      ['shop'],
      'the unambiguous source still gets its task',
    );
    assert.match(auditText(subject.mesh.root), /"notMade":"contract id \\"crm-customers-v1\\"/);
  });
});

describe('meshwork dsr erase --mode pseudonymise', () => {
  let subject: Erasure;
  before(async () => {
    subject = await setUp();
  });
  after(() => subject.mesh.remove());

  it('keeps the rows and replaces the personal and confidential columns with keyed pseudonyms', async () => {
    const { root } = subject.mesh;
    // `name` classified restricted only: confidential, not declared personal (no pii tag,
    // not a personal name) — a pseudonymised person still keeps no value of it in clear.
    subject.mesh.write(
      'domains/sales/customer-master/customers.odcs.yaml',
      subjectContract(
        'sales-customers-v1',
        'customers',
        [
          { name: 'customer_id', type: 'integer', key: 'customer-id' },
          { name: 'customer_number', key: 'customer-number' },
          { name: 'email', key: 'email' },
          { name: 'name', classification: 'restricted' },
        ],
        [warehouseServer('sales', 'customer-master', 'customers')],
      ),
    );
    const result = await subject.erase('pseudonymise');
    assert.deepEqual(
      result.ports.map((p) => [p.port, p.status, p.rows]),
      [
        ['customers', 'rewritten', 1],
        ['orders', 'rewritten', 2],
      ],
    );
    const customers = await served(root, 'customer-master', 'customers', 'customers');
    assert.equal(customers.length, 3, 'no row removed');
    const anna = customers.find((r) => r.customer_number === KEY.hmac('K-0001'));
    // email (personal by its name), both subject keys and the confidential name are
    // replaced; the integer id becomes NULL (a text pseudonym does not fit it). Each
    // pseudonym is the keyed hash of the value it replaces.
    assert.deepEqual(anna, {
      customer_id: null,
      customer_number: KEY.hmac('K-0001'),
      email: KEY.hmac(ANNA.toLowerCase()),
      name: KEY.hmac('Anna Berger'),
    });
    assert.deepEqual(
      customers.filter((r) => r !== anna).map((r) => r.email),
      ['bert@example.com', 'carla@example.com'],
    );
    const orders = await served(root, 'order-history', 'orders', 'orders');
    assert.equal(orders.length, 4);
    assert.deepEqual(
      orders.map((r) => r.customer_number),
      [KEY.hmac('K-0001'), KEY.hmac('k-0001 '), 'K-0002', 'K-0003'],
    );
    assert.deepEqual(result.remaining, []);
    assert.deepEqual(
      (await subject.store.suppressions.list({})).items.map((s) => s.mode),
      ['pseudonymise', 'pseudonymise', 'pseudonymise'],
    );
  });

  it('lets a later delete strengthen the suppressions of the identifiers still linked', async () => {
    const result = await subject.erase('delete');
    // Her pseudonymised rows no longer carry her identifiers, so no port is found again;
    // the sources still link e-mail and customer id, whose suppressions become delete.
    assert.deepEqual(result.ports, []);
    assert.deepEqual(
      result.suppressions.map((s) => [s.kind, s.mode, s.created]),
      [
        ['email', 'delete', true],
        ['customer-id', 'delete', true],
      ],
    );
    assert.deepEqual(
      (await subject.store.suppressions.list({})).items.map((s) => [s.kind, s.mode]),
      [
        ['email', 'delete'],
        ['customer-id', 'delete'],
        ['customer-number', 'pseudonymise'],
      ],
    );
  });
});
