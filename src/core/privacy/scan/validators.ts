/**
 * The value validators by category, with the words a reason uses for them. Date of birth
 * is judged over the whole column (`date-of-birth.ts`), so it has no value validator here.
 */
import { isAddress } from './address.ts';
import { isCardNumber } from './credit-card.ts';
import { isEmail, isObfuscatedEmail } from './email.ts';
import { isIban } from './iban.ts';
import { isIpAddress } from './ip-address.ts';
import type { PersonalDataCategory } from './model.ts';
import { isPersonName } from './person-name.ts';
import { isPhoneNumber } from './phone.ts';
import { isSteuerId } from './tax-id.ts';

export type ValueCategory = Exclude<PersonalDataCategory, 'date-of-birth'>;

export const VALUE_VALIDATORS: Readonly<Record<ValueCategory, (value: string) => boolean>> = {
  email: (value) => isEmail(value) || isObfuscatedEmail(value),
  phone: isPhoneNumber,
  iban: isIban,
  'credit-card': isCardNumber,
  'tax-id': isSteuerId,
  'ip-address': isIpAddress,
  'person-name': isPersonName,
  address: isAddress,
};

/** "are …" in a reason: what a matching value is. */
export const MATCH_WORDS: Readonly<Record<PersonalDataCategory, string>> = {
  email: 'e-mail addresses',
  phone: 'telephone numbers (E.164 or DE/AT/CH format)',
  iban: 'valid IBANs (country length and mod-97 check)',
  'credit-card': 'valid card numbers (issuer range, length and Luhn check)',
  'tax-id': 'valid German tax ids (11 digits, digit rule, ISO 7064 check digit)',
  'ip-address': 'IP addresses (v4 or v6)',
  'date-of-birth': 'dates a living person could be born on',
  'person-name': 'person names (name shape with a known first or last name)',
  address: 'street addresses or postcode and town',
};

/** The category as a noun phrase in reasons. */
export const CATEGORY_WORDS: Readonly<Record<PersonalDataCategory, string>> = {
  email: 'e-mail addresses',
  phone: 'telephone numbers',
  iban: 'IBANs',
  'credit-card': 'payment card numbers',
  'tax-id': 'tax ids',
  'ip-address': 'IP addresses',
  'date-of-birth': 'dates of birth',
  'person-name': 'person names',
  address: 'postal addresses',
};

/**
 * Decided in this order when several categories pass: checksummed first (they almost
 * never match by chance), the loosest (names, addresses) last.
 */
export const PRIORITY: readonly PersonalDataCategory[] = [
  'iban',
  'credit-card',
  'tax-id',
  'email',
  'ip-address',
  'date-of-birth',
  'phone',
  'address',
  'person-name',
];
