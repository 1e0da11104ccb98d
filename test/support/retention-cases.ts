/**
 * Retention SLAs that `meshwork retention` refuses (src/core/privacy/retention-rule.ts),
 * as overrides of an otherwise enforceable `retention` SLA. The rule's test and the
 * record's test both run these lists, so the record can never show as enforced what the
 * rule will not enforce. A value or unit the rule refuses: the record states no period.
 */
export const RETENTION_THE_RULE_REFUSES: readonly (readonly [
  string,
  Readonly<Record<string, unknown>>,
])[] = [
  ['unit "m" (minutes or months)', { unit: 'm' }],
  ['an unknown unit', { unit: 'fortnights' }],
  ['the unit "constructor" (an Object member, not a unit)', { unit: 'constructor' }],
  ['the unit "__proto__"', { unit: '__proto__' }],
  ['no unit', { unit: undefined }],
  ['a value of 0', { value: 0 }],
  ['a negative value', { value: -1 }],
  ['a value above 1000', { value: 1001 }],
  ['a value of 999999 as text', { value: '999999' }],
  ['a fractional value', { value: 1.5 }],
];

/** Value and unit are read, the element is not a date column: the record states the period as not enforced. */
export const RETENTION_ELEMENT_THE_RULE_REFUSES: readonly (readonly [
  string,
  Readonly<Record<string, unknown>>,
])[] = [
  ['no element', { element: undefined }],
  ['an element that is no column', { element: 'customers.nope' }],
  ['several elements', { element: 'customers.created_at,customers.email' }],
];
