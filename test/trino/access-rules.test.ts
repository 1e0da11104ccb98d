import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { accessMeshFromTexts } from '../../src/app/access/access-mesh.ts';
import type { AccessMesh } from '../../src/app/access/access-types.ts';
import type { TrinoRulesPublisher } from '../../src/app/access/trino-rules-publisher.ts';
import {
  createTrinoRulesPublisher,
  TRINO_RULES_FAILED,
  trinoRulesStatus,
} from '../../src/app/access/trino-rules-publisher.ts';
import { readMeshTexts } from '../../src/app/catalog/load-mesh.ts';
import { createTrinoRulesExecutor } from '../../src/app/jobs/executors/trino-rules-executor.ts';
import type { Grant } from '../../src/core/access/model.ts';
import { validateTrinoRules } from '../../src/core/access/trino-rules-validate.ts';
import type { Job } from '../../src/core/jobs/job-model.ts';
import type { TrinoClient } from '../../src/engines/trino/client.ts';
import { createTrinoClient, TrinoQueryError } from '../../src/engines/trino/client.ts';
import { trinoRulesClient } from '../../src/runtime/trino-rules-client.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { NO_TRINO, trinoForTests } from '../support/trino.ts';

/**
 * The publisher against the real Trino: a set Trino would refuse (a filter of another
 * type than its column — structurally fine, so only Trino's EXPLAIN finds it) is never
 * written: the rules file keeps its bytes, the consumer keeps what the last good set
 * gave, the failure is audited and the status says so; the next good publish clears it.
 * And the trino-rules-publish job enforces a revocation whose publish was missed.
 */
const trino = trinoForTests();
const DEMO = join(import.meta.dirname, '..', '..', 'examples', 'alpine-bikes');
const CONTRACT = 'domains/sales/sales-customers/customers.odcs.yaml';
const POLL_MS = 60_000;

function grant(id: string, overrides: Partial<Grant> = {}): Grant {
  const now = new Date();
  return {
    id,
    requestId: `r-${id}`,
    productId: 'sales-customers',
    port: 'customers',
    consumerTeam: 'marketing-team',
    consumerDomain: 'marketing',
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

async function eventually<T>(what: string, check: () => Promise<T>): Promise<T> {
  const until = Date.now() + POLL_MS;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) assert.fail(`${what} not within ${POLL_MS / 1000} s: ${String(last)}`);
    await new Promise((done) => setTimeout(done, 500));
  }
}

async function isDenied(client: TrinoClient, sql: string): Promise<boolean> {
  try {
    await client.run(sql);
    return false;
  } catch (error) {
    if (error instanceof TrinoQueryError && error.errorName === 'PERMISSION_DENIED') return true;
    throw error;
  }
}

