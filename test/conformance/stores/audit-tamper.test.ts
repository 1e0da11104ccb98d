import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import type { AuditVerification } from '../../../src/app/audit/index.ts';
import { exportAudit, verifyAudit } from '../../../src/app/audit/index.ts';
import type { AuditEvent, MeshworkStore } from '../../../src/app/store/store.ts';
import { chainAuditEvent } from '../../../src/stores/audit-chain.ts';
import { createEmbeddedStore } from '../../../src/stores/embedded/index.ts';
import { PG_MIGRATIONS } from '../../../src/stores/postgresql/migrations.ts';
import { createPostgresStore } from '../../../src/stores/postgresql/index.ts';
import type { TestPostgres } from '../../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../../support/postgres.ts';
import { auditInput } from './store-conformance.ts';

/** What verification names: the kind of break and the entry, by seq and id. */
async function firstBreak(store: MeshworkStore) {
  const { verdict }: AuditVerification = await verifyAudit(store);
  if (verdict.ok) return 'intact';
  const { kind, seq, id } = verdict.broken;
  return { kind, seq, id };
}

async function appendEight(store: MeshworkStore): Promise<AuditEvent[]> {
  const stored: AuditEvent[] = [];
  for (let i = 1; i <= 8; i++) stored.push(await store.audit.append(auditInput(`e${i}`)));
  return stored;
}

/** An entry a forger makes: chained after `prev` with its own hash recomputed. */
function forgedAfter(prev: AuditEvent): AuditEvent {
  return chainAuditEvent(prev, { ...auditInput('forged'), actor: 'mallory' });
}

