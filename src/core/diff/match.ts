/**
 * Pairs the elements of two lists (schema objects, properties, quality rules, servers,
 * SLA entries): by `id` when both elements have one, otherwise by a label (the name). An
 * element whose `id` is set on both sides but differs is a different element: stable ids
 * (ODCS RFC 0026a) say which element is which, even across renames.
 */
export interface Matched<T> {
  /** The label of the old element (or the new one, for additions): names it in paths. */
  readonly label: string;
  readonly from: T | undefined;
  readonly to: T | undefined;
}

interface Keyed<T> {
  readonly value: T;
  readonly id: string | undefined;
  readonly label: string;
}

/**
 * The matched pairs in the old list's order, then the additions in the new list's order.
 * Labels that repeat inside one list get `#2`, `#3` … so every element has its own path.
 */
export function matchElements<T>(
  from: readonly T[] | undefined,
  to: readonly T[] | undefined,
  idOf: (value: T) => string | undefined,
  labelOf: (value: T, index: number) => string,
): Matched<T>[] {
  const left = keyed(from ?? [], idOf, labelOf);
  const right = keyed(to ?? [], idOf, labelOf);
  const taken = new Set<Keyed<T>>();
  const pairs = new Map<Keyed<T>, Keyed<T> | undefined>();
  for (const l of left) {
    const byId = l.id === undefined ? undefined : right.find((r) => !taken.has(r) && r.id === l.id);
    if (byId) {
      taken.add(byId);
      pairs.set(l, byId);
    }
  }
  for (const l of left) {
    if (pairs.has(l)) continue;
    const byLabel = right.find(
      (r) => !taken.has(r) && r.label === l.label && (l.id === undefined || r.id === undefined),
    );
    if (byLabel) taken.add(byLabel);
    pairs.set(l, byLabel);
  }
  const result: Matched<T>[] = left.map((l) => ({
    label: l.label,
    from: l.value,
    to: pairs.get(l)?.value,
  }));
  for (const r of right) {
    if (!taken.has(r)) result.push({ label: r.label, from: undefined, to: r.value });
  }
  return result;
}

function keyed<T>(
  values: readonly T[],
  idOf: (value: T) => string | undefined,
  labelOf: (value: T, index: number) => string,
): Keyed<T>[] {
  const seen = new Map<string, number>();
  return values.map((value, index) => {
    const base = labelOf(value, index);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { value, id: idOf(value), label: count === 1 ? base : `${base}#${count}` };
  });
}
