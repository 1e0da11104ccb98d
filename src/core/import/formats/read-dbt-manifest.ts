import type { CatalogColumn, CatalogForeignKey, CatalogGap, CatalogTable } from '../catalog.ts';
import type { ServerEntryReading } from './server-entry.ts';
import { serverEntryOf } from './server-entry.ts';
import type { LogicalTypeReading, SqlTypeDialect } from './sql-logical-type.ts';
import { logicalTypeOfSql } from './sql-logical-type.ts';

/**
 * A dbt `manifest.json` (schema v7 to v12, dbt 1.3 to 1.10) read into the catalog model.
 * Tables: `sources` and the model, seed and snapshot nodes (ephemeral models are not in the
 * database and are said so). Columns: `data_type`, `description`, and what the project
 * asserts of them — the generic tests `not_null`, `unique`, `relationships`,
 * `accepted_values`, dbt_utils' `unique_combination_of_columns`, and model contract
 * `constraints` (dbt 1.5+). A test dbt runs only as a warning, or only on some rows
 * (`where`), is not a fact about every row: it is not carried, and the report says so.
 */

export interface DbtReading {
  /** 7 … 12, from `metadata.dbt_schema_version`; undefined when it names none. */
  readonly schemaVersion: number | undefined;
  readonly projectName: string | undefined;
  readonly adapter: string | undefined;
  readonly tables: readonly CatalogTable[];
  readonly gaps: readonly CatalogGap[];
  /** The server entry the manifest makes for the chosen tables, or what it lacks. */
  readonly server: ServerEntryReading | undefined;
}

export interface DbtReadOptions {
  readonly file: string;
  readonly system: string;
  /** Only nodes in this schema (`--schema`). */
  readonly schema?: string;
  /** How a `data_type` reads as a logical type; default `logicalTypeOfSql`. */
  readonly logicalTypeOf?: (physicalType: string, dialect: SqlTypeDialect) => LogicalTypeReading;
}

type Dict = Readonly<Record<string, unknown>>;

interface Relation {
  readonly id: string;
  readonly label: string;
  readonly node: Dict;
  readonly table: string;
  readonly database: string | undefined;
  readonly schema: string | undefined;
  readonly kind: 'table' | 'view';
}

interface DraftColumn {
  readonly name: string;
  physicalType: string | undefined;
  description: string | undefined;
  required: boolean;
  unique: boolean;
  primaryKeyPosition: number | undefined;
  validValues: readonly (string | number | boolean)[] | undefined;
}

interface Draft {
  readonly relation: Relation;
  readonly columns: DraftColumn[];
  readonly uniqueKeys: (readonly string[])[];
  readonly foreignKeys: (CatalogForeignKey & { readonly target: string })[];
  readonly skipped: string[];
}

/** dbt's adapter names → ODCS server types and how their type names read. */
const ADAPTERS: Readonly<Record<string, { type: string; dialect: SqlTypeDialect }>> = {
  postgres: { type: 'postgres', dialect: 'postgres' },
  redshift: { type: 'redshift', dialect: 'postgres' },
  mysql: { type: 'mysql', dialect: 'mysql' },
  mariadb: { type: 'mysql', dialect: 'mysql' },
  duckdb: { type: 'duckdb', dialect: 'generic' },
  snowflake: { type: 'snowflake', dialect: 'generic' },
  bigquery: { type: 'bigquery', dialect: 'generic' },
  databricks: { type: 'databricks', dialect: 'generic' },
  spark: { type: 'databricks', dialect: 'generic' },
  sqlserver: { type: 'sqlserver', dialect: 'generic' },
  trino: { type: 'trino', dialect: 'generic' },
  athena: { type: 'athena', dialect: 'generic' },
  clickhouse: { type: 'clickhouse', dialect: 'generic' },
};

const TABLE_NODES = new Set(['model', 'seed', 'snapshot']);

