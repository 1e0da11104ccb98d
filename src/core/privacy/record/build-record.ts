/**
 * The record of processing activities (GDPR Art. 30(1)) from the mesh, the active grants
 * and meshwork.yaml, in German or English. Pure: the caller reads the mesh and the store.
 *
 * Field by field:
 * - (a) controller: `legalName` and `address` of meshwork.yaml; DPO: `dataProtectionOfficer`;
 *   representative (Art. 27): `privacy.representative` — a gap only when the controller sits
 *   outside the EU/EEA and names none.
 * - one activity per data product whose output contracts hold personal data
 *   (personal-data.ts, or a declared subject key) — `activityBasis: 'product'`.
 * - (b) purposes: the product's `description.purpose` with its `legalBasis` custom property,
 *   and the purposes of its active grants with their legal basis from the purpose catalogue.
 * - (c) data subjects: `meshworkDataSubjects`; personal data: per column, by
 *   `meshworkPersonalDataCategory`, its name, or as an identifier (data-categories.ts).
 * - (d) recipients: consumer teams with active grants (purpose, end), and the output
 *   contracts' servers other than the build's warehouse.
 * - (e) third countries: those servers' `meshworkCountry` outside the EU/EEA, with
 *   `meshworkTransferSafeguard` or an adequacy decision (countries.ts).
 * - (f) erasure: each personal port's `retention` SLA (value, unit, element).
 * - (g) measures: the platform's own (texts.ts), `privacy.measures` and
 *   `privacy.encryption` of meshwork.yaml, and per product its pseudonymisation and DSR keys.
 * What none of these say is a gap with a code, never an invented value.
 */
import type { Grant } from '../../access/model.ts';
import { purposesOfMesh } from '../../access/purposes.ts';
import { asObject } from '../../json/loose.ts';
import type { MeshModel } from '../../mesh/mesh-model.ts';
import { privacySettingsSchema } from '../../mesh/organisation.ts';
import type { LocalizedSetting, PrivacySettings } from '../../mesh/organisation.ts';
import { buildActivity, portsWithoutContract } from './build-activity.ts';
import { countryCode, isEuEea } from './countries.ts';
import type {
  ProcessingActivity,
  ProcessingRecord,
  RecordContact,
  RecordGap,
  RecordLanguage,
} from './model.ts';
import { recordTexts } from './texts.ts';
import type { RecordTexts } from './texts.ts';

export interface BuildRecordInput {
  readonly model: MeshModel;
  /** The active grants (the store's); others are ignored. */
  readonly grants: readonly Grant[];
  readonly language: RecordLanguage;
  /** When the record is made (UTC ISO 8601): the caller's clock, so the builder stays pure. */
  readonly generatedAt: string;
  /**
   * Why the grants could not be read, when they could not: the record says so as a gap
   * instead of presenting "no grants" as a fact.
   */
  readonly grantsUnavailable?: string;
}

function text(value: unknown, max = 300): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null;
}

function addressLine(value: unknown): string | null {
  const a = asObject(value);
  const street = text(a?.street);
  const postalCode = text(a?.postalCode, 20);
  const city = text(a?.city);
  const country = text(a?.country, 10);
  const place = [postalCode, city].filter((p) => p !== null).join(' ');
  const parts = [street, place === '' ? null : place, country].filter((p) => p !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

function contact(value: unknown): RecordContact | null {
  const c = asObject(value);
  const name = text(c?.name);
  if (name === null) return null;
  return {
    name,
    email: text(c?.email),
    phone: text(c?.phone, 60),
    address: addressLine(c?.address),
  };
}

function setting(value: LocalizedSetting | undefined, language: RecordLanguage): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return value;
  return (language === 'de' ? (value.de ?? value.en) : (value.en ?? value.de)) ?? null;
}

/** The platform's measures, then meshwork.yaml's; a gap for each encryption left unsaid. */
function measuresOf(
  privacy: PrivacySettings | undefined,
  language: RecordLanguage,
  texts: RecordTexts,
  gaps: RecordGap[],
): string[] {
  const measures = [...texts.platformMeasures];
  for (const m of privacy?.measures ?? []) {
    const line = setting(m, language);
    if (line !== null) measures.push(line);
  }
  const atRest = setting(privacy?.encryption?.atRest, language);
  const inTransit = setting(privacy?.encryption?.inTransit, language);
  if (atRest !== null) measures.push(texts.encryptionAtRest(atRest));
  else
    gaps.push({
      point: 'g',
      code: 'no-encryption-at-rest',
      activity: null,
      text: texts.gaps.noEncryptionAtRest,
    });
  if (inTransit !== null) measures.push(texts.encryptionInTransit(inTransit));
  else
    gaps.push({
      point: 'g',
      code: 'no-encryption-in-transit',
      activity: null,
      text: texts.gaps.noEncryptionInTransit,
    });
  return measures;
}

export function buildRecord(input: BuildRecordInput): ProcessingRecord {
  const { model, language } = input;
  const texts = recordTexts(language);
  const org = asObject(model.organisation?.source.data);
  const gaps: RecordGap[] = [];

  const controllerName = text(org?.legalName) ?? text(org?.name);
  const controllerAddress = addressLine(org?.address);
  if (controllerName === null || controllerAddress === null)
    gaps.push({ point: 'a', code: 'no-controller', activity: null, text: texts.gaps.noController });
  const controller: RecordContact = {
    name: controllerName ?? '',
    email: null,
    phone: null,
    address: controllerAddress,
  };

  let privacy: PrivacySettings | undefined;
  if (org?.privacy !== undefined) {
    const parsed = privacySettingsSchema.safeParse(org.privacy);
    if (parsed.success) privacy = parsed.data;
    else
      gaps.push({
        point: 'a',
        code: 'privacy-settings-invalid',
        activity: null,
        text: texts.gaps.privacySettingsInvalid,
      });
  }
  const representative = contact(privacy?.representative);
  const country = countryCode(asObject(org?.address)?.country);
  if (representative === null && country !== null && !isEuEea(country))
    gaps.push({
      point: 'a',
      code: 'no-representative',
      activity: null,
      text: texts.gaps.noRepresentative(country),
    });
  if (input.grantsUnavailable !== undefined)
    gaps.push({
      point: 'd',
      code: 'grants-unavailable',
      activity: null,
      text: texts.gaps.grantsUnavailable(input.grantsUnavailable.slice(0, 300)),
    });

  const grants = input.grants.filter((g) => g.state === 'active');
  const context = { model, grants, purposes: purposesOfMesh(model), language, texts };
  const activities: ProcessingActivity[] = model.products
    .map((p) => buildActivity(p, context))
    .filter((a): a is ProcessingActivity => a !== null)
    .sort((a, b) => a.id.localeCompare(b.id));

  // A port without its contract cannot be judged: said, never taken for "no personal data".
  for (const product of model.products)
    for (const port of portsWithoutContract(model, product)) {
      const id = (product.id ?? `${product.domainFolder}/${product.productFolder}`).slice(0, 200);
      gaps.push({
        point: 'c',
        code: 'port-without-contract',
        activity: id,
        text: texts.gaps.portWithoutContract(id, port),
      });
    }
  const measures = measuresOf(privacy, language, texts, gaps);
  return {
    language,
    generatedAt: input.generatedAt,
    mesh: text(org?.name) ?? '',
    controller,
    representative,
    dataProtectionOfficer: contact(org?.dataProtectionOfficer),
    activityBasis: 'product',
    activities,
    measures,
    gaps: [...gaps, ...activities.flatMap((a) => a.gaps)],
  };
}
