import { mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DemoDocument, DemoMesh, DemoProduct, Json } from './demo-mesh.ts';
import {
  asList,
  buildOrder,
  demoRoot,
  properties,
  schemaObject,
  text,
  transformSections,
} from './demo-mesh.ts';

/**
 * A small stand-in for the build, so the demo's transform.sql files are tested on the
 * generated data: each product in lineage order, its input ports as views named after the
 * ports (source contracts through their `local` server, upstream products through the
 * Parquet this runner wrote), each `-- port:` query written to `<out>/<product>/<port>.parquet`.
 * And a contract check of what came out: the contract's columns and types, required and
 * unique columns, keys, and the quality rules.
 */
export interface BuiltPort {
  readonly product: DemoProduct;
  readonly port: string;
  readonly file: string;
  readonly contract: DemoDocument;
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

export async function withDuckDb<T>(
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The relation a source contract's `local` server describes, its data folder swapped for `dataDir`. */
export function sourceRelation(contract: DemoDocument, dataDir: string): string {
  const server = asList(contract.data.servers).find((s) => (s as Json).type === 'local') as
    Json | undefined;
  if (!server) throw new Error(`${contract.path}: no local server`);
  const inMesh = resolve(demoRoot, dirname(contract.path), String(server.path));
  const path = join(dataDir, relative(join(demoRoot, 'data'), inMesh));
  return server.format === 'parquet'
    ? `read_parquet(${literal(path)})`
    : `read_csv_auto(${literal(path)})`;
}

export async function buildDemoMesh(
  mesh: DemoMesh,
  dataDir: string,
  outDir: string,
): Promise<BuiltPort[]> {
  const built: BuiltPort[] = [];
  const fileOf = new Map<string, string>();
  for (const product of buildOrder(mesh)) {
    const { preamble, ports } = transformSections(product);
    await withDuckDb(async (connection) => {
      for (const input of product.inputPorts) {
        const upstream = fileOf.get(input.contractId);
        const contract = mesh.contractsById.get(input.contractId)?.[0];
        if (!contract) throw new Error(`${product.id}: input ${input.name} has no contract`);
        const relation = upstream
          ? `read_parquet(${literal(upstream)})`
          : sourceRelation(contract, dataDir);
        await connection.run(`CREATE VIEW ${quote(input.name)} AS SELECT * FROM ${relation}`);
      }
      if (preamble) await connection.run(preamble);
      for (const output of product.outputPorts) {
        const sql = ports.get(output.name);
        if (sql === undefined)
          throw new Error(`${product.id}: transform has no section for port ${output.name}`);
        const file = join(outDir, product.id, `${output.name}.parquet`);
        mkdirSync(dirname(file), { recursive: true });
        try {
          await connection.run(`COPY (${sql}) TO ${literal(file)} (FORMAT parquet)`);
        } catch (error) {
          throw new Error(
            `${product.id} port ${output.name}: ${error instanceof Error ? error.message : String(error)}`,
            {
              cause: error,
            },
          );
        }
        fileOf.set(output.contractId, file);
        built.push({
          product,
          port: output.name,
          file,
          contract: mesh.contractsById.get(output.contractId)![0]!,
        });
      }
    });
  }
  return built;
}

async function scalar(connection: DuckDBConnection, sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(sql);
  return Number(reader.getRows()[0]?.[0] ?? Number.NaN);
}

const OPERATORS: Record<string, (value: number, bound: number) => boolean> = {
  mustBe: (v, b) => v === b,
  mustNotBe: (v, b) => v !== b,
  mustBeGreaterThan: (v, b) => v > b,
  mustBeGreaterOrEqualTo: (v, b) => v >= b,
  mustBeLessThan: (v, b) => v < b,
  mustBeLessOrEqualTo: (v, b) => v <= b,
};

function passes(rule: Json, value: number): { ok: boolean; expected: string } {
  for (const [operator, test] of Object.entries(OPERATORS)) {
    if (typeof rule[operator] === 'number')
      return { ok: test(value, rule[operator]), expected: `${operator} ${rule[operator]}` };
  }
  const between = rule.mustBeBetween;
  if (Array.isArray(between)) {
    const [low, high] = between as [number, number];
    return { ok: value >= low && value <= high, expected: `between ${low} and ${high}` };
  }
  return { ok: value === 0, expected: 'mustBe 0' };
}

/** Prefix of a problem found by a rule of severity warning: reported, not failing. */
export const WARNING = 'warning: ';

/**
 * Problems of a relation against its contract's single schema object, as readable lines
 * (empty when it keeps the contract); those of warning-level rules start with {@link WARNING}. `checkTypes` compares DuckDB column types with the
 * physicalType, for contracts written with DuckDB type names.
 */
export async function checkAgainstContract(
  connection: DuckDBConnection,
  relation: string,
  contract: DemoDocument,
  checkTypes: boolean,
): Promise<string[]> {
  const problems: string[] = [];
  const object = schemaObject(contract);
  const props = properties(object);
  const at = (what: string): string => `${contract.path} ${String(object.name)}${what}`;
  await connection.run(`CREATE OR REPLACE TEMP VIEW checked AS SELECT * FROM ${relation}`);
  const described = (await connection.runAndReadAll('DESCRIBE checked')).getRowObjectsJson();
  const actual = described.map((c) => text(c.column_name));
  const expected = props.map((p) => String(p.physicalName ?? p.name));
  if (actual.join(',') !== expected.join(','))
    problems.push(at(`: columns ${actual.join(',')} != contract ${expected.join(',')}`));
  if (checkTypes) {
    for (const p of props) {
      const column = described.find((c) => c.column_name === (p.physicalName ?? p.name));
      if (column && text(column.column_type) !== text(p.physicalType)) {
        problems.push(
          at(
            `.${text(p.name)}: type ${text(column.column_type)} != physicalType ${text(p.physicalType)}`,
          ),
        );
      }
    }
  }
  const total = await scalar(connection, 'SELECT count(*) FROM checked');
  const key = props
    .filter((p) => p.primaryKey === true)
    .map((p) => quote(String(p.physicalName ?? p.name)));
  if (key.length > 0) {
    const duplicates = await scalar(
      connection,
      `SELECT count(*) - count(DISTINCT (${key.join(', ')})) FROM checked`,
    );
    if (duplicates !== 0) problems.push(at(`: ${duplicates} duplicate primary keys`));
  }
  const measure = async (rule: Json, column: string | undefined): Promise<number | undefined> => {
    const args = (rule.arguments ?? {}) as Json;
    if (rule.type === 'sql')
      return scalar(connection, String(rule.query).replaceAll('{object}', 'checked'));
    switch (rule.metric) {
      case 'rowCount':
        return total;
      case 'nullValues':
        return scalar(connection, `SELECT count(*) FROM checked WHERE ${column!} IS NULL`);
      case 'invalidValues': {
        const valid = asList(args.validValues).map((v) =>
          typeof v === 'string' ? literal(v) : String(v),
        );
        return scalar(
          connection,
          `SELECT count(*) FROM checked WHERE ${column!} NOT IN (${valid.join(', ')})`,
        );
      }
      case 'duplicateValues': {
        const columns = args.properties
          ? asList(args.properties).map((p) => quote(String(p)))
          : [column!];
        return scalar(
          connection,
          `SELECT count(*) - count(DISTINCT (${columns.join(', ')})) FROM checked WHERE (${columns.join(', ')}) IS NOT NULL`,
        );
      }
      default:
        return undefined;
    }
  };
  const checkRules = async (
    rules: unknown,
    column: string | undefined,
    where: string,
  ): Promise<void> => {
    for (const rule of asList(rules) as Json[]) {
      const value = await measure(rule, column);
      if (value === undefined) continue;
      const measured =
        rule.unit === 'percent' && rule.type !== 'sql' && rule.metric !== 'rowCount'
          ? (100 * value) / Math.max(total, 1)
          : value;
      const verdict = passes(rule, measured);
      // ODCS severity is free text; as in Meshwork's checks, only "error" (or none) fails.
      const level = text(rule.severity).toLowerCase();
      const warning = level !== '' && level !== 'error' ? WARNING : '';
      if (!verdict.ok) {
        const what = `${where}: ${text(rule.name ?? rule.metric)} = ${measured}, expected ${verdict.expected}`;
        problems.push(warning + at(what));
      }
    }
  };
  for (const p of props) {
    const column = quote(String(p.physicalName ?? p.name));
    const where = `.${String(p.name)}`;
    if (
      p.required === true &&
      (await scalar(connection, `SELECT count(*) FROM checked WHERE ${column} IS NULL`)) > 0
    ) {
      problems.push(at(`${where}: required but has nulls`));
    }
    if (
      p.unique === true &&
      (await scalar(
        connection,
        `SELECT count(*) - count(DISTINCT ${column}) FROM checked WHERE ${column} IS NOT NULL`,
      )) > 0
    ) {
      problems.push(at(`${where}: unique but has duplicates`));
    }
    await checkRules(p.quality, column, where);
  }
  await checkRules(object.quality, undefined, '');
  return problems;
}
