import type { Page, PageRequest } from '../store/store.ts';

/** More than a dashboard reads at once: a figure over more is said to be unmeasured. */
export const READ_ALL_LIMIT = 200_000;

export class TooManyError extends Error {
  override readonly name = 'TooManyError';
}

/** Every item of a paged list, up to `READ_ALL_LIMIT` (then it throws, never truncates). */
export async function readAll<T>(
  list: (page: PageRequest) => Promise<Page<T>>,
  limit = READ_ALL_LIMIT,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page = await list({ limit: 500, cursor });
    items.push(...page.items);
    if (items.length > limit) throw new TooManyError(`more than ${limit} to read`);
    cursor = page.next;
  } while (cursor !== null);
  return items;
}
