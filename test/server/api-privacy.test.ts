import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as mupdf from 'mupdf';
import type { DsrTask } from '../../src/core/privacy/dsr-model.ts';
import type { AccessFixture } from './access-support.ts';
import { call, createAccessFixture } from './access-support.ts';

/** Tasks as `dsr erase` makes them: a sales source, a finance source, a contract since removed. */
function task(
  id: string,
  contractId: string,
  system: string,
  domain: string | null,
  at: string,
): DsrTask {
  return {
    id,
    requestId: `req-${id}`,
    mode: 'delete',
    contractId,
    contractPath: `sources/${system}/x.odcs.yaml`,
    system,
    object: 'customers',
    domain,
    kind: 'email',
    column: 'email',
    subjectHash: 'a'.repeat(64),
    keyFingerprint: '0123456789abcdef',
    rows: 2,
    state: 'open',
    createdAt: at,
    doneAt: null,
    doneBy: null,
  };
}

const ids = (body: unknown): string[] =>
  (body as { items: { id: string }[] }).items.map((t) => t.id).sort();

describe('privacy API: the record of processing and the erasure tasks', () => {
  let fx: AccessFixture;
  before(async () => {
    fx = await createAccessFixture();
    await fx.store.dsrTasks.create(
      task('t-sales', 'webshop-customers-v1', 'webshop', 'sales', '2026-12-01T10:00:00.000Z'),
    );
    await fx.store.dsrTasks.create(
      task('t-finance', 'erp-invoices-v1', 'erp', 'finance', '2026-12-01T11:00:00.000Z'),
    );
    await fx.store.dsrTasks.create(
      task('t-gone', 'removed-contract-v1', 'legacy', null, '2026-12-01T12:00:00.000Z'),
    );
  });
  after(() => fx.close());

  it('gives governance the record as JSON, in German by default and in English when asked', async () => {
    const de = await call(fx.app, 'GET', '/api/privacy/record', fx.as.dpo);
    assert.equal(de.status, 200);
    const record = de.body as { language: string; activities: unknown[]; gaps: unknown[] };
    assert.equal(record.language, 'de');
    assert.ok(record.activities.length > 0, 'the demo mesh has personal data');
    const en = await call(fx.app, 'GET', '/api/privacy/record?lang=en&format=json', fx.as.admin);
    assert.equal((en.body as { language: string }).language, 'en');
  });

  it('serves the record as a self-contained HTML download', async () => {
    const { status, res, body } = await call(
      fx.app,
      'GET',
      '/api/privacy/record?lang=de&format=html',
      fx.as.dpo,
    );
    assert.equal(status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(
      res.headers.get('content-disposition') ?? '',
      /^attachment; filename="verzeichnis-verarbeitungstaetigkeiten-[A-Za-z0-9._-]+-\d{4}-\d{2}-\d{2}\.html"$/,
    );
    assert.match(String(body), /<h1>Verzeichnis von Verarbeitungstätigkeiten<\/h1>/);
  });

  it('serves the record as a PDF that renders with its German title', async () => {
    const { status, res } = await call(fx.app, 'GET', '/api/privacy/record?format=pdf', fx.as.dpo);
    assert.equal(status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition') ?? '', /\.pdf"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
    assert.ok(doc.countPages() >= 1);
    const text = doc.loadPage(0).toStructuredText('preserve-whitespace').asText();
    assert.ok(text.includes('Verzeichnis von Verarbeitungstätigkeiten'), text.slice(0, 200));
    const en = await call(fx.app, 'GET', '/api/privacy/record?lang=en&format=pdf', fx.as.dpo);
    assert.match(en.res.headers.get('content-disposition') ?? '', /record-of-processing-/);
  });

  it('renders one PDF at a time with two waiting, and turns a burst beyond that away with 503', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        call(fx.app, 'GET', '/api/privacy/record?format=pdf', fx.as.dpo),
      ),
    );
    // Arriving together: one rendering and two waiting are served, the rest turned away (a
    // slow machine may finish the first before the last arrives, so "at least").
    const served = answers.filter((a) => a.status === 200).length;
    const refused = answers.filter((a) => a.status === 503).length;
    assert.equal(served + refused, 8, answers.map((a) => a.status).join(' '));
    assert.ok(served >= 3 && refused >= 1, `${served} served, ${refused} refused`);
    for (const answer of answers)
      if (answer.status === 503) assert.equal(answer.res.headers.get('retry-after'), '5');
      else
        assert.equal(
          Buffer.from(await answer.res.arrayBuffer())
            .subarray(0, 5)
            .toString('latin1'),
          '%PDF-',
        );
  });

  it('refuses the record to anyone but governance and admin, and a bad query with 400', async () => {
    for (const who of ['domainOwner', 'producerMember', 'stranger', 'consumer'] as const)
      assert.equal((await call(fx.app, 'GET', '/api/privacy/record', fx.as[who])).status, 403, who);
    assert.equal((await call(fx.app, 'GET', '/api/privacy/record', {})).status, 401);
    assert.equal((await call(fx.app, 'GET', '/api/privacy/record?lang=fr', fx.as.dpo)).status, 400);
    assert.equal(
      (await call(fx.app, 'GET', '/api/privacy/record?format=docx', fx.as.dpo)).status,
      400,
    );
  });

  it('lists every task to governance and admin, with the domain stored when it was made', async () => {
    const all = await call(fx.app, 'GET', '/api/privacy/tasks', fx.as.dpo);
    assert.equal(all.status, 200);
    assert.deepEqual(ids(all.body), ['t-finance', 't-gone', 't-sales']);
    const items = (all.body as { items: (DsrTask & { domain: string | null })[] }).items;
    assert.deepEqual(Object.fromEntries(items.map((t) => [t.id, t.domain])), {
      't-sales': 'sales',
      't-finance': 'finance',
      't-gone': null,
    });
    assert.deepEqual(ids((await call(fx.app, 'GET', '/api/privacy/tasks', fx.as.admin)).body), [
      't-finance',
      't-gone',
      't-sales',
    ]);
  });

  it("shows a domain owner only the tasks of their domain's sources", async () => {
    const sales = await call(fx.app, 'GET', '/api/privacy/tasks', fx.as.domainOwner);
    assert.deepEqual(ids(sales.body), ['t-sales']);
    const finance = await call(fx.app, 'GET', '/api/privacy/tasks', fx.as.consumerOwner);
    assert.deepEqual(ids(finance.body), ['t-finance']);
    // A member is no owner; a stranger owns nothing: refused, not an empty list.
    for (const who of ['producerMember', 'consumer', 'stranger'] as const)
      assert.equal((await call(fx.app, 'GET', '/api/privacy/tasks', fx.as[who])).status, 403, who);
  });

  it("lets an owner close their domain's task once, audited without the person, and no one else's", async () => {
    const foreign = await call(
      fx.app,
      'POST',
      '/api/privacy/tasks/t-finance/done',
      fx.as.domainOwner,
    );
    assert.equal(foreign.status, 403);
    const member = await call(
      fx.app,
      'POST',
      '/api/privacy/tasks/t-sales/done',
      fx.as.producerMember,
    );
    assert.equal(member.status, 403);
    const missing = await call(
      fx.app,
      'POST',
      '/api/privacy/tasks/no-such/done',
      fx.as.domainOwner,
    );
    assert.equal(missing.status, 404);

    const done = await call(fx.app, 'POST', '/api/privacy/tasks/t-sales/done', fx.as.domainOwner);
    assert.equal(done.status, 200);
    const closed = done.body as DsrTask;
    assert.equal(closed.state, 'done');
    assert.equal(closed.doneBy, 'mweber');
    assert.ok(closed.doneAt !== null);
    const again = await call(fx.app, 'POST', '/api/privacy/tasks/t-sales/done', fx.as.dpo);
    assert.equal(again.status, 409);

    const open = await call(fx.app, 'GET', '/api/privacy/tasks?state=open', fx.as.dpo);
    assert.deepEqual(ids(open.body), ['t-finance', 't-gone']);
    const finished = await call(fx.app, 'GET', '/api/privacy/tasks?state=done', fx.as.domainOwner);
    assert.deepEqual(ids(finished.body), ['t-sales']);

    const audit = await fx.store.audit.list({ action: 'dsr.task-done' });
    assert.equal(audit.items.length, 1);
    const entry = audit.items[0]!;
    assert.equal(entry.actor, 'mweber');
    assert.equal(entry.target, 't-sales');
    assert.ok(!JSON.stringify(entry).includes('a'.repeat(64)), 'no subject hash in the trail');
  });

  it('lets governance close a task whose contract is gone from the mesh', async () => {
    const done = await call(fx.app, 'POST', '/api/privacy/tasks/t-gone/done', fx.as.dpo);
    assert.equal(done.status, 200);
    assert.equal((done.body as DsrTask).doneBy, 'dpo');
  });
});

