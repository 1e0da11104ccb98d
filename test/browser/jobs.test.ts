import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { createTestMesh } from '../build/support.ts';
import type { TestMesh } from '../build/support.ts';
import type { ServedMesh } from '../support/browser.ts';
import {
  buildPortal,
  launchChromium,
  openSignIn,
  ownTextScript,
  screenshotsFolder,
  serveMesh,
} from '../support/browser.ts';

const PASSWORD = 'portal-jobs-test';
const OWNER_PASSWORD = 'jobs-owner-password';
/** mesh-fixture's domain(): the sales team's member "owner" owns the domain. */
const OWNER = 'owner';

/** English words of the jobs parts that must not show once German is chosen. */
const ENGLISH = [
  'Schedule and jobs',
  'Run now',
  'Next run',
  'Started by',
  'succeeded',
  'Queued as',
];

/**
 * Issue 13 in the browser, against `meshwork serve` with its in-process worker: the sales
 * owner sees a product's schedule and next run in German, runs it now and watches the job
 * succeed, then finds it on the Jobs page; in English an admin sees a failing build's error
 * on the Jobs page and filters by state.
 */
describe('jobs in the portal (issue 13)', { timeout: 300_000 }, () => {
  let mesh: TestMesh;
  let server: ServedMesh;
  let browser: Browser;
  const shots = screenshotsFolder();

  before(async () => {
    buildPortal();
    mesh = createTestMesh();
    const path = 'domains/sales/orders/product.odps.yaml';
    const product = parse(readFileSync(join(mesh.root, path), 'utf8')) as Record<string, unknown>;
    product.customProperties = [{ property: 'meshworkSchedule', value: '0 6 * * 1-5' }];
    mesh.write(path, stringify(product));
    // The revenue product's transform reads a column that does not exist: its build fails.
    mesh.write(
      'domains/sales/revenue/transform.sql',
      '-- port: daily\nSELECT order_date, sum(no_such_column) AS revenue FROM orders GROUP BY order_date\n',
    );
    server = await serveMesh(mesh.root, PASSWORD);
    browser = await launchChromium();
    const admin = await signIn('admin', PASSWORD, 'en-GB');
    const me = (await (await admin.page.request.get('/api/auth/me')).json()) as {
      csrfToken: string;
    };
    const created = await admin.page.request.post('/api/users', {
      headers: { 'x-csrf-token': me.csrfToken },
      data: {
        username: OWNER,
        name: 'Olga Owner',
        email: null,
        password: OWNER_PASSWORD,
        roles: [],
      },
    });
    assert.equal(created.status(), 201, await created.text());
    await admin.context.close();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    mesh?.remove();
  });

  async function signIn(
    username: string,
    password: string,
    locale: 'de-DE' | 'en-GB',
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

  /** Reloads until `probe` holds, at most `ms`; bounded, with what the page showed last. */
  async function until(
    page: Page,
    probe: () => Promise<boolean>,
    what: string,
    ms = 90_000,
  ): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await probe())) {
      if (Date.now() > deadline)
        throw new Error(
          `${what} not within ${ms / 1000} s; the page showed:\n${await page.locator('main').innerText()}`,
        );
      await page.waitForTimeout(1500);
      await page.reload();
    }
  }

  it('shows the owner the schedule and next run in German, runs the product now and lists the job', async () => {
    const { context, page } = await signIn(OWNER, OWNER_PASSWORD, 'de-DE');
    await page.goto('/products/sales-orders-product');
    const panel = page.locator('section#jobs');
    await panel.getByRole('heading', { name: 'Zeitplan und Jobs' }).waitFor();
    assert.equal(await panel.getByTestId('schedule').innerText(), '0 6 * * 1-5 (UTC)');
    // A weekday 06:00 UTC, shown in German: "3.3.2026, 06:00:00"-like.
    assert.match(
      await panel.getByTestId('next-run').innerText(),
      /^\d{1,2}\.\d{1,2}\.\d{4}, \d{2}:\d{2}/,
    );
    assert.match(await panel.innerText(), /Noch keine Jobs/);

    await panel.getByRole('button', { name: 'Jetzt ausführen' }).click();
    assert.match(
      await panel.getByTestId('run-now-message').innerText(),
      /^Als Job job_[0-9a-f]+ eingereiht\.$/,
    );
    await until(
      page,
      async () => (await page.locator('section#jobs tr[data-state="succeeded"]').count()) === 1,
      'the build job succeeded',
    );
    const row = page.locator('section#jobs tr[data-state="succeeded"]');
    assert.match(await row.innerText(), /Jetzt ausführen\s+owner/);
    assert.match(await row.getByTestId('job-state').innerText(), /^erfolgreich$/);
    const own = await page.evaluate<string>(ownTextScript());
    for (const word of ENGLISH)
      assert.ok(!own.includes(word), `English "${word}" on the product page`);
    await page.screenshot({ path: join(shots, 'product-jobs-de.png'), fullPage: true });

    await page.getByRole('link', { name: 'Alle Jobs →' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    const jobs = page.getByTestId('jobs');
    await jobs.waitFor();
    assert.equal(
      await jobs.locator('tbody tr').count(),
      1,
      'the owner sees the builds of the sales domain',
    );
    assert.match(await jobs.locator('tbody tr').innerText(), /Build\s+sales-orders-product/);
    await page.getByLabel('Zustand').selectOption('failed');
    await page.getByRole('button', { name: /^(apply|anwenden)$/i }).click();
    await page.getByText('Noch keine Jobs.').waitFor();
    await context.close();
  });

  it("shows an admin a failing build's error on the Jobs page in English, filtered by state", async () => {
    const { context, page } = await signIn('admin', PASSWORD, 'en-GB');
    await page.goto('/products/sales-revenue-product');
    const panel = page.locator('section#jobs');
    await panel.getByRole('heading', { name: 'Schedule and jobs' }).waitFor();
    assert.match(await panel.getByTestId('schedule').innerText(), /^None/);
    await panel.getByRole('button', { name: 'Run now' }).click();
    await panel.getByTestId('run-now-message').waitFor();
    // Asked again while it waits or runs: said, nothing queued twice.
    await panel.getByRole('button', { name: 'Run now' }).click();
    await page.getByText('A build of this product is already waiting or running.').waitFor();

    await page.goto('/jobs');
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    await until(
      page,
      async () =>
        (await page.locator('[data-testid="jobs"] [data-testid="job-error"]').count()) > 0,
      "the failing build's error",
    );
    const error = await page
      .locator('[data-testid="jobs"] [data-testid="job-error"]')
      .first()
      .innerText();
    assert.match(error, /build-error/);
    assert.match(error, /no_such_column/);
    await page.screenshot({ path: join(shots, 'jobs-en.png'), fullPage: true });

    await page.getByLabel('Kind').selectOption('build-product');
    await page.getByLabel('Target').fill('sales-revenue-product');
    await page.getByRole('button', { name: /^(apply|anwenden)$/i }).click();
    await page.locator('[data-testid="jobs"] tbody tr').first().waitFor();
    assert.equal(await page.locator('[data-testid="jobs"] tbody tr').count(), 1);
    await page.getByLabel('State').selectOption('succeeded');
    await page.getByRole('button', { name: /^(apply|anwenden)$/i }).click();
    await page.getByText('No jobs yet.').waitFor();
    await context.close();
  });
});