export function readDbtManifest(data: unknown, options: DbtReadOptions): DbtReading {
  const gaps: CatalogGap[] = [];
  const root = asDict(data) ?? {};
  const metadata = asDict(root.metadata) ?? {};
  const versionText = text(metadata.dbt_schema_version);
  const version = /manifest\/v(\d+)\.json$/.exec(versionText ?? '')?.[1];
  const schemaVersion = version === undefined ? undefined : Number(version);
  if (schemaVersion === undefined || schemaVersion < 7 || schemaVersion > 12) {
    gaps.push({
      table: null,
      reason: `${options.file}: manifest schema ${versionText ?? '(none)'} is not v7–v12; read as v12`,
    });
  }
  const adapterName = text(metadata.adapter_type)?.toLowerCase();
  const adapter = adapterName === undefined ? undefined : ADAPTERS[adapterName];
  const dialect = adapter?.dialect ?? 'generic';

  const relations = relationsOf(root, options, gaps);
  const drafts = new Map<string, Draft>();
  for (const relation of relations) {
    drafts.set(relation.id, draftOf(relation));
  }
  const nodes = asDict(root.nodes) ?? {};
  for (const value of Object.values(nodes)) {
    const node = asDict(value);
    if (node?.resource_type !== 'test') continue;
    applyTest(node, drafts, relations);
  }
  for (const draft of drafts.values()) applyConstraints(draft, relations);

  const tables: CatalogTable[] = [];
  const taken = new Map<string, Relation>();
  for (const draft of drafts.values()) {
    const { relation } = draft;
    const other = taken.get(relation.table);
    if (other !== undefined) {
      gaps.push({
        table: relation.table,
        reason: `${options.file}: ${relation.label} and ${other.label} are both called ${relation.table}; the first is imported — pick a schema with --schema`,
      });
      continue;
    }
    taken.set(relation.table, relation);
    if (draft.skipped.length > 0) {
      gaps.push({
        table: relation.table,
        reason: `${options.file}: not carried for ${relation.table}: ${draft.skipped.join('; ')}`,
      });
    }
    tables.push(tableOf(draft, dialect, relations, options.logicalTypeOf ?? logicalTypeOfSql));
  }

  const chosen = [...taken.values()];
  const databases = [...new Set(chosen.map((r) => r.database).filter((d) => d !== undefined))];
  const schemas = [...new Set(chosen.map((r) => r.schema).filter((s) => s !== undefined))];
  let server: ServerEntryReading | undefined;
  if (adapter !== undefined && chosen.length > 0) {
    const database = databases.length === 1 ? databases[0] : undefined;
    const schema = schemas.length === 1 ? schemas[0] : undefined;
    server = serverEntryOf(options.system, adapter.type, {
      database,
      schema,
      project: database,
      dataset: schema,
      catalog: database,
    });
    if (!server.ok) {
      const where = [
        databases.length === 1 ? `database ${databases[0]}` : undefined,
        schemas.length === 1
          ? `schema ${schemas[0]}`
          : schemas.length > 1
            ? `schemas ${schemas.join(', ')} (pick one with --schema)`
            : undefined,
      ].filter((w) => w !== undefined);
      gaps.push({
        table: null,
        reason: `${options.file}: the manifest names no ${server.missing.join(', ')} of its ${adapterName ?? ''} server${where.length > 0 ? ` (${where.join(', ')})` : ''}; the contracts get no server — add one, or import from the database itself`,
      });
    }
  } else if (adapter === undefined && chosen.length > 0) {
    gaps.push({
      table: null,
      reason: `${options.file}: adapter ${adapterName ?? '(not named)'} is not one Meshwork maps to a server type; the contracts get no server`,
    });
  }
  return {
    schemaVersion,
    projectName: text(metadata.project_name),
    adapter: adapterName,
    tables,
    gaps,
    server,
  };
}

function relationsOf(root: Dict, options: DbtReadOptions, gaps: CatalogGap[]): Relation[] {
  const relations: Relation[] = [];
  const wanted = (schema: string | undefined): boolean =>
    options.schema === undefined || schema?.toLowerCase() === options.schema.toLowerCase();
  for (const [id, value] of Object.entries(asDict(root.sources) ?? {})) {
    const node = asDict(value);
    if (node === undefined) continue;
    const name = text(node.identifier) ?? text(node.name);
    if (name === undefined || !wanted(text(node.schema))) continue;
    relations.push({
      id,
      label: `source ${text(node.source_name) ?? ''}.${text(node.name) ?? name}`,
      node,
      table: name,
      database: text(node.database),
      schema: text(node.schema),
      kind: 'table',
    });
  }
  for (const [id, value] of Object.entries(asDict(root.nodes) ?? {})) {
    const node = asDict(value);
    const type = text(node?.resource_type);
    if (node === undefined || type === undefined || !TABLE_NODES.has(type)) continue;
    const name = text(node.alias) ?? text(node.name);
    if (name === undefined || !wanted(text(node.schema))) continue;
    const materialized = text(asDict(node.config)?.materialized);
    if (materialized === 'ephemeral') {
      gaps.push({
        table: name,
        reason: `${options.file}: model ${text(node.name) ?? name} is ephemeral — a CTE, not a relation in the database`,
      });
      continue;
    }
    relations.push({
      id,
      label: `${type} ${text(node.name) ?? name}`,
      node,
      table: name,
      database: text(node.database),
      schema: text(node.schema),
      kind: materialized === 'view' ? 'view' : 'table',
    });
  }
  return relations;
}

