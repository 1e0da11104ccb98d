import type { Page, PageRequest } from '../app/store/store.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** The page size asked for, within 1…500 (50 when not given). */
export function limitOf(request: PageRequest): number {
  const limit = request.limit ?? DEFAULT_LIMIT;
  if (!Number.isFinite(limit) || limit < 1) return 1;
  return Math.min(Math.floor(limit), MAX_LIMIT);
}

/** Cursors are opaque to callers: base64url of a store-specific position. */
export function encodeCursor(position: string): string {
  return Buffer.from(position, 'utf8').toString('base64url');
}

/** The position in a cursor, or null for none; a malformed cursor is an error. */
export function decodeCursor(cursor: string | null | undefined): string | null {
  if (cursor === undefined || cursor === null || cursor === '') return null;
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError(cursor);
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor(cursor: string) {
    super(`invalid page cursor "${cursor.slice(0, 40)}"`);
  }
}

/** A page of an ordered list whose items have unique keys; the cursor is the last key. */
export function pageByKey<T>(
  ordered: readonly T[],
  keyOf: (item: T) => string,
  request: PageRequest,
): Page<T> {
  const after = decodeCursor(request.cursor);
  let start = 0;
  if (after !== null) {
    const index = ordered.findIndex((item) => keyOf(item) === after);
    if (index === -1) throw new InvalidCursorError(request.cursor ?? '');
    start = index + 1;
  }
  const limit = limitOf(request);
  const items = ordered.slice(start, start + limit);
  const last = items[items.length - 1];
  const next = start + limit < ordered.length && last !== undefined ? keyOf(last) : null;
  return { items, next: next === null ? null : encodeCursor(next) };
}