describe('audit chain tampering: embedded store files', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /** A store with eight entries, its log's lines edited by `tamper`, read by a new instance. */
  async function tampered(tamper: (lines: string[], stored: AuditEvent[]) => string[]) {
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-audit-'));
    dirs.push(dir);
    const store = createEmbeddedStore({ directory: dir });
    await store.migrate();
    const stored = await appendEight(store);
    const file = join(dir, 'audit.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 8);
    await writeFile(file, `${tamper(lines, stored).join('\n')}\n`);
    return firstBreak(createEmbeddedStore({ directory: dir }));
  }
  const line = (event: AuditEvent): string =>
    JSON.stringify({ op: 'put', key: event.id, value: event });
  const edit = (text: string, change: (value: AuditEvent) => AuditEvent): string => {
    const op = JSON.parse(text) as { value: AuditEvent };
    return line(change(op.value));
  };

  it('is intact untouched', async () => {
    assert.equal(await tampered((lines) => lines), 'intact');
  });

  it('names an edited entry', async () => {
    assert.deepEqual(
      await tampered((lines) =>
        lines.map((l, i) => (i === 3 ? edit(l, (e) => ({ ...e, actor: 'someone-else' })) : l)),
      ),
      { kind: 'edited', seq: 4, id: 'e4' },
    );
  });

  it('names an entry replaced by a put appended to the log', async () => {
    assert.deepEqual(
      await tampered((lines, stored) => [
        ...lines,
        line({ ...stored[1]!, details: { team: 'mallory' } }),
      ]),
      { kind: 'edited', seq: 2, id: 'e2' },
    );
  });

  it('names the entry after a deleted line, and after a delete appended to the log', async () => {
    assert.deepEqual(await tampered((lines) => lines.filter((_, i) => i !== 4)), {
      kind: 'deleted',
      seq: 6,
      id: 'e6',
    });
    assert.deepEqual(
      await tampered((lines) => [...lines, JSON.stringify({ op: 'delete', key: 'e3' })]),
      { kind: 'deleted', seq: 4, id: 'e4' },
    );
  });

  it('names a forged entry inserted with a recomputed hash of its own', async () => {
    assert.deepEqual(
      await tampered((lines, stored) => [
        ...lines.slice(0, 3),
        line(forgedAfter(stored[2]!)),
        ...lines.slice(3),
      ]),
      { kind: 'inserted', seq: 4, id: 'forged' },
    );
  });

  it('names the first entry out of place when two lines are swapped', async () => {
    assert.deepEqual(
      await tampered((lines) => {
        const swapped = [...lines];
        [swapped[2], swapped[6]] = [lines[6]!, lines[2]!];
        return swapped;
      }),
      { kind: 'reordered', seq: 7, id: 'e7' },
    );
  });

  it('keeps one chain when a child process and this one append 200 events at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-audit-'));
    dirs.push(dir);
    const store = createEmbeddedStore({ directory: dir, compactAfter: 30 });
    await store.migrate();
    const child = new Promise<void>((resolve, reject) => {
      const process_ = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(import.meta.dirname, 'support', 'write-audit.ts'),
          dir,
          'child',
          '100',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      process_.on('error', reject);
      process_.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`writer exited ${code}: ${stderr}`)),
      );
    });
    const mine = Promise.all(
      Array.from({ length: 100 }, (_, i) => store.audit.append(auditInput(`parent-${i}`))),
    );
    await Promise.all([child, mine]);
    const { verdict } = await verifyAudit(createEmbeddedStore({ directory: dir }));
    assert.equal(verdict.ok, true, JSON.stringify(verdict));
    assert.equal(verdict.count, 200);
    assert.equal(verdict.ok && verdict.headSeq, 200);
  });

  it('reads across pages: a swap at a page boundary is found, an export holds every entry once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-audit-'));
    dirs.push(dir);
    const store = createEmbeddedStore({ directory: dir });
    await store.migrate();
    const events: AuditEvent[] = [];
    for (let i = 1; i <= 1001; i++)
      events.push(chainAuditEvent(events[events.length - 1] ?? null, auditInput(`p${i}`)));
    const lines = events.map((e) => JSON.stringify({ op: 'put', key: e.id, value: e }));
    await writeFile(join(dir, 'audit.jsonl'), `${lines.join('\n')}\n`);
    let exported = '';
    const { count } = await exportAudit(store, { format: 'jsonl' }, (chunk) => {
      exported += chunk;
    });
    assert.equal(count, 1001);
    assert.deepEqual(
      exported
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as AuditEvent).seq),
      events.map((e) => e.seq),
    );
    assert.equal(await firstBreak(store), 'intact');
    // The scan's pages hold 500 entries: entries 500 and 501 sit on either side of a cut.
    [lines[499], lines[500]] = [lines[500]!, lines[499]!];
    await writeFile(join(dir, 'audit.jsonl'), `${lines.join('\n')}\n`);
    assert.deepEqual(await firstBreak(createEmbeddedStore({ directory: dir })), {
      kind: 'reordered',
      seq: 501,
      id: 'p501',
    });
  });

  it('does not fork after a writer died holding the append lock in the middle of its line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-audit-'));
    dirs.push(dir);
    const store = createEmbeddedStore({ directory: dir });
    await store.migrate();
    const stored = await appendEight(store);
    // What a writer killed mid-write leaves: its lock (a pid that is gone) and a torn line.
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid;
    await writeFile(
      join(dir, 'audit-append.lock'),
      JSON.stringify({ token: 'dead', pid: dead, host: hostname() }),
    );
    const torn = JSON.stringify({ op: 'put', key: 'torn', value: forgedAfter(stored[7]!) });
    await appendFile(join(dir, 'audit.jsonl'), `\n${torn.slice(0, torn.length - 20)}`);
    const next = await createEmbeddedStore({ directory: dir }).audit.append(auditInput('next'));
    assert.equal(next.seq, 9);
    assert.equal(next.prevHash, stored[7]!.hash);
    assert.equal(await firstBreak(createEmbeddedStore({ directory: dir })), 'intact');
  });

  it('chains the events of a store from before the chain on first open, in their order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-audit-'));
    dirs.push(dir);
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'format.json'),
      `${JSON.stringify({ format: 'meshwork-embedded-store', version: 2 })}\n`,
    );
    const old = ['o1', 'o2', 'o3'].map((id) => auditInput(id));
    await writeFile(
      join(dir, 'audit.jsonl'),
      old.map((e) => `\n${JSON.stringify({ op: 'put', key: e.id, value: e })}\n`).join(''),
    );
    const store = createEmbeddedStore({ directory: dir });
    await store.migrate();
    const next = await store.audit.append(auditInput('new'));
    const all = (await store.audit.scan({})).items;
    assert.deepEqual(
      all.map((e) => [e.id, e.seq]),
      [
        ['o1', 1],
        ['o2', 2],
        ['o3', 3],
        ['new', 4],
      ],
    );
    assert.equal(next.prevHash, all[2]?.hash);
    assert.equal(await firstBreak(store), 'intact');
  });
});

