import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { CatalogService } from '../../../src/app/catalog/catalog-service.ts';
import { catalogEventProducer } from '../../../src/app/notify/sources/catalog-events.ts';
import type { PublishFailure } from '../../../src/app/notify/sources/publish-events.ts';
import type { MeshworkStore } from '../../../src/app/store/store.ts';
import type { Grant } from '../../../src/core/access/model.ts';
import { createEmbeddedStore } from '../../../src/stores/embedded/index.ts';
import { meshFiles } from '../../app/access/access-fixture.ts';
import { recordingPublisher } from './recording-publisher.ts';

const KPIS = 'domains/sales/kpis/kpis.odcs.yaml';

/** marketing's `campaign-report` reads sales-kpis through an input port. */
const READER = {
  'domains/marketing/campaigns/product.odps.yaml': {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id: 'campaign-report',
    name: 'campaign-report',
    domain: 'marketing',
    status: 'active',
    team: { name: 'marketing-team' },
    inputPorts: [{ name: 'kpis', version: '1.0.0', contractId: 'sales-kpis-v1' }],
  },
};

function kpisContract(properties: unknown[], version = '1.0.0'): unknown {
  const base = meshFiles()[KPIS] as Record<string, unknown>;
  return {
    ...base,
    version,
    schema: [{ name: 'kpis', physicalName: 'kpis', properties }],
  };
}
const DAY = { name: 'day', logicalType: 'date' };
const REVENUE = { name: 'revenue', logicalType: 'number' };

/** An active grant on sales-kpis for `team`, as the access service stores one. */
function grant(id: string, team: string): Grant {
  return {
    id,
    requestId: `request-${id}`,
    productId: 'sales-kpis',
    port: 'kpis',
    consumerTeam: team,
    consumerDomain: 'finance',
    purpose: 'reporting',
    columns: null,
    personalInClear: false,
    state: 'active',
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: '2027-01-01T00:00:00.000Z',
    certifiedAt: '2026-01-01T00:00:00.000Z',
    endedAt: null,
    endedBy: null,
    provisioning: [],
    remindedAt: null,
  };
}

interface Mesh {
  root: string;
  store: MeshworkStore;
  publisher: ReturnType<typeof recordingPublisher>;
  failures: PublishFailure[];
  open(): CatalogService;
  write(files: Record<string, unknown>): Promise<void>;
  remove(path: string): Promise<void>;
}

