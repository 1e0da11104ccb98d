import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAccessSettings, trinoUsers } from '../../src/core/access/engine-logins.ts';
import type { TrinoGrantTarget, TrinoRulesInput } from '../../src/core/access/trino-rules.ts';
import {
  exactPattern,
  maskExpression,
  teamGroup,
  trinoLiteral,
  trinoRuleSet,
} from '../../src/core/access/trino-rules.ts';
import { validateTrinoRules } from '../../src/core/access/trino-rules-validate.ts';

function target(overrides: Partial<TrinoGrantTarget> = {}): TrinoGrantTarget {
  return {
    grantId: 'g1',
    domain: 'sales',
    team: 'analysts',
    catalog: 'pg',
    schema: 'shop',
    table: 'customers',
    tableColumns: [
      { name: 'id', type: 'integer' },
      { name: 'email', type: 'varchar(40)' },
      { name: 'region', type: 'varchar' },
      { name: 'revenue', type: 'double' },
    ],
    granted: [
      { name: 'id', masked: false },
      { name: 'email', masked: true },
      { name: 'region', masked: false },
    ],
    rowFilter: null,
    ...overrides,
  };
}

function input(targets: readonly TrinoGrantTarget[], extra: Partial<TrinoRulesInput> = {}) {
  return {
    serviceUser: 'meshwork',
    targets,
    teams: [{ domain: 'sales', team: 'analysts', users: ['alice', 'bob'] }],
    ...extra,
  };
}

/** Java's Pattern.matches on the whole name, as Trino matches a rule's regex. */
const matches = (pattern: string, name: string) => new RegExp(pattern).test(name);

