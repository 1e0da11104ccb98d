import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ServedMesh } from '../support/browser.ts';
import {
  buildPortal,
  launchChromium,
  openSignIn,
  ownTextScript,
  screenshotsFolder,
  serveMesh,
} from '../support/browser.ts';
import { cli } from '../support/cli.ts';
import { demoCopy, git } from '../server/canvas-support.ts';

const PASSWORD = 'portal-canvas-test';
const USER_PASSWORD = 'canvas-story-password';
/** The sales domain's owner and a member (domain.yaml of the demo). */
const OWNER = {
  username: 'mweber',
  name: 'Maria Weber',
  email: 'maria.weber@alpine-bikes.example',
};
const MEMBER = { username: 'jhuber', name: 'Jonas Huber', email: null };
const PRODUCT = 'bestelluebersicht';

/** English words of the canvas and the proposals that must not show once German is chosen. */
const ENGLISH = [
  'New data product',
  'What is it for',
  'Who owns it',
  'Which existing data',
  'Which columns',
  'What does it promise',
  'Preview',
  'Download',
  'Submit as proposal',
  'Proposals',
  'Propose a data product',
  'Owning team',
  'Language of the files',
];

/** The visible text of the page without user data. */
const OWN_TEXT = ownTextScript(', option');

/**
 * Issue 12's canvas in the browser, in German, against `meshwork serve --commit-proposals`
 * on a git repository of the demo mesh: the owner of the sales domain fills the canvas,
 * downloads the zip (its files validate in the mesh), submits it as a proposal (a commit in
 * her name), and finds it among the domain's proposals, marked for her as owner.
 */