function draftOf(relation: Relation): Draft {
  const columns: DraftColumn[] = [];
  for (const [key, value] of Object.entries(asDict(relation.node.columns) ?? {})) {
    const column = asDict(value) ?? {};
    columns.push({
      name: text(column.name) ?? key,
      physicalType: text(column.data_type)?.toLowerCase(),
      description: text(column.description),
      required: false,
      unique: false,
      primaryKeyPosition: undefined,
      validValues: undefined,
    });
  }
  return { relation, columns, uniqueKeys: [], foreignKeys: [], skipped: [] };
}

/** The relation a test is attached to: `attached_node` (v8+), else its `model` argument. */
function attachedTo(
  node: Dict,
  drafts: ReadonlyMap<string, Draft>,
  relations: readonly Relation[],
): Draft | undefined {
  const attached = text(node.attached_node);
  if (attached !== undefined) return drafts.get(attached);
  const kwargs = asDict(asDict(node.test_metadata)?.kwargs) ?? {};
  const target = resolveRef(text(kwargs.model) ?? '', relations);
  if (target !== undefined) return drafts.get(target.id);
  const depends = asDict(node.depends_on)?.nodes;
  const ids: readonly unknown[] = Array.isArray(depends) ? depends : [];
  const first = ids.find((d): d is string => typeof d === 'string' && drafts.has(d));
  return first === undefined ? undefined : drafts.get(first);
}

function applyTest(
  node: Dict,
  drafts: ReadonlyMap<string, Draft>,
  relations: readonly Relation[],
): void {
  const metadata = asDict(node.test_metadata);
  if (metadata === undefined) return;
  const draft = attachedTo(node, drafts, relations);
  if (draft === undefined) return;
  const name = text(metadata.name) ?? '';
  const namespace = text(metadata.namespace);
  const kwargs = asDict(metadata.kwargs) ?? {};
  const config = asDict(node.config) ?? {};
  const columnName = text(node.column_name) ?? text(kwargs.column_name);
  const label = `${namespace === undefined ? '' : `${namespace}.`}${name}${columnName === undefined ? '' : ` on ${columnName}`}`;
  if (text(config.where) !== undefined) {
    draft.skipped.push(`${label} (runs only where ${text(config.where)})`);
    return;
  }
  if (text(config.severity)?.toLowerCase() === 'warn') {
    draft.skipped.push(`${label} (severity warn)`);
    return;
  }
  const column = draft.columns.find(
    (c) => c.name === columnName || c.name.toLowerCase() === columnName?.toLowerCase(),
  );
  if (namespace === 'dbt_utils' && name === 'unique_combination_of_columns') {
    const list = Array.isArray(kwargs.combination_of_columns)
      ? kwargs.combination_of_columns.filter((c): c is string => typeof c === 'string')
      : [];
    if (list.length > 1 && list.every((c) => draft.columns.some((d) => d.name === c)))
      draft.uniqueKeys.push(list);
    else draft.skipped.push(`${label} (columns not all described)`);
    return;
  }
  if (namespace !== undefined) return;
  if (column === undefined) {
    if (['not_null', 'unique', 'relationships', 'accepted_values'].includes(name)) {
      draft.skipped.push(`${label} (no such column described)`);
    }
    return;
  }
  if (name === 'not_null') column.required = true;
  else if (name === 'unique') column.unique = true;
  else if (name === 'accepted_values') {
    const values = Array.isArray(kwargs.values)
      ? kwargs.values.filter((v): v is string | number | boolean =>
          ['string', 'number', 'boolean'].includes(typeof v),
        )
      : [];
    if (values.length > 0) column.validValues = values;
  } else if (name === 'relationships') {
    const target =
      resolveRef(text(kwargs.to) ?? '', relations) ?? otherDependency(node, draft, relations);
    const field = text(kwargs.field);
    if (target === undefined || field === undefined) {
      draft.skipped.push(
        `${label} (target ${text(kwargs.to) ?? '?'} not among the imported tables)`,
      );
      return;
    }
    draft.foreignKeys.push({
      columns: [column.name],
      table: target.table,
      referencedColumns: [field],
      target: target.id,
    });
  }
}

function otherDependency(
  node: Dict,
  draft: Draft,
  relations: readonly Relation[],
): Relation | undefined {
  const depends = asDict(node.depends_on)?.nodes;
  if (!Array.isArray(depends)) return undefined;
  const others = depends.filter((d) => d !== draft.relation.id);
  return others.length === 1 ? relations.find((r) => r.id === others[0]) : undefined;
}

