import type { OdcsLogicalType } from '../../standards/odcs/index.ts';
import type { CatalogColumn, CatalogForeignKey, CatalogGap, CatalogTable } from '../catalog.ts';
import { serverEntryOf } from './server-entry.ts';
import type { ServerEntryReading } from './server-entry.ts';
import { logicalTypeOfSql } from './sql-logical-type.ts';

/**
 * A Data Contract Specification document (`datacontract.yaml`, dataContractSpecification
 * 0.9.x and 1.x — the format datacontract-cli used before ODCS) read into the catalog model:
 * `models` become tables, `fields` columns (`type`, `required`, `unique`, `primaryKey` /
 * the older `primary`, a model-level `primaryKey` list, `references` → a foreign key,
 * `description`, `enum`, `minLength`/`maxLength`/`pattern`/`format`, `minimum`/`maximum`,
 * a physical type from `config.<serverType>Type`), local `$ref`s into `definitions`, and
 * `servers` → the server entry. A nested object's fields are not columns of a table: such
 * a column is an `object` and the report says its fields were not carried.
 */

export interface DcsReading {
  readonly specification: string | undefined;
  readonly id: string | undefined;
  readonly title: string | undefined;
  readonly tables: readonly CatalogTable[];
  readonly gaps: readonly CatalogGap[];
  /** The `servers`, in the file's order, each as an ODCS entry or what it lacks. */
  readonly servers: readonly { readonly name: string; readonly reading: ServerEntryReading }[];
}

type Dict = Readonly<Record<string, unknown>>;

const DCS_TYPES: Readonly<Record<string, OdcsLogicalType>> = {
  number: 'number',
  decimal: 'number',
  numeric: 'number',
  float: 'number',
  double: 'number',
  int: 'integer',
  integer: 'integer',
  long: 'integer',
  bigint: 'integer',
  string: 'string',
  text: 'string',
  varchar: 'string',
  bytes: 'string',
  boolean: 'boolean',
  timestamp: 'timestamp',
  timestamp_tz: 'timestamp',
  timestamp_ntz: 'timestamp',
  date: 'date',
  time: 'time',
  array: 'array',
  object: 'object',
  record: 'object',
  struct: 'object',
  map: 'object',
};

const KNOWN_VERSION = /^(0\.9\.\d+|1\.\d+\.\d+)$/;

/** How a `config` key names the physical type per server type (datacontract-cli's naming). */
const CONFIG_TYPE_KEYS: Readonly<Record<string, string>> = {
  postgres: 'postgresType',
  postgresql: 'postgresType',
  mysql: 'mysqlType',
  snowflake: 'snowflakeType',
  bigquery: 'bigqueryType',
  sqlserver: 'sqlserverType',
  databricks: 'databricksType',
  redshift: 'redshiftType',
  trino: 'trinoType',
  duckdb: 'duckdbType',
};

export function readDcs(data: unknown, file: string, system: string): DcsReading {
  const gaps: CatalogGap[] = [];
  const root = asDict(data);
  if (root === undefined) {
    return {
      specification: undefined,
      id: undefined,
      title: undefined,
      tables: [],
      servers: [],
      gaps: [{ table: null, reason: `${file} is not a YAML mapping.` }],
    };
  }
  const specification = text(root.dataContractSpecification);
  if (specification === undefined || !KNOWN_VERSION.test(specification)) {
    gaps.push({
      table: null,
      reason: `${file}: dataContractSpecification ${JSON.stringify(root.dataContractSpecification ?? null)} is not 0.9.x or 1.x; read as 1.x`,
    });
  }
  const servers = Object.entries(asDict(root.servers) ?? {}).map(([name, value]) => {
    const server = asDict(value) ?? {};
    return { name, reading: serverEntryOf(system, text(server.type) ?? '', server) };
  });
  const serverType = servers.find((s) => s.reading.ok)?.reading;
  const typeKey = serverType?.ok ? CONFIG_TYPE_KEYS[serverType.entry.type] : undefined;
  const definitions = asDict(root.definitions) ?? {};

  const models = asDict(root.models);
  if (models === undefined || Object.keys(models).length === 0) {
    gaps.push({ table: null, reason: `${file} has no models.` });
  }
  const tables: CatalogTable[] = [];
  for (const [name, value] of Object.entries(models ?? {})) {
    const model = asDict(value);
    if (model === undefined) {
      gaps.push({ table: name, reason: `${file}: model ${name} is not a mapping` });
      continue;
    }
    tables.push(readModel(name, model, { file, definitions, typeKey, gaps }));
  }
  return {
    specification,
    id: text(root.id),
    title: text(asDict(root.info)?.title),
    tables,
    gaps,
    servers,
  };
}

interface ModelContext {
  readonly file: string;
  readonly definitions: Dict;
  readonly typeKey: string | undefined;
  readonly gaps: CatalogGap[];
}

