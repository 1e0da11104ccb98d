import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openStore } from '../../src/runtime/index.ts';
import type { StoredRun } from '../../src/app/store/store.ts';
import type { ServedMesh } from '../support/browser.ts';
import {
  buildDemoMesh,
  buildPortal,
  launchChromium,
  openSignIn,
  openUntil,
  ownTextScript,
  screenshotsFolder,
  serveMesh,
  openNavMore,
} from '../support/browser.ts';

const PASSWORD = 'portal-story-test';

/**
 * Issue 9: the portal tells the whole story — which checks failed in which run and why,
 * how to use a product, German all the way, and the screens for tokens and users.
 * The runs are recorded into the workspace's store directly (as `meshwork test` in
 * another process does), so they carry evidence and a trigger whatever the test code
 * of this revision records.
 */
const now = Date.now();
const at = (minutesAgo: number): string => new Date(now - minutesAgo * 60_000).toISOString();

const FAILED_BUILD: StoredRun = {
  id: 'story-failed-build',
  contractId: 'sales-orders-v1',
  productId: 'sales-orders',
  port: 'orders',
  server: 'warehouse',
  reportedBy: 'build',
  run: {
    status: 'failed',
    startedAt: at(2),
    durationMs: 1234,
    trigger: 'build',
    evidence: {
      server: { name: 'warehouse', type: 'local', location: 'orders.parquet' },
      passedOver: [
        {
          name: 'dwh',
          type: 'postgresql',
          location: 'db.example:5432/sales',
          reason: 'MESHWORK_DWH_URL is not set',
        },
      ],
    },
    checks: [
      {
        id: 'orders.order_id.unique',
        schema: 'orders',
        property: 'order_id',
        kind: 'unique',
        status: 'failed',
        value: 3,
        threshold: { operator: 'mustBe', value: 0 },
        message: '3 duplicate order_id values',
        // As the server sends them: the key of each failing row, nothing personal.
        samples: [{ order_id: 1017 }, { order_id: 1042 }],
      },
      {
        id: 'orders.rowCount',
        schema: 'orders',
        property: null,
        kind: 'rowCount',
        status: 'passed',
        value: 5120,
        threshold: { operator: 'mustBeBetween', value: [1, 1000000] },
        message: '',
        samples: [],
      },
    ],
  },
};

const ERROR_TEST: StoredRun = {
  id: 'story-error-test',
  contractId: 'sales-customers-v1',
  productId: 'sales-customers',
  port: 'customers',
  server: null,
  reportedBy: 'cli',
  run: {
    status: 'error',
    startedAt: at(1),
    durationMs: 80,
    trigger: 'test',
    evidence: {
      server: null,
      passedOver: [
        {
          name: 'warehouse',
          type: 'local',
          location: 'customers.parquet',
          reason: 'the file does not exist',
        },
      ],
    },
    checks: [
      {
        id: 'customers.present',
        schema: 'customers',
        property: null,
        kind: 'present',
        status: 'error',
        value: null,
        threshold: null,
        message: 'could not read the data',
        samples: [],
      },
    ],
  },
};

/** A run stored before runs named their evidence and trigger. */
const OLD_RUN: StoredRun = {
  id: 'story-old-run',
  contractId: 'sales-daily-sales-v1',
  productId: 'sales-daily-sales',
  port: 'daily_sales',
  server: 'warehouse',
  reportedBy: 'cli',
  run: { status: 'passed', startedAt: at(60 * 24 * 30), durationMs: 5, checks: [] },
};

