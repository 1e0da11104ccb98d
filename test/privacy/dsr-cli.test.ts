import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Grant } from '../../src/core/access/model.ts';
import { withStore } from '../../src/runtime/index.ts';
import { cli } from '../support/cli.ts';
import { ANNA, createDsrMesh, subjectContract } from './dsr-mesh.ts';
import type { DsrMesh } from './dsr-mesh.ts';

/** Everything under a folder as one text, to grep for values that must not be there. */
function allText(dir: string): string {
  if (!existsSync(dir)) return '';
  return execFileSync('sh', ['-c', `find "$1" -type f -exec cat {} +`, 'sh', dir], {
    encoding: 'latin1',
    maxBuffer: 64 * 1024 * 1024,
  });
}

const KEY = 'k'.repeat(40);
const env = { MESHWORK_SUBJECT_KEY: KEY };

function grant(id: string, port: string, team: string): Grant {
  return {
    id,
    requestId: `r-${id}`,
    productId: 'customer-master',
    port,
    consumerTeam: team,
    consumerDomain: 'marketing',
    purpose: 'newsletter',
    columns: null,
    personalInClear: false,
    state: 'active',
    startsAt: '2026-11-01T00:00:00.000Z',
    endsAt: '2027-05-01T00:00:00.000Z',
    certifiedAt: '2026-11-01T00:00:00.000Z',
    endedAt: null,
    endedBy: null,
    provisioning: [],
    remindedAt: null,
  };
}

