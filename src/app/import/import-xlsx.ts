import { stat } from 'node:fs/promises';
import type { CatalogGap, CatalogTable } from '../../core/import/catalog.ts';
import { MeshworkError } from '../errors.ts';
import { MAX_TABLES } from '../privacy/scan/scan-bounds.ts';
import type { ImportSource, Importer } from './import-model.ts';
import {
  fileStem,
  localData,
  localServerOf,
  openLocal,
  reasonOf,
  shownPath,
} from './local-system.ts';

/**
 * `meshwork import book.xlsx` (issue 12): one table per sheet, named as the sheet; the
 * first row is the header, each column's type the narrowest that holds all its cells
 * (whole numbers, numbers, dates, timestamps, booleans, else text). The server entry is
 * `type: local, format: xlsx, path: <workbook>`, and each contract's object has the
 * sheet's name as its physical name, which is how the DuckDB engine finds the sheet when
 * `meshwork test` reads it. An empty sheet is a gap; a workbook over the engine's bounds
 * (50 MB, 1 million cells) is refused with the reason.
 */
export const importXlsx: Importer<Extract<ImportSource, { kind: 'xlsx' }>> = async (
  source,
  options,
) => {
  const { path } = source;
  const shown = shownPath(path, options.cwd);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile())
    throw new MeshworkError('not-found', `no workbook at ${shown}.`);
  const { system, folder, server } = localServerOf(options, fileStem(path), 'xlsx', path);
  const connection = await openLocal(server, folder);
  let sheets: readonly CatalogTable[];
  try {
    sheets = (await connection.describe?.()) ?? [];
  } catch (error) {
    throw new MeshworkError('invalid-input', `cannot import ${shown}: ${reasonOf(error)}.`, {
      cause: error,
    });
  } finally {
    await connection.close();
  }
  const gaps: CatalogGap[] = [];
  const tables: CatalogTable[] = [];
  for (const sheet of sheets) {
    if (options.tables !== undefined && !options.tables.includes(sheet.name)) continue;
    if (sheet.columns.length === 0)
      gaps.push({ table: sheet.name, reason: 'the sheet is empty (no header row)' });
    else if (tables.length >= MAX_TABLES)
      gaps.push({
        table: sheet.name,
        reason: `more than ${MAX_TABLES} sheets: only the first ${MAX_TABLES} were imported`,
      });
    else tables.push(sheet);
  }
  for (const wanted of options.tables ?? [])
    if (!sheets.some((sheet) => sheet.name === wanted))
      gaps.push({ table: wanted, reason: 'no sheet of that name in the workbook' });
  if (sheets.length === 0)
    throw new MeshworkError('invalid-input', `cannot import ${shown}: the workbook has no sheets.`);
  return { system, server, tables, gaps, data: localData(server, folder) };
};
