/**
 * The categories of personal data of Art. 30(1)(c), named in the record's language. A
 * column's category is what its contract declares (`meshworkPersonalDataCategory`, the
 * custom property `meshwork scan --apply` writes), else what its name says (the scan's
 * categories), else an identifier when it is a subject key, else "other personal data":
 * the record never guesses beyond the name.
 */
import { asObject, customProperty } from '../../json/loose.ts';
import type { RecordLanguage } from './model.ts';

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
    de: 'Kennungen (Kunden-ID, Kundennummer)',
    en: 'Identifiers (customer id, customer number)',
  },
  other: { de: 'Sonstige personenbezogene Daten', en: 'Other personal data' },
};

/** Name hints, on the column's name as snake_case words (German and English). */
const HINTS: readonly (readonly [RegExp, string])[] = [
  [/(^|_)(e_?mail|mail_address|email_address)(_|$)/, 'email'],
  [/(^|_)(phone|phone_number|telephone|mobile|fax|telefon|telefonnummer|handy)(_|$)/, 'phone'],
  [/(^|_)(iban|bic|bank_account|kontonummer)(_|$)/, 'iban'],
  [/(^|_)(card_number|credit_card|kreditkarte|pan)(_|$)/, 'credit-card'],
  [/(^|_)(tax_?id|steuer_?id|steuernummer)(_|$)/, 'tax-id'],
  [/(^|_)(ip|ip_?address)(_|$)/, 'ip-address'],
  [/(^|_)(birth_?date|date_of_birth|dob|birthday|geburtsdatum|geburtstag)(_|$)/, 'date-of-birth'],
  [
    /(^|_)(first_?name|last_?name|full_?name|surname|given_?name|customer_name|payer_name|vorname|nachname)(_|$)/,
    'person-name',
  ],
  [
    /(^|_)(street|address|postal_?code|zip_?code|city|strasse|straße|anschrift|adresse|plz|ort)(_|$)/,
    'address',
  ],
];

function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s.]+/g, '_')
    .toLowerCase();
}

/**
 * The category key of a personal column: declared, else by name, else `identifier` for a
 * subject key, else `other`. A declared key the record does not know is kept as written.
 */
export function categoryOf(property: unknown, isSubjectKey: boolean): string {
  const declared = customProperty(property, PERSONAL_DATA_CATEGORY_PROPERTY);
  if (typeof declared === 'string' && declared.trim() !== '') return declared.trim().slice(0, 80);
  const p = asObject(property);
  const name = typeof p?.name === 'string' ? words(p.name) : '';
  if (asObject(p?.logicalTypeOptions)?.format === 'email') return 'email';
  for (const [hint, category] of HINTS) if (hint.test(name)) return category;
  return isSubjectKey ? 'identifier' : 'other';
}

/** A category's name in the record's language; an unknown (declared) key as written. */
export function categoryName(key: string, language: RecordLanguage): string {
  return NAMES[key]?.[language] ?? key;
}

/** Sort order: the known categories in the table's order, then the rest by name, `other` last. */
export function categoryRank(key: string): number {
  if (key === 'other') return Number.MAX_SAFE_INTEGER;
  const index = Object.keys(NAMES).indexOf(key);
  return index === -1 ? Object.keys(NAMES).length : index;
}
