import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { GrantAdmin, GrantSpec } from '../../src/engines/engine.ts';
import { replaceTableFromCsv } from '../../src/engines/postgresql/bulk.ts';
import { postgresEngine } from '../../src/engines/postgresql/index.ts';
import {
  teamIdentity,
  teamRoleName,
  teamSchemaName,
} from '../../src/engines/postgresql/grant-sql.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';

/**
 * Access grants against a real PostgreSQL: the consumer connects with its own LOGIN role
 * and is refused or served exactly as the grant says. Roles are cluster-wide, so every
 * team and login name carries this run's random tag.
 */
const TAG = randomBytes(4).toString('hex');
const PASSWORD = randomBytes(12).toString('hex');
const TEAM = `marketing-${TAG}`;
const OTHER_TEAM = `finance-${TAG}`;
const DOMAIN = 'marketing';
/** The role and schema of a team of DOMAIN. */
const roleOf = (team: string, domain = DOMAIN): string => teamRoleName(teamIdentity(domain, team));
const schemaOf = (team: string, domain = DOMAIN): string =>
  teamSchemaName(teamIdentity(domain, team));
const CONSUMER = `consumer_${TAG}`;
const OTHER_CONSUMER = `other_${TAG}`;
const ADMIN = `meshwork_admin_${TAG}`;

const COLUMNS = [
  { name: 'order_id', type: 'integer' },
  { name: 'email', type: 'text' },
  { name: 'amount', type: 'numeric(10,2)' },
  { name: 'secret_note', type: 'text' },
];
const ORDERS = { schema: 'sales', table: 'orders' };

function spec(overrides: Partial<GrantSpec> = {}): GrantSpec {
  return {
    grantId: `grant-${TAG}-1`,
    team: TEAM,
    domain: DOMAIN,
    targets: [
      {
        ...ORDERS,
        columns: [
          { name: 'order_id', personal: false },
          { name: 'email', personal: true },
          { name: 'amount', personal: false },
        ],
      },
    ],
    personalInClear: false,
    memberLogins: [CONSUMER],
    ...overrides,
  };
}

function urlAs(base: string, user: string): string {
  const url = new URL(base);
  url.username = user;
  url.password = PASSWORD;
  return url.toString();
}

type Rows = Record<string, unknown>[];

async function rowsOf(url: string, sql: string, values: unknown[] = []): Promise<Rows> {
  return withClient(
    url,
    async (client) => (await client.query<Record<string, unknown>>(sql, values)).rows,
  );
}

function queryAs(base: string, user: string, sql: string): Promise<Rows> {
  return rowsOf(urlAs(base, user), sql);
}

async function deniedAs(base: string, user: string, sql: string): Promise<void> {
  await assert.rejects(queryAs(base, user, sql), (error: Error & { code?: string }) => {
    assert.equal(error.code, '42501', `permission denied expected, got: ${error.message}`);
    return true;
  });
}

