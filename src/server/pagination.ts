import { ApiProblem } from './problem.ts';

export const DEFAULT_LIMIT = 20;

/** Opaque cursors: the offset of the next page, base64url-encoded. */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof value.o === 'number' && Number.isInteger(value.o) && value.o >= 0) return value.o;
  } catch {
    // Falls through to the problem below.
  }
  throw new ApiProblem(400, 'Bad Request', 'The cursor is not one this server gave out.');
}

/** A page of an in-memory list. */
export function pageOf<T>(
  all: readonly T[],
  query: { limit?: number | undefined; cursor?: string | undefined },
): { items: T[]; next: string | null } {
  const offset = decodeCursor(query.cursor);
  const end = offset + (query.limit ?? DEFAULT_LIMIT);
  return { items: all.slice(offset, end), next: end < all.length ? encodeCursor(end) : null };
}