describe('meshwork dsr find / export', () => {
  let mesh: DsrMesh;
  before(async () => {
    mesh = await createDsrMesh();
  });
  after(() => mesh.remove());

  it('finds the person, says the unbuilt port was not searched (exit 1), and never prints an identifier', async () => {
    const run = await cli(
      ['dsr', 'find', '--subject', `email=${ANNA}`, '--format', 'json', '.'],
      mesh.root,
      { env },
    );
    assert.equal(run.code, 1, run.stderr);
    const answer = JSON.parse(run.stdout) as {
      complete: boolean;
      subjectHash: string;
      matches: { product: string | null; object: string; rows: number }[];
      notSearched: { port: string; reason: string }[];
      linked: { kind: string; identifiers: number }[];
    };
    assert.equal(answer.complete, false);
    assert.deepEqual(
      answer.matches.map((m) => `${m.product ?? 'source'}:${m.object}:${m.rows}`).sort(),
      [
        'customer-master:customers:1',
        'order-history:orders:2',
        'source:customers:1',
        'source:orders:2',
      ],
    );
    assert.deepEqual(
      answer.notSearched.map((n) => n.port),
      ['leads'],
    );
    assert.deepEqual(answer.linked, [
      { kind: 'customer-id', identifiers: 1 },
      { kind: 'customer-number', identifiers: 1 },
      { kind: 'email', identifiers: 1 },
    ]);
    assert.match(answer.subjectHash, /^[0-9a-f]{64}$/);
    for (const secret of [ANNA.toLowerCase(), 'anna', 'k-0001', 'K-0001'])
      assert.ok(!run.stdout.includes(secret), `stdout holds ${secret}`);
  });

  it('exits 0 once everything could be searched', async () => {
    await mesh.snapshot('unbuilt', 'leads', 'leads', `SELECT 'someone@example.com' AS email`);
    const run = await cli(['dsr', 'find', '--subject', `email=${ANNA}`, '.'], mesh.root, { env });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /6 rows in 4 objects \(5 searched\)/);
    assert.doesNotMatch(run.stdout, /incomplete/);
  });

  it('audits find and export with the keyed hash, and the store holds no identifier', async () => {
    const out = join(mesh.root, 'export-audit');
    const found = await cli(
      ['dsr', 'find', '--subject', `email=${ANNA}`, '--format', 'json'],
      mesh.root,
      { env },
    );
    const exported = await cli(
      ['dsr', 'export', '--subject', `email=${ANNA}`, '--out', out],
      mesh.root,
      { env },
    );
    assert.equal(exported.code, 0, exported.stderr);
    const hash = (JSON.parse(found.stdout) as { subjectHash: string }).subjectHash;
    const events = await withStore(
      { meshRoot: mesh.root, env },
      async (store) => (await store.audit.list({ limit: 50 })).items,
    );
    const dsr = events.filter((e) => e.action.startsWith('dsr.'));
    assert.ok(dsr.some((e) => e.action === 'dsr.find' && e.details.subjectHash === hash));
    const entry = dsr.find((e) => e.action === 'dsr.export');
    assert.ok(entry);
    assert.equal(entry.details.subjectHash, hash);
    assert.equal(entry.details.kind, 'email');
    assert.equal(entry.details.exportedRows, 6);
    assert.equal(entry.target, `subject:email:${hash}`);
    const stored = allText(join(mesh.root, '.meshwork', 'store'));
    assert.ok(stored.includes(hash), 'the store was read');
    for (const secret of [ANNA.toLowerCase(), 'anna.berger', 'k-0001', 'K-0001'])
      assert.ok(!stored.toLowerCase().includes(secret.toLowerCase()), `the store holds ${secret}`);
  });

  it('exports rows with purpose and recipients, private files, formula-safe CSV', async () => {
    await withStore({ meshRoot: mesh.root, env }, async (store) => {
      await store.grants.create(grant('g1', 'customers', 'campaigns'));
      await store.grants.create({ ...grant('g2', 'customers', 'churn'), state: 'revoked' });
    });
    mesh.write(
      'data/crm/customers.csv',
      [
        'customer_id,email,name',
        `1,${ANNA},=HYPERLINK("http://evil.example")`,
        '2,b@example.com,Bert',
      ].join('\n'),
    );
    const out = join(mesh.root, 'export-1');
    const run = await cli(
      ['dsr', 'export', '--subject', `email=${ANNA}`, '--out', 'export-1'],
      mesh.root,
      { env },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o700);
    const files = readdirSync(out).sort();
    for (const file of files) assert.equal(statSync(join(out, file)).mode & 0o777, 0o600, file);
    const document = JSON.parse(readFileSync(join(out, 'subject.json'), 'utf8')) as {
      matches: {
        product: string | null;
        purpose: string | null;
        recipients: { team: string; purpose: string; until: string }[] | null;
        data: Record<string, unknown>[];
        file: string;
      }[];
    };
    const master = document.matches.find((m) => m.product === 'customer-master')!;
    assert.equal(master.purpose, 'One row per customer.');
    assert.deepEqual(master.recipients, [
      { team: 'marketing/campaigns', purpose: 'newsletter', until: '2027-05-01T00:00:00.000Z' },
    ]);
    const crm = document.matches.find((m) => m.file.includes('source-crm'))!;
    assert.equal(crm.data.length, 1);
    assert.equal(crm.data[0]!.name, '=HYPERLINK("http://evil.example")', 'JSON keeps the value');
    const csv = readFileSync(join(out, crm.file), 'utf8');
    assert.match(csv, /"'=HYPERLINK\(""http:\/\/evil.example""\)"/);
    assert.ok(!csv.includes('Bert'), 'only the subject is exported');
  });

  it('refuses a folder that is not empty and writes nothing into it', async () => {
    const out = join(mesh.root, 'busy');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const run = await cli(
      ['dsr', 'export', '--subject', `email=${ANNA}`, '--out', 'busy'],
      mesh.root,
      { env },
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /not empty/);
    assert.deepEqual(readdirSync(out), ['keep.txt']);
  });

  it('refuses a malformed subject without echoing the value', async () => {
    const noKind = await cli(['dsr', 'find', '--subject', 'maria.k@example.org'], mesh.root, {
      env,
    });
    assert.equal(noKind.code, 2);
    assert.match(noKind.stderr, /KIND=VALUE/);
    assert.ok(!noKind.stderr.includes('maria.k@example.org'));
    const long = await cli(['dsr', 'find', '--subject', `email=${'x'.repeat(400)}`], mesh.root, {
      env,
    });
    assert.equal(long.code, 2);
    assert.match(long.stderr, /longer than 320/);
    const missing = await cli(['dsr', 'find'], mesh.root, { env });
    assert.equal(missing.code, 2);
    const unknown = await cli(['dsr', 'forget', '--subject', 'email=a@b.c'], mesh.root, { env });
    assert.equal(unknown.code, 2);
  });

  it('names a malformed declaration as not searched, at file:line, and exits 1', async () => {
    mesh.write(
      'sources/crm/prospects.odcs.yaml',
      subjectContract(
        'crm-prospects-v1',
        'prospects',
        [{ name: 'mail', key: 'E-Mail' }],
        [{ server: 'files', type: 'local', format: 'csv', path: '../../data/crm/customers.csv' }],
      ),
    );
    try {
      const run = await cli(
        ['dsr', 'find', '--subject', `email=${ANNA}`, '--format', 'json'],
        mesh.root,
        { env },
      );
      assert.equal(run.code, 1);
      const answer = JSON.parse(run.stdout) as {
        complete: boolean;
        declarationFindings: { file: string; line: number; code: string }[];
      };
      assert.equal(answer.complete, false);
      assert.deepEqual(
        answer.declarationFindings.map((f) => `${f.file}:${f.code}`),
        ['sources/crm/prospects.odcs.yaml:subject-key-invalid'],
      );
      assert.ok((answer.declarationFindings[0]?.line ?? 0) > 1);
    } finally {
      rmSync(join(mesh.root, 'sources/crm/prospects.odcs.yaml'));
    }
  });

  it('runs as a real process: JSON on stdout, exit 0 for a complete answer', async () => {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'meshwork.js');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (done) => {
        execFile(
          process.execPath,
          [bin, 'dsr', 'find', '--subject', `email=${ANNA}`, '--format', 'json', mesh.root],
          { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' },
          (error, stdout, stderr) =>
            done({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
        );
      },
    );
    const answer = JSON.parse(result.stdout) as { matches: unknown[]; complete: boolean };
    assert.equal(answer.matches.length, 4, result.stderr);
    assert.equal(answer.complete, true, 'every port is built by now (test 2)');
    assert.equal(result.code, 0);
    assert.equal(result.stderr, '');
  });

  it('reads the value from standard input with KIND=-, bounded', async () => {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'meshwork.js');
    const run = (input: string) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        const child = spawn(
          process.execPath,
          [bin, 'dsr', 'find', '--subject', 'email=-', '--format', 'json', mesh.root],
          { env: { PATH: process.env.PATH, ...env } },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => done({ code, stdout, stderr }));
        child.stdin.end(input);
      });
    const found = await run(`${ANNA}\n`);
    assert.equal(found.code, 0, found.stderr);
    assert.equal((JSON.parse(found.stdout) as { matches: unknown[] }).matches.length, 4);
    const flood = await run('x'.repeat(5000));
    assert.equal(flood.code, 2);
    assert.match(flood.stderr, /more than 1024 bytes/);
  });
});
