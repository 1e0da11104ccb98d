/**
 * A table lookup by a key from a document: only the table's own entries, so a key such as
 * `constructor` or `__proto__` in a contract reads as unknown, never as Object's members.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