describe('Trino rules from grants', () => {
  it('puts the service user first with every right, then the team’s table with SELECT only', () => {
    const set = trinoRuleSet(input([target()]));
    assert.deepEqual(set.problems, []);
    assert.deepEqual(set.rules.catalogs[0], { user: '^meshwork$', allow: 'all' });
    assert.deepEqual(set.rules.schemas[0], { user: '^meshwork$', owner: true });
    assert.deepEqual(set.rules.tables[0]?.privileges, [
      'SELECT',
      'INSERT',
      'DELETE',
      'UPDATE',
      'OWNERSHIP',
      'GRANT_SELECT',
    ]);
    const rule = set.rules.tables[1];
    assert.equal(rule?.group, '^mw_sales__analysts$');
    assert.deepEqual(rule?.privileges, ['SELECT']);
    assert.equal(set.rules.tables.length, 2);
    assert.deepEqual(set.rules.catalogs[1], {
      group: '^mw_sales__analysts$',
      catalog: '^pg$',
      allow: 'read-only',
    });
    assert.deepEqual(validateTrinoRules(set.rules, 'meshwork'), []);
  });

  it('masks a pseudonymised column as NULL of its own type, with no key in the rule, and denies the columns not granted', () => {
    const set = trinoRuleSet(input([target()]));
    const rule = set.rules.tables[1];
    assert.deepEqual(rule?.columns, [
      { name: 'email', mask: 'CAST(NULL AS varchar(40))' },
      { name: 'revenue', allow: false },
    ]);
    // A key in the mask is a literal of the consumer's query plan (EXPLAIN shows it).
    assert.doesNotMatch(JSON.stringify(set.rules), /hmac|from_hex|[0-9a-f]{32}/i);
  });

  it('keeps a column in clear when the purpose allows it, and hides a non-text personal column as NULL', () => {
    const clear = trinoRuleSet(input([target({ granted: [{ name: 'email', masked: false }] })]))
      .rules.tables[1];
    assert.equal(
      clear?.columns?.some((c) => c.name === 'email'),
      false,
    );
    assert.equal(maskExpression('date'), 'CAST(NULL AS date)');
    assert.equal(maskExpression('varchar'), 'CAST(NULL AS varchar)');
    assert.throws(() => maskExpression('varchar); DROP TABLE t; --'));
  });

  it('writes the row filter with quoted column and literals of the logical type', () => {
    const rule = trinoRuleSet(
      input([
        target({ rowFilter: { column: 'region', logicalType: 'string', values: ['EU', "C'H"] } }),
      ]),
    ).rules.tables[1];
    assert.equal(rule?.filter, `"region" IN ('EU', 'C''H')`);
    assert.deepEqual(trinoLiteral(42, 'integer'), { literal: '42' });
    assert.deepEqual(trinoLiteral('2026-01-31', 'date'), { literal: "DATE '2026-01-31'" });
    assert.deepEqual(trinoLiteral(true, 'boolean'), { literal: 'TRUE' });
    assert.ok('problem' in trinoLiteral('1 OR 1=1', 'integer'));
    assert.ok('problem' in trinoLiteral("2026-01-01' OR '1'='1", 'date'));
    assert.ok('problem' in trinoLiteral(1, 'string'));
  });

  it('an attack value stays one string literal and cannot end the IN list', () => {
    const attack = "') OR 1=1 --";
    const rule = trinoRuleSet(
      input([target({ rowFilter: { column: 'region', logicalType: 'string', values: [attack] } })]),
    ).rules.tables[1];
    assert.equal(rule?.filter, `"region" IN (''') OR 1=1 --')`);
  });

  it('a filter value not of the column’s type is a problem: the set is not to be published', () => {
    const set = trinoRuleSet(
      input([target({ rowFilter: { column: 'id', logicalType: 'integer', values: ['x'] } })]),
    );
    assert.equal(set.problems[0]?.code, 'trino-rules/filter-value');
    assert.equal(set.problems[0]?.grantId, 'g1');
  });

  it('adds up two grants of one team on one table: columns, clear wins, rows of either', () => {
    const set = trinoRuleSet(
      input([
        target({
          grantId: 'g1',
          granted: [{ name: 'email', masked: true }],
          rowFilter: { column: 'region', logicalType: 'string', values: ['EU'] },
        }),
        target({
          grantId: 'g2',
          granted: [
            { name: 'email', masked: false },
            { name: 'id', masked: false },
          ],
          rowFilter: { column: 'region', logicalType: 'string', values: ['CH'] },
        }),
      ]),
    );
    const rule = set.rules.tables[1];
    assert.equal(set.rules.tables.length, 2);
    assert.equal(rule?.filter, `("region" IN ('EU')) OR ("region" IN ('CH'))`);
    assert.deepEqual(rule?.columns, [
      { name: 'region', allow: false },
      { name: 'revenue', allow: false },
    ]);
    const unfiltered = trinoRuleSet(
      input([
        target({ rowFilter: { column: 'region', logicalType: 'string', values: ['EU'] } }),
        target({ grantId: 'g2', rowFilter: null }),
      ]),
    ).rules.tables[1];
    assert.equal(unfiltered?.filter, undefined);
  });

  it('escapes names: a table "a.b" or "x|.*" matches itself and nothing else', () => {
    for (const name of ['a.b', 'x|.*', 'q(1)', 'sp ace', "o'k", 'a\\b', '[x]', 'x$', '^x']) {
      const pattern = exactPattern(name);
      assert.ok(matches(pattern, name), `${pattern} matches ${name}`);
      for (const other of ['aXb', 'x', 'anything', 'x|y', '', `${name}x`, `x${name}`])
        if (other !== name)
          assert.ok(!matches(pattern, other), `${pattern} must not match ${other}`);
    }
    const rule = trinoRuleSet(input([target({ table: 'x|.*' })])).rules.tables[1];
    assert.equal(rule?.table, '^x\\|\\.\\*$');
    assert.ok(!matches(rule.table, 'customers'));
  });

  it('gives every team its own group, injectively, safe for the group file', () => {
    assert.equal(teamGroup('sales', 'analysts'), 'mw_sales__analysts');
    assert.notEqual(teamGroup('a', 'b_c'), teamGroup('a_b', 'c'));
    assert.notEqual(teamGroup('a/b', 'c'), teamGroup('a', 'b/c'));
    assert.notEqual(teamGroup('Sales', 'x'), teamGroup('sales', 'x'));
    assert.match(teamGroup('Vertrieb Süd', 'a:b,c'), /^[a-z0-9_-]+$/);
  });

  it('writes the group file and refuses a user that would break a line', () => {
    const set = trinoRuleSet(
      input([target()], {
        teams: [
          { domain: 'sales', team: 'analysts', users: ['bob', 'alice'] },
          { domain: 'hr', team: 'x', users: ['evil,admin', 'e\nmeshwork', 'ok'] },
        ],
      }),
    );
    assert.equal(set.groups, 'mw_hr__x:ok\nmw_sales__analysts:alice,bob\n');
    assert.deepEqual(
      set.problems.map((p) => p.code),
      ['trino-rules/unsafe-user', 'trino-rules/unsafe-user'],
    );
  });

  it('denies table functions such as pg.system.query to everyone but the service user', () => {
    const { functions } = trinoRuleSet(input([target()])).rules;
    assert.deepEqual(functions, [
      { user: '^meshwork$', privileges: ['EXECUTE', 'GRANT_EXECUTE', 'OWNERSHIP'] },
      { catalog: '^system$', schema: '^builtin$', privileges: ['EXECUTE'] },
    ]);
  });

  it('lists the masks and filters validation must EXPLAIN, with their tables', () => {
    const set = trinoRuleSet(
      input([target({ rowFilter: { column: 'region', logicalType: 'string', values: ['EU'] } })]),
    );
    assert.deepEqual(
      set.expressions.map((e) => [e.kind, e.column ?? null, e.catalog, e.schema, e.table]),
      [
        ['mask', 'email', 'pg', 'shop', 'customers'],
        ['filter', null, 'pg', 'shop', 'customers'],
      ],
    );
  });
});

