import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { standardLiteral } from '../sql/literals.ts';
import type { Sheet } from './xlsx-workbook.ts';
import { WorkbookError, jsonValue, readWorkbook } from './xlsx-workbook.ts';

/**
 * A workbook's sheets as Parquet files DuckDB reads, written into a scratch folder of the
 * connection and removed when it closes. The sheet's columns keep the types its cells have
 * (xlsx-workbook.ts), so a contract's `physicalType` is checked against them as against
 * any Parquet file. Each sheet is converted once per connection.
 */
export interface XlsxScratch {
  /** The Parquet file holding the sheet; throws WorkbookError when it cannot be read. */
  parquetOf(path: string, sheet: string): Promise<string>;
  /** Every sheet of the workbook, read (not converted). */
  sheets(path: string): Promise<readonly Sheet[]>;
  close(): Promise<void>;
}

export function createXlsxScratch(run: (sql: string) => Promise<void>): XlsxScratch {
  let folder: Promise<string> | undefined;
  const converted = new Map<string, Promise<string>>();
  let count = 0;

  const convert = async (path: string, sheet: string): Promise<string> => {
    folder ??= mkdtemp(join(tmpdir(), 'meshwork-xlsx-'));
    return writeSheetParquet(run, { path, sheet, dir: await folder, base: `sheet-${count++}` });
  };

  return {
    parquetOf(path, sheet) {
      const key = JSON.stringify([path, sheet]);
      let file = converted.get(key);
      if (file === undefined) {
        file = convert(path, sheet);
        converted.set(key, file);
      }
      return file;
    },
    sheets: (path) => readWorkbook(path),
    async close() {
      converted.clear();
      if (folder !== undefined) {
        const dir = await folder.catch(() => undefined);
        if (dir !== undefined) await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface SheetTarget {
  readonly path: string;
  readonly sheet: string;
  /** The folder to write into, and the file name without extension. */
  readonly dir: string;
  readonly base: string;
}

/**
 * Writes one sheet as `<dir>/<base>.parquet` with its columns typed: the cells go through
 * a newline-delimited JSON file read by DuckDB with the column types given explicitly, so
 * nothing is guessed a second time.
 */
export async function writeSheetParquet(
  run: (sql: string) => Promise<void>,
  target: SheetTarget,
): Promise<string> {
  const { path, sheet: sheetName } = target;
  const [sheet] = await readWorkbook(path, sheetName);
  if (sheet === undefined) throw new WorkbookError(`${path} has no sheet named "${sheetName}"`);
  if (sheet.columns.length === 0)
    throw new WorkbookError(`the sheet "${sheetName}" of ${path} is empty (no header row)`);
  const json = join(target.dir, `${target.base}.ndjson`);
  const parquet = join(target.dir, `${target.base}.parquet`);
  const lines = sheet.rows.map((row) =>
    JSON.stringify(
      Object.fromEntries(sheet.columns.map((c, i) => [c.name, jsonValue(row[i] ?? null, c.type)])),
    ),
  );
  await writeFile(json, lines.join('\n') + '\n', { mode: 0o600 });
  const columns = sheet.columns
    .map((c) => `${standardLiteral(c.name)}: ${standardLiteral(c.type.toUpperCase())}`)
    .join(', ');
  try {
    await run(
      `COPY (SELECT * FROM read_json(${standardLiteral(json)}, format = 'newline_delimited', columns = {${columns}})) TO ${standardLiteral(parquet)} (FORMAT parquet)`,
    );
  } finally {
    await rm(json, { force: true });
  }
  return parquet;
}
