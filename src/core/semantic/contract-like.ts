/**
 * The few parts of an ODCS v3 contract the semantic checks read, typed loosely until the
 * ODCS model's types land in `core/standards/odcs/`; these interfaces are then replaced
 * by imports. Optional keys allow `undefined` so that types inferred from a Zod model
 * (which write `key?: T | undefined`) are assignable to them.
 *
 * Callers may pass a document that failed the structural checks (the loader validates
 * structure and semantics in one pass and reports both), so the checks read every value
 * defensively through `read.ts` and skip what they cannot read rather than throw.
 */
export interface OdcsContractLike {
  readonly apiVersion?: string | undefined;
  readonly schema?: readonly OdcsSchemaObjectLike[] | undefined;
}

export interface OdcsSchemaObjectLike {
  readonly id?: string | undefined;
  readonly name: string;
  readonly physicalName?: string | undefined;
  readonly properties?: readonly OdcsPropertyLike[] | undefined;
  readonly quality?: readonly OdcsQualityRuleLike[] | undefined;
  readonly relationships?: readonly OdcsRelationshipLike[] | undefined;
}

export interface OdcsPropertyLike {
  readonly id?: string | undefined;
  readonly name: string;
  readonly physicalName?: string | undefined;
  readonly primaryKey?: boolean | undefined;
  readonly primaryKeyPosition?: number | undefined;
  readonly properties?: readonly OdcsPropertyLike[] | undefined;
  readonly items?: OdcsItemsLike | undefined;
  readonly quality?: readonly OdcsQualityRuleLike[] | undefined;
  readonly relationships?: readonly OdcsRelationshipLike[] | undefined;
}

/** The `items` of an array property: a property without a name of its own. */
export interface OdcsItemsLike {
  readonly properties?: readonly OdcsPropertyLike[] | undefined;
  readonly items?: OdcsItemsLike | undefined;
  readonly quality?: readonly OdcsQualityRuleLike[] | undefined;
}

export interface OdcsQualityRuleLike {
  readonly type?: string | undefined;
  readonly metric?: string | undefined;
  /** The ODCS v3.0 spelling of `metric` (deprecated in v3.1). */
  readonly rule?: string | undefined;
  readonly arguments?: Readonly<Record<string, unknown>> | undefined;
  readonly unit?: string | undefined;
  readonly query?: string | undefined;
  readonly mustBe?: unknown;
  readonly mustNotBe?: unknown;
  readonly mustBeGreaterThan?: unknown;
  readonly mustBeGreaterOrEqualTo?: unknown;
  readonly mustBeLessThan?: unknown;
  readonly mustBeLessOrEqualTo?: unknown;
  readonly mustBeBetween?: unknown;
  readonly mustNotBeBetween?: unknown;
}

export interface OdcsRelationshipLike {
  readonly type?: string | undefined;
  readonly from?: string | readonly string[] | undefined;
  readonly to?: string | readonly string[] | undefined;
}
