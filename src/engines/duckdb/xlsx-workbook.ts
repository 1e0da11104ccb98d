import { readFile, stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { type CheckedZip, ZipRefusal, checkZip } from './checked-zip.ts';

/**
 * An Excel workbook read as tables: one per sheet, its first row the header, each
 * column's type decided from its cells. DuckDB's excel extension is not available offline,
 * so the DuckDB engine reads a sheet through this reader (exceljs, pure JS) and hands it
 * to DuckDB as a Parquet file (xlsx-relation.ts). `meshwork import` and `meshwork test`
 * read a workbook through the same code, so the names and types an import writes are the
 * ones a test reads.
 *
 * A workbook is hostile input: a small zip can unpack to millions of cells, so the file
 * size is checked before reading, every part is inflated and counted against the size the
 * zip declares before exceljs sees it (checked-zip.ts), and the cells and their text are
 * counted while streaming, stopping at the bound rather than after loading everything.
 */

export const MAX_WORKBOOK_BYTES = 50 * 1024 * 1024;
export const MAX_WORKBOOK_CELLS = 1_000_000;
/** What the workbook's parts may unpack to: a million cells take some 40 MB of XML. */
export const MAX_WORKBOOK_UNPACKED_BYTES = 256 * 1024 * 1024;
/** Excel's own limit on a cell's text: a longer one was not written by Excel. */
export const MAX_CELL_TEXT = 32_767;

/** The DuckDB type a sheet column is handed over as. */
export type SheetColumnType = 'bigint' | 'double' | 'boolean' | 'date' | 'timestamp' | 'varchar';

export type CellValue = string | number | boolean | Date | null;

export interface SheetColumn {
  readonly name: string;
  readonly type: SheetColumnType;
}

export interface Sheet {
  readonly name: string;
  /** Empty when the sheet has no header row (an empty sheet). */
  readonly columns: readonly SheetColumn[];
  /** Data rows (the header excluded, entirely empty rows left out), one value per column. */
  readonly rows: readonly (readonly CellValue[])[];
}

/** The workbook is too large or not a workbook: the message says which, for the user. */
export class WorkbookError extends Error {
  override readonly name = 'WorkbookError';
}

/** Reads the sheets of a workbook (all, or the one named), within the bounds above. */
export async function readWorkbook(path: string, only?: string): Promise<readonly Sheet[]> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new WorkbookError(`no workbook at ${path}`);
  }
  if (size > MAX_WORKBOOK_BYTES)
    throw new WorkbookError(
      `${path} is ${megabytes(size)} MB; Meshwork reads workbooks up to ${megabytes(MAX_WORKBOOK_BYTES)} MB (save the sheet as CSV or Parquet instead)`,
    );
  const zip = await checkedZip(path);
  // The sheets first: exceljs's streaming reader parses a sheet on the spot once it has
  // seen the shared strings and the workbook's relations — and then needs workbook.xml (the
  // sheet names), which writers may store after the sheet (exceljs itself does; CI saw
  // "Cannot read properties of undefined (reading 'sheets')"). A sheet that comes before
  // those is kept aside and read after the whole archive, when everything is known.
  const sheetsFirst = (name: string): number =>
    /^xl\/worksheets\/sheet\d+\.xml$/.test(name) ? -1 : 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(zip.stream(sheetsFirst), {
    worksheets: 'emit',
    // Shared strings are collected here rather than by exceljs (bounded while streaming).
    sharedStrings: 'emit',
    // Dates are numbers with a date format: without the styles they read as numbers.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const sheets: Sheet[] = [];
  const strings: CellValue[] = [];
  let cells = 0;
  const count = (n: number): void => {
    cells += n;
    if (cells > MAX_WORKBOOK_CELLS)
      throw new WorkbookError(
        `${path} has more than ${MAX_WORKBOOK_CELLS.toLocaleString('en')} cells; Meshwork reads workbooks up to that size (save the sheet as CSV or Parquet instead)`,
      );
  };
  const text = (value: CellValue): CellValue => {
    if (typeof value === 'string' && value.length > MAX_CELL_TEXT)
      throw new WorkbookError(
        `${path} has a cell of more than ${MAX_CELL_TEXT.toLocaleString('en')} characters, Excel's own limit; Meshwork does not read it`,
      );
    return value;
  };
  try {
    for await (const event of reader.parse() as unknown as AsyncIterable<ReaderEvent>) {
      if ('index' in event) {
        // A shared string counts as a cell: a workbook of strings alone is bounded too.
        count(1);
        strings[event.index] = text(cellValue(event.text));
        continue;
      }
      if (event.eventType !== 'worksheet') continue;
      const worksheet = event.value as AsyncIterable<{ values: unknown }>;
      const name = sheetName(worksheet, sheets.length);
      const grid: CellValue[][] = [];
      for await (const row of worksheet) {
        const values = rowValues(row.values, strings).map(text);
        count(values.length);
        if (only === undefined || only === name) grid.push(values);
      }
      if (only === undefined || only === name) sheets.push(tableOf(name, grid));
    }
  } catch (error) {
    if (error instanceof WorkbookError) throw error;
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new WorkbookError(`cannot read ${path} as an Excel workbook (.xlsx): ${reason}`);
  }
  return sheets;
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0);
}

/**
 * The workbook's zip, every part inflated and counted against its declared size; refused
 * when it unpacks to more than the bound, lies about its sizes, or is no zip archive. The
 * file is at most MAX_WORKBOOK_BYTES, so it is read whole: the bytes checked are the bytes
 * exceljs reads, whatever happens to the file meanwhile.
 */
