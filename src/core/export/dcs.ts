import { stringify } from 'yaml';
import type { OdcsContract, OdcsItemProperty } from '../standards/odcs/index.ts';
import type { ExportContract, ExportInput, ExportNote } from './export-model.ts';
import { allowedValues } from './allowed-values.ts';
import { oneLine } from './comment-text.ts';
import type { ExportTable } from './tables.ts';
import { exportTables } from './tables.ts';

type Yaml = Record<string, unknown>;

/** The version of the Data Contract Specification written (datacontract.com, 1.x). */
export const DCS_VERSION = '1.1.0';

/**
 * A Data Contract Specification file (`datacontract.yaml`, the format datacontract-cli used
 * before ODCS): `info`, `servers`, and a model per schema object with its fields — type,
 * required, unique, primaryKey, references (a single-column foreign key as `table.field`),
 * description, enum, the string and number bounds, precision/scale of a decimal. Several
 * contracts go into one file (their models together; id and info from the first).
 */
export function renderDcs(input: ExportInput): { text: string; notes: ExportNote[] } {
  const { tables, notes: found } = exportTables(input);
  const notes = [...found];
  const first = input.contracts[0];
  const models: Record<string, Yaml> = {};
  for (const table of tables) {
    let key = table.object.name;
    for (let n = 2; Object.hasOwn(models, key); n++) key = `${table.object.name}_${n}`;
    if (key !== table.object.name) {
      notes.push({
        code: 'name-changed',
        message: `A second model named ${table.object.name} is ${key}.`,
      });
    }
    models[key] = modelOf(table, notes);
  }
  const document: Yaml = {
    dataContractSpecification: DCS_VERSION,
    id: first?.contract.id ?? 'contract',
    info: first ? infoOf(first.contract) : { title: 'contract', version: '0.0.0' },
    ...serversOf(input.contracts),
    models,
  };
  const header = [
    `# Data Contract Specification ${DCS_VERSION} written by meshwork export from ${oneLine(input.contracts.map((c) => c.contract.id).join(', '))}.`,
    ...notes.map((n) => `# note: ${oneLine(n.message)}`),
  ];
  return { text: `${header.join('\n')}\n${stringify(document, { lineWidth: 0 })}`, notes };
}

function infoOf(contract: OdcsContract): Yaml {
  const team = contract.team as { readonly name?: unknown } | undefined;
  return {
    title: contract.name ?? contract.id,
    version: contract.version,
    ...(contract.status !== undefined ? { status: contract.status } : {}),
    ...(contract.description?.purpose !== undefined
      ? { description: contract.description.purpose }
      : {}),
    ...(typeof team?.name === 'string' ? { owner: team.name } : {}),
  };
}

/** ODCS server types as the DCS names them; the rest keep their name. */
const SERVER_TYPES: Readonly<Record<string, string>> = { postgresql: 'postgres' };
const SERVER_KEYS = [
  'host',
  'port',
  'database',
  'schema',
  'format',
  'path',
  'location',
  'account',
  'catalog',
  'project',
  'dataset',
];

function serversOf(contracts: readonly ExportContract[]): Yaml {
  const servers: Record<string, Yaml> = {};
  for (const { contract } of contracts) {
    for (const server of contract.servers ?? []) {
      const record = server as unknown as Readonly<Record<string, unknown>>;
      const name = typeof record.server === 'string' ? record.server : 'server';
      if (Object.hasOwn(servers, name)) continue;
      const type = typeof record.type === 'string' ? record.type : 'custom';
      const entry: Yaml = { type: SERVER_TYPES[type] ?? type };
      for (const key of SERVER_KEYS) {
        const value = record[key];
        if (typeof value === 'string' || typeof value === 'number') entry[key] = value;
      }
      if (typeof record.description === 'string') entry.description = record.description;
      servers[name] = entry;
    }
  }
  return Object.keys(servers).length > 0 ? { servers } : {};
}

