/**
 * `classifyColumn`: one column's verdict from its name, its type and a sample of its values.
 *
 * The rule, in order:
 * 1. The type gates: a boolean, decimal or JSON column holds nothing we recognise; a date
 *    column can only be a date of birth (`type-gating.ts`).
 * 2. Content decides: the first category (checksummed first, `PRIORITY`) whose share of
 *    matching values reaches its threshold wins — whatever the name says. A name that
 *    agrees lowers the threshold and raises the confidence; a name that disagrees loses
 *    and is said in the reasons.
 * 3. Without a winner, a strong name hint is suggested with a low confidence when the
 *    content partly agrees, or says nothing either way (no values, or words no validator
 *    can judge); when the content contradicts it, there is no suggestion.
 *
 * Reasons count and describe, and never quote a value.
 */
import { assessBirthDates } from './date-of-birth.ts';
import type { BirthDateAssessment } from './date-of-birth.ts';
import { containsEmail } from './email.ts';
import { isHouseNumber, isPostcode, isStreetName, isTownShaped } from './address.ts';
import type { AddressPart } from './name-hints.ts';
import type { PersonalDataCategory, ScanColumnInput, ScanColumnResult } from './model.ts';
import { nameHintOf, namesAnotherDate, namesAVersion } from './name-hints.ts';
import type { NameHint } from './name-hints.ts';
import { isNameShaped, isPersonNameAnyCase } from './person-name.ts';
import { containsPhoneNumber, isWholeNumberPhone } from './phone.ts';
import {
  BIRTH_DATES,
  CONTENT_THRESHOLD,
  CONTRADICTED_BELOW,
  EMBEDDED_THRESHOLD,
  HINTED_THRESHOLD,
  MAX_VALUE_LENGTH,
  MAX_VALUES,
  NAME_ONLY_CONFIDENCE,
  PARTIAL_CONFIDENCE,
  SMALL_SAMPLE,
} from './thresholds.ts';
import { categoriesFor, typeFamilyOf } from './type-gating.ts';
import { CATEGORY_WORDS, MATCH_WORDS, PRIORITY, VALUE_VALIDATORS } from './validators.ts';
import type { ValueCategory } from './validators.ts';

export interface ClassifyOptions {
  /** Today, for dates of birth (core reads no clock); defaults to the current date. */
  readonly today?: Date;
}

/** How sure a match of each validator is by itself: checksums almost never match by chance. */
const STRENGTH: Readonly<Record<PersonalDataCategory, number>> = {
  iban: 1,
  'credit-card': 1,
  'tax-id': 1,
  email: 0.98,
  'ip-address': 0.97,
  phone: 0.93,
  'date-of-birth': 0.9,
  address: 0.9,
  'person-name': 0.88,
};