/** `ref('orders')`, `ref('pkg', 'orders')`, `ref('orders', v=2)`, `source('raw', 'customers')`, inside `{{ … }}` or not. */
function resolveRef(expression: string, relations: readonly Relation[]): Relation | undefined {
  const call = /\b(ref|source)\s*\(([^)]*)\)/.exec(expression.slice(0, 1000));
  if (call === null) return undefined;
  const args = [...call[2]!.matchAll(/(?:^|,)\s*(?:\w+\s*=\s*)?(['"])(.*?)\1/g)].map((m) => m[2]!);
  if (call[1] === 'source') {
    const [source, table] = args;
    return relations.find(
      (r) =>
        r.id.startsWith('source.') &&
        text(r.node.source_name) === source &&
        text(r.node.name) === table,
    );
  }
  const name = args.length >= 2 && !/\bv(ersion)?\s*=/.test(call[2]!) ? args[1] : args[0];
  return relations.find((r) => !r.id.startsWith('source.') && text(r.node.name) === name);
}

/** dbt model contracts (1.5+): column and model `constraints`. */
function applyConstraints(draft: Draft, relations: readonly Relation[]): void {
  const apply = (constraint: Dict, columns: readonly string[]): void => {
    const type = text(constraint.type);
    const known = columns.every((c) => draft.columns.some((d) => d.name === c));
    if (!known || columns.length === 0) return;
    const first = draft.columns.find((c) => c.name === columns[0])!;
    if (type === 'not_null')
      for (const c of columns) draft.columns.find((d) => d.name === c)!.required = true;
    else if (type === 'unique') {
      if (columns.length === 1) first.unique = true;
      else draft.uniqueKeys.push(columns);
    } else if (type === 'primary_key') {
      columns.forEach((c, index) => {
        const column = draft.columns.find((d) => d.name === c)!;
        column.primaryKeyPosition = index + 1;
        column.required = true;
      });
    } else if (type === 'foreign_key') {
      const target = resolveRef(
        text(constraint.to) ?? text(constraint.expression) ?? '',
        relations,
      );
      const toColumns = Array.isArray(constraint.to_columns)
        ? constraint.to_columns.filter((c): c is string => typeof c === 'string')
        : [];
      if (target !== undefined && toColumns.length === columns.length) {
        draft.foreignKeys.push({
          columns,
          table: target.table,
          referencedColumns: toColumns,
          target: target.id,
        });
      }
    }
  };
  for (const [key, value] of Object.entries(asDict(draft.relation.node.columns) ?? {})) {
    const column = asDict(value) ?? {};
    for (const constraint of asList(column.constraints))
      apply(constraint, [text(column.name) ?? key]);
  }
  for (const constraint of asList(draft.relation.node.constraints)) {
    const columns = Array.isArray(constraint.columns)
      ? constraint.columns.filter((c): c is string => typeof c === 'string')
      : [];
    apply(constraint, columns);
  }
}

function tableOf(
  draft: Draft,
  dialect: SqlTypeDialect,
  relations: readonly Relation[],
  logicalTypeOf: (physicalType: string, dialect: SqlTypeDialect) => LogicalTypeReading,
): CatalogTable {
  const { relation } = draft;
  const description = text(relation.node.description);
  const seen = new Set<string>();
  const foreignKeys: CatalogForeignKey[] = [];
  for (const fk of draft.foreignKeys) {
    const key = `${fk.columns.join()}→${fk.target}:${fk.referencedColumns.join()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const target = relations.find((r) => r.id === fk.target);
    const schema =
      target?.schema !== undefined && target.schema !== relation.schema ? target.schema : undefined;
    foreignKeys.push({
      columns: fk.columns,
      table: fk.table,
      ...(schema === undefined ? {} : { schema }),
      referencedColumns: fk.referencedColumns,
    });
  }
  return {
    name: relation.table,
    kind: relation.kind,
    ...(description === undefined ? {} : { description }),
    columns: draft.columns.map((c): CatalogColumn => {
      const reading =
        c.physicalType === undefined
          ? { logicalType: 'string' as const }
          : logicalTypeOf(c.physicalType, dialect);
      return {
        name: c.name,
        ...(c.physicalType === undefined ? {} : { physicalType: c.physicalType }),
        logicalType: reading.logicalType,
        ...('logicalTypeOptions' in reading && reading.logicalTypeOptions !== undefined
          ? { logicalTypeOptions: reading.logicalTypeOptions }
          : {}),
        required: c.required || c.primaryKeyPosition !== undefined,
        ...(c.primaryKeyPosition === undefined ? {} : { primaryKeyPosition: c.primaryKeyPosition }),
        unique: c.unique,
        ...(c.description === undefined ? {} : { description: c.description }),
        ...(c.validValues === undefined ? {} : { validValues: c.validValues }),
      };
    }),
    uniqueKeys: draft.uniqueKeys.filter(
      (key, i, all) => all.findIndex((k) => k.join() === key.join()) === i,
    ),
    foreignKeys,
  };
}

function asDict(value: unknown): Dict | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Dict)
    : undefined;
}

function asList(value: unknown): Dict[] {
  return Array.isArray(value) ? value.map(asDict).filter((d) => d !== undefined) : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
