import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import type { ServedMesh } from '../support/browser.ts';
import {
  buildPortal,
  launchChromium,
  openSignIn,
  screenshotsFolder,
  serveMesh,
} from '../support/browser.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';

/**
 * The README's tutorial "Your first data product", run exactly as written there: the SQL
 * block makes three related tables in a real PostgreSQL, the shell block runs in bash with
 * `meshwork` being this checkout's CLI — from an empty folder to a built, tested product —
 * and the product is then looked at in the portal in Chromium. Only two things differ from
 * a reader's machine: the database URL (the README's is a placeholder) and the port `serve`
 * listens on (a free one).
 */

const repo = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const ADMIN_PASSWORD = 'tutorial-admin-password';

/** The fenced block after the marker comment `<!-- tutorial:NAME -->`. */
function block(readme: string, name: string): string {
  const marker = `<!-- tutorial:${name} -->`;
  const at = readme.indexOf(marker);
  assert.ok(at >= 0, `the README has the marker ${marker}`);
  const fence = /```[a-z]*\n([\s\S]*?)\n```/.exec(readme.slice(at));
  assert.ok(fence?.[1], `a fenced block follows ${marker}`);
  return fence[1];
}

/** Shell lines with their `\` continuations joined. */
function commandLines(script: string): string[] {
  return script
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

describe('README tutorial: your first data product, from PostgreSQL to the portal', () => {
  let postgres: TestPostgres;
  let database: TestDatabase;
  let folder: string;
  let server: ServedMesh | undefined;
  let browser: Browser | undefined;
  let readme: string;

  before(async () => {
    readme = await readFile(join(repo, 'README.md'), 'utf8');
    postgres = await startTestPostgres();
    database = await createTestDatabase(postgres.url, 'tutorial');
    folder = await mkdtemp(join(tmpdir(), 'meshwork-tutorial-'));
    buildPortal();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await database?.drop();
    await postgres?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('takes at most five meshwork commands, and serve is the last', () => {
    const commands = commandLines(block(readme, 'commands'))
      .flatMap((line) => line.split('&&').map((part) => part.trim()))
      .filter((part) => part.startsWith('meshwork '));
    assert.ok(commands.length <= 5, `${commands.length} commands: ${commands.join(' | ')}`);
    assert.match(commands.at(-1)!, /^meshwork serve$/);
  });

  it('runs the commands as written: three tables become contracts, a product is drafted, built and tested', async () => {
    await withClient(database.url, (client) => client.query(block(readme, 'shop-tables')));

    const lines = commandLines(block(readme, 'commands'));
    assert.equal(lines.at(-1), 'meshwork serve');
    // The reader's URL is a placeholder; the test's database takes its place.
    const script = lines
      .slice(0, -1)
      .map((line) =>
        line.replace(/^export MESHWORK_SHOP_URL=\S+/, `export MESHWORK_SHOP_URL='${database.url}'`),
      );
    assert.ok(
      script.some((line) => line.startsWith(`export MESHWORK_SHOP_URL='${database.url}'`)),
      'the README sets MESHWORK_SHOP_URL',
    );
    const bash = [
      'set -euo pipefail',
      `meshwork() { "${process.execPath}" "${join(repo, 'bin', 'meshwork.js')}" "$@"; }`,
      ...script,
      // What the README says comes next also holds: the sources pass their own tests.
      'meshwork test sources/shop',
    ].join('\n');
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.MESHWORK_DATABASE_URL;
    let out: { stdout: string; stderr: string };
    try {
      out = await run('bash', ['-c', bash], { cwd: folder, env, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      assert.fail(`the tutorial failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    }
    const mesh = join(folder, 'shop-mesh');
    assert.deepEqual((await readdir(join(mesh, 'sources', 'shop'))).sort(), [
      'customers.odcs.yaml',
      'order-lines.odcs.yaml',
      'orders.odcs.yaml',
    ]);
    const orders = await readFile(join(mesh, 'sources', 'shop', 'orders.odcs.yaml'), 'utf8');
    assert.match(orders, /to: customers\.odcs\.yaml#\/schema\/customers\/properties\/customer_id/);
    const password = new URL(database.url).password;
    if (password) {
      for (const name of ['customers', 'order-lines', 'orders'])
        assert.ok(
          !(await readFile(join(mesh, 'sources', 'shop', `${name}.odcs.yaml`), 'utf8')).includes(
            password,
          ),
          `no password in ${name}.odcs.yaml`,
        );
      assert.ok(!out.stdout.includes(password) && !out.stderr.includes(password));
    }
    const product = join(mesh, 'domains', 'sales', 'sales-orders-per-customer');
    assert.deepEqual((await readdir(product)).sort(), [
      'orders.odcs.yaml',
      'product.odps.yaml',
      'transform.sql',
    ]);
    assert.match(out.stdout, /1 of 1 product published, 0 failed tests/);
    assert.match(out.stdout, /→ orders: 200 rows/);
  });

  it('shows the product in the portal with its passed test run', async () => {
    const mesh = join(folder, 'shop-mesh');
    server = await serveMesh(mesh, ADMIN_PASSWORD);
    browser = await launchChromium();
    const context = await browser.newContext({ baseURL: server.url, locale: 'en-GB' });
    const page = await context.newPage();
    await openSignIn(page);
    await page.getByLabel(/username/i).fill('admin');
    await page.getByLabel(/^password$/i).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: /^sign in$/i }).click();
    await page.getByRole('navigation', { name: /main navigation/i }).waitFor();
    await page.goto('/products/sales-orders-per-customer');
    await page.getByRole('heading', { level: 1, name: 'Orders per customer' }).waitFor();
    const runs = page.getByTestId('latest-runs');
    await runs.locator('li').first().waitFor();
    assert.equal(
      await runs.locator('li').first().locator('[data-status]').getAttribute('data-status'),
      'passed',
    );
    await page.screenshot({
      path: join(screenshotsFolder(), 'tutorial-first-product.png'),
      fullPage: true,
    });
    await context.close();
  });
});