describe('catalog events: new products and breaking contract changes on re-index', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function mesh(files: Record<string, unknown>): Promise<Mesh> {
    const directory = await mkdtemp(join(tmpdir(), 'meshwork-catalog-events-'));
    const root = join(directory, 'mesh');
    const store = createEmbeddedStore({ directory: join(directory, 'store') });
    await store.migrate();
    const services: CatalogService[] = [];
    cleanups.push(async () => {
      for (const s of services) s.close();
      await store.close();
      await rm(directory, { recursive: true, force: true });
    });
    const publisher = recordingPublisher();
    const failures: PublishFailure[] = [];
    const m: Mesh = {
      root,
      store,
      publisher,
      failures,
      open() {
        const service = new CatalogService({
          store,
          meshRoot: root,
          onChange: catalogEventProducer({
            sink: { publisher, onFailure: (f) => failures.push(f) },
            store,
          }),
        });
        services.push(service);
        return service;
      },
      async write(more) {
        for (const [path, value] of Object.entries(more)) {
          await mkdir(dirname(join(root, path)), { recursive: true });
          await writeFile(join(root, path), typeof value === 'string' ? value : stringify(value));
        }
      },
      remove: (path) => rm(join(root, path)),
    };
    await m.write(files);
    return m;
  }

  it('the first index of an empty store announces nothing; a later new product is announced once', async () => {
    const m = await mesh({ ...meshFiles(), ...READER });
    const catalog = m.open();
    await catalog.load();
    assert.equal(m.publisher.events.length, 0, 'a mesh appearing whole is not a flood of news');
    await m.write({
      'domains/sales/returns/product.odps.yaml': {
        apiVersion: 'v1.0.0',
        kind: 'DataProduct',
        id: 'sales-returns',
        name: 'Returns',
        domain: 'sales',
        status: 'draft',
        team: { name: 'sales-team' },
      },
    });
    await catalog.sync();
    assert.deepEqual(
      m.publisher.events.map((e) => [e.id, e.type, e.productId, e.domain, e.subject]),
      [
        [
          'product.created:sales-returns',
          'product.created',
          'sales-returns',
          'sales',
          'sales-returns',
        ],
      ],
    );
    assert.equal(m.publisher.events[0]!.data.team, 'sales-team');
    // Another change elsewhere does not announce it again, nor the products that were there.
    await m.write({
      [KPIS]: kpisContract([DAY, REVENUE, { name: 'note', logicalType: 'string' }]),
    });
    await catalog.sync();
    assert.equal(m.publisher.events.length, 1);
    assert.deepEqual(m.failures, []);
  });

  it('a contract too large to compare on the event loop is said as not compared, never passed over', async () => {
    const m = await mesh({ ...meshFiles(), ...READER });
    const catalog = m.open();
    await catalog.load();
    await m.store.grants.create(grant('g1', 'finance-team'));
    // A breaking change (a column removed) in a file beyond the bound.
    const big = {
      ...(kpisContract([DAY]) as Record<string, unknown>),
      description: { purpose: 'x'.repeat(300_000) },
    };
    await m.write({ [KPIS]: big });
    await catalog.sync();
    assert.equal(m.publisher.events.length, 0, 'not compared, so no verdict is published');
    assert.equal(m.failures.length, 1, JSON.stringify(m.failures));
    assert.equal(m.failures[0]!.type, 'contract.breaking-change');
    assert.match(
      m.failures[0]!.reason,
      new RegExp(`${KPIS} changed but is larger than 256 KiB: not compared`),
    );
  });

  it('a breaking change of an output contract goes to its grantees and the teams reading it', async () => {
    const m = await mesh({ ...meshFiles(), ...READER });
    const catalog = m.open();
    await catalog.load();
    await m.store.grants.create(grant('g1', 'finance-team'));
    // Adding a column is not breaking.
    await m.write({
      [KPIS]: kpisContract([DAY, REVENUE, { name: 'orders', logicalType: 'integer' }]),
    });
    await catalog.sync();
    assert.equal(m.publisher.events.length, 0);
    // Removing one is, and so is a narrower type.
    await m.write({ [KPIS]: kpisContract([{ ...DAY, logicalType: 'string' }, REVENUE], '2.0.0') });
    const sync = await catalog.sync();
    assert.equal(m.publisher.events.length, 1);
    const event = m.publisher.events[0]!;
    assert.equal(event.id, `contract.breaking-change:sales-kpis-v1:${sync.revision}`);
    assert.equal(event.type, 'contract.breaking-change');
    assert.equal(event.subject, 'sales-kpis-v1');
    assert.equal(event.productId, 'sales-kpis');
    assert.equal(event.domain, 'sales');
    assert.deepEqual(event.recipients, {
      users: [],
      teams: ['finance/finance-team', 'marketing/marketing-team'],
    });
    assert.equal(event.data.removed, false);
    assert.equal(event.data.versionBefore, '1.0.0');
    assert.equal(event.data.versionAfter, '2.0.0');
    assert.ok(Number(event.data.breakingChanges) >= 2, String(event.data.changes));
    assert.match(String(event.data.changes), /orders/);
  });

  it('a removed output contract is a breaking change; a change while the server was down is found on start', async () => {
    const m = await mesh({ ...meshFiles(), ...READER });
    const first = m.open();
    await first.load();
    first.close();
    // Down: the contract file goes, and a product comes.
    await m.remove(KPIS);
    await m.write({
      'domains/marketing/leads/product.odps.yaml': {
        apiVersion: 'v1.0.0',
        kind: 'DataProduct',
        id: 'marketing-leads',
        name: 'Leads',
        domain: 'marketing',
        status: 'draft',
        team: { name: 'marketing-team' },
      },
    });
    const second = m.open();
    await second.load();
    const byType = new Map(m.publisher.events.map((e) => [e.type, e]));
    assert.deepEqual([...byType.keys()].sort(), ['contract.breaking-change', 'product.created']);
    const removed = byType.get('contract.breaking-change')!;
    assert.equal(removed.data.removed, true);
    assert.equal(removed.productId, 'sales-kpis');
    assert.deepEqual(removed.recipients.teams, ['marketing/marketing-team']);
    assert.equal(byType.get('product.created')!.subject, 'marketing-leads');
    // A restart with nothing changed compares equal and announces nothing.
    m.publisher.events.length = 0;
    await m.open().load();
    assert.equal(m.publisher.events.length, 0);
  });

  it('a product removed whole still tells the teams holding grants on it', async () => {
    const m = await mesh({ ...meshFiles(), ...READER });
    const catalog = m.open();
    await catalog.load();
    await m.store.grants.create(grant('g2', 'finance-team'));
    await rm(join(m.root, 'domains/sales/kpis'), { recursive: true });
    await catalog.sync();
    const event = m.publisher.events.find((e) => e.type === 'contract.breaking-change');
    assert.ok(event, JSON.stringify(m.publisher.events));
    assert.equal(event.productId, 'sales-kpis');
    assert.equal(event.data.removed, true);
    assert.deepEqual(event.recipients.teams, ['finance/finance-team', 'marketing/marketing-team']);
  });

  it('a failed publish never fails the index; it is reported', async () => {
    const m = await mesh(meshFiles());
    const catalog = m.open();
    await catalog.load();
    m.publisher.failWith = 'store down';
    await m.write({ [KPIS]: kpisContract([DAY]) });
    const sync = await catalog.sync();
    assert.equal(sync.changed, true);
    assert.equal(catalog.current.revision, sync.revision);
    assert.deepEqual(
      m.failures.map((f) => [f.type, f.reason]),
      [['contract.breaking-change', 'store down']],
    );
  });
});
