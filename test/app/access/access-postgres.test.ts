import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AccessMesh, GrantProvisioner } from '../../../src/app/access/access-service.ts';
import {
  createAccessService,
  createEngineProvisioner,
  createGrantProvisioner,
} from '../../../src/app/access/access-service.ts';
import type { MeshworkStore } from '../../../src/app/store/store.ts';
import type { Engine, GrantSpec, TeamMembers } from '../../../src/engines/engine.ts';
import { teamIdentity, teamRoleName } from '../../../src/engines/postgresql/grant-sql.ts';
import { postgresEngine } from '../../../src/engines/postgresql/index.ts';
import { createEmbeddedStore } from '../../../src/stores/embedded/index.ts';
import type { TestDatabase, TestPostgres } from '../../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../../support/postgres.ts';
import { NOW, USERS, days, meshFiles, meshOf } from './access-fixture.ts';

/**
 * The PostgreSQL path end to end: a request approved through the service becomes a view
 * in the consumer team's schema that the team member's own login reads (personal columns
 * hashed, the base table closed), and the sweep past the end date and a revoke take it
 * away again. Roles are cluster-wide, so the consumer team and logins carry a random tag.
 */
const TAG = randomBytes(4).toString('hex');
const PASSWORD = randomBytes(12).toString('hex');
const TEAM = `marketing-${TAG}`;
const LOGIN = `max_${TAG}`;
const ADMIN = `meshwork_admin_${TAG}`;
const ROLE = teamRoleName(teamIdentity('marketing', TEAM));

function files(members?: readonly unknown[]): Record<string, unknown> {
  const f = meshFiles();
  const organisation = f['meshwork.yaml'] as Record<string, unknown>;
  f['meshwork.yaml'] = { ...organisation, access: { postgresql: { login: `{username}_${TAG}` } } };
  const marketing = f['domains/marketing/domain.yaml'] as { team: Record<string, unknown> };
  f['domains/marketing/domain.yaml'] = {
    ...marketing,
    team: { ...marketing.team, name: TEAM, ...(members ? { members } : {}) },
  };
  return f;
}

function urlAs(base: string, user: string): string {
  const url = new URL(base);
  url.username = user;
  url.password = PASSWORD;
  return url.toString();
}