async function checkedZip(path: string): Promise<CheckedZip> {
  const unreadable = (reason: string): WorkbookError =>
    new WorkbookError(`cannot read ${path} as an Excel workbook (.xlsx): ${reason}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw unreadable((error instanceof Error ? error.message : String(error)).split('\n')[0]!);
  }
  try {
    return await checkZip(bytes, MAX_WORKBOOK_UNPACKED_BYTES);
  } catch (error) {
    if (!(error instanceof ZipRefusal)) throw error;
    if (error.kind === 'not-zip')
      throw unreadable('it is not a zip archive (an .xls or .ods file? save it as .xlsx)');
    if (error.kind === 'too-large')
      throw new WorkbookError(
        `${path} unpacks to ${megabytes(error.declaredBytes)} MB; Meshwork reads workbooks up to ${megabytes(MAX_WORKBOOK_UNPACKED_BYTES)} MB unpacked (save the sheet as CSV or Parquet instead)`,
      );
    throw unreadable(error.message);
  }
}

/** exceljs types its stream reader loosely; the sheet's name is read defensively. */
function sheetName(worksheet: unknown, index: number): string {
  const name = (worksheet as { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : `Sheet${index + 1}`;
}

/** What exceljs's reader yields: a shared string (`sharedStrings: 'emit'`) or an event. */
type ReaderEvent =
  | { readonly index: number; readonly text: unknown }
  | { readonly eventType: string; readonly value: unknown };

/**
 * exceljs's `row.values` is 1-based (index 0 empty) and sparse; a text cell refers to the
 * shared strings by index.
 */
function rowValues(values: unknown, strings: readonly CellValue[]): CellValue[] {
  if (!Array.isArray(values)) return [];
  const out: CellValue[] = [];
  for (let i = 1; i < values.length; i++) {
    const value: unknown = values[i];
    const shared =
      typeof value === 'object' && value !== null && 'sharedString' in value
        ? value.sharedString
        : undefined;
    out.push(typeof shared === 'number' ? (strings[shared] ?? null) : cellValue(value));
  }
  while (out.length > 0 && out[out.length - 1] === null) out.pop();
  return out;
}

/**
 * A cell as a plain value: a formula by its cached result, rich text as its text, a
 * hyperlink as its text; an error cell (#N/A, #DIV/0!) holds no value and reads as empty.
 */
export function cellValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('result' in record) return cellValue(record.result);
    if ('formula' in record || 'sharedFormula' in record) return null;
    if (Array.isArray(record.richText))
      return record.richText
        .map((part: unknown) =>
          typeof (part as { text?: unknown }).text === 'string'
            ? (part as { text: string }).text
            : '',
        )
        .join('');
    if (typeof record.text === 'string') return record.text;
    if ('error' in record) return null;
  }
  return null;
}

/** The header row names the columns; the rows below give their types. */
function tableOf(name: string, grid: readonly CellValue[][]): Sheet {
  const [header, ...body] = grid;
  const dataRows = body.filter((row) => row.some((cell) => cell !== null && cell !== ''));
  const width = Math.max(header?.length ?? 0, ...dataRows.map((row) => row.length));
  if (header === undefined || width === 0) return { name, columns: [], rows: [] };
  const names = columnNames(header, width);
  const rows = dataRows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? null));
  const columns = names.map((column, i) => ({
    name: column,
    type: columnType(rows.map((row) => row[i] ?? null)),
  }));
  return { name, columns, rows };
}

/**
 * Header cells as column names: trimmed text; an empty header cell is `column_<n>` (its
 * 1-based position), and a repeated name gets `_2`, `_3`, … so every column has one name.
 */
export function columnNames(header: readonly CellValue[], width: number): string[] {
  const used = new Set<string>();
  const names: string[] = [];
  for (let i = 0; i < width; i++) {
    const cell = header[i];
    const text = cell === null || cell === undefined ? '' : headerText(cell).trim();
    const base = text === '' ? `column_${i + 1}` : text;
    let candidate = base;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${base}_${n}`;
    used.add(candidate.toLowerCase());
    names.push(candidate);
  }
  return names;
}

function headerText(cell: Exclude<CellValue, null>): string {
  return cell instanceof Date ? isoDate(cell) : String(cell);
}

/**
 * The narrowest type that holds every value of the column: whole numbers → bigint, other
 * numbers → double, dates at midnight → date, other dates → timestamp, booleans →
 * boolean; a column of mixed kinds, of text, or without values → varchar.
 */
export function columnType(values: readonly CellValue[]): SheetColumnType {
  let type: SheetColumnType | undefined;
  for (const value of values) {
    if (value === null) continue;
    const kind = valueType(value);
    if (type === undefined) type = kind;
    else if (type !== kind) {
      const pair = new Set([type, kind]);
      if (pair.has('bigint') && pair.has('double')) type = 'double';
      else if (pair.has('date') && pair.has('timestamp')) type = 'timestamp';
      else return 'varchar';
    }
  }
  return type ?? 'varchar';
}

function valueType(value: Exclude<CellValue, null>): SheetColumnType {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'bigint' : 'double';
  if (value instanceof Date)
    return value.getUTCHours() === 0 &&
      value.getUTCMinutes() === 0 &&
      value.getUTCSeconds() === 0 &&
      value.getUTCMilliseconds() === 0
      ? 'date'
      : 'timestamp';
  return 'varchar';
}

/** A cell as JSON of the column's type (Excel's dates carry no time zone: written as read). */
export function jsonValue(
  value: CellValue,
  type: SheetColumnType,
): string | number | boolean | null {
  if (value === null) return null;
  if (value instanceof Date)
    return type === 'date'
      ? isoDate(value)
      : value.toISOString().replace('T', ' ').replace('Z', '');
  if (type === 'varchar') return typeof value === 'string' ? value : String(value);
  return value;
}

function isoDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}
