/**
 * The numbers the classifier decides by, in one place so the bench's figures can be
 * traced to them. Measured with `npm run bench scan-accuracy` on the labelled data set.
 */
import type { PersonalDataCategory } from './model.ts';

/** Share of a column's sampled values that must match when the column's name says nothing. */
export const CONTENT_THRESHOLD: Readonly<Record<PersonalDataCategory, number>> = {
  email: 0.8,
  phone: 0.8,
  iban: 0.8,
  'credit-card': 0.8,
  'tax-id': 0.8,
  'ip-address': 0.8,
  'date-of-birth': 0.8,
  'person-name': 0.7,
  address: 0.7,
};

/**
 * The lower share when a strong name hint agrees (a `telefon` column with some numbers in a
 * format we do not know is still a phone column); a weak hint goes halfway.
 */
export const HINTED_THRESHOLD: Readonly<Record<PersonalDataCategory, number>> = {
  email: 0.5,
  phone: 0.5,
  iban: 0.5,
  'credit-card': 0.5,
  'tax-id': 0.5,
  'ip-address': 0.5,
  'date-of-birth': 0.6,
  'person-name': 0.5,
  address: 0.5,
};

/**
 * Free text where at least this share of values mentions one holds e-mail addresses or
 * phone numbers. Phones need more: a digit run inside text is a phone number less surely
 * than an `@` address is an e-mail address.
 */
export const EMBEDDED_THRESHOLD = { email: 0.3, phone: 0.5 } as const;

/**
 * Below this share the values contradict the name: an `iban` column where fewer than a
 * third of the values pass mod 97 does not hold IBANs.
 */
export const CONTRADICTED_BELOW = 0.3;

/** A suggestion from the column name alone, nothing in the content for or against it. */
export const NAME_ONLY_CONFIDENCE = 0.4;

/** Content that partly agrees with the name, below the threshold. */
export const PARTIAL_CONFIDENCE = 0.5;

/** `meshwork scan --apply` writes suggestions with at least this confidence. */
export const ACCEPT_CONFIDENCE = 0.6;

/** Fewer sampled values than this cap the confidence: a handful proves little. */
export const SMALL_SAMPLE = 10;

/** Date-of-birth columns without a name hint: a population's birthdays, not order dates. */
export const BIRTH_DATES = {
  minMedianAgeYears: 14,
  minSpreadYears: 5,
  /** With a name hint: only "not all the same day". */
  minDistinctShare: 0.2,
} as const;

/** Bounds on hostile input: values beyond these are not looked at. */
export const MAX_VALUES = 10_000;
export const MAX_VALUE_LENGTH = 1_000;