function modelOf(table: ExportTable, notes: ExportNote[]): Yaml {
  const object = table.object;
  const fields: Record<string, Yaml> = {};
  for (const column of table.columns) {
    const field = fieldOf(column.property);
    if (column.required) field.required = true;
    if (table.primaryKey.includes(column.name)) field.primaryKey = true;
    if (
      table.uniqueKeys.some((k) => k.length === 1 && k[0] === column.name) ||
      (table.primaryKey.length === 1 && table.primaryKey[0] === column.name)
    ) {
      field.unique = true;
    }
    for (const key of table.foreignKeys) {
      if (!key.columns.includes(column.name) || key.target === undefined) continue;
      if (key.columns.length > 1) {
        notes.push({
          code: 'not-expressible',
          message: `${table.name}: the composite foreign key (${key.columns.join(', ')}) has no DCS form (references name one field); left out.`,
        });
        continue;
      }
      field.references = `${key.target.object.name}.${key.target.columns[0]}`;
    }
    fields[column.property.name] = field;
  }
  return {
    ...(object.description !== undefined ? { description: object.description } : {}),
    type: object.physicalType === 'view' ? 'view' : 'table',
    ...(object.businessName !== undefined ? { title: object.businessName } : {}),
    ...(table.primaryKey.length > 1 ? { primaryKey: [...table.primaryKey] } : {}),
    fields,
  };
}

function fieldOf(property: OdcsItemProperty): Yaml {
  const field: Yaml = { ...typeOf(property) };
  if (property.physicalType !== undefined) field.config = { physicalType: property.physicalType };
  if (property.businessName !== undefined) field.title = property.businessName;
  if (property.description !== undefined) field.description = property.description;
  if (property.classification !== undefined) field.classification = property.classification;
  if (property.tags !== undefined && property.tags.length > 0) field.tags = [...property.tags];
  const allowed = allowedValues(property);
  if (allowed !== undefined) field.enum = [...allowed];
  if (property.examples !== undefined && property.examples.length > 0)
    field.examples = property.examples;
  const options = property.logicalTypeOptions ?? {};
  for (const key of [
    'minLength',
    'maxLength',
    'pattern',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
  ]) {
    if (options[key] !== undefined) field[key] = options[key];
  }
  if (typeof options.format === 'string' && property.logicalType === 'string')
    field.format = options.format;
  return field;
}

function typeOf(property: OdcsItemProperty): Yaml {
  const physical = property.physicalType?.trim().toLowerCase() ?? '';
  switch (property.logicalType) {
    case 'string':
      return { type: 'string' };
    case 'integer':
      return {
        type:
          /^(bigint|int8|long|hugeint|ubigint)\b/.test(physical) ||
          property.logicalTypeOptions?.format === 'i64'
            ? 'long'
            : 'integer',
      };
    case 'number': {
      const decimal = /^(?:decimal|numeric|dec)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)/.exec(physical);
      if (decimal)
        return { type: 'decimal', precision: Number(decimal[1]), scale: Number(decimal[2] ?? 0) };
      if (/^(decimal|numeric|dec)\b/.test(physical)) return { type: 'decimal' };
      return {
        type:
          /^(real|float4|float)$/.test(physical) || property.logicalTypeOptions?.format === 'f32'
            ? 'float'
            : 'double',
      };
    }
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'date' };
    case 'timestamp':
      return {
        type:
          /with time zone|timestamptz/.test(physical) ||
          property.logicalTypeOptions?.timezone === true
            ? 'timestamp_tz'
            : /^(timestamp|datetime)/.test(physical)
              ? 'timestamp_ntz'
              : 'timestamp',
      };
    case 'time':
      // The DCS has no time type: a string in the ISO 8601 time format.
      return { type: 'string', format: 'time' };
    case 'object': {
      const nested = property.properties ?? [];
      const fields: Record<string, Yaml> = {};
      for (const p of nested)
        fields[p.name] = { ...fieldOf(p), ...(p.required === true ? { required: true } : {}) };
      return nested.length > 0 ? { type: 'object', fields } : { type: 'object' };
    }
    case 'array':
      return { type: 'array', ...(property.items ? { items: fieldOf(property.items) } : {}) };
    case 'map':
      return {
        type: 'map',
        ...(property.map
          ? { keys: fieldOf(property.map.key), values: fieldOf(property.map.value) }
          : {}),
      };
    case 'vector':
      return { type: 'array', items: { type: 'float' } };
    default:
      return {};
  }
}