describe('the product canvas in the portal (issue 12, German)', () => {
  let mesh: string;
  let spare: string;
  let server: ServedMesh;
  let browser: Browser;
  const shots = screenshotsFolder();

  before(async () => {
    buildPortal();
    mesh = await demoCopy({ git: true });
    spare = await demoCopy({ git: false });
    server = await serveMesh(mesh, PASSWORD, ['--commit-proposals']);
    browser = await launchChromium();
    const admin = await signIn('admin', PASSWORD);
    const me = (await (await admin.page.request.get('/api/auth/me')).json()) as {
      csrfToken: string;
    };
    for (const user of [OWNER, MEMBER]) {
      const created = await admin.page.request.post('/api/users', {
        headers: { 'x-csrf-token': me.csrfToken },
        data: { ...user, roles: [], password: USER_PASSWORD },
      });
      assert.equal(created.status(), 201, await created.text());
    }
    await admin.context.close();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    for (const dir of [mesh, spare])
      if (dir) await rm(dirname(dir), { recursive: true, force: true });
  });

  async function signIn(
    username: string,
    password = USER_PASSWORD,
    width = 1280,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'de-DE',
      viewport: { width, height: 900 },
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

  async function fillCanvas(page: Page): Promise<void> {
    await page.goto('/new-product?domain=sales');
    await page.getByTestId('canvas-form').waitFor();
    await page.locator('input[name="name"]').fill('Bestellübersicht');
    await page
      .locator('textarea[name="purpose"]')
      .fill('Bestellungen je Kunde für die wöchentliche Vertriebsrunde.');
    await page
      .locator('textarea[name="consumers"]')
      .fill('Der Vertrieb; die Finanzabteilung für die Prognose.');
    await page.locator('input[name="contract-filter"]').fill('sales-orders');
    await page.locator('input[name="input"][value="sales-orders-v1"]').check();
    assert.equal(await page.locator('input[name="id"]').inputValue(), PRODUCT);
    assert.equal(await page.locator('input[name="team"]').inputValue(), 'sales-team');
  }

  it('previews the draft and downloads a zip whose files validate in the mesh', async () => {
    const { context, page } = await signIn(OWNER.username);
    await fillCanvas(page);
    await page.getByRole('button', { name: 'Vorschau' }).click();
    await page.getByTestId('canvas-preview').waitFor();
    const previewed = await page.locator('[data-testid="canvas-preview"] summary').allInnerTexts();
    assert.ok(previewed.includes(`domains/sales/${PRODUCT}/product.odps.yaml`), previewed.join());
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('canvas-download').click(),
    ]);
    assert.equal(download.suggestedFilename(), `${PRODUCT}.zip`);
    const entries = unzipSync(new Uint8Array(await readFile(await download.path())));
    assert.ok(Object.keys(entries).length >= 3, Object.keys(entries).join());
    for (const [name, bytes] of Object.entries(entries)) {
      assert.ok(name.startsWith(`domains/sales/${PRODUCT}/`), name);
      await mkdir(dirname(join(spare, name)), { recursive: true });
      await writeFile(join(spare, name), bytes);
    }
    assert.match(
      await readFile(join(spare, 'domains/sales', PRODUCT, 'product.odps.yaml'), 'utf8'),
      /^status: proposed$/m,
    );
    const validated = await cli(['validate', spare], spare);
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
    await page.screenshot({ path: join(shots, 'canvas-preview.png'), fullPage: true });
    await context.close();
  });

  it('submits the proposal as a commit by the user; the domain lists it, marked for its owner', async () => {
    const { context, page } = await signIn(OWNER.username);
    await fillCanvas(page);
    await page.getByTestId('canvas-commit').click();
    await page.getByTestId('canvas-committed').waitFor();
    const [author, committer, files] = [
      git(mesh, 'log', '-1', '--format=%an <%ae>').trim(),
      git(mesh, 'log', '-1', '--format=%cn').trim(),
      git(mesh, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n'),
    ];
    assert.equal(author, `${OWNER.name} <${OWNER.email}>`);
    assert.equal(committer, 'Meshwork');
    assert.ok(
      files.every((f) => f.startsWith(`domains/sales/${PRODUCT}/`)),
      files.join(),
    );
    const validated = await cli(['validate', mesh], mesh);
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);

    await page.getByRole('link', { name: 'Zu den Vorschlägen der Domäne' }).click();
    const proposals = page.getByTestId('proposals');
    await proposals.getByTestId('proposal').first().waitFor();
    assert.match(await proposals.innerText(), new RegExp(PRODUCT));
    assert.equal(await proposals.getAttribute('data-owner'), 'true');
    assert.match((await proposals.getAttribute('class')) ?? '', /for-owner/);
    await page.screenshot({ path: join(shots, 'canvas-proposals-owner.png'), fullPage: true });
    await context.close();

    // A member of the domain sees the proposal too, without the owner's marking.
    const member = await signIn(MEMBER.username);
    await member.page.goto('/domains/sales');
    const theirs = member.page.getByTestId('proposals');
    await theirs.getByTestId('proposal').first().waitFor();
    assert.equal(await theirs.getAttribute('data-owner'), 'false');
    assert.doesNotMatch((await theirs.getAttribute('class')) ?? '', /for-owner/);
    await member.context.close();
  });

  it('speaks German on the canvas and the proposals and fits them on a 390 px phone', async () => {
    const { context, page } = await signIn(OWNER.username, USER_PASSWORD, 390);
    for (const path of ['/new-product?domain=sales', '/domains/sales', '/products']) {
      await page.goto(path);
      await page.locator('main h1').first().waitFor();
      await page.locator('.state-loading').first().waitFor({ state: 'detached' });
      if (path.startsWith('/new-product')) {
        await page.locator('input[name="input"][value="sales-orders-v1"]').check();
        await page.locator('input[name="column"]').first().waitFor();
      }
      const text = await page.evaluate<string>(OWN_TEXT);
      for (const word of ENGLISH)
        assert.ok(!text.includes(word), `${path} shows the English "${word}" in German`);
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      await page.screenshot({
        path: join(shots, `canvas-390${path.replaceAll(/[/?=]/g, '-')}.png`),
        fullPage: true,
      });
      const wide = await page.evaluate<string>(
        `[...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1).slice(-3).map((el) => el.tagName + '.' + el.className + ' ' + (el.textContent ?? '').slice(0, 60)).join(' | ')`,
      );
      assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone: ${wide}`);
    }
    await context.close();
  });
});
