import type { DdlDialect, DdlFlavour, ExportFormat } from '../../core/export/index.ts';
import { ddlFlavourOf } from '../../core/export/index.ts';
import { loadEngine } from '../../engines/registry.ts';
import { MeshworkError } from '../errors.ts';

/** The server type whose engine writes each DDL flavour's SQL. */
const SERVER_TYPE: Readonly<Record<DdlFlavour, string>> = {
  postgres: 'postgresql',
  mysql: 'mysql',
  duckdb: 'duckdb',
};

/**
 * The engine's own dialect for an `sql-…` export — its quoting, literals and type names —
 * so the DDL quotes names exactly as Meshwork's queries do; undefined for other formats.
 */
export async function ddlDialectFor(format: ExportFormat): Promise<DdlDialect | undefined> {
  const flavour = ddlFlavourOf(format);
  if (flavour === undefined) return undefined;
  const engine = await loadEngine(SERVER_TYPE[flavour]);
  if (!engine) throw new MeshworkError('engine', `No engine writes ${format}.`);
  const { dialect } = engine;
  return {
    flavour,
    quoteIdentifier: (name) => dialect.quoteIdentifier(name),
    literal: (value) => dialect.literal(value),
    physicalTypeName: (type) => dialect.physicalTypeName(type),
  };
}
