/**
 * The one rule for personal data (GDPR Art. 4(1)) in Meshwork: samples of failed checks,
 * the portal's badges, the catalog API and the governance policies all ask here, so a
 * column that one of them treats as personal is personal to all of them.
 *
 * A property is **declared** personal by its classification, its tags or the custom
 * property `personalData: true`; it **looks** personal when its name (English or German),
 * its `format: email` or an example value reads like personal data. Declared wins over
 * looks (`personalData: false` does not un-declare a classification).
 *
 * Confidentiality is a second, separate notion: `restricted`, `confidential`, `secret` …
 * say how closely a company guards a value, not that it is about a person — monthly
 * revenue is confidential and no one's personal data (Art. 4(1)). A confidential property
 * is therefore not personal (no pii badge, no `isPersonal`, no activity in the Art. 30
 * record), but its values are hidden like personal ones: whatever is personal or
 * confidential is never shown as a value (`hidesValues`), samples show only a key.
 */
import { asList, asObject, customProperty } from '../json/loose.ts';
import type { JsonObject as Json } from '../json/loose.ts';

/**
 * Classifications that by themselves mean a property holds personal data. ODCS leaves the
 * values open; these (and their German spellings) name the kind of data, not a level of
 * secrecy. `sensitive` is GDPR's word for the special categories of Art. 9.
 */
export const PERSONAL_CLASSIFICATIONS: ReadonlySet<string> = new Set([
  'pii',
  'personal',
  'personal-data',
  'sensitive',
  'personenbezogen',
]);

/**
 * Classifications that are confidentiality levels: the company's own guarding of a value
 * (docs/diff.md orders `public` < `internal` < `restricted` < `confidential`). They hide
 * values but do not make a property personal; a personal column at such a level says so
 * by a tag (`pii`) or a personal classification as well, as the demo mesh and
 * `meshwork scan --apply` do.
 */
export const CONFIDENTIAL_CLASSIFICATIONS: ReadonlySet<string> = new Set([
  'restricted',
  'confidential',
  'strictly-confidential',
  'secret',
  'top-secret',
  'vertraulich',
  'streng-vertraulich',
  'geheim',
  'streng-geheim',
]);

/** Tags that declare personal data. */
export const PERSONAL_TAGS: ReadonlySet<string> = new Set([
  'pii',
  'personal',
  'personal-data',
  'personaldata',
  'gdpr',
  'dsgvo',
  'sensitive',
  'personenbezogen',
]);

/** Words in a column name that usually mean personal data, English and German. */
const PERSONAL_NAME =
  /(^|_)(e_?mail|mail_address|email_address|phone|phone_number|telephone|mobile|fax|first_?name|last_?name|full_?name|surname|given_?name|customer_name|birth_?date|date_of_birth|dob|birthday|street|address|postal_?code|zip_?code|iban|bic|tax_?id|ssn|passport|ip_?address|gender|salary|vorname|nachname|geburtsdatum|geburtstag|telefon|telefonnummer|handy|strasse|straße|anschrift|adresse|plz|steuer_?id|geschlecht|gehalt)(_|$)/;

const PERSONAL_EXAMPLE = [
  /^[^\s@]+@[^\s@]+\.[^\s@]+$/, // e-mail address
  /^\+?\d[\d /-]{7,}\d$/, // phone number
  /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/, // IBAN
];

/** Why a property counts as personal data, for messages and the portal. */
export type PersonalDataReason =
  | { readonly kind: 'classification'; readonly value: string }
  | { readonly kind: 'tag'; readonly value: string }
  | { readonly kind: 'custom-property'; readonly value: 'personalData' }
  | { readonly kind: 'name'; readonly value: string }
  | { readonly kind: 'format'; readonly value: 'email' }
  | { readonly kind: 'example'; readonly value: string };