describe('access grants in PostgreSQL', () => {
  let server: TestPostgres;
  let db: TestDatabase;
  let adminUrl: string;
  let dir: string;
  let grants: GrantAdmin;

  const open = (): Promise<GrantAdmin> => {
    assert.equal(postgresEngine.dialect.capabilities.canGrant, true);
    const opened = postgresEngine.openGrants?.({
      server: { server: 'warehouse', type: 'postgresql' },
      credentials: { url: adminUrl },
      baseDir: dir,
    });
    assert.ok(opened, 'postgresEngine.openGrants');
    return opened;
  };

  const serve = async (rows: string): Promise<void> => {
    const file = join(dir, `orders-${randomBytes(3).toString('hex')}.csv`);
    writeFileSync(file, rows);
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await replaceTableFromCsv(client, ORDERS, COLUMNS, file);
    } finally {
      await client.end();
    }
  };

  before(async () => {
    server = await startTestPostgres();
    db = await createTestDatabase(server.url, 'meshwork_grants');
    dir = mkdtempSync(join(tmpdir(), 'meshwork-pg-grants-'));
    // The least-privileged Meshwork the docs describe: CREATEROLE, CREATE on the database,
    // owner of the served schema — not a superuser.
    await withClient(db.url, async (client) => {
      for (const login of [CONSUMER, OTHER_CONSUMER]) {
        await client.query(`CREATE ROLE ${login} LOGIN PASSWORD '${PASSWORD}'`);
      }
      await client.query(`CREATE ROLE ${ADMIN} LOGIN CREATEROLE PASSWORD '${PASSWORD}'`);
      await client.query(`GRANT CREATE ON DATABASE ${db.name} TO ${ADMIN}`);
      await client.query(`CREATE SCHEMA sales AUTHORIZATION ${ADMIN}`);
    });
    adminUrl = urlAs(db.url, ADMIN);
    await serve('1,ann@example.com,10.50,top secret\n2,bob@example.com,20.00,x\n3,,5.00,y\n');
    grants = await open();
  });

  after(async () => {
    await grants?.close();
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
    // Roles outlive the database; drop what this run made.
    await withClient(server.url, async (client) => {
      const roles = await client.query<{ rolname: string }>(
        `SELECT rolname FROM pg_roles WHERE rolname LIKE '%' || $1 || '%' OR rolname LIKE 'meshwork_team_%' AND shobj_description(oid, 'pg_authid') LIKE '%' || $1 || '%'`,
        [TAG],
      );
      const names = roles.rows.map((row) => row.rolname);
      // The admin granted the team roles; it goes last.
      names.sort((a, b) => Number(a === ADMIN) - Number(b === ADMIN));
      for (const name of names) {
        await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(name)}`);
      }
    });
    await server.stop();
  });

  it('without a grant the consumer is denied the base table', async () => {
    await deniedAs(db.url, CONSUMER, 'SELECT * FROM sales.orders');
  });

  it('with a grant: granted columns in clear, personal ones pseudonymised, others absent', async () => {
    const provisioned = await grants.provision(spec());
    assert.equal(provisioned.role, roleOf(TEAM));
    assert.deepEqual(provisioned.missingLogins, []);
    assert.equal(provisioned.objects.length, 1);
    const view = provisioned.objects[0] ?? '';
    assert.match(view, new RegExp(`^${schemaOf(TEAM)}\\.orders_[0-9a-f]{8}$`));

    const rows = await queryAs(db.url, CONSUMER, `SELECT * FROM ${view} ORDER BY order_id`);
    assert.deepEqual(Object.keys(rows[0] ?? {}), ['order_id', 'email', 'amount']);
    assert.deepEqual(
      rows.map((r) => [r.order_id, r.amount]),
      [
        [1, '10.50'],
        [2, '20.00'],
        [3, '5.00'],
      ],
    );
    const [ann, bob, none] = rows.map((r) => r.email);
    assert.match(String(ann), /^[0-9a-f]{64}$/);
    assert.match(String(bob), /^[0-9a-f]{64}$/);
    assert.notEqual(ann, bob);
    assert.equal(none, null, 'NULL stays NULL');
    // The base table stays closed even with the grant.
    await deniedAs(db.url, CONSUMER, 'SELECT * FROM sales.orders');
    // Another login, not a member, is denied the view.
    await deniedAs(db.url, OTHER_CONSUMER, `SELECT * FROM ${view}`);
  });

  it('the same value has the same pseudonym within a team and another across teams', async () => {
    const mine = await grants.provision(spec());
    const second = await grants.provision(spec({ grantId: `grant-${TAG}-2` }));
    const other = await grants.provision(
      spec({ grantId: `grant-${TAG}-3`, team: OTHER_TEAM, memberLogins: [OTHER_CONSUMER] }),
    );
    const email = async (user: string, view: string | undefined): Promise<unknown> =>
      (await queryAs(db.url, user, `SELECT email FROM ${view} WHERE order_id = 1`))[0]?.email;
    const a = await email(CONSUMER, mine.objects[0]);
    assert.equal(await email(CONSUMER, second.objects[0]), a);
    const b = await email(OTHER_CONSUMER, other.objects[0]);
    assert.match(String(b), /^[0-9a-f]{64}$/);
    assert.notEqual(b, a);
    // Each team reads only its own views.
    await deniedAs(db.url, OTHER_CONSUMER, `SELECT * FROM ${mine.objects[0]}`);
    await deniedAs(db.url, CONSUMER, `SELECT * FROM ${other.objects[0]}`);
    await grants.revoke(`grant-${TAG}-2`, TEAM, DOMAIN);
    await grants.revoke(`grant-${TAG}-3`, OTHER_TEAM, DOMAIN);
  });

  it('personalInClear serves personal columns in clear', async () => {
    const clear = await grants.provision(
      spec({ grantId: `grant-${TAG}-clear`, personalInClear: true }),
    );
    const rows = await queryAs(
      db.url,
      CONSUMER,
      `SELECT email FROM ${clear.objects[0]} ORDER BY order_id`,
    );
    assert.deepEqual(
      rows.map((r) => r.email),
      ['ann@example.com', 'bob@example.com', null],
    );
    await grants.revoke(`grant-${TAG}-clear`, TEAM, DOMAIN);
  });

  it('the consumer can read neither the keys nor the grant registry', async () => {
    await grants.provision(spec());
    await deniedAs(db.url, CONSUMER, 'SELECT * FROM meshwork_keys.team_keys');
    await deniedAs(db.url, CONSUMER, 'SELECT * FROM meshwork_keys.grant_views');
    // Nor compute a pseudonym of a guessed value by another route: no function of ours exists.
    const keys = await rowsOf(
      db.url,
      'SELECT octet_length(key) AS n FROM meshwork_keys.team_keys WHERE team = $1',
      [teamIdentity(DOMAIN, TEAM)],
    );
    assert.equal(keys[0]?.n, 32);
  });

  it("a consumer's own function in WHERE sees only the pseudonyms the view shows", async () => {
    const mine = await grants.provision(spec());
    const other = await grants.provision(
      spec({ grantId: `grant-${TAG}-leak`, team: OTHER_TEAM, memberLogins: [OTHER_CONSUMER] }),
    );
    // A cheap function that reports every argument it sees: were it evaluated before the
    // join on the team's key row, it would see pseudonyms under the other team's key.
    const leaked: string[] = [];
    const visible = await withClient(urlAs(db.url, CONSUMER), async (client) => {
      client.on('notice', (notice) => leaked.push(String(notice.message)));
      await client.query(
        `CREATE FUNCTION pg_temp.leak(value text) RETURNS boolean LANGUAGE plpgsql COST 0.0001
           AS $$ BEGIN RAISE NOTICE '%', value; RETURN true; END $$`,
      );
      const rows = await client.query<{ email: string | null }>(
        `SELECT email FROM ${mine.objects[0]} WHERE pg_temp.leak(email)`,
      );
      // RAISE NOTICE '%' prints NULL as <NULL>.
      return rows.rows.map((row) => row.email ?? '<NULL>');
    });
    const theirs = (
      await queryAs(db.url, OTHER_CONSUMER, `SELECT email FROM ${other.objects[0]}`)
    ).map((row) => row.email);
    assert.ok(leaked.length > 0, 'the function ran');
    for (const value of leaked) {
      assert.ok(visible.includes(value), `${value} is a pseudonym the consumer may see`);
      assert.ok(!theirs.includes(value), `${value} is the other team's pseudonym`);
      assert.ok(!value.includes('@'), 'no e-mail address in clear');
    }
    await grants.revoke(`grant-${TAG}-leak`, OTHER_TEAM, DOMAIN);
  });

  it('provisioning again is harmless; a login that does not exist is reported', async () => {
    const again = await grants.provision(
      spec({ memberLogins: [CONSUMER, `nobody_${TAG}`, 'x'.repeat(70)] }),
    );
    assert.deepEqual(again.missingLogins, [`nobody_${TAG}`, 'x'.repeat(70)]);
    const rows = await queryAs(
      db.url,
      CONSUMER,
      `SELECT count(*)::int AS n FROM ${again.objects[0]}`,
    );
    assert.equal(rows[0]?.n, 3);
  });

  it('a group role named as a login is not made a member (only LOGIN roles are)', async () => {
    const group = `group_${TAG}`;
    await withClient(db.url, (client) => client.query(`CREATE ROLE ${group} NOLOGIN`));
    const result = await grants.provision(spec({ memberLogins: [CONSUMER, group] }));
    assert.deepEqual(result.missingLogins, [group]);
    const member = await rowsOf(db.url, `SELECT pg_has_role($1, $2, 'MEMBER') AS m`, [
      group,
      result.role,
    ]);
    assert.equal(member[0]?.m, false);
  });

  it('rights handed out by default privileges are taken back from the view and schema', async () => {
    const team = `defaults-${TAG}`;
    const defaults = (verb: 'GRANT' | 'REVOKE', preposition: 'TO' | 'FROM'): string[] => [
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${ADMIN} ${verb} SELECT ON TABLES ${preposition} ${OTHER_CONSUMER}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${ADMIN} ${verb} USAGE ON SCHEMAS ${preposition} ${OTHER_CONSUMER}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${ADMIN} ${verb} SELECT ON TABLES ${preposition} PUBLIC`,
    ];
    for (const sql of defaults('GRANT', 'TO')) await rowsOf(db.url, sql);
    try {
      const result = await grants.provision(spec({ grantId: `d-${TAG}`, team }));
      await deniedAs(db.url, OTHER_CONSUMER, `SELECT * FROM ${result.objects[0]}`);
      const rows = await queryAs(
        db.url,
        CONSUMER,
        `SELECT count(*)::int AS n FROM ${result.objects[0]}`,
      );
      assert.ok((rows[0]?.n as number) > 0);
      await grants.revoke(`d-${TAG}`, team, DOMAIN);
    } finally {
      for (const sql of defaults('REVOKE', 'FROM')) await rowsOf(db.url, sql);
    }
  });

  it('a rebuild of the served table keeps the grant working on the new rows', async () => {
    const provisioned = await grants.provision(spec());
    const before = await queryAs(
      db.url,
      CONSUMER,
      `SELECT email FROM ${provisioned.objects[0]} WHERE order_id = 1`,
    );
    await serve('1,ann@example.com,11.00,a\n4,dan@example.com,40.00,b\n');
    const rows = await queryAs(
      db.url,
      CONSUMER,
      `SELECT order_id, email, amount FROM ${provisioned.objects[0]} ORDER BY order_id`,
    );
    assert.deepEqual(
      rows.map((r) => [r.order_id, r.amount]),
      [
        [1, '11.00'],
        [4, '40.00'],
      ],
    );
    assert.equal(rows[0]?.email, before[0]?.email, 'the same pseudonym after the rebuild');
    await deniedAs(db.url, CONSUMER, 'SELECT * FROM sales.orders');
    // The recreated view still hides other rights: PUBLIC has none.
    const acl = await rowsOf(
      db.url,
      `SELECT count(*)::int AS n FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
        WHERE c.oid = to_regclass($1) AND a.grantee = 0`,
      [provisioned.objects[0]],
    );
    assert.equal(acl[0]?.n, 0);
  });

  it('a rebuild stops, naming it, when a view that is not a grant view reads the table', async () => {
    await withClient(db.url, (client) =>
      client.query('CREATE VIEW public.report AS SELECT count(*) FROM sales.orders'),
    );
    try {
      await assert.rejects(serve('9,z@example.com,1.00,z\n'), /public\.report/);
      const rows = await queryAs(db.url, ADMIN, 'SELECT count(*)::int AS n FROM sales.orders');
      assert.equal(rows[0]?.n, 2, 'the old table is left as it was');
    } finally {
      await withClient(db.url, (client) => client.query('DROP VIEW public.report'));
    }
  });

  it('a build and a provision at the same time both succeed', async () => {
    for (let round = 0; round < 4; round++) {
      const grantId = `race-${TAG}-${round}`;
      const [, provisioned] = await Promise.all([
        serve('1,ann@example.com,11.00,a\n4,dan@example.com,40.00,b\n'),
        grants.provision(spec({ grantId })),
      ]);
      const rows = await queryAs(
        db.url,
        CONSUMER,
        `SELECT count(*)::int AS n FROM ${provisioned.objects[0]}`,
      );
      assert.equal(rows[0]?.n, 2);
      await grants.revoke(grantId, TEAM, DOMAIN);
    }
  });

  it('after revoke the consumer is denied, and revoking again is no error', async () => {
    const provisioned = await grants.provision(spec());
    await grants.revoke(spec().grantId, TEAM, DOMAIN);
    // The view is gone: the consumer, who keeps USAGE on the team's schema, finds nothing.
    await assert.rejects(
      queryAs(db.url, CONSUMER, `SELECT * FROM ${provisioned.objects[0]}`),
      (error: Error & { code?: string }) => ['42501', '42P01'].includes(error.code ?? ''),
    );
    const gone = await rowsOf(db.url, 'SELECT to_regclass($1) AS r', [provisioned.objects[0]]);
    assert.equal(gone[0]?.r, null);
    await deniedAs(db.url, CONSUMER, 'SELECT * FROM sales.orders');
    await grants.revoke(spec().grantId, TEAM, DOMAIN);
  });

  it('two provisions for a new team at once both succeed', async () => {
    const team = `parallel-${TAG}`;
    const [a, b] = [await open(), await open()];
    try {
      const results = await Promise.all([
        a.provision(spec({ grantId: `p1-${TAG}`, team })),
        b.provision(spec({ grantId: `p2-${TAG}`, team })),
      ]);
      assert.equal(results[0].role, results[1].role);
      for (const result of results) {
        const rows = await queryAs(
          db.url,
          CONSUMER,
          `SELECT count(*)::int AS n FROM ${result.objects[0]}`,
        );
        assert.equal(rows[0]?.n, 2);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('hostile team and table names are quoted and bounded', async () => {
    const team = `x"; DROP TABLE sales.orders; --'${TAG}${'ä'.repeat(40)}`;
    // 61 bytes: a view named after it must be cut and hashed to stay within 63.
    const table = `we"ird; DROP TABLE sales.orders;--${'t'.repeat(27)}`;
    const column = `e"mail'; --`;
    await withClient(db.url, async (client) => {
      const quoted = `sales.${client.escapeIdentifier(table)}`;
      await client.query(
        `CREATE TABLE ${quoted} (v text, ${client.escapeIdentifier(column)} text)`,
      );
      await client.query(`INSERT INTO ${quoted} VALUES ('ok', 'a@b.example')`);
      await client.query(`ALTER TABLE ${quoted} OWNER TO ${ADMIN}`);
    });
    const grantId = `g'"; --${TAG}`;
    const result = await grants.provision(
      spec({
        grantId,
        team,
        targets: [
          {
            schema: 'sales',
            table,
            columns: [
              { name: 'v', personal: false },
              { name: column, personal: true },
            ],
          },
        ],
      }),
    );
    const [schema, view] = (result.objects[0] ?? '').split('.');
    for (const name of [result.role, schema ?? '', view ?? '']) {
      assert.match(name, /^[a-z0-9_]{1,63}$/, name);
    }
    const rows = await queryAs(db.url, CONSUMER, `SELECT * FROM ${schema}.${view}`);
    assert.deepEqual(Object.keys(rows[0] ?? {}), ['v', column]);
    assert.equal(rows[0]?.v, 'ok');
    assert.match(String(rows[0]?.[column]), /^[0-9a-f]{64}$/);
    const orders = await queryAs(db.url, ADMIN, 'SELECT count(*)::int AS n FROM sales.orders');
    assert.ok((orders[0]?.n as number) > 0, 'sales.orders is still there');
    await grants.revoke(grantId, team, DOMAIN);
    // A name longer than 63 bytes cannot be a table's: refused, never cut to another's name.
    await assert.rejects(
      grants.provision(
        spec({
          targets: [
            {
              schema: 'sales',
              table: `${'o'.repeat(63)}rders`,
              columns: [{ name: 'v', personal: false }],
            },
          ],
        }),
      ),
      /longer than 63 bytes/,
    );
  });

  it('refuses a role of the team name that Meshwork did not make', async () => {
    const team = `squatted-${TAG}`;
    await withClient(db.url, (client) =>
      client.query(`CREATE ROLE ${roleOf(team)} LOGIN PASSWORD '${PASSWORD}'`),
    );
    await assert.rejects(grants.provision(spec({ grantId: `s-${TAG}`, team })), /not Meshwork's/);
  });

  it('refuses a schema of the team name that Meshwork did not make', async () => {
    const team = `schema-squat-${TAG}`;
    await rowsOf(db.url, `CREATE SCHEMA ${schemaOf(team)}`);
    await assert.rejects(
      grants.provision(spec({ grantId: `ss-${TAG}`, team })),
      /schema .* is not Meshwork's/,
    );
  });
  it('two teams of one name in two domains get two roles, schemas and keys', async () => {
    const team = `analytics-${TAG}`;
    const sales = await grants.provision(
      spec({ grantId: `g-${TAG}-sales`, team, domain: 'sales', memberLogins: [CONSUMER] }),
    );
    const finance = await grants.provision(
      spec({ grantId: `g-${TAG}-fin`, team, domain: 'finance', memberLogins: [OTHER_CONSUMER] }),
    );
    assert.notEqual(sales.role, finance.role);
    assert.notEqual(sales.objects[0]?.split('.')[0], finance.objects[0]?.split('.')[0]);
    // finance's member reads neither sales' view nor its schema, and the reverse.
    await deniedAs(db.url, OTHER_CONSUMER, `SELECT * FROM ${sales.objects[0]}`);
    await deniedAs(db.url, CONSUMER, `SELECT * FROM ${finance.objects[0]}`);
    const mine = await queryAs(db.url, OTHER_CONSUMER, `SELECT email FROM ${finance.objects[0]}`);
    const theirs = await queryAs(db.url, CONSUMER, `SELECT email FROM ${sales.objects[0]}`);
    assert.notEqual(mine[0]?.email, theirs[0]?.email, 'one key per team, not per name');
    // Revoking one domain's grant leaves the other's.
    await grants.revoke(`g-${TAG}-sales`, team, 'finance');
    assert.ok((await queryAs(db.url, CONSUMER, `SELECT * FROM ${sales.objects[0]}`)).length > 0);
    await grants.revoke(`g-${TAG}-sales`, team, 'sales');
    await grants.revoke(`g-${TAG}-fin`, team, 'finance');
    await assert.rejects(grants.provision(spec({ domain: 'a/b' })), /must not contain "\/"/);
  });

  it('a login removed from the team loses every view of it, now and later', async () => {
    const team = `leavers-${TAG}`;
    const first = await grants.provision(
      spec({ grantId: `l-${TAG}-a`, team, memberLogins: [CONSUMER, OTHER_CONSUMER] }),
    );
    assert.ok((await queryAs(db.url, CONSUMER, `SELECT * FROM ${first.objects[0]}`)).length > 0);
    // CONSUMER leaves the team: the next provision for the team lists only OTHER_CONSUMER.
    const later = await grants.provision(
      spec({ grantId: `l-${TAG}-b`, team, memberLogins: [OTHER_CONSUMER] }),
    );
    assert.deepEqual(later.removedLogins, [CONSUMER]);
    await deniedAs(db.url, CONSUMER, `SELECT * FROM ${later.objects[0]}`);
    await deniedAs(db.url, CONSUMER, `SELECT * FROM ${first.objects[0]}`);
    assert.ok(
      (await queryAs(db.url, OTHER_CONSUMER, `SELECT * FROM ${first.objects[0]}`)).length > 0,
    );
    // The sweep's sync: nobody left in the team, so nobody reads; a group role stays a member.
    const group = `keepgroup_${TAG}`;
    await withClient(db.url, async (client) => {
      await client.query(`CREATE ROLE ${group} NOLOGIN`);
      await client.query(`GRANT ${later.role} TO ${group}`);
    });
    const synced = await grants.syncMembers({ team, domain: DOMAIN, memberLogins: [] });
    assert.equal(synced.role, later.role);
    assert.deepEqual(synced.removedLogins, [OTHER_CONSUMER]);
    await deniedAs(db.url, OTHER_CONSUMER, `SELECT * FROM ${first.objects[0]}`);
    const kept = await rowsOf(db.url, `SELECT pg_has_role($1, $2, 'MEMBER') AS m`, [
      group,
      later.role,
    ]);
    assert.equal(kept[0]?.m, true, 'only logins are taken out, not other roles');
    // A team without a role on this server: nothing to sync, nothing made.
    const none = await grants.syncMembers({
      team: `never-${TAG}`,
      domain: DOMAIN,
      memberLogins: [CONSUMER],
    });
    assert.deepEqual(none, { role: null, removedLogins: [], missingLogins: [] });
    assert.equal(
      (await rowsOf(db.url, 'SELECT 1 FROM pg_roles WHERE rolname = $1', [roleOf(`never-${TAG}`)]))
        .length,
      0,
    );
    await grants.revoke(`l-${TAG}-a`, team, DOMAIN);
    await grants.revoke(`l-${TAG}-b`, team, DOMAIN);
  });

  it('with membersManaged false, memberships are left as the administrator made them', async () => {
    const team = `byhand-${TAG}`;
    const made = await grants.provision(
      spec({ grantId: `h-${TAG}`, team, memberLogins: [], membersManaged: false }),
    );
    await withClient(db.url, (client) => client.query(`GRANT ${made.role} TO ${CONSUMER}`));
    const again = await grants.provision(
      spec({ grantId: `h-${TAG}`, team, memberLogins: [], membersManaged: false }),
    );
    assert.equal(again.removedLogins, undefined);
    assert.ok((await queryAs(db.url, CONSUMER, `SELECT * FROM ${made.objects[0]}`)).length > 0);
    await grants.revoke(`h-${TAG}`, team, DOMAIN);
  });
});
