import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SavedView } from '../../src/engines/postgresql/dependent-views.ts';
import {
  dropSavedViewsSql,
  recreateViewSql,
} from '../../src/engines/postgresql/dependent-views.ts';
import {
  boundedName,
  createGrantViewSql,
  ensureTeamKeySql,
  grantShortId,
  grantViewNames,
  namePart,
  teamRoleName,
  teamSchemaName,
  teamSchemaSql,
} from '../../src/engines/postgresql/grant-sql.ts';

const SAFE = /^[a-z0-9_]{1,63}$/;

describe('grant names in PostgreSQL', () => {
  it('keeps safe names, turns kebab-case into snake_case, hashes anything else', () => {
    assert.equal(namePart('orders'), 'orders');
    assert.equal(namePart('order_lines'), 'order_lines');
    assert.equal(namePart('sales-team'), 'sales_team');
    assert.match(namePart('Sales'), /^sales_[0-9a-f]{10}$/);
    assert.notEqual(namePart('Sales'), namePart('sales'));
    assert.notEqual(namePart('a b'), namePart('a_b'));
    assert.match(namePart('"; DROP ROLE x; --'), /^drop_role_x_[0-9a-f]{10}$/);
    assert.match(namePart('äöü'), /^x_[0-9a-f]{10}$/);
  });

  it('team role and schema: prefixed, [a-z0-9_], at most 63 bytes', () => {
    assert.equal(teamRoleName('marketing'), 'meshwork_team_marketing');
    assert.equal(teamSchemaName('sales-team'), 'meshwork_sales_team');
    for (const team of ['x'.repeat(200), `${'ä'.repeat(60)}'";`, 'a-'.repeat(50) + 'b']) {
      assert.match(teamRoleName(team), SAFE);
      assert.match(teamSchemaName(team), SAFE);
    }
  });

  it('never names a team schema as the key schema', () => {
    assert.notEqual(teamSchemaName('keys'), 'meshwork_keys');
    assert.match(teamSchemaName('keys'), /^meshwork_keys_[0-9a-f]{10}$/);
  });

  it('cuts a long name with a hash of the whole, so two long names stay two', () => {
    const long = 'a'.repeat(80);
    const a = boundedName('meshwork_team_', `${long}1`);
    const b = boundedName('meshwork_team_', `${long}2`);
    assert.equal(a.length, 63);
    assert.equal(b.length, 63);
    assert.notEqual(a, b);
    assert.ok(a.startsWith('meshwork_team_aaaa'));
    // A suffix survives the cut.
    assert.ok(boundedName('', long, '_abcd1234').endsWith('_abcd1234'));
  });

  it('a view per target: table and short grant id; the schema too where tables share a name', () => {
    const id = grantShortId('grant-1');
    assert.match(id, /^[0-9a-f]{8}$/);
    const columns = [{ name: 'a', personal: false }];
    assert.deepEqual(
      grantViewNames('grant-1', [
        { schema: 'sales', table: 'orders', columns },
        { schema: 'sales', table: 'order_lines', columns },
      ]),
      [`orders_${id}`, `order_lines_${id}`],
    );
    assert.deepEqual(
      grantViewNames('grant-1', [
        { schema: 'sales', table: 'orders', columns },
        { schema: 'archive', table: 'orders', columns },
      ]),
      [`sales_orders_${id}`, `archive_orders_${id}`],
    );
    const [long] = grantViewNames('grant-1', [{ schema: 's', table: 't'.repeat(63), columns }]);
    assert.match(long ?? '', SAFE);
    assert.ok(long?.endsWith(`_${id}`));
  });
});