describe('audit chain tampering: PostgreSQL rows', () => {
  let server: TestPostgres | undefined;
  const drops: (() => Promise<void>)[] = [];
  const stores: MeshworkStore[] = [];
  before(async () => {
    server = await startTestPostgres();
  });
  after(async () => {
    for (const store of stores) await store.close();
    for (const drop of drops) await drop();
    await server?.stop();
  });

  async function database() {
    if (!server) throw new Error('PostgreSQL not started');
    const db = await createTestDatabase(server.url, 'meshwork_audit');
    drops.push(() => db.drop());
    return db;
  }

  /** A store with eight entries, its rows changed by `tamper` through plain SQL. */
  async function tampered(tamper: (client: pg.Client, stored: AuditEvent[]) => Promise<unknown>) {
    const db = await database();
    const store = createPostgresStore({ connectionString: db.url, maxConnections: 2 });
    stores.push(store);
    await store.migrate();
    const stored = await appendEight(store);
    await withClient(db.url, (client) => tamper(client, stored));
    return firstBreak(store);
  }

  it('is intact untouched', async () => {
    assert.equal(await tampered(() => Promise.resolve()), 'intact');
  });

  it('names an edited row', async () => {
    assert.deepEqual(
      await tampered((c) =>
        c.query(`UPDATE meshwork_audit SET details = '{"team":"mallory"}' WHERE chain_seq = 5`),
      ),
      { kind: 'edited', seq: 5, id: 'e5' },
    );
  });

  it('names the row after a deleted one', async () => {
    assert.deepEqual(
      await tampered((c) => c.query('DELETE FROM meshwork_audit WHERE chain_seq = 3')),
      { kind: 'deleted', seq: 4, id: 'e4' },
    );
  });

  it('names a forged row inserted with a recomputed hash, the rest renumbered', async () => {
    assert.deepEqual(
      await tampered(async (c, stored) => {
        const forged = forgedAfter(stored[3]!);
        await c.query('UPDATE meshwork_audit SET chain_seq = -chain_seq WHERE chain_seq >= 5');
        await c.query('UPDATE meshwork_audit SET chain_seq = 1 - chain_seq WHERE chain_seq < 0');
        await c.query(
          `INSERT INTO meshwork_audit (id, at, actor, action, target, details, chain_seq, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            forged.id,
            forged.at,
            forged.actor,
            forged.action,
            forged.target,
            JSON.stringify(forged.details),
            5,
            forged.prevHash,
            forged.hash,
          ],
        );
      }),
      { kind: 'inserted', seq: 5, id: 'forged' },
    );
  });

  it('names the first row out of place when two rows swap places', async () => {
    assert.deepEqual(
      await tampered(async (c) => {
        await c.query('UPDATE meshwork_audit SET chain_seq = -1 WHERE chain_seq = 2');
        await c.query('UPDATE meshwork_audit SET chain_seq = 2 WHERE chain_seq = 6');
        await c.query('UPDATE meshwork_audit SET chain_seq = 6 WHERE chain_seq = -1');
      }),
      { kind: 'reordered', seq: 2, id: 'e6' },
    );
  });

  it('refuses a second row with a seq already taken (a fork)', async () => {
    const db = await database();
    const store = createPostgresStore({ connectionString: db.url, maxConnections: 2 });
    stores.push(store);
    await store.migrate();
    const [first] = await appendEight(store);
    await assert.rejects(
      withClient(db.url, (c) =>
        c.query(
          `INSERT INTO meshwork_audit (id, at, actor, action, target, details, chain_seq, prev_hash, hash)
           VALUES ('fork', 't', 'a', 'b', null, '{}', 2, $1, 'x')`,
          [first!.hash],
        ),
      ),
      /duplicate key/,
    );
  });

  it('chains the rows from before the chain when migrating, in their order', async () => {
    const db = await database();
    await withClient(db.url, async (c) => {
      await c.query(
        'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      for (const migration of PG_MIGRATIONS.filter((m) => m.version <= 2)) {
        await c.query(migration.sql);
        await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
      }
      for (const id of ['o1', 'o2', 'o3']) {
        const e = auditInput(id);
        await c.query(
          'INSERT INTO meshwork_audit (id, at, actor, action, target, details) VALUES ($1, $2, $3, $4, $5, $6)',
          [e.id, e.at, e.actor, e.action, e.target, JSON.stringify(e.details)],
        );
      }
    });
    const store = createPostgresStore({ connectionString: db.url, maxConnections: 2 });
    stores.push(store);
    await store.migrate();
    const next = await store.audit.append(auditInput('new'));
    const all = (await store.audit.scan({})).items;
    assert.deepEqual(
      all.map((e) => [e.id, e.seq]),
      [
        ['o1', 1],
        ['o2', 2],
        ['o3', 3],
        ['new', 4],
      ],
    );
    assert.equal(next.prevHash, all[2]?.hash);
    assert.equal(await firstBreak(store), 'intact');
  });

  it('keeps one chain when two other processes and this one append 300 events at once (two servers and a CLI)', async () => {
    const db = await database();
    const store = createPostgresStore({ connectionString: db.url, maxConnections: 4 });
    stores.push(store);
    await store.migrate();
    const writer = (prefix: string) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            join(import.meta.dirname, 'support', 'write-audit.ts'),
            db.url,
            prefix,
            '100',
          ],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        );
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`writer exited ${code}: ${stderr}`)),
        );
      });
    const mine = Promise.all(
      Array.from({ length: 100 }, (_, i) => store.audit.append(auditInput(`parent-${i}`))),
    );
    await Promise.all([writer('one'), writer('two'), mine]);
    const { verdict } = await verifyAudit(store);
    assert.equal(verdict.ok, true, JSON.stringify(verdict));
    assert.equal(verdict.count, 300);
    assert.equal(verdict.ok && verdict.headSeq, 300);
    const seqs = await withClient(db.url, (client) =>
      client.query<{ n: string; distinct: string }>(
        'SELECT count(*) AS n, count(DISTINCT chain_seq) AS distinct FROM meshwork_audit',
      ),
    );
    assert.deepEqual(seqs.rows[0], { n: '300', distinct: '300' });
  });
});
