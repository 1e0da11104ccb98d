import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parseDocument } from 'yaml';
import type { ServedMesh } from '../support/browser.ts';
import {
  buildDemoMesh,
  buildPortal,
  launchChromium,
  openSignIn,
  screenshotsFolder,
  serveMesh,
} from '../support/browser.ts';

/**
 * Issue 14's row filter in the portal, against `meshwork serve` on the demo mesh: the
 * producing owner approves a request in the inbox with "only some rows" — a column of the
 * request and values one per line, an attack value among them — and the grant lists show
 * "Only rows where country_code is one of these values: …" (English) / "Nur Zeilen, in denen …" (German); the
 * consumer's download holds only those rows. A column chosen without values is refused
 * in the dialog, nothing decided.
 */
const PASSWORD = 'portal-row-filter-test';
const USER_PASSWORD = 'row-filter-story-password';
const PRODUCT = 'sales-customers';
const PORT = 'customers';
const COLUMNS = ['customers.customer_id', 'customers.city', 'customers.country_code'];
const CONSUMER = { username: 'mgruber', name: 'Maximilian Gruber', team: 'marketing-team' };
const OWNER = { username: 'tlechner', name: 'Tobias Lechner' };
const ATTACK = "') OR 1=1 --";

describe('the row filter in the portal (issue 14)', () => {
  let mesh: { root: string; remove: () => void };
  let server: ServedMesh;
  let browser: Browser;
  let adminPage: Page;
  let adminContext: BrowserContext;

  const csrf = async (p: Page): Promise<string> =>
    ((await (await p.request.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken;

  async function signIn(
    username: string,
    password = USER_PASSWORD,
    locale = 'en-GB',
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      baseURL: server.url,
      locale,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await openSignIn(page);
    await page.getByLabel(/username|benutzername/i).fill(username);
    await page.getByLabel(/^(password|passwort)$/i).fill(password);
    await page.getByRole('button', { name: /^(sign in|anmelden)$/i }).click();
    await page.getByRole('navigation', { name: /main navigation|hauptnavigation/i }).waitFor();
    return { context, page };
  }

  /** A request of the consumer for the three columns, made through the API. */
  async function request(consumer: Page): Promise<string> {
    const made = await consumer.request.post('/api/access-requests', {
      headers: { 'x-csrf-token': await csrf(consumer) },
      data: {
        productId: PRODUCT,
        port: PORT,
        consumerTeam: CONSUMER.team,
        purpose: 'statistics',
        endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        columns: COLUMNS,
        justification: 'Customers per city in two countries.',
      },
    });
    assert.equal(made.status(), 201, await made.text());
    return ((await made.json()) as { id: string }).id;
  }

  /** Admin gives the DPO's approval should the policies ask for one. */
  async function completeApprovals(id: string): Promise<void> {
    const mine = (await (
      await adminPage.request.get('/api/access-requests?view=all&limit=200')
    ).json()) as { items: { id: string; state: string }[] };
    if (mine.items.find((r) => r.id === id)?.state !== 'pending') return;
    const dpo = await adminPage.request.post(`/api/access-requests/${id}/decision`, {
      headers: { 'x-csrf-token': await csrf(adminPage) },
      data: { decision: 'approve' },
    });
    assert.equal(dpo.status(), 200, await dpo.text());
  }

  before(async () => {
    buildPortal();
    mesh = await buildDemoMesh();
    const file = join(mesh.root, 'meshwork.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.set('purposes', [
      {
        id: 'statistics',
        title: { de: 'Statistik', en: 'Statistics' },
        description: { de: 'Auswertungen.', en: 'Analyses.' },
        legalBasis: 'f',
      },
    ]);
    writeFileSync(file, String(doc));
    server = await serveMesh(mesh.root, PASSWORD);
    browser = await launchChromium();
    ({ context: adminContext, page: adminPage } = await signIn('admin', PASSWORD));
    for (const user of [CONSUMER, OWNER]) {
      const created = await adminPage.request.post('/api/users', {
        headers: { 'x-csrf-token': await csrf(adminPage) },
        data: {
          username: user.username,
          name: user.name,
          email: null,
          password: USER_PASSWORD,
          roles: [],
        },
      });
      assert.equal(created.status(), 201, await created.text());
    }
  });

  after(async () => {
    await adminContext?.close();
    await browser?.close();
    await server?.stop();
    mesh?.remove();
  });

  it('the owner approves with a row filter in the dialog; the lists say so in English and German; the download holds only those rows', async () => {
    const consumer = await signIn(CONSUMER.username);
    const owner = await signIn(OWNER.username);
    // What the owning team reads: every row, to know what the filter must leave.
    const all = (await (
      await owner.page.request.get(`/api/products/${PRODUCT}/ports/${PORT}/data?format=json`)
    ).json()) as { country_code: string }[];
    const countries = [...new Set(all.map((r) => r.country_code))].sort();
    assert.ok(countries.length >= 2, `the demo has several countries: ${countries.join(', ')}`);
    const kept = countries.slice(0, 1);

    const id = await request(consumer.page);
    await owner.page.getByRole('link', { name: /^To decide/ }).click();
    const item = owner.page.locator(`[data-testid="inbox"] li[data-request="${id}"]`);
    await item.waitFor();
    const fields = item.getByTestId('row-filter-fields');
    await fields.waitFor();
    assert.match(await fields.innerText(), /Only some rows \(optional\)/);
    // The select offers the request's columns of a comparable type, nothing else.
    const offered = await fields.locator('select[name="rowFilterColumn"] option').allInnerTexts();
    assert.deepEqual(offered, [
      '— every row —',
      'customers.customer_id (integer)',
      'customers.city (string)',
      'customers.country_code (string)',
    ]);
    await fields.getByLabel('Column').selectOption('customers.country_code');
    // A column without values is refused here; nothing is decided.
    await item.getByRole('button', { name: 'Approve' }).click();
    await item.getByRole('alert').filter({ hasText: 'Enter at least one value' }).waitFor();
    await fields.getByLabel('Values').fill(`${kept.join('\n')}\n${ATTACK}\n`);
    await owner.page.screenshot({
      path: join(screenshotsFolder(), 'row-filter-dialog.png'),
      fullPage: true,
    });
    await item.getByRole('button', { name: 'Approve' }).click();
    await owner.page.getByTestId('inbox-note').waitFor();
    await completeApprovals(id);

    const grants = (await (await consumer.page.request.get('/api/grants?state=active')).json()) as {
      items: { id: string; rowFilter: { column: string; values: string[] } }[];
    };
    assert.deepEqual(grants.items[0]?.rowFilter, {
      column: 'customers.country_code',
      values: [...kept, ATTACK],
    });

    // The consumer's list, in English.
    await consumer.page.goto('/access');
    const note = consumer.page.locator('[data-testid="my-grants"] [data-testid="row-filter"]');
    await note.waitFor();
    assert.equal(
      await note.innerText(),
      `Only rows where country_code is one of these values: ${[...kept, ATTACK].join(', ')}`,
    );

    // The producing owner's list of consumers, in German.
    const ownerDe = await signIn(OWNER.username, USER_PASSWORD, 'de-DE');
    await ownerDe.page.goto(`/products/${PRODUCT}#consumers`);
    const row = ownerDe.page.locator(
      `[data-testid="consumers"] tr[data-team="${CONSUMER.team}"] [data-testid="row-filter"]`,
    );
    await row.waitFor();
    assert.equal(
      await row.innerText(),
      `Nur Zeilen, in denen country_code einer dieser Werte ist: ${[...kept, ATTACK].join(', ')}`,
    );

    // The download: only the kept country's rows, every one of them; the attack widened nothing.
    const download = await consumer.page.request.get(
      `/api/products/${PRODUCT}/ports/${PORT}/data?format=json`,
    );
    assert.equal(download.status(), 200, await download.text());
    const rows = (await download.json()) as { country_code: string }[];
    const expected = all.filter((r) => kept.includes(r.country_code)).length;
    assert.ok(expected > 0 && expected < all.length, `${expected} of ${all.length}`);
    assert.equal(rows.length, expected);
    assert.ok(rows.every((r) => kept.includes(r.country_code)));

    await Promise.all([consumer.context.close(), owner.context.close(), ownerDe.context.close()]);
  });

  it('in German the dialog speaks German', async () => {
    const consumer = await signIn(CONSUMER.username);
    const id = await request(consumer.page);
    const owner = await signIn(OWNER.username, USER_PASSWORD, 'de-DE');
    await owner.page.getByRole('link', { name: /^Zu entscheiden/ }).click();
    const item = owner.page.locator(`[data-testid="inbox"] li[data-request="${id}"]`);
    await item.waitFor();
    const fields = item.getByTestId('row-filter-fields');
    await fields.waitFor();
    assert.match(await fields.innerText(), /Nur bestimmte Zeilen \(optional\)/);
    await fields.getByLabel('Spalte').selectOption('customers.city');
    assert.match(await fields.innerText(), /Ein Wert je Eingabezeile, höchstens 100\./);
    await item.getByRole('button', { name: 'Genehmigen' }).click();
    await item.getByRole('alert').filter({ hasText: 'mindestens einen Wert' }).waitFor();
    const stillPending = (await (
      await consumer.page.request.get('/api/access-requests?view=mine')
    ).json()) as { items: { id: string; state: string; approvals: unknown[] }[] };
    const mine = stillPending.items.find((r) => r.id === id);
    assert.equal(mine?.state, 'pending');
    assert.equal(mine?.approvals.length, 0);
    await Promise.all([consumer.context.close(), owner.context.close()]);
  });
});
