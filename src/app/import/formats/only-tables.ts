import type { CatalogGap, CatalogTable } from '../../../core/import/catalog.ts';

/** `--tables a,b`: those tables only; a name the source does not have is said, not dropped. */
export function onlyTables(
  tables: readonly CatalogTable[],
  wanted: readonly string[] | undefined,
  source: string,
): { tables: readonly CatalogTable[]; gaps: readonly CatalogGap[] } {
  if (wanted === undefined) return { tables, gaps: [] };
  const names = new Set(wanted);
  return {
    tables: tables.filter((t) => names.has(t.name)),
    gaps: wanted
      .filter((name) => !tables.some((t) => t.name === name))
      .map((name) => ({ table: name, reason: `${source} has no table ${name}.` })),
  };
}
