import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { parseDocument } from 'yaml';
import { accessMeshFromTexts } from '../../src/app/access/access-mesh.ts';
import type { AccessMesh } from '../../src/app/access/access-types.ts';
import type {
  TrinoRulesPublisher,
  TrinoSqlClient,
} from '../../src/app/access/trino-rules-publisher.ts';
import {
  createTrinoRulesPublisher,
  trinoRulesStatus,
} from '../../src/app/access/trino-rules-publisher.ts';
import { CatalogService } from '../../src/app/catalog/catalog-service.ts';
import { readMeshTexts } from '../../src/app/catalog/load-mesh.ts';
import type { MeshworkStore } from '../../src/app/store/store.ts';
import type { Grant } from '../../src/core/access/model.ts';
import { createApp } from '../../src/server/app.ts';
import { createAuth } from '../../src/server/auth/index.ts';
import { createServerLog } from '../../src/server/log.ts';
import { createPostgresStore } from '../../src/stores/postgresql/index.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres } from '../support/postgres.ts';

/**
 * Two server processes of one team server on one PostgreSQL (issue 14), each with its own
 * rules files (as on two machines), publishing at once: the store holds one set, the later
 * publish is built from the newer grants (a set read before another server's publish
 * never overwrites it), both servers' routes serve the same bytes, a server whose files
 * are behind brings them up (`sync`, as the minute's job does), and a set that fails
 * validation is stored nowhere. Trino is stood in for by a client that describes the
 * table and plans every mask — and, when told, refuses every row filter.
 */
const DEMO = join(import.meta.dirname, '..', '..', 'examples', 'alpine-bikes');
const CONTRACT = 'domains/sales/sales-customers/customers.odcs.yaml';
const TOKEN = 't'.repeat(32);
const COLUMNS = ['customer_id', 'email', 'city', 'first_name', 'last_name'];

function grant(id: string, team: string, domain: string, overrides: Partial<Grant> = {}): Grant {
  const now = new Date();
  return {
    id,
    requestId: `r-${id}`,
    productId: 'sales-customers',
    port: 'customers',
    consumerTeam: team,
    consumerDomain: domain,
    purpose: 'newsletter',
    columns: ['customers.customer_id', 'customers.email', 'customers.city'],
    personalInClear: false,
    rowFilter: null,
    state: 'active',
    startsAt: now.toISOString(),
    endsAt: new Date(now.getTime() + 86_400_000).toISOString(),
    certifiedAt: now.toISOString(),
    endedAt: null,
    endedBy: null,
    provisioning: [{ engine: 'trino', server: 'trino', objects: [], role: null }],
    remindedAt: null,
    ...overrides,
  };
}

/** A stand-in Trino: `gate` holds the first describe until released. */
function fakeTrino(options: {
  refuseFilters?: () => boolean;
  gate?: Promise<void>;
  onGate?: () => void;
}): TrinoSqlClient {
  let gated = options.gate === undefined;
  return {
    async run(sql) {
      if (sql.includes('information_schema.columns')) {
        if (!gated) {
          gated = true;
          options.onGate?.();
          await options.gate;
        }
        return { rows: COLUMNS.map((name) => [name, 'varchar']) };
      }
      if (sql.startsWith('EXPLAIN') && sql.includes(' WHERE ') && options.refuseFilters?.())
        throw new Error('Cannot apply operator: varchar = integer');
      return { rows: [] };
    },
  };
}

interface Server {
  readonly store: MeshworkStore;
  readonly app: OpenAPIHono;
  readonly catalog: CatalogService;
  readonly rulesFile: string;
  readonly groupsFile: string;
  client: TrinoSqlClient;
  readonly publisher: TrinoRulesPublisher;
}

