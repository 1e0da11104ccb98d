import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { GrantProvisioner } from '../../../src/app/access/access-service.ts';
import {
  createAccessService,
  createEngineProvisioner,
  createGrantProvisioner,
} from '../../../src/app/access/access-service.ts';
import type { MeshworkStore } from '../../../src/app/store/store.ts';
import type { Engine, GrantSpec } from '../../../src/engines/engine.ts';
import { teamRoleName } from '../../../src/engines/postgresql/grant-sql.ts';
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

function files(): Record<string, unknown> {
  const f = meshFiles();
  const organisation = f['meshwork.yaml'] as Record<string, unknown>;
  f['meshwork.yaml'] = { ...organisation, access: { postgresql: { login: `{username}_${TAG}` } } };
  const marketing = f['domains/marketing/domain.yaml'] as { team: Record<string, unknown> };
  f['domains/marketing/domain.yaml'] = { ...marketing, team: { ...marketing.team, name: TEAM } };
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
    const mesh = await meshOf(files());
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
      for (const role of [LOGIN, teamRoleName(TEAM), ADMIN])
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
    assert.equal(pgRecord?.role, teamRoleName(TEAM));
    assert.ok(grant?.provisioning.some((p) => p.engine === 'embedded'));
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

  it('revoke drops the view', async () => {
    const id = await approvedGrant(30);
    const view = (await store.grants.get(id))!.provisioning.find((p) => p.engine === 'postgresql')!
      .objects[0]!;
    assert.equal((await asConsumer(`SELECT count(*)::int AS n FROM ${view}`))[0]!.n, 2);
    await service.revoke(USERS.mona, id);
    await assert.rejects(asConsumer(`SELECT * FROM ${view}`), /does not exist|permission denied/);
  });
});

describe('the engine provisioner, against a fake GrantAdmin', () => {
  const calls: { kind: string; spec?: GrantSpec; grantId?: string }[] = [];
  const fake = (fail: string | null): Engine => ({
    ...postgresEngine,
    openGrants: () =>
      Promise.resolve({
        provision(spec: GrantSpec) {
          calls.push({ kind: 'provision', spec });
          if (fail !== null) return Promise.reject(new Error(fail));
          return Promise.resolve({ objects: [`team.${spec.targets[0]!.table}_x`], role: 'r' });
        },
        revoke(grantId: string) {
          calls.push({ kind: 'revoke', grantId });
          return Promise.resolve();
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
    assert.deepEqual(records, [
      { engine: 'postgresql', server: 'warehouse', objects: ['team.orders_x'], role: 'r' },
    ]);
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