describe('publishing Trino access rules (issue 14)', { skip: trino ? false : NO_TRINO }, () => {
  const schema = `rules_${randomBytes(4).toString('hex')}`;
  const table = `memory.${schema}.customers`;
  const query = `SELECT customer_id, city FROM ${table} ORDER BY customer_id`;
  let service: TrinoClient;
  let consumer: TrinoClient;
  let mesh: AccessMesh;
  let rulesBefore: string;
  let groupsBefore: string;
  // A mask secret as an operator set it before: no key derived from it may reach Trino.
  const secret = `secret-${randomBytes(16).toString('hex')}`;
  const env = () => ({
    MESHWORK_TRINO_URL: trino!.url,
    MESHWORK_TRINO_RULES_FILE: trino!.rulesFile,
    MESHWORK_TRINO_GROUPS_FILE: trino!.groupsFile,
    MESHWORK_TRINO_MASK_KEY: secret,
  });
  let payments: string;

  before(async () => {
    const t = trino!;
    rulesBefore = readFileSync(t.rulesFile, 'utf8');
    groupsBefore = readFileSync(t.groupsFile, 'utf8');
    service = createTrinoClient({ server: t.url, user: t.user });
    consumer = createTrinoClient({ server: t.url, user: 'mgruber' });
    await service.run(`CREATE SCHEMA memory.${schema}`);
    // customer_id as text although the contract says integer: a filter on it cannot plan.
    await service.run(
      `CREATE TABLE ${table} AS SELECT CAST(id AS varchar) AS customer_id, CAST(email AS varchar) AS email, city FROM (VALUES (1, 'a@x.de', 'Wien'), (2, 'b@x.de', 'Graz')) t(id, email, city)`,
    );
    const texts = (await readMeshTexts(DEMO)).map((text) => {
      if (text.path === CONTRACT) {
        const doc = parseDocument(text.text);
        doc.addIn(['servers'], { server: 'trino', type: 'trino', catalog: 'memory', schema });
        return { ...text, text: String(doc) };
      }
      if (text.path === 'meshwork.yaml') {
        const doc = parseDocument(text.text);
        doc.setIn(['access', 'trino'], { user: '{username}' });
        return { ...text, text: String(doc) };
      }
      return text;
    });
    assert.ok(
      texts.some((t) => t.path === CONTRACT) && texts.some((t) => t.path === 'meshwork.yaml'),
    );
    mesh = await accessMeshFromTexts(texts);
    payments = `memory.${schema}.payments`;
    await service.run(
      `CREATE TABLE ${payments} AS SELECT * FROM (VALUES ('1234', 'Wien'), ('9876', 'Graz')) t(card_last4, city)`,
    );
  });

  after(async () => {
    if (!trino) return;
    writeFileSync(trino.groupsFile, groupsBefore);
    writeFileSync(trino.rulesFile, rulesBefore);
    await service?.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await service?.run(`DROP TABLE IF EXISTS ${payments}`).catch(() => undefined);
    await service?.run(`DROP SCHEMA IF EXISTS memory.${schema}`).catch(() => undefined);
  });

  function publisher(store: ReturnType<typeof createMemoryStore>): TrinoRulesPublisher {
    return createTrinoRulesPublisher({
      store,
      env: env(),
      meshRoot: null,
      client: trinoRulesClient,
    });
  }

  it('never publishes a set Trino refuses: the previous rules stay in force, the failure is reported', async () => {
    const store = createMemoryStore();
    const rules = publisher(store);
    await store.grants.create(grant('g-good'));
    const first = await rules.publish(mesh);
    assert.equal(first.changed, true);
    const rows = await eventually(
      'the good set in Trino',
      async () => (await consumer.run(query)).rows,
    );
    assert.deepEqual(rows, [
      ['1', 'Wien'],
      ['2', 'Graz'],
    ]);
    const good = readFileSync(trino!.rulesFile, 'utf8');
    const stored = await store.trinoRules.current();
    assert.equal(stored?.rules, good, 'the file is written from the stored set');

    // A second grant whose filter compares the text column with an integer.
    const bad = grant('g-bad', {
      consumerTeam: 'ecommerce-team',
      consumerDomain: 'sales',
      rowFilter: { column: 'customers.customer_id', values: [1] },
    });
    await assert.rejects(
      rules.publish(mesh, { add: bad }),
      (error: Error) =>
        /were not published \(the previous ones stay in force\)/.test(error.message) &&
        /trino-rules\/filter-refused/.test(error.message),
    );
    assert.equal(readFileSync(trino!.rulesFile, 'utf8'), good, 'the rules file is untouched');
    assert.deepEqual(await store.trinoRules.current(), stored, 'nothing is stored');
    // Structurally the refused set is fine: only Trino's EXPLAIN could tell.
    const parsed = JSON.parse(good) as unknown;
    assert.deepEqual(validateTrinoRules(parsed, 'meshwork'), []);
    assert.deepEqual((await consumer.run(query)).rows.length, 2, 'the consumer still reads');
    assert.ok(store.auditEvents.some((e) => e.action === TRINO_RULES_FAILED));
    const failing = await trinoRulesStatus(store);
    assert.equal(failing.failing, true);
    assert.match(failing.lastFailure?.reason ?? '', /filter-refused/);

    // The next good publish (nothing changed) clears the failure in the status.
    const again = await rules.publish(mesh);
    assert.equal(again.changed, false);
    assert.equal((await trinoRulesStatus(store)).failing, false);
  });

  it('masks a personal column without a key the consumer could read: not in the rules, not in EXPLAIN', async () => {
    const store = createMemoryStore();
    const rules = publisher(store);
    await store.grants.create(grant('g-mask'));
    await rules.publish(mesh);
    const rows = await eventually('the mask in Trino', async () => {
      const found = (await consumer.run(`SELECT email FROM ${table} ORDER BY customer_id`)).rows;
      if (found.some((row) => String(row[0]).includes('@'))) throw new Error('in clear');
      return found;
    });
    // The key a team's pseudonyms were made with (before: HMAC of the secret and the team).
    const teamKey = createHmac('sha256', secret)
      .update('marketing/marketing-team', 'utf8')
      .digest();
    const leaks = [teamKey.toString('hex'), teamKey.toString('base64'), secret];
    for (const type of ['LOGICAL', 'DISTRIBUTED', 'IO']) {
      const plan = JSON.stringify(
        (await consumer.run(`EXPLAIN (TYPE ${type}) SELECT email FROM ${table}`)).rows,
      );
      for (const leak of leaks)
        assert.ok(!plan.toLowerCase().includes(leak.toLowerCase()), `no key in EXPLAIN ${type}`);
      assert.doesNotMatch(plan, /hmac|from_hex/i);
    }
    const rulesText = readFileSync(trino!.rulesFile, 'utf8');
    for (const leak of leaks) assert.ok(!rulesText.includes(leak), 'no key in the rules file');
    assert.deepEqual(rows, [[null], [null]], 'every row, email masked as NULL');
  });

  it('refuses a row filter on one table of a grant that also serves another table of the port', async () => {
    // The contract gains a second table later; the grant (all columns) filters customers.
    const texts = (await readMeshTexts(DEMO)).map((text) => {
      if (text.path === CONTRACT) {
        const doc = parseDocument(text.text);
        doc.addIn(['servers'], { server: 'trino', type: 'trino', catalog: 'memory', schema });
        doc.addIn(['schema'], {
          name: 'payments',
          physicalName: 'payments',
          properties: [
            { name: 'card_last4', logicalType: 'string' },
            { name: 'city', logicalType: 'string' },
          ],
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
    const twoTables = await accessMeshFromTexts(texts);
    const store = createMemoryStore();
    const rules = publisher(store);
    const filtered = grant('g-two', {
      columns: null,
      rowFilter: { column: 'customers.city', values: ['Wien'] },
    });
    await assert.rejects(
      rules.publish(twoTables, { add: filtered }),
      (error: Error) =>
        /trino-rules\/filter-other-table/.test(error.message) &&
        /g-two/.test(error.message) &&
        /also serves/.test(error.message),
    );
    // Already in force (the contract changed after it was granted): left out, said why.
    await store.grants.create(filtered);
    const published = await rules.publish(twoTables);
    assert.equal(published.grants, 0, 'the grant is left out');
    const written = readFileSync(trino!.rulesFile, 'utf8');
    assert.ok(!written.includes('payments'), 'no rule opens the second table');
    await eventually('the second table denied', async () => {
      if (!(await isDenied(consumer, `SELECT card_last4 FROM ${payments}`)))
        throw new Error('still readable');
    });
    const status = await trinoRulesStatus(store);
    assert.equal(status.failing, true);
    assert.match(status.lastFailure?.reason ?? '', /filter-other-table.*g-two/s);
  });

  it('a grant in force that Trino now refuses does not hold up a revocation: it is left out and reported', async () => {
    const store = createMemoryStore();
    const rules = publisher(store);
    await store.grants.create(grant('g-keep'));
    await rules.publish(mesh);
    await eventually('the grant in Trino', async () => (await consumer.run(query)).rows);
    // Active in the store although Trino refuses its filter (as if its table changed).
    await store.grants.create(
      grant('g-broken', {
        consumerTeam: 'ecommerce-team',
        consumerDomain: 'sales',
        rowFilter: { column: 'customers.customer_id', values: [1] },
      }),
    );
    const revoked = await rules.publish(mesh, { remove: 'g-keep' });
    assert.equal(revoked.grants, 0, 'the refused grant is left out');
    await eventually('the revocation in Trino', async () => {
      if (!(await isDenied(consumer, query))) throw new Error('still readable');
    });
    const status = await trinoRulesStatus(store);
    assert.equal(status.failing, true);
    assert.match(
      status.lastFailure?.reason ?? '',
      /published without the grants Trino refused.*g-broken/,
    );
    // The grant being provisioned (another team's: a grant of the consumer's team without a
    // filter would make its filter moot) is never left out: it fails.
    await assert.rejects(
      rules.publish(mesh, {
        add: grant('g-new', {
          consumerTeam: 'sales-team',
          consumerDomain: 'sales',
          rowFilter: { column: 'customers.customer_id', values: [2] },
        }),
      }),
      /were not published/,
    );
  });

  it('the trino-rules-publish job enforces a revocation whose publish was missed', async () => {
    const store = createMemoryStore();
    await store.catalog.replace({
      source: 'test',
      indexedAt: new Date().toISOString(),
      revision: 'test',
      documents: (await readMeshTexts(DEMO)).map((text) => {
        if (text.path === CONTRACT) {
          const doc = parseDocument(text.text);
          doc.addIn(['servers'], { server: 'trino', type: 'trino', catalog: 'memory', schema });
          return { ...text, text: String(doc) };
        }
        if (text.path !== 'meshwork.yaml') return text;
        const doc = parseDocument(text.text);
        doc.setIn(['access', 'trino'], { user: '{username}' });
        return { ...text, text: String(doc) };
      }),
    });
    await store.grants.create(grant('g-job'));
    await publisher(store).publish(mesh);
    await eventually('the grant in Trino', async () => (await consumer.run(query)).rows);
    // Revoked in the store only, as if the publish at revocation had failed.
    await store.grants.update('g-job', (g) => ({ ...g, state: 'revoked' }));
    const executor = createTrinoRulesExecutor(trinoRulesClient);
    const outcome = await executor.run(
      {
        id: 'j1',
        kind: 'trino-rules-publish',
        target: 'trino',
        attempts: 1,
        maxAttempts: 3,
      } as Job,
      {
        meshRoot: DEMO,
        store,
        env: env(),
        now: () => new Date(),
        signal: new AbortController().signal,
        events: { publish: () => Promise.resolve() },
      },
    );
    assert.equal(outcome.state, 'succeeded', JSON.stringify(outcome));
    await eventually('the revocation in Trino', async () => {
      if (!(await isDenied(consumer, query))) throw new Error('still readable');
    });
  });
});
