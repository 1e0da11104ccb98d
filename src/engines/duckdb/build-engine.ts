import type {
  BuildConnection,
  BuildEngine,
  BuildInput,
  BuildSessionOptions,
} from '../build-engine.ts';
import {
  copyParquetToCsv,
  copyQueryToParquet,
  countParquetRows,
  createSchema,
  createTableFromTypedCsv,
  createView,
  describeParquet,
  describeQuery,
  parquetScan,
  typedFileScan,
} from './build-sql.ts';
import { quoteIdentifier } from './dialect.ts';
import type { DuckDbSessionConnection } from './session.ts';
import { createDuckDbSession } from './session.ts';

/** DuckDB as the build's compute engine: the session of session.ts, the SQL of build-sql.ts. */
export const duckDbBuildEngine: BuildEngine = {
  name: 'duckdb',
  async openSession(options: BuildSessionOptions = {}) {
    const session = await createDuckDbSession(options);
    return {
      connect: async () => buildConnection(await session.connect()),
      close: () => session.close(),
    };
  },
};

function buildConnection(connection: DuckDbSessionConnection): BuildConnection {
  // Tables that hold a CSV in transit, numbered: names derived from port and object names
  // could collide (`a_b`.`c` and `a`.`b_c`).
  let staged = 0;
  const relationOf = async (input: BuildInput): Promise<{ relation: string; reads: string[] }> => {
    switch (input.kind) {
      case 'parquet':
        return { relation: parquetScan(input.path), reads: [input.path] };
      case 'files':
        return { relation: typedFileScan(input.format, input.path), reads: [input.path] };
      case 'csv': {
        const table = `__staged_${++staged}`;
        // Materialised, so the CSV in transit is read once and need not stay readable.
        await connection.run(createTableFromTypedCsv(table, input.path, input.columns));
        return { relation: quoteIdentifier(table), reads: [] };
      }
    }
  };
  return {
    createSchema: (name) => connection.run(createSchema(name)),
    async attach(view, input) {
      const { relation, reads } = await relationOf(input);
      await connection.run(createView(view.schema, view.name, relation));
      return reads;
    },
    lockDown: (access) => connection.lockDown(access),
    runOnly: (sql, kinds) => connection.runOnly(sql, kinds),
    assertOneSelect: (sql) => connection.assertOneSelect(sql),
    async describeQuery(query) {
      // One SELECT only: DESCRIBE of anything else would run it.
      await connection.assertOneSelect(query);
      const described = await connection.rows(describeQuery(query));
      return described.map((row) => ({
        name: String(row.column_name),
        type: String(row.column_type),
      }));
    },
    async writeParquet(query, path) {
      await connection.run(copyQueryToParquet(query, path));
      const [count] = await connection.rows(countParquetRows(path));
      return Number(count?.n ?? 0);
    },
    async parquetToCsv(parquet, csv) {
      const described = await connection.rows(describeParquet(parquet));
      await connection.run(copyParquetToCsv(parquet, csv));
      return {
        path: csv,
        columns: described.map((row) => ({
          name: String(row.column_name),
          type: String(row.column_type),
        })),
      };
    },
    close: () => connection.close(),
  };
}
