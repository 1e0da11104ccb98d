import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ServedMesh } from '../support/browser.ts';
import {
  buildPortal,
  launchChromium,
  openSignIn,
  openUntil,
  ownTextScript,
  screenshotsFolder,
  serveMesh,
  openNavMore,
} from '../support/browser.ts';

const PASSWORD = 'portal-notifications-admin';
const USER_PASSWORD = 'notifications-story-password';
/** Owner of ecommerce-team, which owns sales-orders (the demo's product.odps.yaml). */
const OWNER = { username: 'tlechner', name: 'Tobias Lechner', email: 'tobias@example.org' };
const PRODUCT = 'sales-orders';

/** English words of the notifications screens that must not show once German is chosen. */
const ENGLISH = [
  'My subscriptions',
  'Team subscriptions',
  'Delivery log',
  'New subscription',
  'Subscribe',
  'Send a test',
  'Check failed',
  'Breaking contract change',
  'Whole mesh',
  'Channel',
  'Events',
  'pending',
  'delivered',
];

/**
 * Issue 13's subscriptions in the browser, against `meshwork serve` on the demo mesh:
 * the owner of the team owning sales-orders follows the product and its domain, makes a
 * webhook subscription for the team (the secret shown once), sees a failing check's
 * deliveries in the log, reads the page in German, and unfollows.
 */
