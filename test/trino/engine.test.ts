import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EngineConnection, ServerEntry } from '../../src/engines/engine.ts';
import { canRead, loadEngine } from '../../src/engines/registry.ts';
import { chooseServer } from '../../src/app/servers/choose-server.ts';
import { withClient } from '../support/postgres.ts';
import { trinoForTests } from '../support/trino.ts';

/**
 * The trino engine against the real Trino, on a schema of the PostgreSQL database behind
 * catalog `pg`: the catalog as `describe` and `tables` read it, `meshwork scan`'s sample,
 * `queryWithin`'s time limit (Trino cancels, the connection stays usable) and exact
 * integers beyond 2^53.
 */

const trino = trinoForTests();
const SKIP = trino === undefined ? 'no Trino: npm run test:trino' : undefined;

describe('the trino engine on a real Trino', { skip: SKIP }, () => {
  const schema = `meshwork_engine_${process.pid}_${Date.now().toString(36)}`;
  let server: ServerEntry;
  let connection: EngineConnection;

  before(async () => {
    const t = trino!;
    await withClient(t.pgUrl, async (client) => {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(
        `CREATE TABLE ${schema}.orders (id bigint PRIMARY KEY, email varchar(80) NOT NULL,
           amount numeric(10,2), placed timestamptz, note text)`,
      );
      await client.query(`COMMENT ON TABLE ${schema}.orders IS 'Orders of the shop'`);
      await client.query(
        `INSERT INTO ${schema}.orders
           SELECT g, 'user' || g || '@example.org', g * 1.5, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour', NULL
             FROM generate_series(1, 500) AS g`,
      );
      await client.query(`CREATE TABLE ${schema}.docs (id int, body jsonb, raw bytea)`);
      await client.query(
        `INSERT INTO ${schema}.docs VALUES (1, '{"a": [1, 2]}', '\\x00ff'), (2, NULL, NULL)`,
      );
      // The connector's row estimate (`SHOW STATS`) is PostgreSQL's, from ANALYZE.
      await client.query(`ANALYZE ${schema}.orders`);
      await client.query(
        `CREATE VIEW ${schema}.big_orders AS SELECT id FROM ${schema}.orders WHERE amount > 100`,
      );
    });
    server = { server: 'lake', type: 'trino', catalog: t.pgCatalog, schema };
    const engine = (await loadEngine('trino'))!;
    connection = await engine.connect({
      server,
      credentials: { url: t.url, user: t.user },
      baseDir: '/',
    });
  });

  after(async () => {
    await connection?.close();
    await withClient(trino!.pgUrl, (client) =>
      client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
    );
  });

  it('lists the schema’s tables and views', async () => {
    assert.deepEqual(await connection.tables(), ['big_orders', 'docs', 'orders']);
  });

  it('describes types, NOT NULL and the table comment, and no keys (Trino has none)', async () => {
    const [view, , orders] = await connection.describe!();
    assert.equal(view?.name, 'big_orders');
    // A PostgreSQL view is a table to Trino's connector (only Trino's own views are VIEWs).
    assert.equal(view?.kind, 'table');
    assert.equal(orders?.name, 'orders');
    assert.equal(orders?.kind, 'table');
    assert.equal(orders?.description, 'Orders of the shop');
    assert.deepEqual(
      orders?.columns.map((c) => [c.name, c.physicalType, c.logicalType, c.required]),
      [
        ['id', 'bigint', 'integer', true],
        ['email', 'varchar(80)', 'string', true],
        ['amount', 'decimal(10,2)', 'number', false],
        ['placed', 'timestamp(6) with time zone', 'timestamp', false],
        ['note', 'varchar', 'string', false],
      ],
    );
    // The PRIMARY KEY in PostgreSQL is not visible through Trino: nothing claims one.
    assert.ok(orders?.columns.every((c) => c.primaryKeyPosition === undefined && !c.unique));
    assert.deepEqual([orders?.uniqueKeys, orders?.foreignKeys], [[], []]);
    assert.deepEqual(
      (await connection.describe!(['ORDERS'])).map((t) => t.name),
      ['orders'],
    );
    assert.deepEqual(await connection.describe!(['missing']), []);
  });

  it('reads the columns of a relation, and says when the table is not there', async () => {
    const relation = await connection.relation({
      schema: 'orders',
      physicalName: 'orders',
      columns: [],
      baseDir: '/',
      server,
    });
    assert.equal(relation, `"pg"."${schema}"."orders"`);
    assert.deepEqual(
      (await connection.columns(relation))?.map((c) => c.type),
      ['bigint', 'varchar(80)', 'decimal(10,2)', 'timestamp(6) with time zone', 'varchar'],
    );
    const missing = await connection.relation({
      schema: 'x',
      physicalName: 'nope',
      columns: [],
      baseDir: '/',
      server,
    });
    await assert.rejects(connection.columns(missing), /does not exist/);
  });

  it('samples at most the rows asked, each value as text cut at 200 characters', async () => {
    const relation = await connection.relation({
      schema: 'orders',
      physicalName: 'orders',
      columns: [],
      baseDir: '/',
      server,
    });
    const sample = await connection.sample({
      relation,
      columns: ['id', 'email', 'placed', 'note'],
      rows: 20,
    });
    assert.equal(sample.rows, 20);
    assert.equal(sample.values.length, 4);
    for (const value of sample.values[1]!) assert.match(value ?? '', /^user\d+@example\.org$/);
    assert.ok(sample.values[3]!.every((v) => v === null));
    // Random rows, not the first 20.
    assert.ok(
      sample.values[0]!.some((v) => Number(v) > 20),
      sample.method,
    );
  });

  it('samples JSON and binary columns as text, which Trino cannot CAST to varchar', async () => {
    const relation = await connection.relation({
      schema: 'docs',
      physicalName: 'docs',
      columns: [],
      baseDir: '/',
      server,
    });
    const sample = await connection.sample({ relation, columns: ['id', 'body', 'raw'], rows: 5 });
    const byId = new Map(
      sample.values[0]!.map((id, i) => [id, [sample.values[1]![i], sample.values[2]![i]]]),
    );
    assert.deepEqual(byId.get('1'), ['{"a":[1,2]}', '00FF']);
    assert.deepEqual(byId.get('2'), [null, null]);
  });

  it('cancels a query after its time in Trino, and the connection stays usable', async () => {
    const started = Date.now();
    await assert.rejects(
      connection.queryWithin!(
        'SELECT count(*) AS n FROM tpch.tiny.lineitem a CROSS JOIN tpch.tiny.lineitem b WHERE a.orderkey + b.orderkey < 0',
        1_000,
      ),
      (e: { errorName?: string }) => {
        assert.equal(e.errorName, 'EXCEEDED_TIME_LIMIT');
        return true;
      },
    );
    // Bounded generously for a loaded machine: the naive run takes minutes.
    assert.ok(Date.now() - started < 60_000);
    const rows = await connection.queryWithin!(
      `SELECT count(*) AS n FROM "pg"."${schema}"."orders"`,
      60_000,
    );
    assert.deepEqual(rows, [{ n: 500 }]);
  });

  it('matches ECMA-262 patterns with Joni, Trino’s default regex library (regexFlavor pcre)', async () => {
    const d = connection.dialect;
    const cases: readonly [string, string, boolean][] = [
      ['ab1', '^(?=a)\\w+\\d$', true],
      ['AB1', '^[a-z]+\\d$', false],
      ['a.b', '^a\\.b$', true],
      ['axb', '^a\\.b$', false],
      ["it's", "^it's$", true],
    ];
    const select = cases
      .map(([text, pattern], i) => `${d.regexMatches(d.literal(text), pattern)} AS m${i}`)
      .join(', ');
    const [row] = await connection.query(`SELECT ${select}`);
    assert.deepEqual(
      cases.map((_, i) => row?.[`m${i}`]),
      cases.map(([, , expected]) => expected),
    );
  });

  it('keeps integers beyond 2^53 exact (Trino answers bigint as a JSON number)', async () => {
    const rows = await connection.query(
      "SELECT CAST(9007199254740993 AS bigint) AS big, CAST(42 AS bigint) AS small, DECIMAL '12345678901234567890.25' AS d",
    );
    assert.deepEqual(rows, [{ big: '9007199254740993', small: 42, d: '12345678901234567890.25' }]);
  });

  it('is configured by _USER with host, port and catalog in the entry, and says when no user is set', async () => {
    const address = new URL(trino!.url);
    const entry: ServerEntry = {
      server: 'lake-house',
      type: 'trino',
      host: address.hostname,
      port: Number(address.port),
      catalog: trino!.pgCatalog,
      schema,
    };
    const request = {
      meshRoot: '/nonexistent',
      contractFile: '/nonexistent/c.odcs.yaml',
      servers: [entry],
      objects: ['orders'],
      reads: canRead,
    };
    const chosen = await chooseServer({
      ...request,
      env: { MESHWORK_LAKE_HOUSE_USER: 'meshwork' },
    });
    assert.equal(chosen.ok, true, chosen.ok ? '' : chosen.message);
    const noUser = await chooseServer({ ...request, env: { MESHWORK_LAKE_HOUSE_URL: trino!.url } });
    assert.equal(noUser.ok, false);
    assert.match(noUser.ok ? '' : noUser.message, /configured here but cannot be read: .*no user/);
    // The report names where: the address and the catalog's schema.
    assert.ok(
      !noUser.ok && noUser.message.includes(`(trino, ${address.host} (schema pg.${schema}))`),
      noUser.ok ? '' : noUser.message,
    );
  });

  it('says when Trino does not answer within the connect time', async () => {
    const engine = (await loadEngine('trino'))!;
    await assert.rejects(
      engine.connect({
        server,
        credentials: { url: trino!.url, user: 'meshwork' },
        baseDir: '/',
        connectTimeoutMs: 1,
      }),
      /did not answer SELECT 1 within 1 ms/,
    );
  });

  it('refuses a password over plain http, and a URL that holds credentials', async () => {
    const engine = (await loadEngine('trino'))!;
    await assert.rejects(
      engine.connect({
        server,
        credentials: { url: trino!.url, user: 'meshwork', password: 'secret-pw' },
        baseDir: '/',
      }),
      (e: Error) => /https only/.test(e.message) && !e.message.includes('secret-pw'),
    );
    await assert.rejects(
      engine.connect({
        server,
        credentials: { url: 'http://meshwork:secret-pw@127.0.0.1:1', user: 'meshwork' },
        baseDir: '/',
      }),
      (e: Error) => /must not hold credentials/.test(e.message) && !e.message.includes('secret-pw'),
    );
  });
});
