import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DdlTableIndex } from '../../../src/core/import/formats/ddl-table-index.ts';
import { readDdl } from '../../../src/core/import/formats/read-ddl.ts';

/**
 * A pg_dump-shaped script of n tables, each with a foreign key to the one before, added
 * the way pg_dump adds it (ALTER TABLE ONLY … ADD CONSTRAINT … FOREIGN KEY): every
 * statement looks a table up by name, and every foreign key is looked up once more when
 * the catalog is built.
 */
function script(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++)
    lines.push(`CREATE TABLE public.t${i} (id integer NOT NULL, prev_id integer);`);
  for (let i = 0; i < n; i++)
    lines.push(`ALTER TABLE ONLY public.t${i} ADD CONSTRAINT t${i}_pkey PRIMARY KEY (id);`);
  for (let i = 1; i < n; i++)
    lines.push(
      `ALTER TABLE ONLY public.t${i} ADD CONSTRAINT t${i}_prev FOREIGN KEY (prev_id) REFERENCES public.t${i - 1}(id);`,
    );
  return lines.join('\n');
}

type T = { readonly schema: string | undefined; readonly name: string };

describe('readDdl at scale', () => {
  it('reads 4,000 tables with a foreign key each, every key resolved', () => {
    const reading = readDdl(script(4_000), { file: 'x.sql', dialect: 'postgres' });
    assert.equal(reading.tables.length, 4_000);
    assert.deepEqual(reading.gaps, []);
    const last = reading.tables.find((t) => t.name === 't3999');
    assert.deepEqual(
      last?.foreignKeys.map((fk) => [fk.table, fk.columns, fk.referencedColumns]),
      [['t3998', ['prev_id'], ['id']]],
    );
  });

  it('a lookup reads only the tables of that name, not every table (counted, no clock)', () => {
    // The reader used to filter every table on each lookup: n lookups among n tables read
    // n² tables (20,000 tables with a foreign key each took 16.6 s).
    const n = 10_000;
    const index = new DdlTableIndex<T>(false);
    for (let i = 0; i < n; i++) index.add({ schema: 'public', name: `t${i}` });
    for (let i = 0; i < n; i++) assert.equal(index.find('public', `t${i}`)?.name, `t${i}`);
    assert.equal(index.examined, n);
    assert.equal(index.find('public', 'missing'), undefined);
    assert.equal(index.examined, n);
  });

  it('keeps the name rules: unqualified matches qualified, exact schema wins, MySQL folds case', () => {
    const pg = new DdlTableIndex<T>(false);
    const a = { schema: 'public', name: 'orders' };
    const b = { schema: 'sales', name: 'orders' };
    pg.add(a);
    assert.equal(pg.find(undefined, 'orders'), a);
    assert.equal(pg.find('other', 'orders'), undefined);
    assert.equal(pg.find('public', 'Orders'), undefined, 'PostgreSQL names are exact');
    pg.add(b);
    assert.equal(pg.find('sales', 'orders'), b);
    assert.equal(pg.find(undefined, 'orders'), undefined, 'two candidates, no schema: none');
    const loose = { schema: undefined, name: 'orders' };
    pg.add(loose);
    assert.equal(pg.find('sales', 'orders'), b, 'the exactly named schema wins');
    pg.remove(b);
    pg.remove(b);
    assert.deepEqual(pg.values(), [a, loose]);
    pg.remove(a);
    assert.equal(pg.find('sales', 'orders'), loose);
    const my = new DdlTableIndex<T>(true);
    const c = { schema: 'Shop', name: 'Orders' };
    my.add(c);
    assert.equal(my.find('shop', 'ORDERS'), c);
  });

  it('a DROP and a second CREATE of the same table keep the order and the foreign keys', () => {
    const reading = readDdl(
      [
        'CREATE TABLE a (id int PRIMARY KEY);',
        'CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);',
        'CREATE TABLE c (id int);',
        'DROP TABLE c;',
        'CREATE TABLE a (id int PRIMARY KEY, x int);',
      ].join('\n'),
      { file: 'x.sql', dialect: 'postgres' },
    );
    assert.deepEqual(
      reading.tables.map((t) => [t.name, t.columns.length]),
      [
        ['b', 2],
        ['a', 2],
      ],
    );
    assert.deepEqual(reading.tables[0]?.foreignKeys[0]?.referencedColumns, ['id']);
  });
});
