import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Hono } from 'hono';
import { buildPortal, canBuildPortal, isPortalBuilt, packagePortal } from '../../src/cli/portal.ts';
import { servePortal } from '../../src/server/static.ts';

describe('the portal on the first serve', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-portal-build-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a clone can build it, and the build is the portal', async () => {
    const place = { ...packagePortal(), webRoot: join(dir, 'dist') };
    assert.equal(canBuildPortal(place), true, 'web/vite.config.ts and Vite are in the clone');
    assert.equal(isPortalBuilt(place), false);
    assert.equal(await buildPortal(place), undefined);
    const html = await readFile(join(place.webRoot, 'index.html'), 'utf8');
    assert.match(html, /<div id="root">/);
    assert.ok(existsSync(join(place.webRoot, 'assets')));
  });

  test('an installed package without web/ sources cannot build it and says so', () => {
    const place = {
      webRoot: join(dir, 'none'),
      config: join(dir, 'none.ts'),
      vite: join(dir, 'vite.js'),
    };
    assert.equal(canBuildPortal(place), false);
    assert.equal(isPortalBuilt(place), false);
  });

  test('without a built portal, / is a page that says how to build it, not a bare 404', async () => {
    const app = new Hono();
    app.use('*', servePortal(join(dir, 'never-built')));
    const page = await app.request('/');
    assert.equal(page.status, 503);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await page.text(), /npm run build:web/);
    const deep = await app.request('/products/sales-orders');
    assert.equal(deep.status, 503);
    assert.equal((await app.request('/assets/app.js')).status, 404, 'a missing file stays 404');
  });
});
