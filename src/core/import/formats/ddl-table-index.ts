/**
 * The tables a DDL script has created so far, found by name the way the dialect compares
 * names (MySQL case-insensitively here, PostgreSQL exactly). A lookup reads only the tables
 * of that name — a scan of every table per lookup made a dump of n tables with a foreign key
 * each quadratic (20,000 tables took 16.6 s). `examined` counts the tables lookups read, so
 * a test can check the bound without a clock.
 */
export class DdlTableIndex<
  T extends { readonly schema: string | undefined; readonly name: string },
> {
  /** In the order they were added (a Set: a DROP or a re-CREATE removes in O(1)). */
  private readonly all = new Set<T>();
  private readonly byName = new Map<string, T[]>();
  /** Tables read by `find` so far. */
  examined = 0;

  constructor(private readonly caseInsensitive: boolean) {}

  add(table: T): void {
    this.all.add(table);
    const key = this.key(table.name);
    const named = this.byName.get(key);
    if (named === undefined) this.byName.set(key, [table]);
    else named.push(table);
  }

  remove(table: T): void {
    if (!this.all.delete(table)) return;
    const key = this.key(table.name);
    const rest = (this.byName.get(key) ?? []).filter((t) => t !== table);
    if (rest.length > 0) this.byName.set(key, rest);
    else this.byName.delete(key);
  }

  /**
   * The table by name; an unqualified name matches a qualified one and the other way round,
   * and where that leaves several, the one whose schema is spelled exactly so.
   */
  find(schema: string | undefined, name: string): T | undefined {
    const named = this.byName.get(this.key(name)) ?? [];
    this.examined += named.length;
    const matches = named.filter(
      (t) =>
        schema === undefined || t.schema === undefined || this.key(t.schema) === this.key(schema),
    );
    return matches.length === 1 ? matches[0] : matches.find((t) => t.schema === schema);
  }

  /** Every table, in the order added. */
  values(): T[] {
    return [...this.all];
  }

  private key(name: string): string {
    return this.caseInsensitive ? name.toLowerCase() : name;
  }
}
