import { stringify } from 'yaml';
import type { CatalogColumn, CatalogTable } from '../../core/import/catalog.ts';
import type { ServerEntry } from '../../engines/engine.ts';
import { credentialPrefix } from '../testing/credentials.ts';
import { contractFileOf } from './contract-file-name.ts';
import type { ImportedSystem, ImportSource } from './import-model.ts';

export interface SourceContractOptions {
  readonly kind: ImportSource['kind'];
  /** Where the tables came from, as it may be shown: a URL without credentials, a relative path. */
  readonly source: string;
  /** When the import ran (`customProperties.meshworkImportedFrom.at`, the default purpose). */
  readonly at: Date;
  /** `--domain`: the contract's domain; omitted when not given. */
  readonly domain?: string;
}

/** A contract as plain data, keys in the order they are written. */
export type ContractDocument = Record<string, unknown>;

/**
 * What one table's contract could not say, for the import's report: a foreign key to a
 * table that has no contract of this import, a composite key whose columns ODCS's
 * shorthand cannot name.
 */
export interface SourceContractNote {
  readonly table: string;
  readonly note: string;
}

/** An ODCS reference may name objects and properties only with these characters. */
const REFERENCE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One table of an imported system as an ODCS v3.1.0 source contract (issue 12 conventions,
 * SPEC "Conventions for the contracts `meshwork import` writes"), as YAML text: a comment
 * on top saying how it was made and where the credentials come from, then the document
 * with a stable key order in block style.
 */
export function sourceContract(
  table: CatalogTable,
  system: ImportedSystem,
  options: SourceContractOptions,
): string {
  return sourceContractText(
    sourceContractDocument(table, system, options).document,
    system,
    options,
  );
}

/** The YAML text of a contract document (fresh or merged), with the import's header comment. */
export function sourceContractText(
  document: ContractDocument,
  system: Pick<ImportedSystem, 'system' | 'server'>,
  options: Pick<SourceContractOptions, 'source' | 'at'>,
): string {
  const prefix = credentialPrefix(system.system);
  const header = [
    `Imported by \`meshwork import\` from ${oneLine(options.source)} on ${dateOf(options.at)}.`,
    'Describe what a row is, add quality rules and tags: importing again keeps them.',
    system.server === undefined
      ? 'The source names no server: add one before `meshwork test` can read the data.'
      : needsCredentials(system.server)
        ? `Credentials are never written here: set ${prefix}URL (or ${prefix}USER and ${prefix}PASSWORD).`
        : 'The server entry reads local data: no credentials.',
  ];
  return `${header.map((line) => `# ${line}`).join('\n')}\n${stringify(document, {
    lineWidth: 100,
    aliasDuplicateObjects: false,
  })}`;
}

/** The contract of one table as plain data, and what it could not say. */
export function sourceContractDocument(
  table: CatalogTable,
  system: ImportedSystem,
  options: SourceContractOptions,
): { readonly document: ContractDocument; readonly notes: readonly SourceContractNote[] } {
  const notes: SourceContractNote[] = [];
  const keys = referenceKeys(table);
  const singleFks = new Map<string, string>();
  const objectRelationships: Record<string, unknown>[] = [];
  for (const fk of table.foreignKeys) {
    const target =
      fk.schema === undefined ? system.tables.find((t) => t.name === fk.table) : undefined;
    const file = target === undefined ? undefined : contractFileOf(target.name, system.tables);
    if (target === undefined || file === undefined) {
      notes.push({
        table: table.name,
        note: `foreign key (${fk.columns.join(', ')}) → ${fk.schema === undefined ? '' : `${fk.schema}.`}${fk.table} not written: the referenced table has no contract in this import`,
      });
      continue;
    }
    const targetKeys = referenceKeys(target);
    const to = fk.referencedColumns.map(
      (column) =>
        `${file}#/schema/${targetKeys.object}/properties/${targetKeys.properties.get(column) ?? column}`,
    );
    if (fk.columns.length === 1 && fk.columns[0] !== undefined && to[0] !== undefined) {
      singleFks.set(fk.columns[0], to[0]);
    } else if (fk.columns.every((c) => REFERENCE_NAME.test(c)) && REFERENCE_NAME.test(table.name)) {
      objectRelationships.push({
        type: 'foreignKey',
        from: fk.columns.map((column) => `${table.name}.${column}`),
        to,
      });
    } else {
      notes.push({
        table: table.name,
        note: `foreign key (${fk.columns.join(', ')}) → ${fk.table} not written: ODCS names the columns of a composite key only when they are plain names (letters, digits, _)`,
      });
    }
  }
  const object: Record<string, unknown> = {
    name: table.name,
    ...(keys.objectId === undefined ? {} : { id: keys.objectId }),
    physicalName: table.name,
    physicalType: table.kind,
    ...(table.description === undefined ? {} : { description: table.description }),
    properties: table.columns.map((column) =>
      propertyOf(
        column,
        keys.properties.get(column.name) === column.name
          ? undefined
          : keys.properties.get(column.name),
        singleFks.get(column.name),
      ),
    ),
    ...(objectRelationships.length === 0 ? {} : { relationships: objectRelationships }),
  };
  const quality = table.uniqueKeys
    .filter((key) => key.length > 1)
    .map((key) => ({
      type: 'library',
      metric: 'duplicateValues',
      arguments: { properties: [...key] },
      mustBe: 0,
      description: `Unique key (${key.join(', ')}) in the source.`,
    }));
  if (quality.length > 0) object.quality = quality;
  const document: ContractDocument = {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: contractIdOf(system.system, table.name),
    name: table.name,
    version: '1.0.0',
    status: 'draft',
    ...(options.domain === undefined ? {} : { domain: options.domain }),
    description: {
      purpose:
        table.description ??
        `Imported from ${system.system} on ${dateOf(options.at)}; describe what a row is.`,
    },
    ...(system.server === undefined ? {} : { servers: [serverOf(system.server)] }),
    schema: [object],
    customProperties: [
      {
        property: 'meshworkImportedFrom',
        value: { kind: options.kind, source: options.source, at: options.at.toISOString() },
      },
    ],
  };
  return { document, notes };
}

