import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { TRINO_RULES_FAILED } from '../../src/app/access/trino-rules-publisher.ts';
import { EMBEDDED_STORE_DIR } from '../../src/runtime/open-store.ts';
import { createEmbeddedStore } from '../../src/stores/embedded/index.ts';
import type { ServedMesh } from '../support/browser.ts';
import {
  buildPortal,
  launchChromium,
  openSignIn,
  openUntil,
  serveMesh,
} from '../support/browser.ts';
import { writeSlaMesh } from '../sla/sla-mesh.ts';

const PASSWORD = 'portal-trino-rules-warning';
const REASON = 'Trino rejected the rules file: <b>not markup</b>';

/**
 * The overview warns an admin, in plain words and with the failure text, when the last
 * publish of the Trino access rules failed (GET /api/trino/access-status says failing).
 */
describe('the overview warns admins when the Trino access rules failed to publish', () => {
  let root: string;
  let server: ServedMesh;
  let browser: Browser;

  before(async () => {
    buildPortal();
    root = await writeSlaMesh();
    const store = createEmbeddedStore({ directory: join(root, EMBEDDED_STORE_DIR) });
    await store.migrate();
    await store.audit.append({
      id: randomUUID(),
      at: new Date().toISOString(),
      actor: 'system',
      action: TRINO_RULES_FAILED,
      target: 'trino',
      details: { reason: REASON },
    });
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
    const context = await browser.newContext({ baseURL: server.url, locale });
    const page = await context.newPage();
    await openSignIn(page);
    await page.getByLabel(/username|benutzername/i).fill('admin');
    await page.getByLabel(/^(password|passwort)$/i).fill(PASSWORD);
    await page.getByRole('button', { name: /^(sign in|anmelden)$/i }).click();
    await page.getByRole('navigation', { name: /main navigation|hauptnavigation/i }).waitFor();
    return page;
  }

  it('in German and in English, with the failure text shown as text', async () => {
    const de = await signIn('de-DE');
    await openUntil(de, '/', '[data-testid="trino-rules-failing"]');
    const german = await de.getByTestId('trino-rules-failing').innerText();
    assert.match(german, /^Trino-Zugriffsregeln: Die letzte Veröffentlichung ist fehlgeschlagen/);
    assert.ok(german.includes(`Grund: ${REASON}`), german);
    await de.context().close();

    const en = await signIn('en-GB');
    await openUntil(en, '/', '[data-testid="trino-rules-failing"]');
    const english = await en.getByTestId('trino-rules-failing').innerText();
    assert.match(english, /^Trino access rules: the last publish failed/);
    assert.ok(english.includes(`Reason: ${REASON}`), english);
    await en.context().close();
  });
});
