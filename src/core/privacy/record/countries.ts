/**
 * Where personal data may go without a transfer under Chapter V GDPR. A server in a country
 * outside the EU/EEA is a transfer to a third country (Art. 30(1)(e)); it needs an adequacy
 * decision (Art. 45) or a safeguard (Art. 46 ff.), which the record names or lists as a gap.
 */

/** The 27 member states of the EU and Iceland, Liechtenstein and Norway (EEA), ISO 3166-1 alpha-2. */
// prettier-ignore
const EU_EEA: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT',
  'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO',
]);

/**
 * Countries with an adequacy decision of the Commission that covers transfers in general
 * (as of 2025). Left out on purpose: the United States, whose Data Privacy Framework covers
 * only certified recipients — a transfer there names its safeguard (the certification, or
 * standard contractual clauses) like any other. Canada's covers commercial organisations.
 */
// prettier-ignore
const ADEQUATE: ReadonlySet<string> = new Set([
  'AD', 'AR', 'CA', 'CH', 'FO', 'GB', 'GG', 'IL', 'IM', 'JE', 'JP', 'KR', 'NZ', 'UY',
]);

const CODE = /^[A-Z]{2}$/;

/** An ISO 3166-1 alpha-2 code as written (`de` reads as `DE`), or null when it is not one. */
export function countryCode(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const code = value.trim().toUpperCase();
  return CODE.test(code) ? code : null;
}

export function isEuEea(code: string): boolean {
  return EU_EEA.has(code);
}

export function hasAdequacyDecision(code: string): boolean {
  return ADEQUATE.has(code);
}
