import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
  ownTextScript,
  screenshotsFolder,
  serveMesh,
  openNavMore,
} from '../support/browser.ts';

const PASSWORD = 'portal-access-test';
const USER_PASSWORD = 'access-story-password';

/**
 * Issue 10 in the browser, against `meshwork serve` on the demo mesh (embedded engine):
 * a consumer of the marketing team requests three columns of the sales customers, one of
 * them personal; the producing team's owner approves, then the data protection officer
 * (governance role); the consumer sees the active grant and downloads the CSV through the
 * data API — the granted columns only, the personal one pseudonymised.
 */
const PRODUCT = 'sales-customers';
const PORT = 'customers';
/** Granted: a key, a personal column, a plain one; first_name etc. must not arrive. */
const GRANTED = ['customer_id', 'email', 'city'];
const CONSUMER = { username: 'mgruber', name: 'Maximilian Gruber', team: 'marketing-team' };
/** Owner of ecommerce-team, which owns sales-customers (product.odps.yaml). */
const OWNER = { username: 'tlechner', name: 'Tobias Lechner' };
const DPO = { username: 'creiter', name: 'Claudia Reiter' };

/** The purpose catalogue the test puts into the mesh's meshwork.yaml. */
const PURPOSES = [
  {
    id: 'newsletter',
    title: { de: 'Newsletter-Versand', en: 'Newsletter mailing' },
    description: {
      de: 'Kunden mit Einwilligung den Newsletter senden.',
      en: 'Send the newsletter to customers who consented.',
    },
    legalBasis: 'a',
  },
  {
    id: 'statistics',
    title: { de: 'Statistik', en: 'Statistics' },
    description: { de: 'Auswertungen ohne Personenbezug.', en: 'Analyses without persons.' },
  },
];

/** English words of the access screens that must not show once German is chosen. */
const ENGLISH = [
  'Request access',
  'Consumer team',
  'Purpose',
  'End of access',
  'Columns',
  'Justification',
  'Send request',
  'Select all',
  'Select none',
  'My access',
  'My requests',
  'To decide',
  'Approve',
  'Reject',
  'Comment',
  'pending',
  'approved',
  'rejected',
  'active',
  'expired',
  'revoked',
  'Verify chain',
  'Audit trail',
  'Actor',
  'Action',
  'Target',
  'Details',
  'Renew',
  'Download',
  'waiting',
  'legal basis',
  'GDPR',
  'consent',
  'owners',
  'data protection officer',
  'Revoke',
  'Consumers',
  'How to connect',
  'Ends',
  'personal data',
  'pseudonymised',
  'Requested',
  'Nothing to decide',
  'intact',
  'Head hash',
];

/** The visible text of the page without user data. */
const OWN_TEXT = ownTextScript();

/** RFC 4180 enough for the test: quoted fields, doubled quotes, CRLF or LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/**
 * Opens "My access" until `selector` shows: the page loads once and does not poll, so a
 * page that came up before the server's answer changed is loaded again (at most 4 times).
 * Failing, it says what the page showed and which API answers went wrong, so a CI failure
 * explains itself.
 */
async function openMyAccessUntil(page: Page, selector: string): Promise<void> {
  const failures: string[] = [];
  const onResponse = (response: { status(): number; url(): string }): void => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
  };
  page.on('response', onResponse);
  try {
    for (let attempt = 1; attempt <= 4; attempt++) {
      await page.goto('/access');
      try {
        await page.locator(selector).first().waitFor({ timeout: 15_000 });
        // Said in the log: a page that needed loading again is a lead to a stale answer.
        if (attempt > 1)
          process.stderr.write(`note: /access showed ${selector} on load ${attempt}\n`);
        return;
      } catch {
        // loaded again below
      }
    }
    const shown = (
      await page
        .locator('main')
        .innerText()
        .catch(() => '')
    ).slice(0, 2000);
    await page.screenshot({ path: join(screenshotsFolder(), 'access-failed.png'), fullPage: true });
    assert.fail(
      `"${selector}" never showed on /access.\nThe page showed:\n${shown}\nFailed answers: ${
        failures.join(', ') || 'none'
      }`,
    );
  } finally {
    page.off('response', onResponse);
  }
}

