import { posix } from 'node:path';
import { servedPortFile } from '../build/warehouse.ts';
import type { Catalog, ProductRecord } from './catalog-model.ts';
import { asArray, asObject, asString } from './contract-summary.ts';

/**
 * Where an output port can be read, so the portal can show a consumer how to use it:
 * each server its contract names, plus the build's embedded warehouse. Only names and
 * places, never credentials: a contract holds none, and the connection of a PostgreSQL
 * server is host, port, database and schema.
 */
export interface PortServing {
  readonly server: string;
  readonly type: string;
  /** How a consumer reads it: a Parquet file, a PostgreSQL table, or something else. */
  readonly format: 'parquet' | 'csv' | 'postgresql' | 'other';
  /** Per schema object: a file path relative to the mesh root, or `schema.table`. */
  readonly objects: readonly { readonly name: string; readonly location: string }[];
  readonly connection: {
    readonly host: string | null;
    readonly port: string | null;
    readonly database: string | null;
  } | null;
}

export interface PortUsage {
  readonly port: string;
  readonly contractId: string;
  /** The contract file, relative to the mesh root. */
  readonly contractFile: string;
  /** When the port's served snapshot was built; null when it never was. */
  readonly builtAt: string | null;
  readonly servings: readonly PortServing[];
}

const FILE_TYPES = new Set(['local', 's3', 'gcs', 'azure', 'sftp']);

function text(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return asString(value);
}

function objectsOf(contract: unknown): { name: string; physicalName: string }[] {
  return asArray(asObject(contract)?.schema).flatMap((raw) => {
    const object = asObject(raw);
    const name = asString(object?.name);
    if (name === null) return [];
    return [{ name, physicalName: asString(object?.physicalName) ?? name }];
  });
}

/**
 * The build's embedded warehouse serving of a port: the file the build writes
 * (`servedPortFile`, the one rule the build names its files by).
 */
export function warehouseServing(
  productFolder: string,
  port: string,
  contract: unknown,
): PortServing {
  const object = objectsOf(contract)[0]?.name;
  return {
    server: 'warehouse',
    type: 'local',
    format: 'parquet',
    objects: [{ name: object ?? port, location: servedPortFile(productFolder, port, object) }],
    connection: null,
  };
}

function serving(
  raw: Record<string, unknown>,
  contractFile: string,
  objects: readonly { name: string; physicalName: string }[],
): PortServing | null {
  const server = asString(raw.server);
  const type = asString(raw.type);
  if (server === null || type === null) return null;
  if (type === 'postgresql' || type === 'postgres') {
    const schema = text(raw.schema) ?? 'public';
    return {
      server,
      type,
      format: 'postgresql',
      objects: objects.map((o) => ({ name: o.name, location: `${schema}.${o.physicalName}` })),
      connection: {
        host: text(raw.host),
        port: text(raw.port),
        database: text(raw.database),
      },
    };
  }
  const path = text(raw.path) ?? text(raw.location);
  if (FILE_TYPES.has(type) && path !== null) {
    // Relative paths in `servers` resolve against the contract file's folder (README).
    const local = type === 'local' && !posix.isAbsolute(path);
    const location = local ? posix.normalize(posix.join(posix.dirname(contractFile), path)) : path;
    const format = text(raw.format) ?? posix.extname(path).slice(1);
    return {
      server,
      type,
      format: format === 'parquet' ? 'parquet' : format === 'csv' ? 'csv' : 'other',
      objects: objects.map((o) => ({ name: o.name, location })),
      connection: null,
    };
  }
  return { server, type, format: 'other', objects: [], connection: null };
}

/** The servers a contract names, as a consumer reads them; `file` is the contract's path. */
export function contractServings(contract: unknown, file: string): PortServing[] {
  const objects = objectsOf(contract);
  return asArray(asObject(contract)?.servers).flatMap((raw) => {
    const fields = asObject(raw);
    const found = fields ? serving(fields, file, objects) : null;
    return found ? [found] : [];
  });
}

/** How each output port of a product is served. */
export function portUsage(catalog: Catalog, product: ProductRecord): PortUsage[] {
  return product.detail.outputPorts.flatMap((port) => {
    const record = port.contractId ? catalog.contracts.get(port.contractId) : undefined;
    if (!record) return [];
    const servings = contractServings(record.contract, record.file);
    // The build writes every port into the warehouse, whether or not a server names it.
    const warehouse = warehouseServing(product.folder, port.name, record.contract);
    const named = servings.some((s) =>
      s.objects.some((o) => warehouse.objects.some((w) => w.location === o.location)),
    );
    if (!named) servings.unshift(warehouse);
    return [
      {
        port: port.name,
        contractId: record.id,
        contractFile: record.file,
        builtAt: product.portBuiltAt.get(port.name) ?? null,
        servings,
      },
    ];
  });
}
