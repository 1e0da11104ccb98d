import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { duckDbTypeForPostgres, postgresTypeForDuckDb } from '../../src/core/build/column-types.ts';

describe('column types between PostgreSQL and DuckDB', () => {
  it('reads PostgreSQL types as their DuckDB counterparts, text where there is none', () => {
    const cases: [string, string][] = [
      ['integer', 'INTEGER'],
      ['bigint', 'BIGINT'],
      ['numeric(12,2)', 'DECIMAL(12,2)'],
      ['numeric(50,4)', 'DOUBLE'],
      ['timestamp(3) without time zone', 'TIMESTAMP'],
      ['timestamp with time zone', 'TIMESTAMPTZ'],
      ['character varying(20)', 'VARCHAR'],
      ['jsonb', 'VARCHAR'],
      ['integer[]', 'VARCHAR'],
      ['Boolean', 'BOOLEAN'],
    ];
    for (const [pg, duck] of cases) assert.equal(duckDbTypeForPostgres(pg), duck, pg);
  });

  it('writes DuckDB types as PostgreSQL columns without losing precision', () => {
    const cases: [string, string][] = [
      ['DECIMAL(12,2)', 'numeric(12,2)'],
      ['HUGEINT', 'numeric'],
      ['UBIGINT', 'numeric'],
      ['TIMESTAMP WITH TIME ZONE', 'timestamp with time zone'],
      ['TIMESTAMP_NS', 'timestamp'],
      ['VARCHAR', 'text'],
      ['INTEGER[]', 'text'],
      ['STRUCT(a INTEGER)', 'text'],
      ['tinyint', 'smallint'],
    ];
    for (const [duck, pg] of cases) assert.equal(postgresTypeForDuckDb(duck), pg, duck);
  });
});
