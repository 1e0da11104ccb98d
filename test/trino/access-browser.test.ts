import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parseDocument } from 'yaml';
import type { TrinoClient } from '../../src/engines/trino/client.ts';
import { createTrinoClient, TrinoQueryError } from '../../src/engines/trino/client.ts';
import type { ServedMesh } from '../support/browser.ts';
import {
  buildDemoMesh,
  buildPortal,
  launchChromium,
  openSignIn,
  screenshotsFolder,
  serveMesh,
} from '../support/browser.ts';
import { NO_TRINO, trinoForTests } from '../support/trino.ts';

/**
 * THE done-test of issue 14's access part: `meshwork serve` on the demo mesh whose
 * sales-customers contract has a `trino` server (a table in Trino's memory catalog), a
 * real Trino that reads the rules Meshwork publishes, Chromium for the people. A consumer
 * requests three columns in the portal, one personal; the owner approves in the portal
 * with a row filter (the decision's "only some rows" fields), the DPO approves in the
 * portal; then, as the consumer's Trino user: another table is denied, the personal column
 * masked, only the filtered rows come back. The owner revokes in the portal: denied again, within Trino's
 * refresh period (bounded poll).
 */
const trino = trinoForTests();
const PASSWORD = 'trino-access-test';
const USER_PASSWORD = 'trino-access-user-password';
const PRODUCT = 'sales-customers';
const PORT = 'customers';
const GRANTED = ['customer_id', 'email', 'city'];
const CONSUMER = { username: 'mgruber', name: 'Maximilian Gruber', team: 'marketing-team' };
const OWNER = { username: 'tlechner', name: 'Tobias Lechner' };
const DPO = { username: 'creiter', name: 'Claudia Reiter' };
const TOKEN = randomBytes(24).toString('hex');
const POLL_MS = 60_000;

const PURPOSES = [
  {
    id: 'newsletter',
    title: { de: 'Newsletter-Versand', en: 'Newsletter mailing' },
    description: { de: 'Newsletter an Kunden.', en: 'Newsletter to customers.' },
    legalBasis: 'a',
  },
];

/** Runs until `check` passes (Trino reads its rules every 2 s), bounded. */
async function eventually<T>(what: string, check: () => Promise<T>): Promise<T> {
  const until = Date.now() + POLL_MS;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      last = error;
    }
    if (Date.now() > until)
      assert.fail(`${what} did not happen within ${POLL_MS / 1000} s: ${String(last)}`);
    await new Promise((done) => setTimeout(done, 500));
  }
}

async function denied(client: TrinoClient, sql: string): Promise<string> {
  try {
    await client.run(sql);
  } catch (error) {
    if (error instanceof TrinoQueryError && error.errorName === 'PERMISSION_DENIED')
      return error.message;
    throw error;
  }
  throw new Error(`not denied yet: ${sql}`);
}