describe('Trino rules validation', () => {
  const good = () =>
    JSON.parse(JSON.stringify(trinoRuleSet(input([target()])).rules)) as Record<string, unknown>;

  it('refuses a set without the service user first', () => {
    const rules = good();
    (rules.tables as unknown[]).shift();
    assert.ok(validateTrinoRules(rules, 'meshwork').some((p) => p.message.startsWith('tables[0]')));
    assert.ok(validateTrinoRules(good(), 'other').length >= 3);
  });

  it('refuses unknown sections, keys, privileges, bad regexes and statement separators', () => {
    const rules = good();
    rules.tablez = [];
    const tables = rules.tables as Record<string, unknown>[];
    tables[1] = { ...tables[1], privileges: ['SELECT', 'DROP'], table: '(', filter: '1=1; DROP' };
    tables.push({ grup: 'x', privileges: [] });
    const messages = validateTrinoRules(rules, 'meshwork').map((p) => p.message);
    for (const expected of [
      'tablez: not a section',
      'tables[1].privileges: unknown value "DROP"',
      'tables[1].table: is not a valid regex',
      'tables[1].filter: must not hold a statement separator',
      'tables[2].grup: not a key',
    ])
      assert.ok(
        messages.some((m) => m.startsWith(expected)),
        `${expected} in ${messages.join(' | ')}`,
      );
  });

  it('refuses a column named twice or denied with a mask', () => {
    const rules = good();
    const tables = rules.tables as Record<string, unknown>[];
    tables[1] = {
      ...tables[1],
      columns: [
        { name: 'a', allow: false, mask: 'NULL' },
        { name: 'a', allow: true },
      ],
    };
    const messages = validateTrinoRules(rules, 'meshwork').map((p) => p.message);
    assert.ok(messages.some((m) => m.includes('a denied column has no mask')));
    assert.ok(messages.some((m) => m.includes('named twice')));
  });
});

describe('access.trino in meshwork.yaml', () => {
  it('reads the user template and the service user, and refuses an unsafe service user', () => {
    const { settings, problems } = readAccessSettings({
      access: { trino: { user: 'mw_{username}', serviceUser: 'svc', rulesFile: 'rules.json' } },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(trinoUsers(settings, ['ann', 'bo', 'ann']), ['mw_ann', 'mw_bo']);
    assert.equal(
      readAccessSettings({ access: { trino: { serviceUser: 'a,b' } } }).problems.length,
      1,
    );
    assert.equal(readAccessSettings({ access: { trino: { user: 'fixed' } } }).problems.length, 1);
    assert.deepEqual(trinoUsers({}, ['ann']), []);
  });
});
