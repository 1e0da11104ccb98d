/**
 * Placeholders in SQL quality rules. The written standard documents `{object}` and
 * `{property}`; the widely used datacontract CLI also accepts `{table}` and `{column}`,
 * and every one of them also as `${name}` (the v3.0 examples write `${table}`), hence
 * all four in both spellings. Any other `{name}` is reported, not guessed at.
 */
const PLACEHOLDER = /(["']?)(\$?\{([A-Za-z_][A-Za-z0-9_]*)\})\1/g;

const OBJECT_NAMES = new Set(['object', 'table']);
const PROPERTY_NAMES = new Set(['property', 'column']);

export interface PlaceholderTargets {
  /** Name of the schema object the rule belongs to (its physical name when given). */
  readonly object: string;
  /** Name of the property the rule is written on; undefined on a schema object. */
  readonly property: string | undefined;
  readonly quoteIdentifier: (name: string) => string;
  /**
   * What the object placeholders become instead of the quoted object name: the FROM item
   * a test reads (a file scan, a schema-qualified table). Replaced by the same pattern as
   * the name, so the text run is the text validated with a different table expression.
   */
  readonly objectSql?: string;
}

export interface PlaceholderResult {
  readonly sql: string;
  /** Placeholders that are not one of the four, as written (e.g. `${schema}`). */
  readonly unknown: readonly string[];
  /** Property placeholders in a rule that has no property. */
  readonly withoutProperty: readonly string[];
}

/**
 * Replaces the placeholders by quoted identifiers. A placeholder written inside quotes
 * of its own (`"{table}"`, `'{column}'`) is replaced with its quotes, as the datacontract
 * CLI does, so that the result is one identifier and not a quoted quote.
 */
export function substitutePlaceholders(
  query: string,
  targets: PlaceholderTargets,
): PlaceholderResult {
  const unknown: string[] = [];
  const withoutProperty: string[] = [];
  const sql = query.replace(PLACEHOLDER, (whole, _quote: string, written: string, name: string) => {
    if (OBJECT_NAMES.has(name)) return targets.objectSql ?? targets.quoteIdentifier(targets.object);
    if (PROPERTY_NAMES.has(name)) {
      if (targets.property !== undefined) return targets.quoteIdentifier(targets.property);
      withoutProperty.push(written);
      return whole;
    }
    unknown.push(written);
    return whole;
  });
  return { sql, unknown: [...new Set(unknown)], withoutProperty: [...new Set(withoutProperty)] };
}