describe('notifications in the portal (issue 13): follow, subscriptions, delivery log', () => {
  let root: string;
  let server: ServedMesh;
  let browser: Browser;
  const shots = screenshotsFolder();

  before(async () => {
    buildPortal();
    root = mkdtempSync(join(tmpdir(), 'meshwork-notifications-'));
    cpSync(join(import.meta.dirname, '..', '..', 'examples', 'alpine-bikes'), root, {
      recursive: true,
      filter: (src) => !/[/\\](data|\.meshwork)$/.test(src),
    });
    server = await serveMesh(root, PASSWORD);
    browser = await launchChromium();
    const admin = await signIn('admin', PASSWORD);
    const created = await admin.page.request.post('/api/users', {
      headers: { 'x-csrf-token': await csrf(admin.page) },
      data: { ...OWNER, password: USER_PASSWORD, roles: [] },
    });
    assert.equal(created.status(), 201, await created.text());
    await admin.context.close();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  async function csrf(page: Page): Promise<string> {
    const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
    return me.csrfToken;
  }

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

  it('follows a product and its domain from their pages; the page lists both', async () => {
    const { context, page } = await signIn(OWNER.username);
    await openUntil(page, `/products/${PRODUCT}`, '[data-testid="follow"]');
    const follow = page.getByTestId('follow');
    assert.equal(await follow.innerText(), 'Follow');
    await follow.click();
    await page.locator('[data-testid="follow"][aria-pressed="true"]').waitFor();
    assert.match(await follow.innerText(), /Following/);
    // Still following after a reload: it is a stored subscription, not page state.
    await openUntil(page, `/products/${PRODUCT}`, '[data-testid="follow"][aria-pressed="true"]');

    await openUntil(page, '/domains/sales', '[data-testid="follow"]');
    await page.getByTestId('follow').click();
    await page.locator('[data-testid="follow"][aria-pressed="true"]').waitFor();

    await openNavMore(page);
    await page.getByRole('link', { name: 'Notifications' }).click();
    const mine = page.getByTestId('my-subscriptions');
    await mine.waitFor();
    const rows = await mine.locator('tbody tr').allInnerTexts();
    assert.equal(rows.length, 2, rows.join('\n'));
    assert.ok(rows.some((r) => r.includes(`Product ${PRODUCT}`) && r.includes('Check failed')));
    assert.ok(rows.some((r) => r.includes('Domain sales') && r.includes('New data product')));
    assert.ok(rows.every((r) => r.includes('E-mail')));
    await page.screenshot({ path: join(shots, 'notifications-mine.png'), fullPage: true });
    await context.close();
  });

  it('an owner makes a webhook subscription for the team: the secret is shown once', async () => {
    const { context, page } = await signIn(OWNER.username);
    await openUntil(page, '/notifications', '[data-testid="team-subscription-form"]');
    const form = page.getByTestId('team-subscription-form');
    assert.equal(await form.locator('select[name="team"]').inputValue(), 'ecommerce-team');
    await form.getByLabel('Breaking contract change').check();
    await form.locator('select[name="channel"]').selectOption('webhook');
    await form.getByLabel('Address (https URL)').fill('https://hooks.example.org/meshwork');
    await form.getByRole('button', { name: 'Subscribe' }).click();
    const secret = form.getByTestId('webhook-secret');
    await secret.waitFor();
    const value = await secret.locator('code').innerText();
    assert.ok(value.length >= 16, `a secret: ${value}`);
    const team = page.getByTestId('team-subscriptions');
    await team.locator('tbody tr').first().waitFor();
    const row = await team.locator('tbody tr').first().innerText();
    assert.match(row, /Webhook/);
    assert.match(row, /hooks\.example\.org/);
    assert.match(row, /ecommerce-team/);
    assert.ok(!row.includes(value), 'the secret is not listed');
    // Shown once: a reload has no secret on the page.
    await openUntil(page, '/notifications', '[data-testid="team-subscriptions"] tbody tr');
    assert.equal(await page.getByTestId('webhook-secret').count(), 0);
    assert.ok(!(await page.locator('main').innerText()).includes(value));
    await context.close();
  });

  it('a failing check reported to the server shows in the delivery log', async () => {
    const admin = await signIn('admin', PASSWORD);
    const reported = await admin.page.request.post('/api/runs', {
      headers: { 'x-csrf-token': await csrf(admin.page) },
      data: {
        contractId: 'sales-orders-v1',
        run: {
          status: 'failed',
          startedAt: new Date().toISOString(),
          durationMs: 3,
          checks: [
            {
              id: 'orders.rowCount',
              schema: 'orders',
              property: null,
              kind: 'rowCount',
              status: 'failed',
              value: 0,
              threshold: { operator: 'mustBeGreaterThan', value: 0 },
              message: 'empty',
              samples: [],
            },
          ],
        },
      },
    });
    assert.equal(reported.status(), 201, await reported.text());
    const { id } = (await reported.json()) as { id: string };
    await admin.context.close();

    const { context, page } = await signIn(OWNER.username);
    const row = `[data-testid="deliveries"] tr:has(code:text-is("check.failed:${id}"))`;
    await openUntil(page, '/notifications', row);
    const rows = await page.locator(row).allInnerTexts();
    assert.ok(
      rows.every((r) => r.includes('Check failed')),
      rows.join('\n'),
    );
    // To the owner's e-mail (the team is addressed, and the product is followed) and to
    // the team's webhook subscription — listed by its origin only.
    assert.ok(
      rows.some((r) => r.includes('E-mail')),
      rows.join('\n'),
    );
    assert.ok(
      rows.some((r) => r.includes('Webhook') && r.includes('https://hooks.example.org')),
      rows.join('\n'),
    );
    assert.ok(!rows.some((r) => r.includes('/meshwork')), 'no webhook path in the log');
    await page.screenshot({ path: join(shots, 'notifications-log.png'), fullPage: true });
    await context.close();
  });

  it('speaks German, and unfollows from the product page', async () => {
    const { context, page } = await signIn(OWNER.username, USER_PASSWORD, 'de-DE');
    await page.getByTestId('language').selectOption('de');
    await openUntil(page, '/notifications', '[data-testid="my-subscriptions"]');
    await page.getByRole('heading', { name: 'Benachrichtigungen', level: 1 }).waitFor();
    await openNavMore(page);
    const entry = page.getByRole('link', { name: 'Benachrichtigungen' });
    assert.ok(await entry.isVisible());
    assert.equal(await entry.getAttribute('aria-current'), 'page');
    const own = await page.evaluate<string>(ownTextScript());
    for (const word of ENGLISH)
      assert.ok(!new RegExp(`\\b${word}\\b`).test(own), `"${word}" in German:\n${own}`);
    for (const word of [
      'Meine Abonnements',
      'Team-Abonnements',
      'Zustellprotokoll',
      'Prüfung fehlgeschlagen',
    ])
      assert.ok(own.includes(word), `"${word}" missing:\n${own}`);
    await page.screenshot({ path: join(shots, 'notifications-de.png'), fullPage: true });

    await openUntil(page, `/products/${PRODUCT}`, '[data-testid="follow"][aria-pressed="true"]');
    assert.match(await page.getByTestId('follow').innerText(), /Sie folgen/);
    await page.getByTestId('follow').click();
    await page.locator('[data-testid="follow"][aria-pressed="false"]').waitFor();
    assert.equal(await page.getByTestId('follow').innerText(), 'Folgen');
    await openUntil(page, '/notifications', '[data-testid="my-subscriptions"]');
    const rows = await page.getByTestId('my-subscriptions').locator('tbody tr').allInnerTexts();
    assert.deepEqual(
      rows.map((r) => r.includes('Domäne sales')),
      [true],
    );
    await context.close();
  });
});
