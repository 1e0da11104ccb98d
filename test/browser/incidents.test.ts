import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { slaEvaluateExecutor } from '../../src/app/sla/index.ts';
import type { Job } from '../../src/core/jobs/job-model.ts';
import { EMBEDDED_STORE_DIR } from '../../src/runtime/open-store.ts';
import { createEmbeddedStore } from '../../src/stores/embedded/index.ts';
import type { ServedMesh } from '../support/browser.ts';
import {
  buildPortal,
  launchChromium,
  openSignIn,
  openUntil,
  ownTextScript,
  screenshotsFolder,
  serveMesh,
} from '../support/browser.ts';
import { DAY_MS, serveSnapshot, writeSlaMesh } from '../sla/sla-mesh.ts';

const PASSWORD = 'portal-incidents-test';

/**
 * Issue 13's SLA monitoring in the portal: a product serving ten-day-old data under a
 * one-day latency SLA has an incident (opened by a real `sla-evaluate` run on the
 * workspace's embedded store, which `meshwork serve` shares); the overview, the domain and
 * the product page show it, and the product page shows each SLA met, breached, or "cannot
 * be evaluated" with its reason — in German and in English.
 */
describe('incidents and SLA monitoring in the portal', () => {
  let root: string;
  let server: ServedMesh;
  let browser: Browser;
  const shots = screenshotsFolder();

  before(async () => {
    buildPortal();
    root = await writeSlaMesh();
    await serveSnapshot(root, new Date(Date.now() - 3_600_000), new Date(Date.now() - 10 * DAY_MS));
    const store = createEmbeddedStore({ directory: join(root, EMBEDDED_STORE_DIR) });
    await store.migrate();
    const outcome = await slaEvaluateExecutor.run({ id: 'j1', kind: 'sla-evaluate' } as Job, {
      meshRoot: root,
      store,
      env: {},
      now: () => new Date(),
      signal: new AbortController().signal,
      events: { publish: () => Promise.resolve() },
    });
    assert.equal(outcome.state, 'succeeded');
    await store.close();
    server = await serveMesh(root, PASSWORD);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  async function signIn(locale: string): Promise<Page> {
    const context = await browser.newContext({
      baseURL: server.url,
      locale,
      viewport: { width: 1280, height: 1000 },
    });
    const page = await context.newPage();
    await openSignIn(page);
    await page.getByLabel(/username|benutzername/i).fill('admin');
    await page.getByLabel(/^(password|passwort)$/i).fill(PASSWORD);
    await page.getByRole('button', { name: /^(sign in|anmelden)$/i }).click();
    await page.getByRole('navigation', { name: /main navigation|hauptnavigation/i }).waitFor();
    return page;
  }

  it('shows the incident and the SLA states in German', async () => {
    const page = await signIn('de-DE');

    await openUntil(page, '/', '#incidents [data-testid="incident-list"]');
    const home = page.locator('#incidents');
    assert.match(await home.locator('h2').innerText(), /Offene Störungen\s*1/);
    const item = home.locator('.incident');
    assert.equal(await item.count(), 1);
    assert.match(await item.innerText(), /Latenz \(Aktualität\)/);
    assert.match(await item.innerText(), /sales-orders/);
    assert.match(await item.innerText(), /offen seit/);
    await page.screenshot({ path: join(shots, 'incidents-home-de.png'), fullPage: true });

    await home.getByRole('link', { name: 'sales-orders' }).click();
    await page.getByTestId('sla-evaluations').waitFor({ timeout: 30_000 });
    const rows = page.getByTestId('sla-evaluations').locator('tr');
    assert.equal(await rows.count(), 3);
    const states: (string | null)[] = [];
    for (let i = 0; i < 3; i++) states.push(await rows.nth(i).getAttribute('data-sla-state'));
    assert.deepEqual(states, ['breached', 'met', 'unknown']);
    assert.match(await rows.nth(0).innerText(), /verletzt/);
    assert.match(await rows.nth(1).innerText(), /eingehalten/);
    const unknown = await rows.nth(2).innerText();
    assert.match(unknown, /nicht prüfbar/);
    assert.match(unknown, /das SLA nennt keine Spalte/, 'the reason is shown');
    assert.doesNotMatch(
      unknown,
      /eingehalten/,
      'an SLA that cannot be evaluated is never shown as met',
    );
    const monitoring = page.locator('section[aria-labelledby="sla-monitoring-title"]');
    assert.match(await monitoring.innerText(), /Europe\/Berlin/);
    assert.equal(await monitoring.locator('.incident').count(), 1);
    const own = await page.evaluate<string>(ownTextScript());
    for (const english of [
      'SLA monitoring',
      'cannot be evaluated',
      'breached',
      'Promised',
      'open since',
    ])
      assert.ok(!own.includes(english), `no English "${english}" on the German page`);
    await page.screenshot({ path: join(shots, 'incidents-product-de.png'), fullPage: true });

    await openUntil(page, '/domains/sales', '#incidents');
    const domain = page.locator('#incidents');
    assert.match(await domain.locator('h2').innerText(), /Offene Störungen\s*1/);
    assert.match(await domain.locator('.incident').innerText(), /sales-orders/);
    await page.context().close();
  });

  it('shows them in English', async () => {
    const page = await signIn('en-GB');
    await openUntil(page, '/', '#incidents [data-testid="incident-list"]');
    assert.match(await page.locator('#incidents h2').innerText(), /Open incidents\s*1/);
    assert.match(await page.locator('#incidents .incident').innerText(), /Latency \(freshness\)/);
    await openUntil(page, '/products/sales-orders', '[data-testid="sla-evaluations"]');
    const rows = page.getByTestId('sla-evaluations').locator('tr');
    assert.match(await rows.nth(0).innerText(), /breached/);
    assert.match(await rows.nth(2).innerText(), /cannot be evaluated/);
    assert.match(await rows.nth(2).innerText(), /names no column/);
    await page.screenshot({ path: join(shots, 'incidents-product-en.png'), fullPage: true });
    await page.context().close();
  });
});
