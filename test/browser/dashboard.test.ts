import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as mupdf from 'mupdf';
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
} from '../support/browser.ts';

const PASSWORD = 'portal-dashboard-test';
const DEMO = join(import.meta.dirname, '..', '..', 'examples', 'alpine-bikes');
const PRODUCT = 'domains/sales/sales-daily-sales/product.odps.yaml';
const DAY = 86_400_000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Words of the English page that must not show once German is chosen. */
const ENGLISH = [
  'Data products',
  'Products per domain',
  'Export as PNG',
  'not available',
  'Source:',
];

/**
 * The adoption dashboard in a real browser (issue 13): the demo mesh as a git work tree with
 * two commits on past days — sales first, one product proposed; the other domains ten days
 * later with that product active — so the server's git backfill gives the charts a history
 * and time-to-active a value. The charts are drawn (lines with points), SLA compliance is
 * the share of products whose SLAs the server's first evaluation found all met, saying how
 * many could not be evaluated (nothing is served here, so no SLA can be judged — never
 * "100 %"), and the PNG export downloads a real PNG, in English and in German.
 */
describe('adoption dashboard in the portal', () => {
  let root: string;
  let server: ServedMesh;
  let browser: Browser;
  const shots = screenshotsFolder();
  const now = Date.now();
  const firstDay = new Date(now - 20 * DAY);
  const secondDay = new Date(now - 10 * DAY);

  before(async () => {
    buildPortal();
    root = mkdtempSync(join(tmpdir(), 'meshwork-dashboard-portal-'));
    cpSync(DEMO, root, {
      recursive: true,
      filter: (src) => !/[/\\](data|\.meshwork)$/.test(src),
    });
    const active = readFileSync(join(root, PRODUCT), 'utf8');
    assert.match(active, /^status: active$/m);
    git(['init', '-q', '-b', 'main']);
    writeFileSync(join(root, PRODUCT), active.replace(/^status: active$/m, 'status: proposed'));
    git(['add', 'meshwork.yaml', 'domains/sales']);
    git(['commit', '-q', '-m', 'sales first'], firstDay);
    writeFileSync(join(root, PRODUCT), active);
    git(['add', '-A']);
    git(['commit', '-q', '-m', 'the other domains'], secondDay);
    server = await serveMesh(root, PASSWORD);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  function git(args: string[], date?: Date): void {
    execFileSync('git', args, {
      cwd: root,
      stdio: 'pipe',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
        ...(date === undefined
          ? {}
          : { GIT_AUTHOR_DATE: date.toISOString(), GIT_COMMITTER_DATE: date.toISOString() }),
      },
    });
  }

  async function signIn(locale: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      baseURL: server.url,
      locale,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await openSignIn(page);
    await page.getByLabel(/username|benutzername/i).fill('admin');
    await page.getByLabel(/^(password|passwort)$/i).fill(PASSWORD);
    await page.getByRole('button', { name: /^(sign in|anmelden)$/i }).click();
    await page.getByRole('navigation', { name: /main navigation|hauptnavigation/i }).waitFor();
    return { context, page };
  }

  /** Clicks an export button and returns the downloaded file's name and bytes. */
  async function exportAs(
    page: Page,
    kind: 'png' | 'pdf',
  ): Promise<{ name: string; bytes: Buffer }> {
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByTestId(`export-${kind}`).click(),
    ]);
    return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
  }

  function assertPng(bytes: Buffer): void {
    assert.deepEqual(bytes.subarray(0, 8), PNG_SIGNATURE, 'the PNG signature');
    assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
    // 1,320 px laid out, drawn at twice the size.
    assert.equal(bytes.readUInt32BE(16), 2640, 'width');
    assert.ok(bytes.readUInt32BE(20) > 1000, `height ${bytes.readUInt32BE(20)}`);
    assert.ok(bytes.length > 30_000, `${bytes.length} bytes: the charts are drawn, not a blank`);
  }

  /** A PDF that a real reader (MuPDF) opens: one A4 page, drawn on, in the page's language. */
  function assertPdf(bytes: Buffer, language: string): void {
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(bytes.subarray(-6).toString('latin1').trim(), '%%EOF');
    assert.ok(bytes.length > 30_000, `${bytes.length} bytes`);
    const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
    assert.ok(doc instanceof mupdf.PDFDocument);
    assert.equal(doc.countPages(), 1);
    assert.equal(doc.getLanguage(), language);
    const page = doc.loadPage(0);
    const [x0, y0, x1, y1] = page.getBounds();
    assert.deepEqual([Math.round(x1 - x0), Math.round(y1 - y0)], [595, 842], 'A4');
    const pixels = page
      .toPixmap(mupdf.Matrix.scale(0.5, 0.5), mupdf.ColorSpace.DeviceRGB, false)
      .getPixels();
    let inked = 0;
    for (let p = 0; p < pixels.length; p += 3)
      if (pixels[p]! < 200 || pixels[p + 1]! < 200 || pixels[p + 2]! < 200) inked++;
    // A blank page has none; the charts' lines, points and texts some thousand at this scale.
    assert.ok(inked > 500, `${inked} inked pixels: the charts are on the page`);
    writeFileSync(
      join(screenshotsFolder(), `dashboard-export-${language}.pdf.png`),
      page.toPixmap(mupdf.Matrix.scale(1, 1), mupdf.ColorSpace.DeviceRGB, false).asPNG(),
    );
  }

  interface SlaCounts {
    productsWithSla: number;
    productsMet: number;
    productsUnknown: number;
    met: number;
    breached: number;
    unknown: number;
  }

  /** The result of the server's first SLA evaluation (its worker runs one at its first tick). */
  async function slaEvaluated(page: Page): Promise<SlaCounts> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const result = await page.evaluate(async () => {
        const res = await fetch('/api/jobs?kind=sla-evaluate&state=succeeded&limit=1');
        const body = (await res.json()) as { items: { result: unknown }[] };
        return (body.items[0]?.result ?? null) as SlaCounts | null;
      });
      if (result !== null) return result;
      assert.ok(Date.now() < deadline, 'no sla-evaluate job succeeded within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it('draws the charts from the history git gave and exports them as a PNG (English)', async () => {
    const { context, page } = await signIn('en-GB');
    const sla = await slaEvaluated(page);
    await page.getByRole('link', { name: 'Adoption' }).click();
    await page.locator('[data-chart="products"] svg polyline').first().waitFor();
    assert.equal(
      await page.getByRole('heading', { level: 1 }).innerText(),
      'Adoption of the data mesh',
    );
    assert.equal(await page.locator('[data-chart]').count(), 9);

    // Products per domain: "all" and one line per domain of the demo.
    const products = page.locator('[data-chart="products"] svg');
    assert.equal(await products.locator('[data-series]').count(), 5);
    // Two days from git and today measured: three points on the "all" line.
    assert.equal(await products.locator('[data-series="all"] circle').count(), 3);
    const points = await products
      .locator('[data-series="all"] polyline')
      .first()
      .getAttribute('points');
    assert.equal(points?.split(' ').length, 3, `points ${points}`);
    for (const id of ['shares', 'consumers', 'requests', 'quality', 'policy', 'proposal'])
      assert.ok(
        (await page.locator(`[data-chart="${id}"] svg circle`).count()) >= 1,
        `${id} draws at least today's point`,
      );
    assert.match(
      await page.locator('main').innerText(),
      /\d+ days recorded in this span, 2 of them from the git history/,
    );
    assert.match(
      await page.locator('[data-chart="products"] figcaption').innerText(),
      /^Source: mesh repository \(catalog\)$/,
    );
    // Nothing served: no SLA can be judged, and none opens an incident. The share is of the
    // products whose SLAs were all met — never 100 % — and the tile says how many were not.
    assert.ok(sla.productsWithSla > 0 && sla.productsUnknown > 0, JSON.stringify(sla));
    const share = Math.round((sla.productsMet / sla.productsWithSla) * 1000) / 10;
    assert.ok(share < 100);
    const tile = await page.getByTestId('sla-stat').innerText();
    assert.match(tile, new RegExp(`^${share} %`));
    const notEvaluated =
      `${sla.productsUnknown} of ${sla.productsWithSla} products not evaluated ` +
      `(${sla.unknown} of ${sla.met + sla.breached + sla.unknown} SLAs could not be measured)`;
    assert.ok(tile.includes(notEvaluated), tile);
    assert.equal(await page.getByTestId('quality-note').innerText(), notEvaluated);
    assert.equal(await page.getByTestId('sla-unavailable').count(), 0);

    interface Answer {
      current: { figures: { products: number; proposalToActive: { medianDays: number | null } } };
    }
    const answer = await page.evaluate(async () => {
      const res = await fetch('/api/dashboard');
      return (await res.json()) as Answer;
    });
    // sales-daily-sales: proposed on the first commit's day, active on the second's.
    assert.equal(answer.current.figures.proposalToActive.medianDays, 10);
    assert.equal(answer.current.figures.products, 11);

    await page.screenshot({ path: join(shots, 'dashboard-en.png'), fullPage: true });
    const png = await exportAs(page, 'png');
    assert.match(png.name, /^adoption-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.png$/);
    assertPng(png.bytes);
    writeFileSync(join(shots, 'dashboard-export-en.png'), png.bytes);
    const pdf = await exportAs(page, 'pdf');
    assert.equal(pdf.name, png.name.replace(/\.png$/, '.pdf'));
    assertPdf(pdf.bytes, 'en');
    await context.close();
  });

  it('speaks German, and the export is a PNG there too', async () => {
    const { context, page } = await signIn('de-DE');
    const sla = await slaEvaluated(page);
    await openUntil(page, '/dashboard', '[data-chart="products"] svg polyline');
    assert.equal(
      await page.getByRole('heading', { level: 1 }).innerText(),
      'Akzeptanz des Data Mesh',
    );
    await page.getByRole('link', { name: 'Akzeptanz' }).waitFor();
    const text = await page.evaluate<string>(ownTextScript());
    for (const word of ENGLISH) assert.ok(!text.includes(word), `English "${word}" on the page`);
    assert.match(text, /Produkte je Domäne/);
    assert.ok(
      text.includes(
        `${sla.productsUnknown} von ${sla.productsWithSla} Produkten nicht bewertet ` +
          `(${sla.unknown} von ${sla.met + sla.breached + sla.unknown} SLAs nicht messbar)`,
      ),
      'the German tile says how many could not be evaluated',
    );
    assert.match(text, /Quelle: Mesh-Repository \(Katalog\)/);
    await page.screenshot({ path: join(shots, 'dashboard-de.png'), fullPage: true });
    const png = await exportAs(page, 'png');
    assert.match(png.name, /^akzeptanz-.*\.png$/);
    assertPng(png.bytes);
    const pdf = await exportAs(page, 'pdf');
    assert.match(pdf.name, /^akzeptanz-.*\.pdf$/);
    assertPdf(pdf.bytes, 'de');
    await context.close();
  });
});
