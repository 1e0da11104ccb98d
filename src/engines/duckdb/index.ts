export { createDuckDbSqlParser } from './driver.ts';
export type { DuckDbSqlParser } from './driver.ts';
export { SERIALIZE_SQL, interpretSerializedSql, quoteIdentifier } from './dialect.ts';
