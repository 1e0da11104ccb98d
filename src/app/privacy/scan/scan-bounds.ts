import { MeshworkError } from '../../errors.ts';

/** `--sample`: rows sampled per table by default, and at most. */
export const DEFAULT_SAMPLE_ROWS = 1000;
export const MAX_SAMPLE_ROWS = 10_000;

/**
 * Values held in memory for one table at most (rows × columns): a table with thousands of
 * columns gets fewer rows, said in its `sampled` entry, instead of exhausting memory.
 */
export const MAX_SAMPLE_CELLS = 2_000_000;

/**
 * How long one table's sample query may run where the engine can limit it (PostgreSQL,
 * MySQL/MariaDB, which sample read-only under a statement time limit): then that table is
 * reported as not scanned and the scan goes on.
 */
export const SAMPLE_TIMEOUT_MS = 120_000;

/** Tables of one schema scanned at most; the rest are listed as not scanned. */
export const MAX_TABLES = 1000;

/** `--sample N` checked: a whole number from 1 to MAX_SAMPLE_ROWS. */
export function sampleRowsOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SAMPLE_ROWS;
  const rows = /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(rows) || rows < 1 || rows > MAX_SAMPLE_ROWS) {
    throw new MeshworkError(
      'usage',
      `--sample must be a whole number from 1 to ${MAX_SAMPLE_ROWS}, not "${value.slice(0, 40)}".`,
    );
  }
  return rows;
}

/** Rows to sample from a table of `columns` columns, within MAX_SAMPLE_CELLS. */
export function rowsWithinBudget(rows: number, columns: number): number {
  return Math.max(1, Math.min(rows, Math.floor(MAX_SAMPLE_CELLS / Math.max(columns, 1))));
}
