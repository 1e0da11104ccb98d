import type { Engine } from '../engine.ts';
import { duckDbDialect } from './dialect.ts';
import { connectDuckDb } from './driver.ts';
import { duckDbLocalFiles } from './local-files.ts';
import { exportLocalFiles } from './source-export.ts';

export { createDuckDbSqlParser } from './driver.ts';
export type { DuckDbSqlParser } from './driver.ts';
export {
  SERIALIZE_SQL,
  duckDbDialect,
  interpretSerializedSql,
  quoteIdentifier,
} from './dialect.ts';

/** The embedded default: local files (CSV, Parquet, JSON/NDJSON, globs) and DuckDB files. */
export const duckDbEngine: Engine = {
  name: 'duckdb',
  dialect: duckDbDialect,
  serverTypes: ['local', 'duckdb'],
  connect: connectDuckDb,
  files: duckDbLocalFiles,
  // A build reads local files; a DuckDB database file is read by `meshwork test` only.
  buildSourceTypes: ['local'],
  exportSource: exportLocalFiles,
};
