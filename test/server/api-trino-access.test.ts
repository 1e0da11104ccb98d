import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { accessMeshFromTexts } from '../../src/app/access/access-mesh.ts';
import type { AccessMesh } from '../../src/app/access/access-types.ts';
import { createTrinoProvisioner } from '../../src/app/access/trino-provisioner.ts';
import type { TrinoRulesPublisher } from '../../src/app/access/trino-rules-publisher.ts';
import {
  createTrinoRulesPublisher,
  rulesHash,
} from '../../src/app/access/trino-rules-publisher.ts';
import { CatalogService } from '../../src/app/catalog/catalog-service.ts';
import { readMeshTexts } from '../../src/app/catalog/load-mesh.ts';
import { domainRolesOf } from '../../src/app/catalog/teams.ts';
import type { Grant } from '../../src/core/access/model.ts';
import { createApp } from '../../src/server/app.ts';
import { createAuth } from '../../src/server/auth/index.ts';
import { createServerLog } from '../../src/server/log.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { writeAccessWorkspace } from './access-support.ts';
import { addUser, signIn } from './auth/support.ts';

/**
 * The Trino routes without a Trino (issue 14): the rules URL guarded by the token in its
 * path (Trino 476's rules client sends no header), which never reaches the log; the admin's
 * status; and the grant plane refusing a Trino-served port it cannot publish for.
 */
const TOKEN = 'k'.repeat(20) + 'secret-part-of-the-token';
const PASSWORD = 'trino-routes-password';

describe('Trino access routes', () => {
  let dir: string;
  let rulesFile: string;
  let catalog: CatalogService;
  let app: OpenAPIHono;
  let store: ReturnType<typeof createMemoryStore>;
  const lines: string[] = [];
  const env: Record<string, string | undefined> = {};
  let admin: Record<string, string>;
  let member: Record<string, string>;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-trino-routes-'));
    await writeAccessWorkspace(dir);
    rulesFile = join(dir, 'trino', 'rules.json');
    store = createMemoryStore();
    catalog = new CatalogService({ store, meshRoot: dir });
    await catalog.load();
    const auth = createAuth({
      store,
      env: {},
      domainRoles: (username) =>
        domainRolesOf(
          new Map([...catalog.current.domains].map(([name, d]) => [name, d.teams])),
          username,
        ),
      publicUrl: 'http://127.0.0.1:4000',
    });
    const mesh = async () => accessMeshFromTexts(await readMeshTexts(dir));
    const publisher = createTrinoRulesPublisher({
      store,
      env,
      meshRoot: dir,
      client: () => {
        throw new Error('no Trino in this test');
      },
    });
    app = createApp({
      store,
      catalog,
      auth,
      log: createServerLog({ level: 'debug', write: (line) => lines.push(line) }),
      trino: { publisher, mesh, env },
    });
    await addUser(store, 'admin', PASSWORD, ['admin']);
    await addUser(store, 'ahofmann', PASSWORD);
    const a = await signIn(app, 'admin', PASSWORD);
    admin = { cookie: a.cookie, 'x-csrf-token': a.csrfToken };
    const m = await signIn(app, 'ahofmann', PASSWORD);
    member = { cookie: m.cookie, 'x-csrf-token': m.csrfToken };
  });

  after(async () => {
    catalog.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the rules only with the token in the path, never logging it', async () => {
    env.MESHWORK_TRINO_URL = 'http://127.0.0.1:1';
    env.MESHWORK_TRINO_RULES_FILE = rulesFile;
    // No token configured: the route does not exist, whatever is sent.
    delete env.MESHWORK_TRINO_RULES_TOKEN;
    assert.equal((await app.request(`/api/trino/access-rules/${TOKEN}`)).status, 404);
    // A token too short to be a secret is as good as none.
    env.MESHWORK_TRINO_RULES_TOKEN = 'short';
    assert.equal((await app.request('/api/trino/access-rules/short')).status, 404);
    env.MESHWORK_TRINO_RULES_TOKEN = TOKEN;
    for (const wrong of [TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase(), 'x'])
      assert.equal(
        (await app.request(`/api/trino/access-rules/${encodeURIComponent(wrong)}`)).status,
        404,
        wrong,
      );
    // Nothing published yet: 503, never an empty (allow-nothing or allow-all) document.
    assert.equal((await app.request(`/api/trino/access-rules/${TOKEN}`)).status, 503);
    // This server's file is not what is served: another server behind the load balancer
    // may have published a newer set; the store holds the one in force.
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'trino'), { recursive: true });
    await writeFile(rulesFile, '{"catalogs":[{"allow":"all"}]}\n');
    await writeFile(join(dir, 'trino', 'groups.txt'), 'stale:x\n');
    assert.equal((await app.request(`/api/trino/access-rules/${TOKEN}`)).status, 503);
    const rules = '{"catalogs":[{"user":"^meshwork$","allow":"all"}]}\n';
    const groups = 'mw_a__b:ann\n';
    const stored = await store.trinoRules.publish(
      {
        hash: rulesHash(rules, groups),
        rules,
        groups,
        publishedAt: '2026-12-05T10:00:00.000Z',
        publishedBy: 'other-server:1',
      },
      0,
    );
    assert.equal(stored.outcome, 'published');
    const served = await app.request(`/api/trino/access-rules/${TOKEN}`);
    assert.equal(served.status, 200);
    assert.equal(await served.text(), rules);
    assert.equal(served.headers.get('x-meshwork-rules-version'), '1');
    assert.match(served.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(served.headers.get('cache-control'), 'no-store');
    const servedGroups = await app.request(`/api/trino/access-groups/${TOKEN}`);
    assert.equal(await servedGroups.text(), groups);
    assert.ok(lines.length > 0, 'requests were logged');
    assert.ok(!lines.some((line) => line.includes('secret-part')), 'the token is not logged');
  });

  it('shows the status to admins only', async () => {
    const status = await app.request('/api/trino/access-status', { headers: admin });
    assert.equal(status.status, 200);
    const body = (await status.json()) as Record<string, unknown>;
    assert.equal(body.configured, true);
    // The set the store holds (the test before stored version 1), not an audit entry.
    assert.equal(
      body.version,
      rulesHash('{"catalogs":[{"user":"^meshwork$","allow":"all"}]}\n', 'mw_a__b:ann\n').slice(
        0,
        16,
      ),
    );
    assert.equal(body.revision, 1);
    assert.equal(body.publishedBy, 'other-server:1');
    assert.equal(body.failing, false);
    assert.equal((await app.request('/api/trino/access-status', { headers: member })).status, 403);
    assert.equal((await app.request('/api/trino/access-status')).status, 401);
    delete env.MESHWORK_TRINO_URL;
    const off = (await (
      await app.request('/api/trino/access-status', { headers: admin })
    ).json()) as Record<string, unknown>;
    assert.equal(off.configured, false);
    assert.match(String(off.missing), /MESHWORK_TRINO_URL/);
  });
});