/**
 * Whether `meshwork test` needs credentials for the server: a network server (one with a
 * `host`) does; local files and a DuckDB file do not.
 */
export function needsCredentials(server: ServerEntry): boolean {
  return typeof server.host === 'string';
}

/** `<system>-<table>-v1`, slugged: the id pattern allows letters, digits, `-` and `_`. */
export function contractIdOf(system: string, table: string): string {
  const slug = (text: string): string =>
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  return [slug(system), slug(table) || 'table', 'v1'].filter((s) => s !== '').join('-');
}

function propertyOf(
  column: CatalogColumn,
  id: string | undefined,
  reference: string | undefined,
): Record<string, unknown> {
  const primaryKey = column.primaryKeyPosition !== undefined;
  const options = column.logicalTypeOptions;
  return {
    name: column.name,
    ...(id === undefined ? {} : { id }),
    physicalName: column.name,
    logicalType: column.logicalType,
    ...(column.physicalType === undefined ? {} : { physicalType: column.physicalType }),
    required: column.required || primaryKey,
    ...(column.unique ? { unique: true } : {}),
    ...(primaryKey ? { primaryKey: true, primaryKeyPosition: column.primaryKeyPosition } : {}),
    ...(column.description === undefined ? {} : { description: column.description }),
    ...(options === undefined || Object.keys(options).length === 0
      ? {}
      : { logicalTypeOptions: { ...options } }),
    ...(reference === undefined ? {} : { relationships: [{ type: 'foreignKey', to: reference }] }),
  };
}

/**
 * How references name a table and its columns: by name where ODCS's reference syntax
 * allows the name, else by an `id` given to the object or property (a column called
 * `Order ID` is `order_id`, numbered where two would meet).
 */
function referenceKeys(table: CatalogTable): {
  readonly object: string;
  readonly objectId: string | undefined;
  readonly properties: ReadonlyMap<string, string>;
} {
  const objectId = REFERENCE_NAME.test(table.name) ? undefined : idOf(table.name, new Set());
  const taken = new Set(table.columns.map((c) => c.name).filter((n) => REFERENCE_NAME.test(n)));
  const properties = new Map<string, string>();
  for (const column of table.columns) {
    if (REFERENCE_NAME.test(column.name)) properties.set(column.name, column.name);
    else {
      const id = idOf(column.name, taken);
      taken.add(id);
      properties.set(column.name, id);
    }
  }
  return { object: objectId ?? table.name, objectId, properties };
}

function idOf(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'column';
  const start = /^[a-z_]/.test(base) ? base : `c_${base}`;
  let id = start;
  for (let n = 2; taken.has(id); n++) id = `${start}_${n}`;
  return id;
}

/** The server entry as written: only what ODCS defines for it, never a credential. */
function serverOf(server: ServerEntry): Record<string, unknown> {
  const {
    user: _user,
    password: _password,
    username: _username,
    ...rest
  } = server as Record<string, unknown>;
  return rest;
}

function dateOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
