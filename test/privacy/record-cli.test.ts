import assert from 'node:assert/strict';
import {
  cp,
  lstat,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Grant } from '../../src/core/access/model.ts';
import type { ProcessingRecord } from '../../src/core/privacy/record/model.ts';
import { openStore } from '../../src/runtime/index.ts';
import { cli } from '../support/cli.ts';
import { createTestDatabase, startTestPostgres } from '../support/postgres.ts';
import type { TestPostgres } from '../support/postgres.ts';

const DEMO = join(import.meta.dirname, '..', '..', 'examples', 'alpine-bikes');
let dir: string;
let mesh: string;

function grant(id: string, overrides: Partial<Grant> = {}): Grant {
  return {
    id,
    requestId: `r-${id}`,
    productId: 'marketing/marketing-customer-360',
    port: 'customer_360',
    consumerTeam: 'service-team',
    consumerDomain: 'sales',
    purpose: 'contract-fulfilment',
    columns: null,
    personalInClear: true,
    state: 'active',
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: '2027-03-31T23:59:59.000Z',
    certifiedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  } as Grant;
}

const activity = (record: ProcessingRecord, id: string) => {
  const found = record.activities.find((a) => a.id === id);
  assert.ok(found, `${id} is an activity`);
  return found;
};

async function record(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = await cli(['privacy', 'record', mesh, ...args], dir, { env });
  return {
    ...run,
    record:
      run.code === 0 && run.stdout !== '' ? (JSON.parse(run.stdout) as ProcessingRecord) : null,
  };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshwork-record-'));
  mesh = join(dir, 'alpine-bikes');
  await cp(DEMO, mesh, { recursive: true, filter: (src) => !/[/\\](data|\.meshwork)$/.test(src) });
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('meshwork privacy record', () => {
  it('prints the demo’s record as JSON in the mesh’s language, without a store: no grants, no warning', async () => {
    const run = await record([]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.equal(run.record?.language, 'de', 'defaults.language of meshwork.yaml');
    assert.equal(run.record?.controller.name, 'Alpine Bikes GmbH');
    assert.deepEqual(activity(run.record, 'marketing-customer-360').recipients, []);
    assert.ok(!run.record?.gaps.some((g) => g.code === 'grants-unavailable'));
    const en = await record(['--lang', 'en']);
    assert.equal(en.record?.language, 'en');
    assert.match(en.record?.gaps[0]?.text ?? '', /^Nothing is declared/);
  });

  it('names the consumer teams of active grants from the workspace store, with purpose, legal basis and end', async () => {
    const store = await openStore({ meshRoot: mesh, env: {} });
    try {
      await store.grants.create(grant('g-1'));
      await store.grants.create(grant('g-2', { consumerTeam: 'old-team', state: 'expired' }));
      await store.grants.create(
        grant('g-3', {
          consumerTeam: 'finance-team',
          consumerDomain: 'finance',
          purpose: 'reporting',
          personalInClear: false,
        }),
      );
    } finally {
      await store.close();
    }
    try {
      const run = await record(['--lang', 'en']);
      assert.equal(run.code, 0, run.stderr);
      const a = activity(run.record!, 'marketing-customer-360');
      assert.deepEqual(a.recipients, [
        {
          kind: 'team',
          name: 'finance/finance-team',
          detail: 'purpose: Controlling and reporting; until 2027-03-31',
        },
        {
          kind: 'team',
          name: 'sales/service-team',
          detail: 'purpose: Contract fulfilment; until 2027-03-31',
        },
      ]);
      assert.deepEqual(
        a.purposes.filter((p) => p.source === 'grant').map((p) => [p.id, p.legalBasis]),
        [
          ['reporting', 'Art. 6(1)(f) GDPR (legitimate interests)'],
          ['contract-fulfilment', 'Art. 6(1)(b) GDPR (contract)'],
        ],
      );
      assert.deepEqual(
        activity(run.record!, 'sales-customers').recipients,
        [],
        'grants belong to their product',
      );
    } finally {
      await rm(join(mesh, '.meshwork'), { recursive: true, force: true });
    }
  });

  it('a store that cannot be read is a warning and a gap, never "no recipients", and leaks no password', async () => {
    const run = await record([], {
      MESHWORK_DATABASE_URL: 'postgres://nobody:s3cret-pw@127.0.0.1:1/none',
    });
    assert.equal(run.code, 0);
    assert.match(run.stderr, /warning: the store could not be read/);
    const gap = run.record?.gaps.find((g) => g.code === 'grants-unavailable');
    assert.equal(gap?.point, 'd');
    assert.doesNotMatch(run.stdout + run.stderr, /s3cret-pw/);
  });

  it('names neither host nor user of an unreadable store in the record (only the terminal gets the reason)', async () => {
    const run = await record([], {
      MESHWORK_DATABASE_URL: 'postgres://dbadmin-x7:s3cret-pw@127.0.0.1:1/none',
    });
    assert.equal(run.code, 0);
    const gap = run.record?.gaps.find((g) => g.code === 'grants-unavailable');
    assert.ok(gap);
    assert.doesNotMatch(run.stdout, /127\.0\.0\.1|dbadmin-x7|ECONNREFUSED|s3cret/);
    assert.match(run.stdout, /the store could not be read/);
    assert.match(run.stderr, /warning: the store could not be read \(.+\)/);
  });

  it('writes --out only when complete, and says what it wrote', async () => {
    const out = join(dir, 'record.json');
    const run = await record(['--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /Wrote the record of processing activities \(json, 6 activities, \d+ gaps\)/,
    );
    const written = JSON.parse(await readFile(out, 'utf8')) as ProcessingRecord;
    assert.equal(written.activities.length, 6);
    const failed = await record(['--out', join(dir, 'no-such-folder', 'record.json')]);
    assert.equal(failed.code, 2);
    assert.match(failed.stderr, /cannot write the record/);
    await assert.rejects(stat(join(dir, 'no-such-folder')));
  });

  it('--out does not write through a link planted at a predictable temporary name', async () => {
    const out = join(dir, 'planted.json');
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'keep me\n');
    // The CLI runs in this process: the name the old code used is known to the attacker.
    await symlink(victim, `${out}.partial-${process.pid}`);
    const run = await record(['--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await readFile(victim, 'utf8'), 'keep me\n');
    assert.equal(
      (JSON.parse(await readFile(out, 'utf8')) as ProcessingRecord).activities.length,
      6,
    );
    assert.equal((await lstat(out)).isFile(), true);
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.includes('planted.json') && n.endsWith('.partial')),
      [],
      'no temporary file is left',
    );
  });

  it('refuses what it cannot do with exit 2: a folder without meshwork.yaml, an unknown format or language, pdf to a terminal', async () => {
    const empty = await cli(['privacy', 'record', dir], dir);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /has no meshwork\.yaml/);
    for (const args of [['--format', 'xml'], ['--lang', 'fr'], ['--format', 'pdf'], ['--bogus']]) {
      const run = await record(args);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stdout, '');
    }
    assert.equal((await cli(['privacy', 'forget'], dir)).code, 2);
    const help = await cli(['privacy', '--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Art\. 30/);
  });
});

describe('meshwork privacy record on a PostgreSQL store', () => {
  let pg: TestPostgres;
  before(async () => {
    pg = await startTestPostgres();
  });
  after(async () => {
    await pg.stop();
  });

  it('reads the active grants from MESHWORK_DATABASE_URL', async () => {
    const db = await createTestDatabase(pg.url);
    const env = { MESHWORK_DATABASE_URL: db.url };
    try {
      const store = await openStore({ meshRoot: mesh, env });
      try {
        await store.grants.create(
          grant('pg-1', { productId: 'sales/sales-customers', port: 'customers' }),
        );
      } finally {
        await store.close();
      }
      const run = await record(['--lang', 'de'], env);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(activity(run.record!, 'sales-customers').recipients, [
        {
          kind: 'team',
          name: 'sales/service-team',
          detail: 'Zweck: Vertragserfüllung; befristet bis 2027-03-31',
        },
      ]);
    } finally {
      await db.drop();
    }
  });
});