/** English words of the portal's own texts that must not show once German is chosen. */
const ENGLISH = [
  'Overview',
  'Marketplace',
  'Sign out',
  'Loading',
  'Search',
  'Filters',
  'Owner',
  'Consumers',
  'Quality',
  'Freshness',
  'Fresh',
  'Stale',
  'passed',
  'failed',
  'warnings',
  'warning',
  'error',
  'errors',
  'Not tested',
  'built',
  'never',
  'ago',
  'Purpose',
  'Description',
  'Output ports',
  'Input ports',
  'Contract',
  'Column',
  'Type',
  'Constraints',
  'Classification',
  'required',
  'unique',
  'primary key',
  'personal data',
  'Terms of use',
  'Usage',
  'Limitations',
  'Service levels',
  'Last built',
  'declared',
  'Lineage',
  'source',
  'product',
  'contract',
  'property',
  'Policy',
  'Policies',
  'Severity',
  'Scope',
  'adaptable',
  'Violations',
  'How to fix',
  'Reason',
  'valid',
  'invalid',
  'Domain',
  'Products',
  'Score',
  'active',
  'draft',
  'deprecated',
  'retired',
  'source-aligned',
  'aggregate',
  'consumer-aligned',
  'public',
  'internal',
  'confidential',
  'restricted',
  'latency',
  'retention',
  'frequency',
  'days',
  'hours',
  'years',
  'Copy',
  'Download',
  'Check',
  'Checks',
  'Measured',
  'Threshold',
  'Samples',
  'Evidence',
  'Server read',
  'passed over',
  'Made by',
  'Started',
  'Duration',
  'Reported by',
  'Latest runs',
  'Failing checks',
  'How to use',
  'Created',
  'Expires',
  'Last used',
  'Revoke',
  'revoked',
  'expired',
  'Users',
  'Global roles',
  'Create',
  'Disable',
  'Enable',
  'Reset password',
  'Save',
  'Cancel',
  'the mesh',
  'Write',
  'Add',
  'Every',
  'The',
];

/** The visible text of the page without user data. */
const OWN_TEXT = ownTextScript();