function readModel(name: string, model: Dict, context: ModelContext): CatalogTable {
  const fields = Object.entries(asDict(model.fields) ?? {});
  const modelKey = Array.isArray(model.primaryKey)
    ? model.primaryKey.filter((k): k is string => typeof k === 'string')
    : undefined;
  const resolved = fields.map(
    ([field, value]) => [field, resolveField(name, field, value, context)] as const,
  );
  const fieldKey = resolved
    .filter(([, f]) => f.primaryKey === true || f.primary === true)
    .map(([field]) => field);
  const primaryKey = modelKey ?? fieldKey;
  for (const column of primaryKey) {
    if (!fields.some(([field]) => field === column)) {
      context.gaps.push({
        table: name,
        reason: `${context.file}: primaryKey ${column} of model ${name} is not one of its fields`,
      });
    }
  }
  const foreignKeys: CatalogForeignKey[] = [];
  const columns: CatalogColumn[] = resolved.map(([field, f]) => {
    const references = text(f.references);
    if (references !== undefined) {
      const parts = references.split('.');
      if (parts.length >= 2 && parts.every((p) => p !== '')) {
        const referenced = parts.at(-1)!;
        const table = parts.at(-2)!;
        const schema = parts.length > 2 ? parts.slice(0, -2).join('.') : undefined;
        foreignKeys.push({
          columns: [field],
          table,
          ...(schema === undefined ? {} : { schema }),
          referencedColumns: [referenced],
        });
      } else {
        context.gaps.push({
          table: name,
          reason: `${context.file}: references ${JSON.stringify(references)} of ${name}.${field} is not model.field; left out`,
        });
      }
    }
    return columnOf(name, field, f, primaryKey.indexOf(field), {
      ...context,
      singleKey: primaryKey.length === 1,
    });
  });
  const description = text(model.description);
  return {
    name,
    kind: text(model.type) === 'view' ? 'view' : 'table',
    ...(description === undefined ? {} : { description }),
    columns,
    uniqueKeys: [],
    foreignKeys,
  };
}

/** A field with a local `$ref` (`#/definitions/x`) takes the definition's keys under its own. */
function resolveField(model: string, name: string, value: unknown, context: ModelContext): Dict {
  const field = asDict(value) ?? {};
  const ref = text(field.$ref);
  if (ref === undefined) return field;
  const match = /^#\/definitions\/([^/]+)$/.exec(ref);
  const definition = match ? asDict(context.definitions[match[1]!]) : undefined;
  if (definition === undefined) {
    context.gaps.push({
      table: model,
      reason: `${context.file}: ${model}.${name} refers to ${ref}, which is not a definition of this file; read without it`,
    });
    return field;
  }
  return { ...definition, ...field };
}

function columnOf(
  model: string,
  name: string,
  field: Dict,
  keyIndex: number,
  context: ModelContext & { readonly singleKey: boolean },
): CatalogColumn {
  const dcsType = text(field.type)?.toLowerCase();
  const config = asDict(field.config) ?? {};
  const physicalType =
    text(context.typeKey === undefined ? undefined : config[context.typeKey]) ??
    text(config.physicalType);
  let logicalType: OdcsLogicalType =
    dcsType === undefined ? 'string' : (DCS_TYPES[dcsType] ?? 'string');
  if (dcsType !== undefined && DCS_TYPES[dcsType] === undefined) {
    const reading = logicalTypeOfSql(dcsType, 'generic');
    logicalType = reading.logicalType;
  }
  if (asDict(field.fields) !== undefined) {
    context.gaps.push({
      table: model,
      reason: `${context.file}: the nested fields of ${model}.${name} are not carried; the column is an object`,
    });
    logicalType = 'object';
  }
  const options: Record<string, unknown> = {};
  const number = (key: string): number | undefined =>
    typeof field[key] === 'number' && Number.isFinite(field[key]) ? field[key] : undefined;
  if (logicalType === 'string') {
    for (const key of ['minLength', 'maxLength'] as const) {
      const value = number(key);
      if (value !== undefined && Number.isInteger(value) && value >= 0) options[key] = value;
    }
    if (text(field.pattern) !== undefined) options.pattern = text(field.pattern);
    if (text(field.format) !== undefined) options.format = text(field.format);
  }
  if (logicalType === 'number' || logicalType === 'integer') {
    for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
      const value = number(key);
      if (value !== undefined) options[key] = value;
    }
  }
  const validValues = Array.isArray(field.enum)
    ? field.enum.filter((v): v is string | number | boolean =>
        ['string', 'number', 'boolean'].includes(typeof v),
      )
    : undefined;
  const description = text(field.description) ?? text(field.title);
  const primaryKey = keyIndex >= 0;
  return {
    name,
    ...(physicalType === undefined ? {} : { physicalType: physicalType.toLowerCase() }),
    logicalType,
    ...(Object.keys(options).length === 0 ? {} : { logicalTypeOptions: options }),
    required: field.required === true || primaryKey,
    ...(primaryKey ? { primaryKeyPosition: keyIndex + 1 } : {}),
    // A key of one column is unique by being the key; `unique` is for other constraints.
    unique: field.unique === true && !(primaryKey && context.singleKey),
    ...(description === undefined ? {} : { description }),
    ...(validValues === undefined || validValues.length === 0 ? {} : { validValues }),
  };
}

function asDict(value: unknown): Dict | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Dict)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
