import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ServedMesh } from '../support/browser.ts';
import {
  buildDemoMesh,
  buildPortal,
  launchChromium,
  openSignIn,
  screenshotsFolder,
  serveMesh,
} from '../support/browser.ts';

const PASSWORD = 'portal-browser-test';

interface ApiProducts {
  readonly total: number;
  readonly items: readonly { id: string; name: string; domain: string }[];
}
interface ApiLineage {
  readonly nodes: readonly { id: string; kind: string; name: string }[];
}

describe('the portal in Chromium', () => {
  let mesh: { root: string; remove: () => void };
  let server: ServedMesh;
  let browser: Browser;
  const shots = screenshotsFolder();

  before(async () => {
    buildPortal();
    mesh = await buildDemoMesh();
    server = await serveMesh(mesh.root, PASSWORD);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    mesh?.remove();
  });

  async function signedIn(options: { locale?: string; width?: number } = {}): Promise<{
    context: BrowserContext;
    page: Page;
  }> {
    const context = await browser.newContext({
      baseURL: server.url,
      locale: options.locale ?? 'en-GB',
      viewport: { width: options.width ?? 1280, height: 900 },
    });
    const page = await context.newPage();
    await openSignIn(page);
    await page.getByLabel(/username|benutzername/i).fill('admin');
    await page.getByLabel(/^(password|passwort)$/i).fill(PASSWORD);
    await page.getByRole('button', { name: /^(sign in|anmelden)$/i }).click();
    await page.getByRole('navigation', { name: /main navigation|hauptnavigation/i }).waitFor();
    return { context, page };
  }

  it('refuses a wrong password, signs in, shows the mesh at a glance and signs out', async () => {
    const context = await browser.newContext({ baseURL: server.url, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto('/products');
    await page.waitForURL(/\/login/);
    await page.screenshot({ path: join(shots, 'login.png') });
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /sign-in failed/i);

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back where the user wanted to go before the sign-in.
    await page.waitForURL(/\/products$/);
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await page.getByRole('heading', { name: 'The mesh at a glance' }).waitFor();
    const domains = (await (await page.request.get('/api/domains')).json()) as { total: number };
    await page.locator('.domain-card').first().waitFor();
    assert.equal(await page.locator('.domain-card').count(), domains.total);
    await page.screenshot({ path: join(shots, 'home.png'), fullPage: true });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    assert.equal((await page.request.get('/api/auth/me')).status(), 401, 'the session is gone');
    await context.close();
  });

  it('searches the marketplace and narrows it with a facet', async () => {
    const { context, page } = await signedIn();
    await page.getByRole('link', { name: 'Marketplace', exact: true }).click();
    const all = (await (await page.request.get('/api/products?limit=200')).json()) as ApiProducts;
    await page
      .getByTestId('results-count')
      .filter({ hasText: `${all.total} data products` })
      .waitFor();

    await page.getByTestId('search').fill('customer');
    await page.waitForURL(/q=customer/);
    const found = (await (
      await page.request.get('/api/products?q=customer&limit=200')
    ).json()) as ApiProducts;
    assert.ok(found.total > 0 && found.total < all.total, 'the search narrows the catalog');
    await page
      .getByTestId('results-count')
      .filter({ hasText: `${found.total} data products` })
      .waitFor();
    assert.equal(await page.getByTestId('product-card').count(), found.total);

    await page.getByTestId('search').fill('zzqx-no-such-product');
    await page.getByText('No data product matches').waitFor();
    await page.getByTestId('search').fill('customer');
    await page
      .getByTestId('results-count')
      .filter({ hasText: `${found.total} data products` })
      .waitFor();

    const domain = found.items[0]!.domain;
    await page.locator(`input[data-facet="domain"][value="${domain}"]`).check();
    await page.waitForURL(new RegExp(`domain=${domain}`));
    const narrowed = found.items.filter((p) => p.domain === domain).length;
    await page
      .getByTestId('results-count')
      .filter({ hasText: `${narrowed} data products` })
      .waitFor();
    await page.screenshot({ path: join(shots, 'marketplace.png'), fullPage: true });
    await context.close();
  });

  it('opens a product with its contract and lineage, and follows the lineage by keyboard', async () => {
    const { context, page } = await signedIn();
    await page.goto('/products?q=customer');
    const found = (await (
      await page.request.get('/api/products?q=customer&limit=200')
    ).json()) as ApiProducts;
    // The product with the longest lineage shows the graph best.
    let best = {
      id: found.items[0]!.id,
      name: found.items[0]!.name,
      lineage: { nodes: [] } as ApiLineage,
    };
    for (const item of found.items) {
      const lineage = (await (
        await page.request.get(`/api/products/${item.id}/lineage?direction=both&depth=3`)
      ).json()) as ApiLineage;
      if (lineage.nodes.length > best.lineage.nodes.length)
        best = { id: item.id, name: item.name, lineage };
    }
    await page.getByRole('link', { name: best.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: best.name }).waitFor();
    await page.getByRole('heading', { name: 'Output ports' }).waitFor();
    assert.ok(
      (await page.locator('.schema table tbody tr').count()) > 0,
      'the contract schema is shown',
    );

    const graph = page.getByTestId('lineage-graph');
    await graph.waitFor();
    assert.equal(await graph.locator('[data-node]').count(), best.lineage.nodes.length);
    await page.screenshot({ path: join(shots, 'product.png'), fullPage: true });
    await graph.screenshot({ path: join(shots, 'lineage.png') });

    const other = best.lineage.nodes.find((n) => n.kind === 'product' && n.id !== best.id);
    assert.ok(other, 'the lineage has another product');
    // Keyboard first: a product node is focusable and Enter opens it.
    await graph.locator(`[data-node="${other.id}"]`).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/products/${other.id}$`));
    await page.getByRole('heading', { level: 1, name: other.name }).waitFor();
    await context.close();
  });

  it('switches to German and keeps the choice; a German browser starts in German', async () => {
    const { context, page } = await signedIn();
    await page.getByTestId('language').selectOption('de');
    await page.getByRole('link', { name: 'Marktplatz', exact: true }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'de');
    await page.reload();
    await page.getByRole('link', { name: 'Marktplatz', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Das Mesh auf einen Blick' }).waitFor();
    await page.getByRole('link', { name: 'Governance', exact: true }).click();
    await page.getByRole('heading', { name: 'Richtlinien', exact: false }).first().waitFor();
    await page.screenshot({ path: join(shots, 'governance-de.png'), fullPage: true });
    await context.close();

    const german = await browser.newContext({ baseURL: server.url, locale: 'de-AT' });
    const fresh = await german.newPage();
    await fresh.goto('/login');
    await fresh.getByRole('heading', { name: 'Bei Meshwork anmelden' }).waitFor();
    await german.close();
  });

  it('groups the operational pages under "More": keyboard, Escape, a click outside; Jobs among them', async () => {
    const { context, page } = await signedIn();
    await page.getByTestId('language').selectOption('de');
    const more = page.getByRole('button', { name: /^Mehr/ });
    const panel = page.locator('.nav-more-panel');
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.getByRole('link', { name: 'Jobs', exact: true }).count(), 0);
    // Primary entries stay in the bar.
    for (const name of ['Übersicht', 'Marktplatz', 'Governance', 'Akzeptanz'])
      await page.getByRole('navigation').getByRole('link', { name, exact: true }).waitFor();

    // Keyboard: Enter opens, ArrowDown walks the entries, Escape closes and returns focus.
    await more.focus();
    await page.keyboard.press('Enter');
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    const entries = await panel.getByRole('link').allInnerTexts();
    for (const name of ['Jobs', 'Benachrichtigungen', 'API-Tokens', 'Benutzer', 'Protokoll'])
      assert.ok(entries.includes(name), `${name} in ${entries.join(', ')}`);
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate<string>('document.activeElement?.textContent'), entries[0]);
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate<string>('document.activeElement?.textContent'), entries[1]);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    assert.equal(
      await page.evaluate<string>("document.activeElement?.getAttribute('data-testid')"),
      'nav-more',
    );

    // A click outside closes it.
    await more.click();
    await panel.waitFor();
    await page.mouse.click(640, 700);
    await panel.waitFor({ state: 'hidden' });

    // Jobs is reachable from the bar; the button then says the current page is inside.
    await more.click();
    await panel.getByRole('link', { name: 'Jobs', exact: true }).click();
    await page.waitForURL(/\/jobs$/);
    await panel.waitFor({ state: 'hidden' });
    assert.match((await more.getAttribute('class')) ?? '', /current/);
    assert.match((await more.textContent()) ?? '', /aktuelle Seite/);
    await more.click();
    assert.equal(
      await panel.getByRole('link', { name: 'Jobs', exact: true }).getAttribute('aria-current'),
      'page',
    );
    await context.close();

    // On a phone the panel opens whole inside the screen, not clipped by the scrolling bar.
    const phone = await signedIn({ width: 390 });
    await phone.page.getByTestId('nav-more').click();
    const box = await phone.page.locator('.nav-more-panel').boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `panel at ${JSON.stringify(box)}`);
    const last = phone.page.locator('.nav-more-panel a').last();
    await last.click({ trial: true });
    await phone.page.screenshot({ path: join(shots, 'nav-more-phone.png') });
    await phone.context.close();
  });

  it('shows a domain with its team and scorecard; it and a product page fit a phone', async () => {
    const { context, page } = await signedIn({ width: 390 });
    const domains = (await (await page.request.get('/api/domains')).json()) as {
      items: { name: string; title: string }[];
    };
    const domain = domains.items[0]!;
    await page.goto(`/domains/${domain.name}`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: domain.title }).waitFor();
    await page.getByRole('heading', { name: 'Team', exact: true }).waitFor();
    await page.getByRole('img', { name: /^Score over time/ }).waitFor();
    // Nothing wider than the phone's screen: no sideways scrolling of the page.
    // (A string: the test is type-checked without the DOM library.)
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - window.innerWidth',
    );
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await page.screenshot({ path: join(shots, 'domain-phone.png'), fullPage: true });

    // The densest page, too: the schema tables and the graph scroll inside their panels.
    await page.goto('/products/no-such-product');
    await page.getByRole('alert').filter({ hasText: 'Not found' }).waitFor();

    const product = (await (await page.request.get('/api/products?limit=1')).json()) as ApiProducts;
    await page.goto(`/products/${product.items[0]!.id}`);
    await page.locator('[data-testid="lineage-graph"], #lineage .state-empty').first().waitFor();
    const productOverflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - window.innerWidth',
    );
    assert.ok(
      productOverflow <= 0,
      `the product page is ${productOverflow}px wider than the phone`,
    );
    await page.screenshot({ path: join(shots, 'product-phone.png') });
    await context.close();
  });
});