describe('access in the portal (issue 10): request, two approvals, download', () => {
  let mesh: { root: string; remove: () => void };
  let server: ServedMesh;
  let browser: Browser;
  const shots = screenshotsFolder();

  before(async () => {
    buildPortal();
    mesh = await buildDemoMesh();
    const file = join(mesh.root, 'meshwork.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.set('purposes', PURPOSES);
    writeFileSync(file, String(doc));
    server = await serveMesh(mesh.root, PASSWORD);
    browser = await launchChromium();

    const admin = await signIn('admin', PASSWORD);
    const me = (await (await admin.page.request.get('/api/auth/me')).json()) as {
      csrfToken: string;
    };
    for (const user of [
      { ...CONSUMER, roles: [] },
      { ...OWNER, roles: [] },
      { ...DPO, roles: ['governance'] },
    ]) {
      const created = await admin.page.request.post('/api/users', {
        headers: { 'x-csrf-token': me.csrfToken },
        data: {
          username: user.username,
          name: user.name,
          email: null,
          password: USER_PASSWORD,
          roles: user.roles,
        },
      });
      assert.equal(created.status(), 201, await created.text());
    }
    await admin.context.close();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    mesh?.remove();
  });

  async function signIn(
    username: string,
    password = USER_PASSWORD,
    locale = 'en-GB',
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      baseURL: server.url,
      locale,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await openSignIn(page);
    await page.getByLabel(/username|benutzername/i).fill(username);
    await page.getByLabel(/^(password|passwort)$/i).fill(password);
    await page.getByRole('button', { name: /^(sign in|anmelden)$/i }).click();
    await page.getByRole('navigation', { name: /main navigation|hauptnavigation/i }).waitFor();
    return { context, page };
  }

  /** Opens the request form of the port on the product page. */
  async function openForm(page: Page) {
    await page.goto(`/products/${PRODUCT}`);
    const port = page.locator(`.request-access[data-port="${PORT}"]`);
    await port.getByRole('button', { name: 'Request access' }).click();
    const form = port.getByTestId('request-access-form');
    await form.waitFor();
    return form;
  }

  it('refuses personal columns for a purpose without a legal basis: the policy finding is shown, nothing is requested', async () => {
    const { context, page } = await signIn(CONSUMER.username);
    const form = await openForm(page);
    await form.getByLabel('Purpose of use').selectOption('statistics');
    assert.match(await form.getByTestId('legal-basis').innerText(), /no legal basis stated/);
    await form.getByLabel('Justification').fill('Monthly counts per city.');
    await form.getByRole('button', { name: 'Send request' }).click();
    const error = form.getByTestId('request-error');
    await error.waitFor();
    assert.match(await error.innerText(), /breaks a policy/);
    await error.locator('[data-policy="access-personal-data-legal-basis"]').waitFor();
    const mine = (await (await page.request.get('/api/access-requests?view=mine')).json()) as {
      items: unknown[];
    };
    assert.equal(mine.items.length, 0, 'a blocked request is not stored');
    await context.close();
  });

  it('a consumer requests, the owner and the DPO approve, the consumer downloads the granted columns, personal ones pseudonymised', async () => {
    // 1. The consumer asks for three columns, one of them personal, for the newsletter.
    const consumer = await signIn(CONSUMER.username);
    const form = await openForm(consumer.page);
    assert.equal(await form.getByLabel('Consumer team').inputValue(), CONSUMER.team);
    await form.getByLabel('Purpose of use').selectOption('newsletter');
    assert.match(await form.getByTestId('legal-basis').innerText(), /GDPR Art\. 6\(1\)\(a\)/);
    // The default end date is 90 days ahead.
    const ends = await form.getByLabel('End of access').inputValue();
    const days = Math.round((Date.parse(ends) - Date.now()) / 86_400_000);
    assert.ok(days >= 89 && days <= 91, `default end in ${days} days`);
    // Personal columns carry the personal-data badge.
    const email = form.locator('label.check', {
      has: consumer.page.locator('input[value="customers.email"]'),
    });
    assert.match(await email.innerText(), /personal data/);
    await form.getByRole('button', { name: 'Select none' }).click();
    for (const column of GRANTED) await form.locator(`input[value="customers.${column}"]`).check();
    await form.getByLabel('Justification').fill('Newsletter to the customers who opted in.');
    await consumer.page.screenshot({ path: join(shots, 'access-request.png'), fullPage: true });
    await form.getByRole('button', { name: 'Send request' }).click();
    const made = form.getByTestId('request-made');
    await made.waitFor();
    assert.equal(await made.locator('[data-state]').getAttribute('data-state'), 'pending');

    await consumer.page.getByRole('link', { name: 'My access', exact: true }).click();
    const request = consumer.page.locator('[data-testid="my-requests"] tr[data-request]');
    await request.waitFor();
    assert.equal(await request.getAttribute('data-state'), 'pending');
    assert.match(
      await request.getByTestId('approvals').innerText(),
      /waiting for: owners of the producing team, data protection officer/,
    );

    // 2. The producing team's owner sees it in the inbox (with a count) and approves.
    const owner = await signIn(OWNER.username);
    assert.equal(await owner.page.getByTestId('inbox-count').innerText(), '1');
    await owner.page.getByRole('link', { name: /^To decide/ }).click();
    const item = owner.page.locator('[data-testid="inbox"] li[data-request]');
    await item.waitFor();
    assert.match(
      await item.getByTestId('still-needed').innerText(),
      /owners of the producing team, data protection officer/,
    );
    assert.match(await item.getByTestId('legal-basis').innerText(), /Art\. 6\(1\)\(a\)/);
    // The approver sees which requested column is personal (from the port's contract).
    await item.locator('[data-testid="requested-columns"] li[data-personal="true"]').waitFor();
    const personalColumns = await item
      .locator('[data-testid="requested-columns"] li[data-personal="true"] code')
      .allInnerTexts();
    assert.deepEqual(personalColumns, ['customers.email']);
    await item.getByLabel('Comment').fill('Fine for the opted-in customers.');
    await owner.page.screenshot({ path: join(shots, 'access-inbox.png'), fullPage: true });
    await item.getByRole('button', { name: 'Approve' }).click();
    await owner.page
      .getByTestId('inbox-note')
      .filter({ hasText: 'Approved. Still waiting for: data protection officer.' })
      .waitFor();
    await owner.page.getByText('Nothing to decide').waitFor();
    // The badge is loaded again after the decision (a request of its own): it goes.
    await owner.page.getByTestId('inbox-count').waitFor({ state: 'detached' });

    // 3. The DPO (governance role), in German, gives the second approval.
    const dpo = await signIn(DPO.username, USER_PASSWORD, 'de-DE');
    await dpo.page.getByRole('link', { name: /^Zu entscheiden/ }).click();
    const dpoItem = dpo.page.locator('[data-testid="inbox"] li[data-request]');
    await dpoItem.waitFor();
    assert.match(await dpoItem.getByTestId('still-needed').innerText(), /Datenschutzbeauftragte/);
    assert.match(
      await dpoItem.getByTestId('legal-basis').innerText(),
      /Art\. 6 Abs\. 1 lit\. a DSGVO/,
    );
    await dpoItem.getByRole('button', { name: 'Genehmigen' }).click();
    await dpo.page.getByTestId('inbox-note').filter({ hasText: 'aktiv' }).waitFor();

    // 4. The consumer sees the active grant and downloads the CSV.
    await openMyAccessUntil(consumer.page, '[data-testid="my-grants"] li[data-grant]');
    const grant = consumer.page.locator('[data-testid="my-grants"] li[data-grant]');
    assert.equal(await grant.getAttribute('data-state'), 'active');
    assert.equal(
      await consumer.page
        .locator('[data-testid="my-requests"] tr[data-request]')
        .getAttribute('data-state'),
      'active',
    );
    await consumer.page.screenshot({ path: join(shots, 'access-mine.png'), fullPage: true });
    const [download] = await Promise.all([
      consumer.page.waitForEvent('download'),
      grant.locator('a[data-format="csv"]').click(),
    ]);
    const rows = parseCsv(await readFile(await download.path(), 'utf8')).filter(
      (r) => r.length > 1 || r[0] !== '',
    );
    const [header, ...data] = rows;
    assert.deepEqual(header, GRANTED, 'the granted columns, and only those');
    assert.ok(data.length > 0, 'the snapshot has rows');
    for (const row of data) {
      assert.equal(row.length, GRANTED.length);
      assert.match(row[0]!, /^\d+$/, 'the key in clear');
      assert.match(row[1]!, /^[0-9a-f]{64}$/, `email pseudonymised, got ${row[1]}`);
      assert.doesNotMatch(row[1]!, /@/);
    }
    // Pseudonyms are stable (same address, same hash) and distinct per address.
    assert.ok(new Set(data.map((r) => r[1])).size > 1);

    // Without the grant the same route refuses an outsider: the DPO's team is none.
    const outsider = await dpo.page.request.get(
      `/api/products/${PRODUCT}/ports/${PORT}/data?format=csv`,
    );
    assert.equal(outsider.status(), 403);

    // 5. The product page lists the consumer; the owner revokes, and the download stops.
    await owner.page.goto(`/products/${PRODUCT}#consumers`);
    const row = owner.page.locator(`[data-testid="consumers"] tr[data-team="${CONSUMER.team}"]`);
    // The purpose by its title, once the catalogue has arrived beside the grants.
    await row.filter({ hasText: 'Newsletter mailing' }).waitFor();
    assert.match(
      await row.innerText(),
      /customers\.customer_id, customers\.email, customers\.city/,
    );
    await owner.page
      .locator('#consumers')
      .screenshot({ path: join(shots, 'access-consumers.png') });
    // The lineage shows the team as a reader of the product ("who uses what").
    const teamNode = owner.page.locator(
      `[data-testid="lineage-graph"] [data-node="team:${CONSUMER.team}"]`,
    );
    await teamNode.waitFor();
    assert.match((await teamNode.getAttribute('aria-label')) ?? '', /team with access/);
    // The owner confirms the grant is still needed: the server records it (certifiedAt).
    const certifiedAt = async (): Promise<string> => {
      const answer = (await (
        await owner.page.request.get(`/api/grants?productId=${PRODUCT}&state=active`)
      ).json()) as { items: { certifiedAt: string }[] };
      return answer.items[0]!.certifiedAt;
    };
    const before = await certifiedAt();
    await row.getByRole('button', { name: 'Confirm still needed' }).click();
    let after = before;
    for (let i = 0; i < 100 && after === before; i++) {
      await owner.page.waitForTimeout(100);
      after = await certifiedAt();
    }
    assert.ok(after > before, `recertified: ${before} → ${after}`);
    owner.page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Revoke access' }).click();
    await owner.page.locator('#consumers').getByText('No team has access').waitFor();
    const revoked = await consumer.page.request.get(
      `/api/products/${PRODUCT}/ports/${PORT}/data?format=csv`,
    );
    assert.equal(revoked.status(), 403, 'a revoked grant reads nothing');

    // 6. A revoked grant offers no renewal: the owner ended it on purpose.
    await openMyAccessUntil(
      consumer.page,
      '[data-testid="my-grants"] li[data-grant][data-state="revoked"]',
    );
    const ended = consumer.page.locator('[data-testid="my-grants"] li[data-grant]');
    assert.equal(await ended.getAttribute('data-state'), 'revoked');
    assert.equal(await ended.getByRole('button', { name: 'Renew' }).count(), 0);

    // 7. Renewal: an active grant near its end (10 days) offers it, prefilled from it.
    const csrf = async (p: Page): Promise<string> =>
      ((await (await p.request.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken;
    const near = await consumer.page.request.post('/api/access-requests', {
      headers: { 'x-csrf-token': await csrf(consumer.page) },
      data: {
        productId: PRODUCT,
        port: PORT,
        consumerTeam: CONSUMER.team,
        purpose: 'newsletter',
        endsAt: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
        columns: GRANTED.map((c) => `customers.${c}`),
        justification: 'Newsletter to the customers who opted in.',
      },
    });
    assert.equal(near.status(), 201, await near.text());
    const nearId = ((await near.json()) as { id: string }).id;
    for (const who of [owner, dpo]) {
      const decided = await who.page.request.post(`/api/access-requests/${nearId}/decision`, {
        headers: { 'x-csrf-token': await csrf(who.page) },
        data: { decision: 'approve' },
      });
      assert.equal(decided.status(), 200, await decided.text());
    }
    await openMyAccessUntil(
      consumer.page,
      '[data-testid="my-grants"] li[data-grant][data-state="active"]',
    );
    const active = consumer.page.locator(
      '[data-testid="my-grants"] li[data-grant][data-state="active"]',
    );
    await active.getByRole('button', { name: 'Renew' }).click();
    const renewal = active.getByTestId('request-access-form');
    await renewal.waitFor();
    assert.equal(await renewal.getByLabel('Consumer team').inputValue(), CONSUMER.team);
    assert.equal(await renewal.getByLabel('Purpose of use').inputValue(), 'newsletter');
    assert.equal(
      await renewal.getByLabel('Justification').inputValue(),
      'Newsletter to the customers who opted in.',
    );
    assert.equal(await renewal.locator('input[name="column"]:checked').count(), GRANTED.length);
    for (const column of GRANTED)
      assert.ok(await renewal.locator(`input[value="customers.${column}"]`).isChecked(), column);
    await renewal.getByRole('button', { name: 'Send request' }).click();
    await consumer.page
      .locator('[data-testid="my-requests"] tr[data-request][data-state="pending"]')
      .waitFor();
    const mine = (await (
      await consumer.page.request.get('/api/access-requests?view=mine')
    ).json()) as { items: { id: string; renewalOf: string | null; columns: string[] | null }[] };
    assert.equal(mine.items.length, 3);
    const renewed = mine.items.find((r) => r.renewalOf !== null)!;
    assert.equal(renewed.renewalOf, nearId);
    assert.deepEqual(
      renewed.columns,
      GRANTED.map((c) => `customers.${c}`),
    );

    await Promise.all([consumer.context.close(), owner.context.close(), dpo.context.close()]);
  });

  it('shows the audit trail to governance and verifies its chain', async () => {
    const { context, page } = await signIn(DPO.username);
    await openNavMore(page);
    await page.getByRole('link', { name: 'Audit', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    await page.getByTestId('audit').waitFor();
    await page.getByLabel('Action').fill('access.request');
    await page.getByRole('button', { name: 'Apply' }).click();
    // Only the chosen action is left once the filtered page has arrived.
    await page
      .locator('[data-testid="audit"] tbody tr:not([data-action="access.request"])')
      .first()
      .waitFor({ state: 'detached' });
    await page.locator('[data-testid="audit"] tr[data-action="access.request"]').first().waitFor();
    await page.getByRole('button', { name: 'Verify chain' }).first().click();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-intact'), 'true');
    assert.match(await page.getByTestId('head-hash').innerText(), /^[0-9a-f]{64}$/);
    await page.screenshot({ path: join(shots, 'audit.png'), fullPage: true });
    await context.close();

    // The consumer has neither the page's link nor the API.
    const consumer = await signIn(CONSUMER.username);
    await openNavMore(consumer.page);
    assert.equal(await consumer.page.getByRole('link', { name: 'Audit', exact: true }).count(), 0);
    assert.equal((await consumer.page.request.get('/api/audit')).status(), 403);
    await consumer.context.close();
  });

  it('speaks German on the access screens and fits them on a 390 px phone', async () => {
    const words = new RegExp(`(?<![\\w-])(${ENGLISH.join('|')})(?![\\w-])`);
    const problems: string[] = [];
    const overflows: string[] = [];
    const visit = async (who: string, steps: readonly { path: string; then?: string }[]) => {
      for (const width of [1280, 390]) {
        const context = await browser.newContext({
          baseURL: server.url,
          locale: 'de-DE',
          viewport: { width, height: 900 },
        });
        const page = await context.newPage();
        await openSignIn(page, '/login');
        await page.getByLabel('Benutzername').fill(who);
        await page.getByLabel('Passwort').fill(USER_PASSWORD);
        await page.getByRole('button', { name: 'Anmelden' }).click();
        await page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
        for (const step of steps) {
          await page.goto(step.path);
          await page.locator('main h1').first().waitFor();
          await page.locator('.state-loading').first().waitFor({ state: 'detached' });
          if (step.then) {
            await page.locator(step.then).first().click();
            await page.locator('.state-loading').first().waitFor({ state: 'detached' });
          }
          const where = `${who} ${step.path} at ${width}px`;
          if (width === 1280) {
            const text = await page.evaluate<string>(OWN_TEXT);
            for (const line of text.split('\n')) {
              const found = words.exec(line);
              if (found) problems.push(`${where}: "${found[1]}" in "${line.trim()}"`);
            }
          } else {
            const overflow = await page.evaluate<number>(
              'document.documentElement.scrollWidth - window.innerWidth',
            );
            if (overflow > 0) overflows.push(`${where} is ${overflow}px too wide`);
          }
        }
        await context.close();
      }
    };
    await visit(CONSUMER.username, [
      { path: '/access' },
      { path: `/products/${PRODUCT}`, then: `.request-access[data-port="${PORT}"] button` },
    ]);
    await visit(OWNER.username, [{ path: '/access/inbox' }, { path: `/products/${PRODUCT}` }]);
    await visit(DPO.username, [{ path: '/admin/audit', then: '#verify-title + button' }]);
    assert.deepEqual(problems, []);
    assert.deepEqual(overflows, []);
  });

  it('an owner rejects a request with a comment; the requester sees the rejection and why', async () => {
    // A request of its own, so this story does not hang on the one before it.
    const asker = await signIn(CONSUMER.username);
    const token = (
      (await (await asker.page.request.get('/api/auth/me')).json()) as { csrfToken: string }
    ).csrfToken;
    const made = await asker.page.request.post('/api/access-requests', {
      headers: { 'x-csrf-token': token },
      data: {
        productId: PRODUCT,
        port: PORT,
        consumerTeam: CONSUMER.team,
        purpose: 'statistics',
        endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        columns: ['customers.city'],
        justification: 'Customers per city.',
      },
    });
    assert.equal(made.status(), 201, await made.text());
    const id = ((await made.json()) as { id: string }).id;
    await asker.context.close();

    const owner = await signIn(OWNER.username);
    await owner.page.goto('/access/inbox');
    const item = owner.page.locator(`[data-testid="inbox"] li[data-request="${id}"]`);
    await item.waitFor();
    await item.getByLabel('Comment').fill('One newsletter list is enough.');
    await item.getByRole('button', { name: 'Reject' }).click();
    await owner.page.getByTestId('inbox-note').filter({ hasText: 'Decided: rejected.' }).waitFor();
    await item.waitFor({ state: 'detached' });
    // Deciding it again is refused as already decided, not applied twice.
    const me = (await (await owner.page.request.get('/api/auth/me')).json()) as {
      csrfToken: string;
    };
    const again = await owner.page.request.post(`/api/access-requests/${id}/decision`, {
      headers: { 'x-csrf-token': me.csrfToken },
      data: { decision: 'approve' },
    });
    assert.equal(again.status(), 409);
    await owner.context.close();

    const consumer = await signIn(CONSUMER.username);
    await openMyAccessUntil(consumer.page, `[data-testid="my-requests"] tr[data-request="${id}"]`);
    const row = consumer.page.locator(`[data-testid="my-requests"] tr[data-request="${id}"]`);
    assert.equal(await row.getAttribute('data-state'), 'rejected');
    assert.match(
      await row.getByTestId('approvals').innerText(),
      /rejected by tlechner: One newsletter list is enough\./,
    );
    await consumer.context.close();
  });
});
