/**
 * The categories of personal data of Art. 30(1)(c), named in the record's language. A
 * column's category is what its contract declares (`meshworkPersonalDataCategory`, the
 * custom property `meshwork scan --apply` writes), else what its name says (the scan's
 * name hints, `scan/name-hints.ts`: a strong hint, or a weak one unless the column is a
 * subject key), else an identifier when it is a subject key, else "other personal data":
 * the record never guesses beyond the name.
 */
import { asObject, customProperty } from '../../json/loose.ts';
import { nameHintOf } from '../scan/name-hints.ts';
import type { RecordLanguage } from './model.ts';
import { own } from './own.ts';

export const PERSONAL_DATA_CATEGORY_PROPERTY = 'meshworkPersonalDataCategory';

type Names = Readonly<Record<RecordLanguage, string>>;

/** Known categories: the scanner's (core/privacy/scan/model.ts) and the record's own. */
const NAMES: Readonly<Record<string, Names>> = {
  'person-name': { de: 'Namen', en: 'Names' },
  email: { de: 'Kontaktdaten (E-Mail-Adresse)', en: 'Contact data (e-mail address)' },
  phone: { de: 'Kontaktdaten (Telefonnummer)', en: 'Contact data (phone number)' },
  address: { de: 'Anschriften', en: 'Postal addresses' },
  'date-of-birth': { de: 'Geburtsdaten', en: 'Dates of birth' },
  iban: { de: 'Bankverbindungen (IBAN)', en: 'Bank details (IBAN)' },
  'credit-card': { de: 'Kartennummern', en: 'Payment card numbers' },
  'tax-id': { de: 'Steuer-Identifikationsnummern', en: 'Tax identification numbers' },
  'ip-address': { de: 'IP-Adressen', en: 'IP addresses' },
  identifier: {
    de: 'Kennungen (z. B. Kunden- oder Personalnummer)',
    en: 'Identifiers (e.g. customer or employee number)',
  },
  other: { de: 'Sonstige personenbezogene Daten', en: 'Other personal data' },
};

/**
 * The category key of a personal column: declared, else by name, else `identifier` for a
 * subject key, else `other`. A declared key the record does not know is kept as written.
 */
export function categoryOf(property: unknown, isSubjectKey: boolean): string {
  const declared = customProperty(property, PERSONAL_DATA_CATEGORY_PROPERTY);
  if (typeof declared === 'string' && declared.trim() !== '') return declared.trim().slice(0, 80);
  const p = asObject(property);
  if (asObject(p?.logicalTypeOptions)?.format === 'email') return 'email';
  const hint = typeof p?.name === 'string' ? nameHintOf(p.name) : undefined;
  if (hint?.strength === 'strong') return hint.category;
  // A subject key before a weak hint: `customer_number` names a customer, it is not a name.
  if (isSubjectKey) return 'identifier';
  return hint?.category ?? 'other';
}

/** A category's name in the record's language; an unknown (declared) key as written. */
export function categoryName(key: string, language: RecordLanguage): string {
  return own(NAMES, key)?.[language] ?? key;
}

/** Sort order: the known categories in the table's order, then the rest by name, `other` last. */
export function categoryRank(key: string): number {
  if (key === 'other') return Number.MAX_SAFE_INTEGER;
  const index = Object.keys(NAMES).indexOf(key);
  return index === -1 ? Object.keys(NAMES).length : index;
}