describe('privacy API: a task belongs to the domain stored with it, not to a contract id', () => {
  let fx: AccessFixture;
  before(async () => {
    fx = await createAccessFixture();
  });
  after(() => fx.close());

  it('keeps a sales task from a finance owner who adds a contract claiming its id', async () => {
    await fx.store.dsrTasks.create(
      task('t-sales', 'webshop-customers-v1', 'webshop', 'sales', '2026-12-01T10:00:00.000Z'),
    );
    const before = await call(
      fx.app,
      'POST',
      '/api/privacy/tasks/t-sales/done',
      fx.as.consumerOwner,
    );
    assert.equal(before.status, 403);
    // The finance owner writes, in their own domain's folder, a contract with the sales
    // source's id declaring finance. A duplicate id is a finding, not a stop: the catalog
    // keeps one of them.
    await writeFile(
      join(fx.dir, 'domains/finance/finance-invoices/spoof.odcs.yaml'),
      'apiVersion: v3.1.0\nkind: DataContract\nid: webshop-customers-v1\nversion: 1.0.0\nstatus: active\ndomain: finance\nschema: []\n',
    );
    await fx.catalog.load();
    const listed = await call(fx.app, 'GET', '/api/privacy/tasks', fx.as.consumerOwner);
    assert.equal(listed.status, 200);
    assert.deepEqual(ids(listed.body), []);
    const after = await call(
      fx.app,
      'POST',
      '/api/privacy/tasks/t-sales/done',
      fx.as.consumerOwner,
    );
    assert.equal(after.status, 403, 'the spoofing contract gives no right to the task');
    assert.equal((await fx.store.dsrTasks.get('t-sales'))?.state, 'open');
    const dpo = await call(fx.app, 'GET', '/api/privacy/tasks', fx.as.dpo);
    const items = (dpo.body as { items: DsrTask[] }).items;
    assert.equal(items[0]?.domain, 'sales', 'the API shows the stored domain');
    const sales = await call(fx.app, 'POST', '/api/privacy/tasks/t-sales/done', fx.as.domainOwner);
    assert.equal(sales.status, 200, 'its own domain still closes it');
  });
});