const WORDS_ONLY = /^[\p{L} .,'’()-]+$/u;

interface Measured {
  readonly n: number;
  readonly matches: ReadonlyMap<PersonalDataCategory, number>;
  readonly birth?: BirthDateAssessment;
  readonly embeddedEmails: number;
  readonly embeddedPhones: number;
  /** Values of letters, spaces and name punctuation only: no digits, no `@`. */
  readonly wordsOnly: number;
}

/** The non-empty values, bounded in number and length (input is hostile). */
function sampleOf(values: readonly (string | null)[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (out.length >= MAX_VALUES) break;
    if (typeof value !== 'string') continue;
    const v = value.trim();
    if (v !== '') out.push(v.length > MAX_VALUE_LENGTH ? v.slice(0, MAX_VALUE_LENGTH) : v);
  }
  return out;
}

function measure(
  values: readonly string[],
  allowed: ReadonlySet<PersonalDataCategory>,
  hint: NameHint | undefined,
  today: Date,
): Measured {
  const matches = new Map<PersonalDataCategory, number>();
  const hintedNames = hint?.category === 'person-name' && hint.strength === 'strong';
  const part = hint?.category === 'address' ? hint.part : undefined;
  const hintedPhones = hint?.category === 'phone';
  for (const [category, validate] of Object.entries(VALUE_VALIDATORS) as [
    ValueCategory,
    (value: string) => boolean,
  ][]) {
    if (!allowed.has(category)) continue;
    let count = 0;
    for (const value of values) {
      // The name promises names, a part of an address or phone numbers: the shape of that
      // (which alone would say little) is then enough.
      if (
        validate(value) ||
        (hintedNames &&
          category === 'person-name' &&
          (isNameShaped(value) || isPersonNameAnyCase(value))) ||
        (part !== undefined && category === 'address' && isAddressPart(part, value)) ||
        (hintedPhones && category === 'phone' && isWholeNumberPhone(value))
      )
        count++;
    }
    matches.set(category, count);
  }
  let birth: BirthDateAssessment | undefined;
  if (allowed.has('date-of-birth')) {
    birth = assessBirthDates(values, today, hint?.category === 'date-of-birth');
    matches.set('date-of-birth', birth.plausible);
  }
  let embeddedEmails = 0;
  let embeddedPhones = 0;
  let wordsOnly = 0;
  for (const value of values) {
    if (allowed.has('email') && containsEmail(value)) embeddedEmails++;
    if (allowed.has('phone') && containsPhoneNumber(value)) embeddedPhones++;
    if (WORDS_ONLY.test(value)) wordsOnly++;
  }
  return {
    n: values.length,
    matches,
    ...(birth ? { birth } : {}),
    embeddedEmails,
    embeddedPhones,
    wordsOnly,
  };
}

function isAddressPart(part: AddressPart, value: string): boolean {
  switch (part) {
    case 'postcode':
      return isPostcode(value);
    case 'town':
      return isTownShaped(value);
    case 'house-number':
      return isHouseNumber(value);
    case 'street':
      return isStreetName(value);
  }
}

function thresholdFor(category: PersonalDataCategory, hint: NameHint | undefined): number {
  if (hint?.category !== category) return CONTENT_THRESHOLD[category];
  if (hint.strength === 'strong') return HINTED_THRESHOLD[category];
  return (HINTED_THRESHOLD[category] + CONTENT_THRESHOLD[category]) / 2;
}

/** Why a column of dates is not one of birth dates, or undefined when it may be. */
function birthDateObjection(
  birth: BirthDateAssessment,
  hinted: boolean,
  anotherDate: boolean,
): string | undefined {
  if (birth.plausible === 0) return undefined;
  const minDistinct = Math.max(2, Math.ceil(BIRTH_DATES.minDistinctShare * birth.plausible));
  if (birth.distinctDays < minDistinct)
    return `the dates fall on only ${birth.distinctDays} distinct days, not a population's birthdays`;
  if (hinted) return undefined;
  if (anotherDate)
    return 'the column name says the date of another event, and dates alone cannot say otherwise';
  if (birth.medianAge < BIRTH_DATES.minMedianAgeYears)
    return `the dates lie too recent for birth dates (median ${Math.floor(birth.medianAge)} years ago)`;
  if (birth.spreadYears < BIRTH_DATES.minSpreadYears)
    return `the dates spread over fewer than ${BIRTH_DATES.minSpreadYears} years, unlike birth dates`;
  return undefined;
}

function round(confidence: number): number {
  return Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100;
}

function withArticle(family: string): string {
  return /^[aeiou]/.test(family) ? `an ${family}` : `a ${family}`;
}

function hintPhrase(hint: NameHint): string {
  return `the column name suggests ${CATEGORY_WORDS[hint.category]} ("${hint.word}")`;
}

/** The verdict on one sampled column. */
export function classifyColumn(
  input: ScanColumnInput,
  options: ClassifyOptions = {},
): ScanColumnResult {
  const family = typeFamilyOf(input.physicalType, input.logicalType);
  const named = nameHintOf(input.property);
  const allowed = new Set(categoriesFor(family, named?.category));
  // A name the type rules out is no hint: the content is judged as if it were absent.
  const ruledOut =
    named !== undefined && !allowed.has(named.category)
      ? `${hintPhrase(named)}, but ${withArticle(family)} column cannot hold them`
      : undefined;
  const hint = ruledOut === undefined ? named : undefined;
  const verdict = (
    category: PersonalDataCategory | null,
    confidence: number,
    reasons: readonly string[],
  ): ScanColumnResult => ({
    object: input.object,
    property: input.property,
    category,
    confidence: category === null ? 0 : round(confidence),
    reasons: ruledOut === undefined ? reasons : [...reasons, ruledOut],
  });

  if (allowed.size === 0)
    return verdict(null, 0, [
      `${withArticle(family)} column cannot hold personal data the scanner recognises`,
    ]);

  const values = sampleOf(input.values);
  if (values.length === 0) {
    if (hint?.strength === 'strong')
      return verdict(hint.category, NAME_ONLY_CONFIDENCE, [
        hintPhrase(hint),
        'no values were sampled (all empty or NULL), so only the name speaks for it',
      ]);
    return verdict(null, 0, ['no values were sampled (all empty or NULL)']);
  }

  const m = measure(values, allowed, hint, options.today ?? new Date());
  const ratio = (category: PersonalDataCategory): number => (m.matches.get(category) ?? 0) / m.n;
  const counted = (category: PersonalDataCategory): string =>
    `${m.matches.get(category) ?? 0} of ${m.n} sampled values are ${MATCH_WORDS[category]}`;
  const objection =
    m.birth !== undefined
      ? birthDateObjection(
          m.birth,
          hint?.category === 'date-of-birth',
          namesAnotherDate(input.property),
        )
      : undefined;

  // Dotted numbers under a version's name are versions: the one place a name outweighs
  // content that matches, because "4.1.0.12" is both.
  const version = namesAVersion(input.property);
  const winner = PRIORITY.find(
    (category) =>
      allowed.has(category) &&
      !(category === 'ip-address' && version) &&
      ratio(category) >= thresholdFor(category, hint) &&
      (category !== 'date-of-birth' || objection === undefined),
  );

  if (winner !== undefined) {
    const r = ratio(winner);
    // Content alone tops out below 0.93; an agreeing name adds the rest.
    let confidence = STRENGTH[winner] * (0.62 + 0.3 * r);
    const reasons = [counted(winner)];
    if (hint?.category === winner) {
      confidence += hint.strength === 'strong' ? 0.08 : 0.04;
      reasons.push(hintPhrase(hint));
    } else if (hint !== undefined) {
      reasons.push(`${hintPhrase(hint)}, but the content says otherwise`);
    }
    if (m.n < SMALL_SAMPLE) {
      confidence = Math.min(confidence, 0.5 + 0.05 * m.n);
      reasons.push(`only ${m.n} non-empty values were sampled`);
    }
    return verdict(winner, Math.min(0.99, confidence), reasons);
  }

  for (const [category, count, what] of [
    ['email', m.embeddedEmails, 'an e-mail address'],
    ['phone', m.embeddedPhones, 'a phone number'],
  ] as const) {
    const share = count / m.n;
    if (share < EMBEDDED_THRESHOLD[category]) continue;
    const reasons = [`${count} of ${m.n} sampled values mention ${what} within text`];
    if (hint !== undefined && hint.category !== category)
      reasons.push(`${hintPhrase(hint)}, but the content says otherwise`);
    const confidence = 0.6 + 0.3 * share;
    return verdict(
      category,
      m.n < SMALL_SAMPLE ? Math.min(confidence, 0.5 + 0.05 * m.n) : confidence,
      reasons,
    );
  }

  if (hint !== undefined && hint.strength === 'strong') {
    const r = ratio(hint.category);
    if (hint.category === 'date-of-birth' && objection !== undefined)
      return verdict(null, 0, [`${hintPhrase(hint)}, but ${objection}`, counted(hint.category)]);
    if (r >= CONTRADICTED_BELOW)
      return verdict(hint.category, PARTIAL_CONFIDENCE, [
        hintPhrase(hint),
        `${counted(hint.category)}, fewer than the ${Math.round(thresholdFor(hint.category, hint) * 100)} % needed`,
      ]);
    // Names and addresses have no checksum: words the validators cannot place say
    // nothing against the name; digits, `@` and codes do.
    const judgeable = hint.category !== 'person-name' && hint.category !== 'address';
    if (!judgeable && m.wordsOnly / m.n >= 0.5)
      return verdict(hint.category, NAME_ONLY_CONFIDENCE, [
        hintPhrase(hint),
        `the values neither confirm nor contradict it (${counted(hint.category)})`,
      ]);
    return verdict(null, 0, [
      `${hintPhrase(hint)}, but the values contradict it`,
      counted(hint.category),
    ]);
  }

  const reasons = [`no validator matches enough of the ${m.n} sampled values`];
  if (version && ratio('ip-address') >= CONTENT_THRESHOLD['ip-address'])
    reasons.push('the values read as IP addresses, but the column name says they are versions');
  if (objection !== undefined) reasons.push(objection);
  if (hint !== undefined) reasons.push(`${hintPhrase(hint)}, but the content does not bear it out`);
  return verdict(null, 0, reasons);
}