describe('grant SQL in PostgreSQL', () => {
  it('a view with the granted columns in order, personal ones hashed with the team key', () => {
    const sql = createGrantViewSql({
      viewSchema: 'meshwork_marketing',
      viewName: 'orders_0a1b2c3d',
      team: 'marketing',
      personalInClear: false,
      target: {
        schema: 'sales',
        table: 'orders',
        columns: [
          { name: 'order_id', personal: false },
          { name: 'email', personal: true },
        ],
      },
    });
    assert.equal(
      sql,
      'CREATE VIEW "meshwork_marketing"."orders_0a1b2c3d" WITH (security_barrier = true) AS ' +
        'SELECT t."order_id", ' +
        `encode(sha256(k."key" || convert_to(CAST(t."email" AS text), 'UTF8')), 'hex') AS "email" ` +
        'FROM "sales"."orders" AS t CROSS JOIN ' +
        `(SELECT "key" FROM "meshwork_keys"."team_keys" WHERE team = 'marketing') AS k`,
    );
  });

  it('in clear: no hash and no key', () => {
    const sql = createGrantViewSql({
      viewSchema: 's',
      viewName: 'v',
      team: 't',
      personalInClear: true,
      target: { schema: 'sales', table: 'orders', columns: [{ name: 'email', personal: true }] },
    });
    assert.equal(
      sql,
      'CREATE VIEW "s"."v" WITH (security_barrier = true) AS SELECT t."email" FROM "sales"."orders" AS t',
    );
  });

  it('quotes hostile names and escapes the team literal', () => {
    const sql = createGrantViewSql({
      viewSchema: 's',
      viewName: 'v',
      team: `o'brien"; DROP`,
      personalInClear: false,
      target: {
        schema: 'sa"les',
        table: 'or;ders',
        columns: [{ name: 'e"mail', personal: true }],
      },
    });
    assert.ok(sql.includes('t."e""mail"'));
    assert.ok(sql.includes('"sa""les"."or;ders"'));
    assert.ok(sql.includes(`WHERE team = 'o''brien"; DROP'`));
    assert.ok(ensureTeamKeySql(`o'brien`).includes(`'o''brien'`));
    assert.ok(
      teamSchemaSql('s', 'r', `it's`).includes(
        `COMMENT ON SCHEMA "s" IS 'meshwork grants of team it''s'`,
      ),
    );
  });
});

describe('saved grant views', () => {
  const view: SavedView = {
    schema: 'meshwork_marketing',
    name: 'orders_0a1b2c3d',
    depth: 1,
    definition: ' SELECT t.order_id FROM sales.orders t',
    options: ['security_barrier=true'],
    owner: 'meshwork',
    comment: null,
    privileges: [
      { grantee: 'meshwork_team_marketing', privilege: 'SELECT', grantable: false },
      { grantee: null, privilege: 'SELECT', grantable: true },
    ],
  };

  it('are made again with their options, owner and rights', () => {
    assert.deepEqual(recreateViewSql(view), [
      `CREATE VIEW "meshwork_marketing"."orders_0a1b2c3d" WITH ("security_barrier" = 'true') AS  SELECT t.order_id FROM sales.orders t`,
      'ALTER VIEW "meshwork_marketing"."orders_0a1b2c3d" OWNER TO "meshwork"',
      'GRANT SELECT ON "meshwork_marketing"."orders_0a1b2c3d" TO "meshwork_team_marketing"',
      'GRANT SELECT ON "meshwork_marketing"."orders_0a1b2c3d" TO PUBLIC WITH GRANT OPTION',
    ]);
  });

  it('refuses a privilege that is not a keyword', () => {
    assert.throws(
      () =>
        recreateViewSql({
          ...view,
          privileges: [{ grantee: 'x', privilege: 'SELECT; DROP TABLE y', grantable: false }],
        }),
      /unexpected privilege/,
    );
  });

  it('are dropped deepest first, in one statement', () => {
    assert.equal(dropSavedViewsSql([]), undefined);
    assert.equal(
      dropSavedViewsSql([view, { ...view, name: 'on_top', depth: 2 }]),
      'DROP VIEW "meshwork_marketing"."on_top", "meshwork_marketing"."orders_0a1b2c3d"',
    );
  });
});