describe('Trino rules shared by the servers of one store (issue 14)', () => {
  let pg: TestPostgres;
  let database: TestDatabase;
  let dir: string;
  let mesh: AccessMesh;
  const servers: Server[] = [];

  async function server(name: string): Promise<Server> {
    const store = createPostgresStore({ connectionString: database.url, maxConnections: 4 });
    await store.migrate();
    const rulesFile = join(dir, name, 'rules.json');
    const groupsFile = join(dir, name, 'groups.txt');
    const env = {
      MESHWORK_TRINO_URL: 'http://127.0.0.1:1',
      MESHWORK_TRINO_RULES_FILE: rulesFile,
      MESHWORK_TRINO_GROUPS_FILE: groupsFile,
      MESHWORK_TRINO_RULES_TOKEN: TOKEN,
      // Every server of a team server shares the key (README): masks must not differ.
      MESHWORK_TRINO_MASK_KEY: 'm'.repeat(40),
    };
    const catalog = new CatalogService({ store, meshRoot: join(dir, 'mesh') });
    await catalog.load();
    const auth = createAuth({
      store,
      env: {},
      domainRoles: () => ({}),
      publicUrl: 'http://127.0.0.1:4000',
    });
    const made: Server = {
      store,
      catalog,
      rulesFile,
      groupsFile,
      client: fakeTrino({}),
      publisher: createTrinoRulesPublisher({
        store,
        env,
        meshRoot: null,
        publishedBy: name,
        client: () => made.client,
      }),
      app: undefined as unknown as OpenAPIHono,
    };
    const app = createApp({
      store,
      catalog,
      auth,
      log: createServerLog({ level: 'error', write: () => undefined }),
      trino: { publisher: made.publisher, mesh: () => Promise.resolve(mesh), env },
    });
    const full: Server = Object.assign(made, { app });
    servers.push(full);
    return full;
  }

  const served = async (s: Server, which: 'rules' | 'groups') => {
    const response = await s.app.request(`/api/trino/access-${which}/${TOKEN}`);
    assert.equal(response.status, 200);
    return {
      text: await response.text(),
      version: response.headers.get('x-meshwork-rules-version'),
    };
  };

  before(async () => {
    pg = await startTestPostgres();
    database = await createTestDatabase(pg.url, 'meshwork_trino_rules');
    dir = await mkdtemp(join(tmpdir(), 'meshwork-trino-shared-'));
    await cp(DEMO, join(dir, 'mesh'), {
      recursive: true,
      filter: (source) => !source.includes('.meshwork'),
    });
    const texts = (await readMeshTexts(DEMO)).map((text) => {
      if (text.path === CONTRACT) {
        const doc = parseDocument(text.text);
        doc.addIn(['servers'], {
          server: 'trino',
          type: 'trino',
          catalog: 'hive',
          schema: 'sales',
        });
        return { ...text, text: String(doc) };
      }
      if (text.path === 'meshwork.yaml') {
        const doc = parseDocument(text.text);
        doc.setIn(['access', 'trino'], { user: '{username}' });
        return { ...text, text: String(doc) };
      }
      return text;
    });
    mesh = await accessMeshFromTexts(texts);
  });

  after(async () => {
    for (const s of servers) {
      s.catalog.close();
      await s.store.close();
    }
    await database?.drop();
    await pg?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a publish built before another server stored a newer set rebuilds from the newer grants', async () => {
    const a = await server('server-a');
    const b = await server('server-b');
    await a.store.grants.create(grant('g1', 'marketing-team', 'marketing'));
    let release = (): void => undefined;
    let held = (): void => undefined;
    const gate = new Promise<void>((done) => (release = done));
    const isHeld = new Promise<void>((done) => (held = done));
    a.client = fakeTrino({ gate, onGate: () => held() });
    // A reads the grants (g1 only) and is held while building its set.
    const slow = a.publisher.publish(mesh);
    await isHeld;
    // Meanwhile B's team gets a grant and B publishes it: version 1, with g2.
    await b.store.grants.create(grant('g2', 'ecommerce-team', 'sales'));
    const fast = await b.publisher.publish(mesh);
    assert.equal(fast.revision, 1);
    assert.equal(fast.grants, 2);
    release();
    const late = await slow;
    // A's set of g1 alone must not replace B's: A rebuilt from the grants of now.
    assert.equal(late.revision, 1, 'nothing older was stored over version 1');
    assert.equal(late.grants, 2);
    const inForce = await a.store.trinoRules.current();
    assert.equal(inForce?.version, 1);
    assert.equal(inForce?.publishedBy, 'server-b');
    assert.match(inForce?.groups ?? '', /ecommerce/);
    // Both servers serve those bytes, and both wrote them to their files.
    for (const s of [a, b]) {
      assert.deepEqual(await served(s, 'rules'), { text: inForce?.rules, version: '1' });
      assert.deepEqual(await served(s, 'groups'), { text: inForce?.groups, version: '1' });
      assert.equal(await readFile(s.rulesFile, 'utf8'), inForce?.rules);
      assert.equal(await readFile(s.groupsFile, 'utf8'), inForce?.groups);
    }
  });

  it('publishes at once from both servers end in one version served alike', async () => {
    const [a, b] = servers as [Server, Server];
    await a.store.grants.create(grant('g3', 'sales-team', 'sales'));
    const results = await Promise.all([
      a.publisher.publish(mesh),
      b.publisher.publish(mesh),
      a.publisher.publish(mesh),
      b.publisher.publish(mesh),
    ]);
    const inForce = await b.store.trinoRules.current();
    assert.equal(inForce?.version, 2, 'one new version, not one per publish');
    assert.deepEqual(new Set(results.map((r) => r.revision)), new Set([2]));
    assert.equal((await served(a, 'rules')).text, (await served(b, 'rules')).text);
    assert.equal((await served(a, 'rules')).text, inForce?.rules);
    const status = await trinoRulesStatus(a.store);
    assert.equal(status.revision, 2);
    assert.equal(status.version, inForce?.hash.slice(0, 16));
  });

  it("a server whose files are behind serves the store's set and brings its files up", async () => {
    const [a, b] = servers as [Server, Server];
    await b.store.grants.update('g3', (g) => ({ ...g, state: 'revoked' }));
    const revoked = await b.publisher.publish(mesh, { remove: 'g3' });
    assert.equal(revoked.revision, 3);
    const inForce = await a.store.trinoRules.current();
    // A's files still hold version 2; its route already serves version 3.
    assert.notEqual(await readFile(a.rulesFile, 'utf8'), inForce?.rules);
    assert.equal((await served(a, 'rules')).version, '3');
    assert.deepEqual(await a.publisher.sync(mesh), { revision: 3, written: true });
    assert.equal(await readFile(a.rulesFile, 'utf8'), inForce?.rules);
    assert.equal(await readFile(a.groupsFile, 'utf8'), inForce?.groups);
    assert.deepEqual(await a.publisher.sync(mesh), { revision: 3, written: false });
  });

  it('a set that fails validation is stored nowhere and written nowhere', async () => {
    const [a, b] = servers as [Server, Server];
    const before = await a.store.trinoRules.current();
    const fileBefore = await readFile(a.rulesFile, 'utf8');
    a.client = fakeTrino({ refuseFilters: () => true });
    await assert.rejects(
      a.publisher.publish(mesh, {
        add: grant('g4', 'sales-team', 'sales', {
          rowFilter: { column: 'customers.city', values: ['Wien'] },
        }),
      }),
      /were not published.*filter-refused/,
    );
    assert.deepEqual(await b.store.trinoRules.current(), before);
    assert.equal(await readFile(a.rulesFile, 'utf8'), fileBefore);
    assert.equal((await served(b, 'rules')).text, before?.rules);
    const status = await trinoRulesStatus(b.store);
    assert.equal(status.failing, true);
    assert.equal(status.revision, before?.version);
  });
});