export interface PersonalDataVerdict {
  /** Declared by classification, tag or `personalData: true`. */
  readonly declared: boolean;
  /** Its name, format or examples read like personal data. */
  readonly looks: boolean;
  /** Why it is personal data (declared first); confidentiality is never a reason. */
  readonly reasons: readonly PersonalDataReason[];
  /**
   * Classified at a confidentiality level (`restricted`, `confidential`, …): its values
   * are hidden, personal or not.
   */
  readonly confidential: boolean;
}

function normalize(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/** Turns camelCase and kebab-case into snake_case words, so `firstName` reads as `first_name`. */
function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s.]+/g, '_')
    .toLowerCase();
}

function confidentialClassification(p: Json): boolean {
  return (
    typeof p.classification === 'string' &&
    CONFIDENTIAL_CLASSIFICATIONS.has(normalize(p.classification))
  );
}

function declaredReasons(p: Json): PersonalDataReason[] {
  const reasons: PersonalDataReason[] = [];
  if (typeof p.classification === 'string' && p.classification.trim() !== '') {
    if (PERSONAL_CLASSIFICATIONS.has(normalize(p.classification)))
      reasons.push({ kind: 'classification', value: p.classification });
  }
  for (const tag of asList(p.tags)) {
    if (typeof tag === 'string' && PERSONAL_TAGS.has(normalize(tag)))
      reasons.push({ kind: 'tag', value: tag });
  }
  if (customProperty(p, 'personalData') === true)
    reasons.push({ kind: 'custom-property', value: 'personalData' });
  return reasons;
}

function lookReasons(p: Json): PersonalDataReason[] {
  const reasons: PersonalDataReason[] = [];
  for (const key of ['name', 'physicalName', 'businessName']) {
    const value = p[key];
    if (typeof value === 'string' && PERSONAL_NAME.test(words(value))) {
      reasons.push({ kind: 'name', value });
      break;
    }
  }
  if (asObject(p.logicalTypeOptions)?.format === 'email')
    reasons.push({ kind: 'format', value: 'email' });
  const example = asList(p.examples).find(
    (e): e is string => typeof e === 'string' && PERSONAL_EXAMPLE.some((re) => re.test(e.trim())),
  );
  if (example !== undefined) reasons.push({ kind: 'example', value: example });
  return reasons;
}

/** The verdict on one ODCS property (read loosely: anything malformed reads as absent). */
export function personalDataOf(property: unknown): PersonalDataVerdict {
  const p = asObject(property);
  if (!p) return { declared: false, looks: false, reasons: [], confidential: false };
  const declared = declaredReasons(p);
  const looks = lookReasons(p);
  return {
    declared: declared.length > 0,
    looks: looks.length > 0,
    reasons: [...declared, ...looks],
    confidential: confidentialClassification(p),
  };
}

/** Declared personal: classified as such, tagged (pii, gdpr, …) or `personalData: true`. */
export function isDeclaredPersonal(property: unknown): boolean {
  const p = asObject(property);
  return p !== undefined && declaredReasons(p).length > 0;
}

/** Looks personal by its name, its `format: email` or an example value. */
export function looksPersonal(property: unknown): boolean {
  const p = asObject(property);
  return p !== undefined && lookReasons(p).length > 0;
}

/**
 * Personal data (GDPR Art. 4(1)): declared or looks personal. The catalog's pii flag, the
 * access requests' personal columns and the record of processing ask this; a confidential
 * classification alone is not personal data.
 */
export function isPersonalData(property: unknown): boolean {
  const verdict = personalDataOf(property);
  return verdict.declared || verdict.looks;
}

/** Classified at a confidentiality level (`restricted`, `confidential`, `vertraulich`, …). */
export function isConfidential(property: unknown): boolean {
  const p = asObject(property);
  return p !== undefined && confidentialClassification(p);
}

/**
 * For everything that shows values (failed-check samples, previews): personal data or
 * confidential. Its values are never shown; a key identifies the row instead.
 */
export function hidesValues(property: unknown): boolean {
  const verdict = personalDataOf(property);
  return verdict.declared || verdict.looks || verdict.confidential;
}
