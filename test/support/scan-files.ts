import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import mysql from 'mysql2/promise';
import { stringify } from 'yaml';
import { withClient } from './postgres.ts';
import type { LabelledTable } from './scan-dataset.ts';

/**
 * scan-core's labelled data set written where `meshwork scan` reads it (CSV, Parquet,
 * PostgreSQL, MariaDB, a contract), and the check that a scan's outputs hold none of its
 * values.
 */

const LOGICAL: Record<string, string> = {
  varchar: 'string',
  bigint: 'integer',
  double: 'number',
  date: 'date',
  timestamp: 'timestamp',
  boolean: 'boolean',
};

function csvCell(value: string | null): string {
  if (value === null) return '';
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export async function writeTableCsv(dir: string, table: LabelledTable): Promise<string> {
  const file = join(dir, `${table.object}.csv`);
  const lines = [table.columns.map((c) => csvCell(c.property)).join(',')];
  for (let row = 0; row < table.rows; row++)
    lines.push(table.columns.map((c) => csvCell(c.values[row] ?? null)).join(','));
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

/** Each table as a typed Parquet file `<object>.parquet` (through its CSV). */
export async function writeTablesParquet(
  dir: string,
  tables: readonly LabelledTable[],
): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const table of tables) {
      const csv = await writeTableCsv(dir, table);
      const select = table.columns
        .map((c) => `CAST("${c.property}" AS ${c.physicalType.toUpperCase()}) AS "${c.property}"`)
        .join(', ');
      await connection.run(
        `COPY (SELECT ${select} FROM read_csv('${csv}', all_varchar = true, header = true)) TO '${join(dir, `${table.object}.parquet`)}' (FORMAT parquet)`,
      );
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A contract over the tables' CSV files (a `local` server), every column declared. */
export function datasetContract(
  tables: readonly LabelledTable[],
  server?: Record<string, unknown>,
): string {
  return stringify({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'scan-dataset',
    version: '1.0.0',
    status: 'active',
    servers: [server ?? { server: 'files', type: 'local', path: './{model}.csv', format: 'csv' }],
    schema: tables.map((t) => ({
      name: t.object,
      properties: t.columns.map((c) => ({
        name: c.property,
        logicalType: LOGICAL[c.physicalType],
      })),
    })),
  });
}

const PG_TYPES: Record<string, string> = {
  varchar: 'text',
  bigint: 'bigint',
  double: 'double precision',
  date: 'date',
  timestamp: 'timestamp',
  boolean: 'boolean',
};

export async function loadTablesPostgres(
  url: string,
  schema: string,
  tables: readonly LabelledTable[],
): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    for (const table of tables) {
      const name = `"${schema}"."${table.object}"`;
      await client.query(
        `CREATE TABLE ${name} (${table.columns.map((c) => `"${c.property}" ${PG_TYPES[c.physicalType]}`).join(', ')})`,
      );
      for (let row = 0; row < table.rows; row++) {
        const values = table.columns.map((c) => c.values[row] ?? null);
        const params = values.map((_, i) => `$${i + 1}`).join(', ');
        await client.query(`INSERT INTO ${name} VALUES (${params})`, values);
      }
      await client.query(`ANALYZE ${name}`);
    }
  });
}

const MYSQL_TYPES: Record<string, string> = {
  varchar: 'TEXT',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  date: 'DATE',
  timestamp: 'DATETIME',
  boolean: 'BOOLEAN',
};

export async function loadTablesMysql(
  url: string,
  tables: readonly LabelledTable[],
): Promise<void> {
  const connection = await mysql.createConnection(url);
  try {
    for (const table of tables) {
      await connection.query(
        `CREATE TABLE \`${table.object}\` (${table.columns.map((c) => `\`${c.property}\` ${MYSQL_TYPES[c.physicalType]}`).join(', ')}) CHARACTER SET utf8mb4`,
      );
      const rows = Array.from({ length: table.rows }, (_, row) =>
        table.columns.map((c) => {
          const value = c.values[row] ?? null;
          if (value === null) return null;
          if (c.physicalType === 'boolean') return value === 'true' ? 1 : 0;
          if (c.physicalType === 'timestamp') return value.replace('T', ' ').replace(/Z$/, '');
          return value;
        }),
      );
      await connection.query(`INSERT INTO \`${table.object}\` VALUES ?`, [rows]);
      await connection.query(`ANALYZE TABLE \`${table.object}\``);
    }
  } finally {
    await connection.end();
  }
}

/**
 * The values a scan must never show: every distinct value of the personal columns long
 * enough not to occur by chance in a reason or a number (`0.98`, a count).
 */
export function personalValues(tables: readonly LabelledTable[]): string[] {
  // A value that is also part of a table's or column's name (a phone column saying
  // `privat` under `telefon_privat`) rightly appears in the output as that name.
  const names = tables.flatMap((t) => [t.object, ...t.columns.map((c) => c.property)]);
  const isName = (value: string): boolean =>
    names.some((name) => name.toLowerCase().includes(value.toLowerCase()));
  const values = new Set<string>();
  for (const table of tables)
    for (const column of table.columns)
      if (column.label !== null)
        for (const value of column.values)
          if (value !== null && value.length >= 6 && !isName(value)) values.add(value);
  return [...values];
}

/** Fails naming the first value found in the text (and where), if any. */
export function assertNoValues(text: string, values: readonly string[], where: string): void {
  const leaked = values.find((value) => text.includes(value));
  assert.equal(leaked, undefined, `${where} shows a sampled value`);
}
