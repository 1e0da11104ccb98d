/**
 * The baseline of the contract-test benchmark: the same checks, written by hand as one
 * query, run in a process of its own. Usage: handwritten-query.ts duckdb|postgres SQL [URL]
 */
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';

const [engine, sql, url] = process.argv.slice(2);
if (!engine || !sql) throw new Error('usage: handwritten-query.ts duckdb|postgres SQL [URL]');
if (engine === 'duckdb') {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(sql);
  process.stdout.write(`${JSON.stringify(reader.getRowObjectsJson()[0])}\n`);
  connection.closeSync();
  instance.closeSync();
} else {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result = await client.query(sql);
  process.stdout.write(`${JSON.stringify(result.rows[0])}\n`);
  await client.end();
}