describe(
  'Trino access rules from portal grants (issue 14)',
  { skip: trino ? false : NO_TRINO },
  () => {
    const schema = `access_${randomBytes(4).toString('hex')}`;
    const table = `memory.${schema}.customers`;
    const other = `memory.${schema}.payments`;
    let mesh: { root: string; remove: () => void };
    let server: ServedMesh;
    let browser: Browser;
    let service: TrinoClient;
    let rulesBefore: string;
    let groupsBefore: string;
    const saved: Record<string, string | undefined> = {};

    before(async () => {
      const t = trino!;
      rulesBefore = readFileSync(t.rulesFile, 'utf8');
      groupsBefore = readFileSync(t.groupsFile, 'utf8');
      service = createTrinoClient({ server: t.url, user: t.user });
      await service.run(`CREATE SCHEMA memory.${schema}`);
      await service.run(
        `CREATE TABLE ${table} AS SELECT customer_id, first_name, CAST(email AS varchar) AS email, city FROM (VALUES (1, 'Anna', 'anna@example.com', 'Wien'), (2, 'Ben', 'ben@example.com', 'Graz'), (3, 'Cora', 'cora@example.com', 'Linz')) t(customer_id, first_name, email, city)`,
      );
      await service.run(`CREATE TABLE ${other} AS SELECT 1 AS payment_id, 99.5 AS amount`);

      buildPortal();
      mesh = await buildDemoMesh();
      const yamlFile = join(mesh.root, 'meshwork.yaml');
      const organisation = parseDocument(readFileSync(yamlFile, 'utf8'));
      organisation.set('purposes', PURPOSES);
      organisation.setIn(['access', 'trino'], { user: '{username}' });
      writeFileSync(yamlFile, String(organisation));
      const contractFile = join(mesh.root, 'domains/sales/sales-customers/customers.odcs.yaml');
      const contract = parseDocument(readFileSync(contractFile, 'utf8'));
      const url = new URL(t.url);
      contract.addIn(['servers'], {
        server: 'trino',
        type: 'trino',
        host: url.hostname,
        port: Number(url.port),
        catalog: 'memory',
        schema,
      });
      writeFileSync(contractFile, String(contract));

      for (const [name, value] of Object.entries({
        MESHWORK_TRINO_URL: t.url,
        MESHWORK_TRINO_RULES_FILE: t.rulesFile,
        MESHWORK_TRINO_GROUPS_FILE: t.groupsFile,
        MESHWORK_TRINO_RULES_TOKEN: TOKEN,
      })) {
        saved[name] = process.env[name];
        process.env[name] = value;
      }
      server = await serveMesh(mesh.root, PASSWORD);
      browser = await launchChromium();
      const admin = await signIn('admin', PASSWORD);
      const csrf = await csrfOf(admin.page);
      for (const user of [
        { ...CONSUMER, roles: [] },
        { ...OWNER, roles: [] },
        { ...DPO, roles: ['governance'] },
      ]) {
        const created = await admin.page.request.post('/api/users', {
          headers: { 'x-csrf-token': csrf },
          data: { ...user, email: null, password: USER_PASSWORD },
        });
        assert.equal(created.status(), 201, await created.text());
      }
      await admin.context.close();
    });

    after(async () => {
      await browser?.close();
      await server?.stop();
      mesh?.remove();
      for (const [name, value] of Object.entries(saved))
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      if (trino) {
        // The Trino is shared with the other Trino tests: its rules as they were.
        writeFileSync(trino.groupsFile, groupsBefore);
        writeFileSync(trino.rulesFile, rulesBefore);
        await service?.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
        await service?.run(`DROP TABLE IF EXISTS ${other}`).catch(() => undefined);
        await service?.run(`DROP SCHEMA IF EXISTS memory.${schema}`).catch(() => undefined);
      }
    });

    async function signIn(
      username: string,
      password = USER_PASSWORD,
    ): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ baseURL: server.url, locale: 'en-GB' });
      const page = await context.newPage();
      await openSignIn(page);
      await page.getByLabel(/username|benutzername/i).fill(username);
      await page.getByLabel(/^(password|passwort)$/i).fill(password);
      await page.getByRole('button', { name: /^(sign in|anmelden)$/i }).click();
      await page.getByRole('navigation', { name: /main navigation|hauptnavigation/i }).waitFor();
      return { context, page };
    }

    async function csrfOf(page: Page): Promise<string> {
      return ((await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string })
        .csrfToken;
    }

    it('grant in the portal: Trino denies another table, masks the personal column, filters the rows; revoked: denied again', async () => {
      const t = trino!;
      const shots = screenshotsFolder();
      const asConsumer = createTrinoClient({ server: t.url, user: CONSUMER.username });
      const query = `SELECT customer_id, email, city FROM ${table} ORDER BY customer_id`;
      // Before any grant the consumer reads nothing: the server published its first set at
      // start, which Trino reads within its refresh period.
      await eventually('the consumer denied before any grant', () => denied(asConsumer, query));

      // 1. The consumer requests three columns, one of them personal, in the portal.
      const consumer = await signIn(CONSUMER.username);
      await consumer.page.goto(`/products/${PRODUCT}`);
      const port = consumer.page.locator(`.request-access[data-port="${PORT}"]`);
      await port.getByRole('button', { name: 'Request access' }).click();
      const form = port.getByTestId('request-access-form');
      await form.waitFor();
      await form.getByLabel('Purpose of use').selectOption('newsletter');
      await form.getByRole('button', { name: 'Select none' }).click();
      for (const column of GRANTED)
        await form.locator(`input[value="customers.${column}"]`).check();
      await form.getByLabel('Justification').fill('Newsletter to the customers in Wien and Linz.');
      await form.getByRole('button', { name: 'Send request' }).click();
      await form.getByTestId('request-made').waitFor();
      const mine = (await (
        await consumer.page.request.get('/api/access-requests?view=mine')
      ).json()) as { items: { id: string }[] };
      const requestId = mine.items[0]!.id;

      // 2. The owner approves in the portal with a row filter (the decision's "only some
      //    rows" fields), the DPO approves in the portal: the grant is made.
      const owner = await signIn(OWNER.username);
      await owner.page.getByRole('link', { name: /^To decide/ }).click();
      const ownerItem = owner.page.locator(`[data-testid="inbox"] li[data-request="${requestId}"]`);
      await ownerItem.waitFor();
      const fields = ownerItem.getByTestId('row-filter-fields');
      await fields.waitFor();
      await fields.getByLabel('Column').selectOption('customers.city');
      await fields.getByLabel('Values').fill('Wien\nLinz\n');
      await ownerItem.getByRole('button', { name: 'Approve' }).click();
      await owner.page.getByTestId('inbox-note').waitFor();
      const dpo = await signIn(DPO.username);
      await dpo.page.getByRole('link', { name: /^To decide/ }).click();
      const item = dpo.page.locator('[data-testid="inbox"] li[data-request]');
      await item.waitFor();
      await item.getByRole('button', { name: 'Approve' }).click();
      await dpo.page.getByTestId('inbox-note').filter({ hasText: 'active' }).waitFor();
      await dpo.page.screenshot({ path: join(shots, 'trino-access-approved.png'), fullPage: true });

      const grants = (await (
        await owner.page.request.get(`/api/grants?productId=${PRODUCT}&state=active`)
      ).json()) as {
        items: {
          id: string;
          rowFilter: { column: string; values: string[] } | null;
          provisioning: { engine: string; role: string | null }[];
        }[];
      };
      assert.deepEqual(grants.items[0]?.rowFilter, {
        column: 'customers.city',
        values: ['Wien', 'Linz'],
      });
      const trinoRecord = grants.items[0]?.provisioning.find((p) => p.engine === 'trino');
      assert.equal(trinoRecord?.role, 'mw_marketing__marketing-team');
      // Every member of the team, as meshwork.yaml's access.trino.user maps them.
      assert.match(
        readFileSync(t.groupsFile, 'utf8'),
        /^mw_marketing__marketing-team:([a-z]+,)*mgruber(,[a-z]+)*$/m,
      );

      // 3. As the consumer's Trino user: the granted columns, email masked, Wien and Linz only.
      const rows = await eventually(
        'the grant in Trino',
        async () => (await asConsumer.run(query)).rows,
      );
      assert.deepEqual(
        rows.map((r) => [r[0], r[2]]),
        [
          [1, 'Wien'],
          [3, 'Linz'],
        ],
      );
      // Masked as NULL: a keyed pseudonym would put its key into the consumer's plan.
      for (const row of rows) assert.equal(row[1], null, `email masked, got ${String(row[1])}`);
      // Another table of the same schema, a column not granted, a pass-through table function.
      assert.match(await denied(asConsumer, `SELECT * FROM ${other}`), /Cannot select from table/);
      await denied(asConsumer, `SELECT first_name FROM ${table}`);
      await denied(asConsumer, `SELECT * FROM TABLE(pg.system.query(query => 'SELECT 1'))`);
      // A WHERE of the consumer does not widen the filter.
      const graz = await asConsumer.run(`SELECT count(*) FROM ${table} WHERE city = 'Graz'`);
      assert.equal(Number(graz.rows[0]![0]), 0);
      // The service user keeps every right.
      assert.equal(Number((await service.run(`SELECT count(*) FROM ${table}`)).rows[0]![0]), 3);

      // The rules as Trino fetches them over HTTP (token in the path), and the admin's status.
      const wrong = await fetch(`${server.url}/api/trino/access-rules/${'x'.repeat(48)}`);
      assert.equal(wrong.status, 404);
      const served = await fetch(`${server.url}/api/trino/access-rules/${TOKEN}`);
      assert.equal(served.status, 200);
      assert.equal(await served.text(), readFileSync(t.rulesFile, 'utf8'));
      const admin = await signIn('admin', PASSWORD);
      const status = (await (await admin.page.request.get('/api/trino/access-status')).json()) as {
        configured: boolean;
        version: string | null;
        failing: boolean;
      };
      assert.equal(status.configured, true);
      assert.match(status.version ?? '', /^[0-9a-f]{16}$/);
      assert.equal(status.failing, false);
      const forbidden = await consumer.page.request.get('/api/trino/access-status');
      assert.equal(forbidden.status(), 403);

      // 4. The owner revokes in the portal: Trino denies the table again.
      await owner.page.goto(`/products/${PRODUCT}#consumers`);
      const consumerRow = owner.page.locator(
        `[data-testid="consumers"] tr[data-team="${CONSUMER.team}"]`,
      );
      await consumerRow.waitFor();
      owner.page.once('dialog', (dialog) => void dialog.accept());
      await consumerRow.getByRole('button', { name: 'Revoke access' }).click();
      await owner.page
        .locator('#consumers')
        .getByText('No team has access')
        .waitFor()
        .catch(async (error: unknown) => {
          const shown = await owner.page.locator('#consumers').innerText();
          throw new Error(`the revocation did not show: ${shown}`, { cause: error });
        });
      await eventually('the revocation in Trino', () => denied(asConsumer, query));
      assert.doesNotMatch(readFileSync(t.groupsFile, 'utf8'), /mgruber/);

      await Promise.all([
        consumer.context.close(),
        owner.context.close(),
        dpo.context.close(),
        admin.context.close(),
      ]);
    });
  },
);