describe('the Trino grant plane', () => {
  let mesh: AccessMesh;
  const published: string[] = [];
  const fake = (missing: string | null): TrinoRulesPublisher => ({
    config: () =>
      missing === null
        ? {
            url: 'http://127.0.0.1:1',
            rulesFile: '/x/rules.json',
            groupsFile: '/x/groups.txt',
            serviceUser: 'meshwork',
          }
        : { missing },
    publish: (_mesh, change) => {
      published.push(JSON.stringify(change ?? {}));
      return Promise.resolve({ version: 'v', revision: 1, changed: true, grants: 1, tables: 1 });
    },
    sync: () => Promise.resolve(null),
  });
  const grant = {
    id: 'g1',
    consumerTeam: 't',
    consumerDomain: 'd',
    port: 'p',
    productId: 'x',
    provisioning: [],
  } as unknown as Grant;

  before(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-trino-plane-'));
    await writeAccessWorkspace(dir);
    mesh = await accessMeshFromTexts(await readMeshTexts(dir));
    await rm(dir, { recursive: true, force: true });
  });

  const contract = (servers: unknown[]) =>
    ({
      doc: { source: { data: { servers, schema: [{ name: 'o', physicalName: 'orders' }] } } },
    }) as never;

  it('leaves a port without a trino server alone, and refuses one it cannot publish for', async () => {
    const plane = createTrinoProvisioner(fake('MESHWORK_TRINO_URL is not set'));
    const context = { mesh, product: {} as never, port: {} as never, members: [] };
    assert.deepEqual(
      await plane.provision(grant, {
        ...context,
        contract: contract([{ server: 'pg', type: 'postgres' }]),
      }),
      [],
    );
    await assert.rejects(
      plane.provision(grant, {
        ...context,
        contract: contract([{ server: 'tr', type: 'trino', catalog: 'hive', schema: 's' }]),
      }),
      /served by Trino, but its access rules cannot be published here: MESHWORK_TRINO_URL is not set/,
    );
    assert.deepEqual(published, []);
  });

  it('publishes with the grant on provision and without it on revoke', async () => {
    const plane = createTrinoProvisioner(fake(null));
    const context = { mesh, product: {} as never, port: {} as never, members: [] };
    const records = await plane.provision(grant, {
      ...context,
      contract: contract([{ server: 'tr', type: 'trino', catalog: 'hive', schema: 's' }]),
    });
    assert.deepEqual(records, [
      {
        engine: 'trino',
        server: 'tr',
        objects: ['hive.s.orders'],
        role: 'mw_d__t',
        serverEntry: { server: 'tr', type: 'trino', catalog: 'hive', schema: 's' },
      },
    ]);
    await plane.revoke({ ...grant, provisioning: records }, { mesh });
    // A grant Trino never held is not this plane's to revoke.
    await plane.revoke(grant, { mesh });
    assert.equal(published.length, 2);
    assert.match(published[0]!, /"add"/);
    assert.equal(published[1], '{"remove":"g1"}');
  });
});
