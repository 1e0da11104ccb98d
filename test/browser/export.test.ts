import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parse } from 'yaml';
import type { ServedMesh } from '../support/browser.ts';
import {
  buildPortal,
  launchChromium,
  openSignIn,
  screenshotsFolder,
  serveMesh,
} from '../support/browser.ts';

const PASSWORD = 'portal-export-test';
const DEMO = join(import.meta.dirname, '..', '..', 'examples', 'alpine-bikes');

/** The English words of the export links that must not show once German is chosen. */
const ENGLISH = ['Download as', 'HTML page', 'Mermaid diagram', 'dbt sources'];

/**
 * Issue 12's exports in the portal: on a product page, each output port's contract offers
 * "Herunterladen als …" in every format of `meshwork export`; the downloads are the real
 * files (the DuckDB DDL creates the tables in DuckDB, the dbt file parses), in German and on
 * a 390 px phone. The demo mesh is served unbuilt: the links need only the contracts.
 */
describe('export downloads on the product page (German)', () => {
  let root: string;
  let server: ServedMesh;
  let browser: Browser;
  const shots = screenshotsFolder();

  before(async () => {
    buildPortal();
    root = mkdtempSync(join(tmpdir(), 'meshwork-export-portal-'));
    cpSync(DEMO, root, {
      recursive: true,
      filter: (src) => !/[/\\](data|\.meshwork)$/.test(src),
    });
    server = await serveMesh(root, PASSWORD);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  async function signIn(width: number): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'de-DE',
      viewport: { width, height: 900 },
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

  async function download(page: Page, port: number, format: string) {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-links').nth(port).locator(`a[data-format="${format}"]`).click(),
    ]);
    return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
  }

  it('offers every format per output port, in German, and the files are real', async () => {
    const { context, page } = await signIn(1280);
    await page.goto('/products/sales-orders');
    const links = page.getByTestId('export-links');
    await links.first().waitFor();
    assert.equal(await links.count(), 2, 'sales-orders has two output ports: orders, order_lines');
    const first = await links.first().innerText();
    assert.match(first, /^Herunterladen als/);
    for (const label of [
      'JSON-Schema',
      'SQL (PostgreSQL)',
      'SQL (DuckDB)',
      'HTML-Seite',
      'Mermaid-Diagramm',
      'dbt-Quellen',
      'Data Contract Specification',
    ]) {
      assert.ok(first.includes(label), `link ${label}`);
    }
    const text = await page.locator('main').innerText();
    for (const word of ENGLISH) assert.ok(!text.includes(word), `English "${word}" on the page`);
    await page.screenshot({ path: join(shots, 'export-product.png'), fullPage: true });

    // orders: the DuckDB DDL creates the table (its foreign key to customers as a comment).
    const ddl = await download(page, 0, 'sql-duckdb');
    assert.equal(ddl.name, 'sales-orders-v1.duckdb.sql');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(ddl.text);
      const columns = (
        await connection.runAndReadAll(
          `SELECT count(*)::INTEGER AS n FROM duckdb_columns() WHERE table_name = 'orders'`,
        )
      ).getRowObjectsJS();
      assert.equal(columns[0]?.n, 17);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    // order_lines: dbt sources with its foreign keys resolved against the mesh.
    const dbt = await download(page, 1, 'dbt');
    assert.equal(dbt.name, 'sales-order-lines-v1.sources.yml');
    const doc = parse(dbt.text) as { version: number; sources: { tables: { name: string }[] }[] };
    assert.equal(doc.version, 2);
    assert.equal(doc.sources[0]?.tables[0]?.name, 'order_lines');
    const schema = JSON.parse((await download(page, 1, 'json-schema')).text) as { $schema: string };
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    await context.close();
  });

  it('fits a 390 px phone', async () => {
    const { context, page } = await signIn(390);
    await page.goto('/products/sales-orders');
    const links = page.getByTestId('export-links').first();
    await links.waitFor();
    const box = await links.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
    const overflow = await page.evaluate<number>(`document.documentElement.scrollWidth`);
    assert.ok(overflow <= 390, `the page is ${overflow} px wide`);
    await page.screenshot({ path: join(shots, 'export-product-phone.png'), fullPage: true });
    await context.close();
  });
});
