import { mkdir, writeFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { join } from 'node:path';
import type { CatalogColumn, CatalogTable } from '../../src/core/import/catalog.ts';
import type { TableProfile } from '../../src/core/import/profile.ts';
import type { OdcsLogicalType } from '../../src/core/standards/odcs/index.ts';
import type { Credentials, ServerEntry } from '../../src/engines/engine.ts';
import { loadEngine } from '../../src/engines/registry.ts';
import type { ImportedSystem } from '../../src/app/import/import-model.ts';
import { addProfile } from '../../src/app/import/profile/index.ts';
import { sourceContract } from '../../src/app/import/source-contract.ts';

/**
 * An `ImportedSystem` built by hand over a real connection, as the importers build it
 * (import-db's `describe()` and import-files are separate packages): the profile is tested
 * against real engines without depending on how the catalog was read.
 */
export function systemOf(
  name: string,
  server: ServerEntry,
  credentials: Credentials,
  baseDir: string,
  tables: readonly CatalogTable[],
): ImportedSystem {
  return {
    system: name,
    server,
    tables,
    gaps: [],
    data: {
      async open() {
        const engine = await loadEngine(server.type);
        if (engine === undefined) throw new Error(`no engine for ${server.type}`);
        const connection = await engine.connect({ server, credentials, baseDir });
        return {
          connection,
          relation: (table) =>
            connection.relation({
              schema: table,
              physicalName: table,
              columns: [],
              baseDir,
              server,
            }),
        };
      },
    },
  };
}

export function column(
  name: string,
  logicalType: OdcsLogicalType,
  physicalType: string,
  extra: Partial<CatalogColumn> = {},
): CatalogColumn {
  return { name, logicalType, physicalType, required: false, unique: false, ...extra };
}

export function table(name: string, columns: readonly CatalogColumn[]): CatalogTable {
  return { name, kind: 'table', columns, uniqueKeys: [], foreignKeys: [] };
}

export function columnOf(profile: TableProfile | undefined, name: string) {
  const found = profile?.columns.find((c) => c.column === name);
  if (found === undefined) throw new Error(`no profile of column ${name}`);
  return found;
}

/**
 * Writes each table's contract (import-db's writer) with the profile added into
 * `<dir>/sources/<system>/<table>.odcs.yaml`; returns the files' paths and texts.
 */
export async function writeProfiledContracts(
  dir: string,
  system: ImportedSystem,
  profiles: readonly TableProfile[],
  source: string,
): Promise<{ file: string; text: string }[]> {
  const folder = join(dir, 'sources', system.system);
  await mkdir(folder, { recursive: true });
  const out: { file: string; text: string }[] = [];
  for (const t of system.tables) {
    const plain = sourceContract(t, system, {
      kind: 'database',
      source,
      at: new Date('2026-12-05T10:00:00Z'),
    });
    const text = addProfile(plain, profiles);
    const file = join(folder, `${t.name}.odcs.yaml`);
    await writeFile(file, text);
    out.push({ file, text });
  }
  return out;
}

type Holder = { customProperties?: { property: string; value: unknown }[]; quality?: unknown[] };

/**
 * What docs/import.md tells a person to do to accept the suggestions: move each
 * `meshworkSuggestedQuality` item into the element's `quality`.
 */
export function acceptSuggestions(text: string): string {
  const doc = parse(text) as { schema: (Holder & { properties: Holder[] })[] };
  const accept = (holder: Holder): void => {
    const entry = holder.customProperties?.find((e) => e.property === 'meshworkSuggestedQuality');
    if (entry === undefined) return;
    holder.quality = [...(holder.quality ?? []), ...(entry.value as unknown[])];
    holder.customProperties = (holder.customProperties ?? []).filter((e) => e !== entry);
  };
  for (const object of doc.schema) {
    accept(object);
    object.properties.forEach(accept);
  }
  return stringify(doc);
}