describe('the portal tells the whole story (issue 9)', () => {
  let mesh: { root: string; remove: () => void };
  let server: ServedMesh;
  let browser: Browser;
  const shots = screenshotsFolder();

  before(async () => {
    buildPortal();
    mesh = await buildDemoMesh();
    const store = await openStore({ meshRoot: mesh.root, env: {} });
    for (const run of [OLD_RUN, FAILED_BUILD, ERROR_TEST]) await store.runs.record(run);
    await store.close();
    server = await serveMesh(mesh.root, PASSWORD);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    mesh?.remove();
  });

  async function signedIn(
    options: { locale?: string; username?: string; password?: string } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      baseURL: server.url,
      locale: options.locale ?? 'en-GB',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await openSignIn(page);
    await page.getByLabel(/username|benutzername/i).fill(options.username ?? 'admin');
    await page.getByLabel(/^(password|passwort)$/i).fill(options.password ?? PASSWORD);
    await page.getByRole('button', { name: /^(sign in|anmelden)$/i }).click();
    await page.getByRole('navigation', { name: /main navigation|hauptnavigation/i }).waitFor();
    return { context, page };
  }

  it('shows a run: each check with measured value, threshold and status, the server read and those passed over, the samples', async () => {
    const { context, page } = await signedIn();
    await page.goto('/products/sales-orders');
    await page.getByTestId('latest-runs').waitFor();
    const when = new Date(FAILED_BUILD.run.startedAt).toLocaleString('en-GB');
    await page.getByTestId('latest-runs').getByRole('link', { name: when }).click();
    await page.waitForURL(/\/runs\/story-failed-build$/);
    const checks = page.getByTestId('checks');
    await checks.waitFor();
    assert.equal(await checks.locator('tr[data-check]').count(), FAILED_BUILD.run.checks.length);
    const failed = checks.locator('tr[data-check="orders.order_id.unique"]');
    assert.equal(await failed.getByTestId('measured').innerText(), '3');
    assert.match(await failed.innerText(), /= 0/);
    assert.match(await failed.innerText(), /failed/);
    assert.match(
      await checks.locator('tr[data-check="orders.rowCount"]').innerText(),
      /between 1 and 1000000[\s\S]*passed/,
    );
    assert.equal(await page.getByTestId('trigger').innerText(), 'build (tested before publishing)');
    assert.match(
      await page.getByTestId('server-read').innerText(),
      /warehouse[\s\S]*local[\s\S]*orders\.parquet/,
    );
    assert.match(
      await page.getByTestId('passed-over').innerText(),
      /dwh[\s\S]*postgresql[\s\S]*MESHWORK_DWH_URL is not set/,
    );
    // The samples are what the API sent, cell for cell: nothing added, nothing else shown.
    const samples = failed.getByTestId('samples');
    await samples.locator('summary').click();
    const cells = await samples.locator('tbody td').allTextContents();
    assert.deepEqual(cells, ['1017', '1042']);
    assert.deepEqual(await samples.locator('thead th').allTextContents(), ['order_id']);
    await page.screenshot({ path: join(shots, 'run.png'), fullPage: true });

    // An older run names neither its evidence nor its trigger: said so, not guessed.
    await page.goto(`/runs/${OLD_RUN.id}`);
    await page.getByTestId('evidence-unknown').waitFor();
    assert.match(await page.getByTestId('trigger').innerText(), /not recorded/);
    await context.close();
  });

  it('calls a run that could not read its data an error (Fehler), not failed (fehlgeschlagen)', async () => {
    const { context, page } = await signedIn({ locale: 'de-DE' });
    await page.goto(`/runs/${ERROR_TEST.id}`);
    await page.getByTestId('run-error').waitFor();
    const badges = await page.locator('[data-status]').allInnerTexts();
    assert.ok(badges.length >= 2);
    assert.ok(
      badges.every((b) => b === 'Fehler'),
      `badges: ${badges.join(', ')}`,
    );
    assert.doesNotMatch(await page.locator('main').innerText(), /fehlgeschlagen\b(?!e Prüfung)/);
    assert.equal(await page.getByTestId('trigger').innerText(), 'Testlauf (meshwork test)');
    assert.match(await page.getByTestId('passed-over').innerText(), /the file does not exist/);
    await page.screenshot({ path: join(shots, 'run-error-de.png'), fullPage: true });
    await context.close();
  });

  it("lists the domain's failing checks: the latest run per contract with failed or erroneous checks", async () => {
    const { context, page } = await signedIn();
    const api = (await (await page.request.get('/api/domains/sales/failing-checks')).json()) as {
      items: { runId: string; checks: { id: string; status: string }[] }[];
    };
    const ids = api.items.map((i) => i.runId).sort();
    assert.ok(ids.includes(FAILED_BUILD.id) && ids.includes(ERROR_TEST.id), ids.join(', '));
    assert.ok(!ids.includes(OLD_RUN.id), 'a passed run has no failing checks');
    await page.goto('/domains/sales');
    await page.getByTestId('failing-run').first().waitFor();
    assert.equal(await page.getByTestId('failing-run').count(), api.items.length);
    const rows = page.locator('#failing-checks tr[data-check]');
    const shown: string[] = [];
    for (let i = 0; i < (await rows.count()); i++)
      shown.push((await rows.nth(i).getAttribute('data-check')) ?? '');
    assert.deepEqual(
      shown.sort(),
      api.items.flatMap((i) => i.checks.map((k) => k.id)).sort(),
      'only the failed and erroneous checks, every one of them',
    );
    assert.ok(!shown.includes('orders.rowCount'), 'a passed check is not listed');
    await page.locator('#failing-checks').screenshot({ path: join(shots, 'domain-failing.png') });
    await context.close();
  });

  it('tells how to use a product: where each port is served, snippets to copy, the contract as YAML', async () => {
    const { context, page } = await signedIn();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const usage = (await (await page.request.get('/api/products/sales-orders/usage')).json()) as {
      items: {
        port: string;
        contractId: string;
        servings: { objects: { location: string }[] }[];
      }[];
    };
    await page.goto('/products/sales-orders#usage');
    const port = page.locator('.port-usage[data-port="orders"]');
    await port.getByTestId('serving').first().waitFor();
    const location = usage.items.find((p) => p.port === 'orders')!.servings[0]!.objects[0]!
      .location;
    assert.equal(await port.getByTestId('location').first().innerText(), location);
    assert.match(location, /^\.meshwork\/warehouse\/sales\/sales-orders\/orders\/current\//);

    const duckdb = port.getByTestId('snippet').filter({ hasText: 'DuckDB SQL' }).first();
    const text = await duckdb.locator('pre').innerText();
    assert.equal(text, `SELECT * FROM read_parquet('${location}') LIMIT 10;`);
    await duckdb.getByRole('button', { name: /copy/i }).click();
    await duckdb.getByRole('button', { name: /copy/i }).filter({ hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), text);
    const pandas = await port
      .getByTestId('snippet')
      .filter({ hasText: 'pandas' })
      .first()
      .locator('pre')
      .innerText();
    assert.match(pandas, new RegExp(`pd\\.read_parquet\\("${location.replace(/\./g, '\\.')}"\\)`));

    const contractId = usage.items.find((p) => p.port === 'orders')!.contractId;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      port.getByTestId('download-contract').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'orders.odcs.yaml');
    const yaml = await readFile(await download.path(), 'utf8');
    const contract = (await (await page.request.get(`/api/contracts/${contractId}`)).json()) as {
      yaml: string;
    };
    assert.equal(yaml, contract.yaml);
    await page.locator('#usage').screenshot({ path: join(shots, 'product-usage.png') });
    await context.close();
  });

  it('speaks German on every page: no English word of the portal outside user data', async () => {
    const { context, page } = await signedIn({ locale: 'de-DE' });
    const products = (await (await page.request.get('/api/products?limit=200')).json()) as {
      items: { id: string }[];
    };
    const domains = (await (await page.request.get('/api/domains')).json()) as {
      items: { name: string }[];
    };
    const pages = [
      '/',
      '/products',
      '/governance',
      '/tokens',
      '/admin/users',
      `/runs/${FAILED_BUILD.id}`,
      `/runs/${ERROR_TEST.id}`,
      `/runs/${OLD_RUN.id}`,
      ...domains.items.map((d) => `/domains/${d.name}`),
      ...products.items.map((p) => `/products/${p.id}`),
    ];
    const words = new RegExp(`(?<![\\w-])(${ENGLISH.join('|')})(?![\\w-])`);
    const problems: string[] = [];
    for (const path of pages) {
      await page.goto(path);
      await page.locator('main h1').first().waitFor();
      // Every section loaded: no spinner left (the usage, lineage and failing checks load apart).
      // (A locator, not waitForFunction: polling a string is eval, which the portal's CSP forbids.)
      await page.locator('.state-loading').first().waitFor({ state: 'detached' });
      const text = await page.evaluate<string>(OWN_TEXT);
      for (const line of text.split('\n')) {
        const found = words.exec(line);
        if (found) problems.push(`${path}: "${found[1]}" in "${line.trim()}"`);
      }
    }
    assert.deepEqual(problems, []);
    await page.goto('/governance');
    await page.getByText('Es gibt einen Supportkanal').first().waitFor();
    await page.screenshot({ path: join(shots, 'governance-de-full.png'), fullPage: true });
    await page.goto('/products/sales-customers');
    await page.locator('#usage [data-testid="serving"]').first().waitFor();
    await page.screenshot({ path: join(shots, 'product-de.png'), fullPage: true });
    await context.close();
  });

  it('fits the new pages on a 390 px phone without sideways scrolling', async () => {
    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'de-DE',
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    await openSignIn(page, '/login');
    await page.getByLabel('Benutzername').fill('admin');
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
    for (const path of [
      `/runs/${FAILED_BUILD.id}`,
      '/products/sales-orders',
      '/domains/sales',
      '/tokens',
      '/admin/users',
    ]) {
      await openUntil(page, path, 'main h1');
      // (A locator, not waitForFunction: polling a string is eval, which the portal's CSP forbids.)
      await page.locator('.state-loading').first().waitFor({ state: 'detached' });
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      // The elements that stick out, so a failure names what to fix.
      const offenders =
        overflow <= 0
          ? ''
          : await page.evaluate<string>(
              `[...document.querySelectorAll('main *')].filter((e) => !e.closest('.table-wrap') && e.getBoundingClientRect().right > window.innerWidth + 0.5).slice(-5).map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px: ' + (e.textContent || '').slice(0, 60)).join(' | ')`,
            );
      assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone: ${offenders}`);
    }
    await page.goto('/products/sales-orders#usage');
    await page.locator('#usage [data-testid="serving"]').first().waitFor();
    await page.locator('#usage').screenshot({ path: join(shots, 'product-usage-phone.png') });
    await context.close();
  });

  it('creates an API token, shows it once, the API takes it; revoked, the API refuses it', async () => {
    const { context, page } = await signedIn();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await openNavMore(page);
    await page.getByRole('link', { name: 'API tokens', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'My API tokens' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('ci-pipeline');
    await page.getByLabel('Expires after (days)').fill('30');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByTestId('new-token');
    await shown.waitFor();
    const token = await shown.getByTestId('token-value').innerText();
    assert.match(token, /^mwt_/);
    await shown.getByRole('button', { name: /copy/i }).click();
    await shown.getByText('Copied').waitFor();
    assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), token);
    const row = page.locator('tr[data-token="ci-pipeline"]');
    await row.waitFor();
    assert.match(await row.innerText(), /valid/);
    await page.screenshot({ path: join(shots, 'tokens.png'), fullPage: true });

    const withToken = () =>
      fetch(`${server.url}/api/products?limit=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
    assert.equal((await withToken()).status, 200, 'the API takes the new token');

    // Shown once: after a reload the list has the token's name but never the token.
    await page.reload();
    await row.waitFor();
    assert.equal(await page.getByTestId('new-token').count(), 0);
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(token));

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('revoked').waitFor();
    assert.equal((await withToken()).status, 401, 'a revoked token is refused');
    await context.close();
  });

  it('lets an admin create a user who can sign in, give a role, reset the password and disable the account', async () => {
    const { context, page } = await signedIn();
    await openNavMore(page);
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    const form = page.getByTestId('new-user');
    await form.getByLabel('Username').fill('erika');
    await form.getByLabel('Name', { exact: true }).fill('Erika Muster');
    await form.getByLabel('E-mail').fill('erika@alpine-bikes.example');
    await form.getByLabel('Password').fill('erika-first-password');
    await form.getByLabel('governance').check();
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByTestId('users-note').filter({ hasText: 'User erika created.' }).waitFor();
    const row = page.locator('tr[data-user="erika"]');
    await row.waitFor();
    assert.equal(await row.getByLabel('governance').isChecked(), true);
    assert.equal(await row.getByLabel('admin').isChecked(), false);
    await page.screenshot({ path: join(shots, 'users.png'), fullPage: true });

    const erika = await signedIn({ username: 'erika', password: 'erika-first-password' });
    const me = (await (await erika.page.request.get('/api/auth/me')).json()) as {
      user: { username: string; roles: string[] };
    };
    assert.deepEqual(me.user, { ...me.user, username: 'erika', roles: ['governance'] });
    await openNavMore(erika.page);
    assert.equal(
      await erika.page.getByRole('link', { name: 'Users', exact: true }).count(),
      0,
      'no user administration for a non-admin',
    );
    await erika.context.close();

    await row.getByRole('button', { name: 'Reset password' }).click();
    await row.getByLabel('New password (at least 8 characters)').fill('erika-second-password');
    await row.getByRole('button', { name: 'Save' }).click();
    await page
      .getByTestId('users-note')
      .filter({ hasText: 'Password of erika changed.' })
      .waitFor();
    const again = await signedIn({ username: 'erika', password: 'erika-second-password' });
    await again.context.close();

    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('disabled').waitFor();
    const refused = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'erika', password: 'erika-second-password' }),
    });
    assert.equal(refused.status, 401, 'a disabled account cannot sign in');
    await context.close();
  });
});