describe('access grants through the service, in PostgreSQL', () => {
  let server: TestPostgres;
  let db: TestDatabase;
  let dir: string;
  let store: MeshworkStore;
  let clock = NOW;
  let service: ReturnType<typeof createAccessService>;
  let mesh: AccessMesh;

  const asConsumer = (sql: string): Promise<Record<string, unknown>[]> =>
    withClient(
      urlAs(db.url, LOGIN),
      async (c) => (await c.query<Record<string, unknown>>(sql)).rows,
    );

  before(async () => {
    server = await startTestPostgres();
    db = await createTestDatabase(server.url, 'meshwork_access');
    await withClient(db.url, async (client) => {
      await client.query(`CREATE ROLE ${LOGIN} LOGIN PASSWORD '${PASSWORD}'`);
      await client.query(`CREATE ROLE ${ADMIN} LOGIN CREATEROLE PASSWORD '${PASSWORD}'`);
      await client.query(`GRANT CREATE ON DATABASE ${db.name} TO ${ADMIN}`);
      await client.query(`CREATE SCHEMA sales AUTHORIZATION ${ADMIN}`);
    });
    await withClient(urlAs(db.url, ADMIN), async (client) => {
      await client.query(
        'CREATE TABLE sales.orders (order_id text, amount numeric(10,2), customer_email text)',
      );
      await client.query(
        "INSERT INTO sales.orders VALUES ('o1', 10.50, 'ann@example.com'), ('o2', 20.00, 'bob@example.com')",
      );
    });
    dir = await mkdtemp(join(tmpdir(), 'meshwork-access-pg-'));
    store = createEmbeddedStore({ directory: join(dir, 'store') });
    await store.migrate();
    mesh = await meshOf(files());
    service = createAccessService({
      store,
      mesh: () => Promise.resolve(mesh),
      now: () => clock,
      provision: createGrantProvisioner({
        meshRoot: dir,
        env: { MESHWORK_WAREHOUSE_URL: urlAs(db.url, ADMIN) },
      }),
    });
  });

  after(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
    await withClient(server.url, async (client) => {
      for (const role of [LOGIN, ROLE, ADMIN])
        await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(role)}`);
    });
    await server?.stop();
  });

  const approvedGrant = async (endsInDays: number): Promise<string> => {
    const created = await service.request(USERS.max, {
      productId: 'sales-orders',
      port: 'orders',
      consumerTeam: TEAM,
      purpose: 'reporting',
      endsAt: days(endsInDays),
      columns: ['orders.order_id', 'orders.customer_email'],
      justification: 'Churn analysis',
    });
    await service.decide(USERS.olga, created.id, { decision: 'approve' });
    const done = await service.decide(USERS.dora, created.id, { decision: 'approve' });
    assert.equal(done.state, 'active', JSON.stringify(done.findings));
    return done.grantId!;
  };

  it('without a grant the consumer is denied; with one it reads the view, e-mails hashed', async () => {
    await assert.rejects(asConsumer('SELECT * FROM sales.orders'), /permission denied/);
    const id = await approvedGrant(30);
    const grant = await store.grants.get(id);
    const pgRecord = grant?.provisioning.find((p) => p.engine === 'postgresql');
    assert.equal(pgRecord?.server, 'warehouse');
    assert.equal(pgRecord?.role, ROLE);
    assert.ok(grant?.provisioning.some((p) => p.engine === 'embedded'));
    // mona has no login in this database: the request says so instead of pretending.
    assert.deepEqual(pgRecord?.missingLogins, [`mona_${TAG}`]);
    const request = await store.accessRequests.get(grant!.requestId);
    assert.match(
      request?.findings.find((f) => f.severity === 'warning')?.message ?? '',
      new RegExp(`logins do not exist.*mona_${TAG} \\(warehouse\\)`),
    );
    const view = pgRecord.objects[0]!;
    const rows = await asConsumer(`SELECT * FROM ${view} ORDER BY order_id`);
    assert.deepEqual(Object.keys(rows[0]!), ['order_id', 'customer_email']);
    assert.deepEqual(
      rows.map((r) => r.order_id),
      ['o1', 'o2'],
    );
    assert.match(String(rows[0]!.customer_email), /^[0-9a-f]{64}$/);
    await assert.rejects(asConsumer('SELECT * FROM sales.orders'), /permission denied/);

    clock = new Date(NOW.getTime() + 31 * 86_400_000);
    const report = await service.sweep();
    assert.deepEqual(report.expired, [id]);
    await assert.rejects(asConsumer(`SELECT * FROM ${view}`), /does not exist|permission denied/);
    clock = NOW;
  });

  it("the owner's row filter reaches the view: the consumer's login reads only those rows, attack values widen nothing", async () => {
    const created = await service.request(USERS.max, {
      productId: 'sales-orders',
      port: 'orders',
      consumerTeam: TEAM,
      purpose: 'reporting',
      endsAt: days(30),
      columns: ['orders.order_id', 'orders.amount'],
      justification: 'Only the second order',
    });
    // No personal column: the owners' approval alone makes the grant.
    const done = await service.decide(USERS.olga, created.id, {
      decision: 'approve',
      rowFilter: { column: 'orders.order_id', values: ['o2', "o1') OR 1=1 --", "' OR '1'='1"] },
    });
    assert.equal(done.state, 'active', JSON.stringify(done.findings));
    const grant = (await store.grants.get(done.grantId!))!;
    assert.deepEqual(grant.rowFilter?.values, ['o2', "o1') OR 1=1 --", "' OR '1'='1"]);
    const view = grant.provisioning.find((p) => p.engine === 'postgresql')!.objects[0]!;
    const rows = await asConsumer(`SELECT order_id, amount FROM ${view} ORDER BY order_id`);
    assert.deepEqual(rows, [{ order_id: 'o2', amount: '20.00' }]);
    await service.revoke(USERS.mona, grant.id);
  });

  it('revoke drops the view', async () => {
    const id = await approvedGrant(30);
    const view = (await store.grants.get(id))!.provisioning.find((p) => p.engine === 'postgresql')!
      .objects[0]!;
    assert.equal((await asConsumer(`SELECT count(*)::int AS n FROM ${view}`))[0]!.n, 2);
    await service.revoke(USERS.mona, id);
    await assert.rejects(asConsumer(`SELECT * FROM ${view}`), /does not exist|permission denied/);
  });

  it('the sweep takes the role from a login whose person left the team', async () => {
    const id = await approvedGrant(30);
    const view = (await store.grants.get(id))!.provisioning.find((p) => p.engine === 'postgresql')!
      .objects[0]!;
    assert.equal((await asConsumer(`SELECT count(*)::int AS n FROM ${view}`))[0]!.n, 2);
    const before = mesh;
    // max leaves the team in domain.yaml; the grant itself stays active.
    mesh = await meshOf(files([{ username: 'mona', role: 'owner' }]));
    try {
      const report = await service.sweep();
      assert.deepEqual(report.expired, []);
      const synced = report.members.find((m) => m.team === TEAM);
      assert.deepEqual(synced, {
        server: 'warehouse',
        domain: 'marketing',
        team: TEAM,
        removedLogins: [LOGIN],
        missingLogins: [`mona_${TAG}`],
      });
      await assert.rejects(asConsumer(`SELECT * FROM ${view}`), /permission denied/);
      const audit = (await store.audit.list({ action: 'team.members-revoked' })).items;
      assert.equal(audit[0]?.details.logins, LOGIN);
    } finally {
      mesh = before;
    }
    // Back in the team: the next sweep makes the login a member again.
    const again = await service.sweep();
    assert.deepEqual(again.members.find((m) => m.team === TEAM)?.removedLogins, []);
    assert.equal((await asConsumer(`SELECT count(*)::int AS n FROM ${view}`))[0]!.n, 2);
    await service.revoke(USERS.mona, id);
  });

  it('a grant is revoked, and expires, after its product left the mesh', async () => {
    const revoked = await approvedGrant(30);
    const expiring = await approvedGrant(10);
    const viewOf = async (id: string): Promise<string> =>
      (await store.grants.get(id))!.provisioning.find((p) => p.engine === 'postgresql')!
        .objects[0]!;
    const [first, second] = [await viewOf(revoked), await viewOf(expiring)];
    const before = mesh;
    const gone = files();
    delete gone['domains/sales/orders/product.odps.yaml'];
    delete gone['domains/sales/orders/orders.odcs.yaml'];
    mesh = await meshOf(gone);
    try {
      assert.equal((await service.revoke(USERS.ada, revoked)).state, 'revoked');
      await assert.rejects(asConsumer(`SELECT * FROM ${first}`), /does not exist/);
      clock = new Date(NOW.getTime() + 11 * 86_400_000);
      const report = await service.sweep();
      assert.deepEqual(report.failed, []);
      assert.deepEqual(report.expired, [expiring]);
      await assert.rejects(asConsumer(`SELECT * FROM ${second}`), /does not exist/);
    } finally {
      mesh = before;
      clock = NOW;
    }
  });
});

describe('the engine provisioner, against a fake GrantAdmin', () => {
  const calls: {
    kind: string;
    spec?: GrantSpec;
    grantId?: string;
    team?: string;
    domain?: string;
    members?: TeamMembers;
  }[] = [];
  const fake = (fail: string | null): Engine => ({
    ...postgresEngine,
    openGrants: () =>
      Promise.resolve({
        provision(spec: GrantSpec) {
          calls.push({ kind: 'provision', spec });
          if (fail !== null) return Promise.reject(new Error(fail));
          return Promise.resolve({ objects: [`team.${spec.targets[0]!.table}_x`], role: 'r' });
        },
        revoke(grantId: string, team: string, domain: string) {
          calls.push({ kind: 'revoke', grantId, team, domain });
          return Promise.resolve();
        },
        syncMembers(members: TeamMembers) {
          calls.push({ kind: 'sync', members });
          return Promise.resolve({ role: 'r', removedLogins: ['gone'], missingLogins: [] });
        },
        close: () => Promise.resolve(),
      }),
  });
  const context = async (): Promise<Parameters<GrantProvisioner['provision']>[1]> => {
    const mesh = await meshOf({
      ...meshFiles(),
      'meshwork.yaml': {
        ...(meshFiles()['meshwork.yaml'] as object),
        access: { postgresql: { login: 'mw_{username}' } },
      },
    });
    const product = mesh.model.products.find((p) => p.id === 'sales-orders')!;
    return {
      mesh,
      product,
      port: product.outputPorts[0]!,
      contract: mesh.model.contractsById.get('sales-orders-v1')![0],
      members: ['mona', 'max'],
    };
  };
  const grant = {
    id: 'g1',
    requestId: 'r1',
    productId: 'sales-orders',
    port: 'orders',
    consumerTeam: 'marketing-team',
    consumerDomain: 'marketing',
    purpose: 'reporting',
    columns: ['orders.customer_email', 'orders.order_id'],
    personalInClear: false,
    state: 'active' as const,
    startsAt: NOW.toISOString(),
    endsAt: days(30),
    certifiedAt: NOW.toISOString(),
    endedAt: null,
    endedBy: null,
    provisioning: [],
    remindedAt: null,
  };

  it('hands the served table, the granted columns (personal marked) and the logins over', async () => {
    calls.length = 0;
    const provisioner = createEngineProvisioner({
      meshRoot: null,
      env: { MESHWORK_WAREHOUSE_URL: 'postgres://u@h/db' },
      engineFor: () => Promise.resolve(fake(null)),
    });
    const records = await provisioner.provision(grant, await context());
    assert.deepEqual(calls[0]!.spec, {
      grantId: 'g1',
      team: 'marketing-team',
      domain: 'marketing',
      targets: [
        {
          schema: 'sales',
          table: 'orders',
          columns: [
            { name: 'order_id', personal: false },
            { name: 'customer_email', personal: true },
          ],
        },
      ],
      personalInClear: false,
      memberLogins: ['mw_mona', 'mw_max'],
    });
    const entry = {
      server: 'warehouse',
      type: 'postgresql',
      host: 'db.example',
      port: 5432,
      database: 'dwh',
      schema: 'sales',
    };
    assert.deepEqual(records, [
      {
        engine: 'postgresql',
        server: 'warehouse',
        objects: ['team.orders_x'],
        role: 'r',
        serverEntry: entry,
      },
    ]);

    // Revoke and the membership sync go to the recorded server, with the team's domain,
    // even when the contract no longer names it.
    const held = { ...grant, provisioning: records };
    const empty = await meshOf({ 'meshwork.yaml': meshFiles()['meshwork.yaml'] });
    calls.length = 0;
    await provisioner.revoke(held, { mesh: empty });
    assert.deepEqual(calls, [
      { kind: 'revoke', grantId: 'g1', team: 'marketing-team', domain: 'marketing' },
    ]);
    calls.length = 0;
    const synced = await provisioner.syncMembers!([held], { mesh: (await context()).mesh });
    assert.deepEqual(calls, [
      {
        kind: 'sync',
        members: {
          team: 'marketing-team',
          domain: 'marketing',
          memberLogins: ['mw_mona', 'mw_max'],
        },
      },
    ]);
    assert.deepEqual(synced, [
      {
        server: 'warehouse',
        domain: 'marketing',
        team: 'marketing-team',
        removedLogins: ['gone'],
        missingLogins: [],
      },
    ]);
  });

  it("hands the row filter over on its table's physical column; a filter the contract lost fails the provisioning", async () => {
    calls.length = 0;
    const provisioner = createEngineProvisioner({
      meshRoot: null,
      env: { MESHWORK_WAREHOUSE_URL: 'postgres://u@h/db' },
      engineFor: () => Promise.resolve(fake(null)),
    });
    const filtered = { ...grant, rowFilter: { column: 'orders.order_id', values: ['o1'] } };
    await provisioner.provision(filtered, await context());
    const spec = calls[0]!.spec as GrantSpec;
    assert.deepEqual(spec.targets[0]!.rowFilter, {
      column: 'order_id',
      logicalType: 'string',
      values: ['o1'],
    });
    // Served without its filter the grant would show every row: refused instead.
    calls.length = 0;
    for (const column of ['orders.gone', 'customers.order_id'])
      await assert.rejects(
        provisioner.provision({ ...grant, rowFilter: { column, values: ['x'] } }, await context()),
        /not in the port's contract any more/,
      );
    assert.equal(calls.length, 0, 'nothing reached the engine');
  });

  it('marks a confidential column to be hashed like a personal one', async () => {
    calls.length = 0;
    const files = meshFiles();
    const orders = files['domains/sales/orders/orders.odcs.yaml'] as {
      schema: { properties: Record<string, unknown>[] }[];
    };
    orders.schema[0]!.properties[1]!.classification = 'confidential';
    const mesh = await meshOf({
      ...files,
      'meshwork.yaml': {
        ...(files['meshwork.yaml'] as object),
        access: { postgresql: { login: 'mw_{username}' } },
      },
    });
    const product = mesh.model.products.find((p) => p.id === 'sales-orders')!;
    const provisioner = createEngineProvisioner({
      meshRoot: null,
      env: { MESHWORK_WAREHOUSE_URL: 'postgres://u@h/db' },
      engineFor: () => Promise.resolve(fake(null)),
    });
    await provisioner.provision(
      { ...grant, columns: ['orders.order_id', 'orders.amount', 'orders.customer_email'] },
      {
        mesh,
        product,
        port: product.outputPorts[0]!,
        contract: mesh.model.contractsById.get('sales-orders-v1')![0],
        members: ['mona', 'max'],
      },
    );
    assert.deepEqual(calls[0]!.spec!.targets[0]!.columns, [
      { name: 'order_id', personal: false },
      { name: 'amount', personal: true },
      { name: 'customer_email', personal: true },
    ]);
  });

  it('a secret-looking field of the server entry is not stored with the grant', async () => {
    const withSecret = await meshOf(
      meshFiles({
        'domains/sales/orders/orders.odcs.yaml': {
          ...(meshFiles()['domains/sales/orders/orders.odcs.yaml'] as Record<string, unknown>),
          servers: [
            {
              server: 'warehouse',
              type: 'postgresql',
              host: 'db.example',
              database: 'dwh',
              schema: 'sales',
              password: 'hunter2',
              roles: [{ role: 'x' }],
            },
          ],
        },
      }),
    );
    const base = await context();
    const provisioner = createEngineProvisioner({
      meshRoot: null,
      env: { MESHWORK_WAREHOUSE_URL: 'postgres://u@h/db' },
      engineFor: () => Promise.resolve(fake(null)),
    });
    const records = await provisioner.provision(grant, {
      ...base,
      mesh: withSecret,
      contract: withSecret.model.contractsById.get('sales-orders-v1')![0],
    });
    assert.deepEqual(records[0]?.serverEntry, {
      server: 'warehouse',
      type: 'postgresql',
      host: 'db.example',
      database: 'dwh',
      schema: 'sales',
    });
  });

  it('a record with no stored entry whose server left the contract: revoke says what to drop', async () => {
    const provisioner = createEngineProvisioner({
      meshRoot: null,
      env: { MESHWORK_WAREHOUSE_URL: 'postgres://u@h/db' },
      engineFor: () => Promise.resolve(fake(null)),
    });
    const old = {
      ...grant,
      provisioning: [
        { engine: 'postgresql', server: 'warehouse', objects: ['meshwork_x.orders_1'], role: 'r' },
      ],
    };
    const empty = await meshOf({ 'meshwork.yaml': meshFiles()['meshwork.yaml'] });
    await assert.rejects(
      provisioner.revoke(old, { mesh: empty }),
      /not in the contract.*drop meshwork_x\.orders_1 by hand/,
    );
  });

  it('without a login mapping, memberships are not managed (nor synced)', async () => {
    calls.length = 0;
    const provisioner = createEngineProvisioner({
      meshRoot: null,
      env: { MESHWORK_WAREHOUSE_URL: 'postgres://u@h/db' },
      engineFor: () => Promise.resolve(fake(null)),
    });
    const base = await context();
    const unmapped = await meshOf(meshFiles());
    const records = await provisioner.provision(grant, { ...base, mesh: unmapped });
    assert.equal(calls[0]?.spec?.membersManaged, false);
    assert.deepEqual(calls[0]?.spec?.memberLogins, []);
    assert.equal(records[0]?.membersUnmanaged, true, 'the record says no one was made a member');
    calls.length = 0;
    const synced = await provisioner.syncMembers!([{ ...grant, provisioning: records }], {
      mesh: unmapped,
    });
    assert.deepEqual(synced, []);
    assert.deepEqual(calls, []);
  });

  it('fails without credentials rather than report a grant that does not exist', async () => {
    const provisioner = createEngineProvisioner({
      meshRoot: null,
      env: {},
      engineFor: () => Promise.resolve(fake(null)),
    });
    await assert.rejects(
      provisioner.provision(grant, await context()),
      /MESHWORK_WAREHOUSE_URL is not set/,
    );
  });

  it('an engine failure is a failure of the whole provisioning', async () => {
    const provisioner = createGrantProvisioner({
      meshRoot: null,
      env: { MESHWORK_WAREHOUSE_URL: 'postgres://u@h/db' },
      engineFor: () => Promise.resolve(fake('permission denied to create role')),
    });
    await assert.rejects(
      provisioner.provision(grant, await context()),
      /permission denied to create role/,
    );
  });
});
