import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { runContractTests } from '../../src/app/testing/index.ts';
import type { EngineConnection } from '../../src/engines/engine.ts';
import { loadEngine } from '../../src/engines/registry.ts';
import { createTrinoClient } from '../../src/engines/trino/client.ts';
import type { TrinoClient } from '../../src/engines/trino/client.ts';
import { cli } from '../support/cli.ts';
import { withClient } from '../support/postgres.ts';
import { trinoForTests } from '../support/trino.ts';

/**
 * A contract's SQL rule is untrusted text, and Trino offers no read-only transaction to
 * this client: `queryRule` must hold on its own (src/engines/trino/rule-guard.ts). Each
 * attack is shown twice against the real Trino: run naively (the SQL handed to Trino as it
 * is) it changes the victim table or the session, or runs on; through `queryRule` it is
 * refused and nothing changed. The victim lives in a schema of the PostgreSQL database
 * behind catalog `pg`, read and reset there directly.
 */

const trino = trinoForTests();
const SKIP = trino === undefined ? 'no Trino: npm run test:trino' : undefined;

describe('SQL rules cannot change data through Trino', { skip: SKIP }, () => {
  const schema = `meshwork_rules_${process.pid}_${Date.now().toString(36)}`;
  let naive: TrinoClient;
  let connection: EngineConnection;

  const pg = <T>(work: Parameters<typeof withClient<T>>[1]): Promise<T> =>
    withClient(trino!.pgUrl, work);

  const reset = (): Promise<unknown> =>
    pg(async (client) => {
      await client.query(`DROP TABLE IF EXISTS ${schema}.victim, ${schema}.stolen`);
      await client.query(`CREATE TABLE ${schema}.victim (id integer, amount integer)`);
      await client.query(`INSERT INTO ${schema}.victim VALUES (1, 10), (2, 20), (3, 30)`);
    });

  const victim = (): Promise<unknown> =>
    pg(async (client) => {
      const rows = await client.query(`SELECT id, amount FROM ${schema}.victim ORDER BY id`);
      const stolen = await client.query<{ t: string | null }>(
        `SELECT to_regclass('${schema}.stolen')::text AS t`,
      );
      return { rows: rows.rows, stolen: stolen.rows[0]?.t ?? null };
    }).catch((error: unknown) => ({ gone: String(error) }));

  const UNTOUCHED = {
    rows: [
      { id: 1, amount: 10 },
      { id: 2, amount: 20 },
      { id: 3, amount: 30 },
    ],
    stolen: null,
  };

  before(async () => {
    const t = trino!;
    await pg((client) => client.query(`CREATE SCHEMA ${schema}`));
    await reset();
    naive = createTrinoClient({ server: t.url, user: t.user, catalog: t.pgCatalog, schema });
    const engine = (await loadEngine('trino'))!;
    connection = await engine.connect({
      server: { server: 'lake', type: 'trino', catalog: t.pgCatalog, schema },
      credentials: { url: t.url, user: t.user },
      baseDir: '/',
      ruleTimeoutMs: 1_000,
    });
  });

  after(async () => {
    await connection?.close();
    await pg((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
  });

  /** Attacks that change the victim when run naively. */
  const WRITES: Readonly<Record<string, string>> = {
    INSERT: 'INSERT INTO victim VALUES (4, 40)',
    DELETE: 'DELETE FROM victim WHERE id = 1',
    UPDATE: 'UPDATE victim SET amount = -1',
    'CREATE TABLE AS': 'CREATE TABLE stolen AS SELECT * FROM victim',
    'DROP TABLE': 'DROP TABLE victim',
    'EXECUTE IMMEDIATE': "EXECUTE IMMEDIATE 'DELETE FROM victim'",
    'EXECUTE IMMEDIATE behind a comment': "/* x */ EXECUTE IMMEDIATE 'DELETE FROM victim'",
  };

  for (const [name, sql] of Object.entries(WRITES)) {
    it(`refuses ${name}, which naively changes the table`, async () => {
      await reset();
      await assert.rejects(connection.queryRule(sql, { names: {} }), name);
      assert.deepEqual(await victim(), UNTOUCHED, name);
      await naive.run(sql);
      assert.notDeepEqual(await victim(), UNTOUCHED, `${name} is no attack on a naive run`);
      await reset();
    });
  }

  it('refuses session and statement commands that naively succeed', async () => {
    const session: readonly string[] = [
      "SET SESSION query_max_execution_time = '1h'",
      'USE memory.default',
      'PREPARE wipe FROM DELETE FROM victim',
      'RESET SESSION query_max_execution_time',
    ];
    for (const sql of session) {
      await assert.rejects(
        connection.queryRule(sql, { names: {} }),
        /statement \(a rule must be one query\)|not allowed/,
        sql,
      );
      await naive.run(sql);
    }
    // CALL: refused by Meshwork before Trino sees it; this Trino's rules deny procedures too.
    await assert.rejects(
      connection.queryRule('CALL system.flush_metadata_cache()', { names: {} }),
      /a CALL statement/,
    );
  });

  it('refuses a table function behind a -- comment that Trino ends at \\r, which naively runs', async () => {
    const builtIn =
      'CROSS JOIN TABLE(exclude_columns(input => TABLE(victim), columns => DESCRIPTOR(amount)))';
    const passThrough =
      "CROSS JOIN TABLE(pg.system.query(query => 'WITH d AS (DELETE FROM victim RETURNING 1) SELECT count(*) AS n FROM d'))";
    for (const end of ['\r', '\r\n', ' x\r']) {
      for (const call of [builtIn, passThrough]) {
        const sql = `SELECT count(*) AS n FROM (VALUES 1) v --${end} ${call}`;
        await assert.rejects(connection.queryRule(sql, { names: {} }), /table function/, sql);
      }
    }
    assert.deepEqual(await victim(), UNTOUCHED);
    // Trino reads what follows the \r as code: the naive run counts the victim's rows.
    const rows = await naive.run(`SELECT count(*) AS n FROM (VALUES 1) v --\r ${builtIn}`);
    assert.equal(rows.rows[0]?.[0], 3);
  });

  it('refuses a rule Trino would lex differently: unterminated text, whitespace Trino does not know', async () => {
    for (const [sql, reason] of [
      ['SELECT count(*) FROM victim /* TABLE(f())', /unterminated \/\* comment/],
      ["SELECT count(*) FROM victim WHERE 'open", /unterminated ' quote/],
      ['SELECT count(*) FROM "victim', /unterminated " quote/],
      ['SELECT count(*)\fFROM victim', /not read as whitespace/],
      ['SELECT count(*)\u00a0FROM victim', /not read as whitespace/],
    ] as const) {
      await assert.rejects(connection.queryRule(sql, { names: {} }), reason, JSON.stringify(sql));
    }
  });

  it('refuses table functions however they are spelt, which naively run', async () => {
    const passThrough =
      "SELECT * FROM TABLE(pg.system.query(query => 'WITH d AS (DELETE FROM victim RETURNING 1) SELECT count(*) AS n FROM d'))";
    const builtIn =
      'SELECT count(*) FROM TABLE(exclude_columns(input => TABLE(victim), columns => DESCRIPTOR(amount)))';
    const spellings = [
      passThrough,
      builtIn,
      builtIn.replace('TABLE(exclude', 'table /* c */ (exclude'),
      builtIn.replace('TABLE(exclude', 'TaBlE\n--\n(exclude'),
    ];
    for (const sql of spellings) {
      await assert.rejects(connection.queryRule(sql, { names: {} }), /table function/, sql);
    }
    assert.deepEqual(await victim(), UNTOUCHED);
    // Naively the built-in one runs; the pass-through fails only where the Trino's rules
    // deny catalog functions (as the test Trinos' do) — the refusal above does not rely on them.
    const rows = await naive.run(builtIn);
    assert.equal(rows.rows[0]?.[0], 3);
    // A Trino whose rules allow catalog functions runs it, and PostgreSQL deletes.
    const outcome = await naive.run(passThrough).then(
      () => 'ran',
      (e: { errorName?: string }) => e.errorName,
    );
    if (outcome === 'ran') assert.notDeepEqual(await victim(), UNTOUCHED);
    else assert.equal(outcome, 'PERMISSION_DENIED');
    await reset();
  });

  it("cancels a rule after the connection's rule time, where a naive run goes on", async () => {
    const slow =
      'SELECT count(*) AS n FROM tpch.tiny.lineitem a CROSS JOIN tpch.tiny.lineitem b WHERE a.orderkey + b.orderkey < 0';
    await assert.rejects(connection.queryRule(slow, { names: {} }), (e: { errorName?: string }) => {
      assert.equal(e.errorName, 'EXCEEDED_TIME_LIMIT');
      return true;
    });
    // Naively nothing stops it: still running after 4 s, cancelled by the test itself.
    await assert.rejects(
      naive.run(slow, { signal: AbortSignal.timeout(4_000) }),
      (e: { errorName?: string }) => {
        assert.equal(e.errorName, 'USER_CANCELED');
        return true;
      },
    );
  });

  it('still runs fair rules, strings and names that merely look like the words', async () => {
    const fair: Readonly<Record<string, number>> = {
      'SELECT count(*) AS n FROM victim WHERE amount < 0': 0,
      'SELECT count(*) AS n FROM victim;': 3,
      "SELECT count(*) AS n FROM victim WHERE 'TABLE(' <> 'x' -- TABLE(": 3,
      'WITH t AS (SELECT * FROM victim) SELECT count(*) AS "table" FROM t': 3,
      'SELECT count(*) AS n FROM victim AS "delete"': 3,
    };
    for (const [sql, expected] of Object.entries(fair)) {
      const rows = await connection.queryRule(sql, { names: {} });
      assert.equal(Number(Object.values(rows[0]!)[0]), expected, sql);
    }
  });

  it('runs rules as the rules user when one is configured (MESHWORK_<SERVER>_RULE_USER)', async () => {
    const t = trino!;
    const engine = (await loadEngine('trino'))!;
    const asReader = await engine.connect({
      server: { server: 'lake', type: 'trino', catalog: t.pgCatalog, schema },
      credentials: { url: t.url, user: t.user, ruleUser: 'meshwork_rule_reader' },
      baseDir: '/',
    });
    try {
      // The service user acts for the rules user; this Trino's rules have no impersonation
      // rule, so Trino itself refuses — proof that the rule was sent as that user.
      await assert.rejects(
        asReader.queryRule('SELECT current_user AS who', { names: {} }),
        /cannot impersonate user meshwork_rule_reader/,
      );
      // Meshwork's own queries stay the service user's.
      assert.deepEqual(await asReader.query('SELECT current_user AS who'), [{ who: 'meshwork' }]);
    } finally {
      await asReader.close();
    }
  });

  it('meshwork test: hostile rules end as errors, fair ones pass, the table is untouched', async () => {
    await reset();
    const t = trino!;
    const rules: Readonly<Record<string, string>> = {
      'table function': `SELECT count(*) FROM TABLE(pg.system.query(query => 'SELECT 1'))`,
      'EXECUTE IMMEDIATE': "EXECUTE IMMEDIATE 'DELETE FROM victim'",
      INSERT: 'INSERT INTO victim VALUES (9, 90)',
      'by placeholder': 'SELECT count(*) FROM {object} WHERE amount < 0',
      'by name': 'SELECT count(*) FROM victim WHERE amount < 0',
    };
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-rule-trino-'));
    try {
      const address = new URL(t.url);
      const contract = {
        apiVersion: 'v3.1.0',
        kind: 'DataContract',
        id: 'urn:test:victim',
        version: '1.0.0',
        status: 'active',
        servers: [
          {
            server: 'lake',
            type: 'trino',
            host: address.hostname,
            port: Number(address.port),
            catalog: t.pgCatalog,
            schema,
          },
        ],
        schema: [
          {
            name: 'victim',
            physicalName: 'victim',
            properties: [
              { name: 'id', logicalType: 'integer' },
              { name: 'amount', logicalType: 'number' },
            ],
            quality: Object.entries(rules).map(([name, query]) => ({
              type: 'sql',
              name,
              query,
              mustBe: 0,
            })),
          },
        ],
      };
      await writeFile(join(dir, 'victim.odcs.yaml'), stringify(contract));
      const run = await runContractTests({
        meshRoot: dir,
        contractFile: 'victim.odcs.yaml',
        env: { MESHWORK_LAKE_URL: t.url, MESHWORK_LAKE_USER: t.user },
        history: null,
      });
      const sql = run.checks.filter((c) => c.kind === 'sql');
      const status = Object.fromEntries(
        Object.keys(rules).map((name, i) => [name, sql[i]?.status]),
      );
      assert.deepEqual(status, {
        'table function': 'error',
        'EXECUTE IMMEDIATE': 'error',
        INSERT: 'error',
        'by placeholder': 'passed',
        'by name': 'passed',
      });
      // Without MESHWORK_LAKE_RULE_USER the rules ran as the service user: said, with the fix.
      assert.deepEqual(
        run.evidence?.warnings?.map((w) => w.code),
        ['trino-rules-as-service-user'],
      );
      assert.match(run.evidence.warnings[0]!.message, /MESHWORK_LAKE_RULE_USER/);
      const env = { MESHWORK_LAKE_URL: t.url, MESHWORK_LAKE_USER: t.user };
      const text = await cli(['test', 'victim.odcs.yaml'], dir, { env });
      assert.match(
        text.stdout,
        /warning SQL rules on Trino server "lake" ran as the service user .*not a separate rules user.*Set MESHWORK_LAKE_RULE_USER .*trino-rules-as-service-user/,
      );
      const json = await cli(['test', 'victim.odcs.yaml', '--format', 'json'], dir, { env });
      const parsed = JSON.parse(json.stdout) as { warnings: { code: string }[] };
      assert.deepEqual(
        parsed.warnings.map((w) => w.code),
        ['trino-rules-as-service-user'],
      );
      // With a rules user (here the same name, which Trino lets impersonate itself): no warning.
      const separate = await runContractTests({
        meshRoot: dir,
        contractFile: 'victim.odcs.yaml',
        env: { ...env, MESHWORK_LAKE_RULE_USER: t.user },
        history: null,
      });
      assert.equal(separate.evidence?.warnings, undefined);
      const quiet = await cli(['test', 'victim.odcs.yaml', '--format', 'json'], dir, {
        env: { ...env, MESHWORK_LAKE_RULE_USER: t.user },
      });
      assert.deepEqual((JSON.parse(quiet.stdout) as { warnings: unknown[] }).warnings, []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    assert.deepEqual(await victim(), UNTOUCHED);
  });

  it('bounds the rows a rule may return', async () => {
    await assert.rejects(
      connection.queryRule(
        'SELECT a.x FROM UNNEST(sequence(1, 200)) AS a (x) CROSS JOIN UNNEST(sequence(1, 100)) AS b (y)',
        { names: {} },
      ),
      /more than 10000 rows/,
    );
  });
});
