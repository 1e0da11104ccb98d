/**
 * One processing activity (Art. 30(1)) per data product with personal data: what its
 * output contracts and the active grants on it say, point by point, and a gap for what
 * they do not say. Pure.
 */
import type { Grant, LegalBasis, LocalizedText, Purpose } from '../../access/model.ts';
import { parseLegalBasis } from '../../access/purposes.ts';
import { productKey } from '../../build/plan.ts';
import { asList, asObject, customProperty } from '../../json/loose.ts';
import type { ContractEntry, MeshModel, ProductEntry } from '../../mesh/mesh-model.ts';
import { personalDataOf } from '../personal-data.ts';
import { dataSubjectCategoriesOf, subjectKeysOf } from '../subject-keys.ts';
import { countryCode, hasAdequacyDecision, isEuEea } from './countries.ts';
import { categoryName, categoryOf, categoryRank } from './data-categories.ts';
import type {
  Art30Point,
  ProcessingActivity,
  RecordDataCategory,
  RecordErasure,
  RecordGap,
  RecordLanguage,
  RecordPurpose,
  RecordRecipient,
  RecordTransfer,
} from './model.ts';
import { retentionOf } from './retention-period.ts';
import type { RecordTexts } from './texts.ts';
import { own } from './own.ts';

export const COUNTRY_PROPERTY = 'meshworkCountry';
export const SAFEGUARD_PROPERTY = 'meshworkTransferSafeguard';
/** The product's own legal basis (the marketing policy `legal-basis-named` asks for it too). */
export const LEGAL_BASIS_PROPERTY = 'legalBasis';

const BASIS_WORDS: Readonly<Record<string, LegalBasis>> = {
  consent: 'a',
  contract: 'b',
  'legal-obligation': 'c',
  'vital-interest': 'd',
  'vital-interests': 'd',
  'public-task': 'e',
  'legitimate-interest': 'f',
  'legitimate-interests': 'f',
};

const MAX_TEXT = 2000;

export interface ActivityContext {
  readonly model: MeshModel;
  readonly grants: readonly Grant[];
  readonly purposes: readonly Purpose[];
  readonly language: RecordLanguage;
  readonly texts: RecordTexts;
}

interface OutputContract {
  readonly port: string;
  readonly contract: ContractEntry;
  readonly label: string;
  readonly data: unknown;
}

function text(value: unknown, max = MAX_TEXT): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null;
}

export function localized(value: LocalizedText, language: RecordLanguage): string | null {
  return (language === 'de' ? (value.de ?? value.en) : (value.en ?? value.de)) ?? null;
}

/** The contract of each output port: the one this product owns when an id is used twice. */
function outputContracts(model: MeshModel, product: ProductEntry): OutputContract[] {
  const result: OutputContract[] = [];
  for (const port of product.outputPorts) {
    if (port.contractId === undefined) continue;
    const candidates = model.contractsById.get(port.contractId) ?? [];
    const contract =
      candidates.find(
        (c) =>
          c.owner.kind === 'product' &&
          c.owner.domain === product.domainFolder &&
          c.owner.product === product.productFolder,
      ) ?? candidates[0];
    if (contract === undefined) continue;
    result.push({
      port: port.name,
      contract,
      label: contract.id ?? contract.doc.path,
      data: contract.doc.source.data,
    });
  }
  return result;
}

/** Output ports whose contract the mesh does not hold: whether they carry personal data is unknown. */
export function portsWithoutContract(model: MeshModel, product: ProductEntry): string[] {
  return product.outputPorts
    .filter((p) => p.contractId === undefined || !model.contractsById.has(p.contractId))
    .map((p) => p.name.slice(0, 200));
}

/** `object.property` → category key, for every personal column of a contract. */
function personalColumns(data: unknown): { readonly column: string; readonly category: string }[] {
  const keys = new Set(subjectKeysOf(data).map((k) => `${k.object}.${k.property}`));
  const columns: { column: string; category: string }[] = [];
  for (const rawObject of asList(asObject(data)?.schema)) {
    const object = asObject(rawObject);
    const objectName = text(object?.name, 200);
    if (objectName === null) continue;
    for (const property of asList(object?.properties)) {
      const name = text(asObject(property)?.name, 200);
      if (name === null) continue;
      const column = `${objectName}.${name}`;
      const isKey = keys.has(column);
      const verdict = personalDataOf(property);
      if (!verdict.declared && !verdict.looks && !isKey) continue;
      columns.push({ column, category: categoryOf(property, isKey) });
    }
  }
  return columns;
}

function gap(point: Art30Point, code: string, activity: string, message: string): RecordGap {
  return { point, code, activity, text: message };
}

function productLegalBasis(value: unknown): LegalBasis | null | 'unreadable' {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') return 'unreadable';
  return own(BASIS_WORDS, value.trim().toLowerCase()) ?? parseLegalBasis(value) ?? 'unreadable';
}

function ownerOf(product: ProductEntry): string {
  const team = asObject(asObject(product.doc.source.data)?.team);
  const owners = asList(team?.members)
    .map(asObject)
    .filter((m) => m?.role === 'owner')
    .map((m) => text(m?.name, 200) ?? text(m?.username, 200))
    .filter((n): n is string => n !== null);
  const name = product.teamName ?? product.domainFolder;
  return owners.length > 0 ? `${name} (${owners.join(', ')})` : name;
}

/** The activity of a product, or null when none of its output ports holds personal data. */
export function buildActivity(
  product: ProductEntry,
  context: ActivityContext,
): ProcessingActivity | null {
  const { texts, language } = context;
  const id = (product.id ?? productKey(product)).slice(0, 200);
  const outputs = outputContracts(context.model, product).map((o) => ({
    ...o,
    columns: personalColumns(o.data),
  }));
  const personal = outputs.filter((o) => o.columns.length > 0);
  if (personal.length === 0) return null;
  const gaps: RecordGap[] = [];
  const data = asObject(product.doc.source.data);

  // (b) purposes: the product's own, then those of its active grants.
  const purposes: RecordPurpose[] = [];
  const ownPurpose = text(asObject(data?.description)?.purpose);
  const basis = productLegalBasis(customProperty(data, LEGAL_BASIS_PROPERTY));
  if (ownPurpose === null) gaps.push(gap('b', 'no-purpose', id, texts.gaps.noPurpose(id)));
  if (basis === null) gaps.push(gap('b', 'no-legal-basis', id, texts.gaps.noLegalBasis(id)));
  if (basis === 'unreadable') {
    const shown = JSON.stringify(customProperty(data, LEGAL_BASIS_PROPERTY))?.slice(0, 60) ?? '?';
    gaps.push(gap('b', 'unreadable-legal-basis', id, texts.gaps.unreadableLegalBasis(id, shown)));
  }
  if (ownPurpose !== null)
    purposes.push({
      source: 'product',
      id: null,
      text: ownPurpose,
      legalBasis: basis === null || basis === 'unreadable' ? null : texts.legalBasis(basis),
    });
  const key = productKey(product);
  const grants = context.grants
    .filter((g) => g.productId === key && g.state === 'active')
    .sort(
      (a, b) =>
        a.consumerDomain.localeCompare(b.consumerDomain) ||
        a.consumerTeam.localeCompare(b.consumerTeam) ||
        a.purpose.localeCompare(b.purpose),
    );
  const purposeTitle = (purposeId: string): string => {
    const found = context.purposes.find((p) => p.id === purposeId);
    return (found && localized(found.title, language)) ?? purposeId;
  };
  // In the catalogue's order, so the record reads the same however the grants were made.
  const rank = (purposeId: string): number => {
    const index = context.purposes.findIndex((p) => p.id === purposeId);
    return index === -1 ? context.purposes.length : index;
  };
  const grantPurposes = [...new Set(grants.map((g) => g.purpose))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  for (const purposeId of grantPurposes) {
    const found = context.purposes.find((p) => p.id === purposeId);
    if (!found || found.legalBasis === null)
      gaps.push(
        gap('b', 'unknown-purpose', id, texts.gaps.unknownPurpose(id, purposeId.slice(0, 64))),
      );
    purposes.push({
      source: 'grant',
      id: purposeId,
      text: purposeTitle(purposeId),
      legalBasis: found?.legalBasis ? texts.legalBasis(found.legalBasis) : null,
    });
  }

  // (c) data subjects and categories of personal data.
  const subjects: string[] = [];
  for (const o of personal) {
    const declared = dataSubjectCategoriesOf(o.data);
    if (declared.length === 0)
      gaps.push(gap('c', 'no-data-subjects', id, texts.gaps.noDataSubjects(o.label)));
    for (const s of declared) {
      const name = own(texts.dataSubjects, s) ?? s.slice(0, 80);
      if (!subjects.includes(name)) subjects.push(name);
    }
  }
  const byCategory = new Map<string, string[]>();
  for (const o of personal)
    for (const c of o.columns) {
      const list = byCategory.get(c.category) ?? [];
      list.push(`${o.label} / ${c.column}`);
      byCategory.set(c.category, list);
    }
  const personalData: RecordDataCategory[] = [...byCategory.entries()]
    .sort(([a], [b]) => categoryRank(a) - categoryRank(b) || a.localeCompare(b))
    .map(([category, columns]) => ({ category: categoryName(category, language), columns }));

  // (d) recipients: consumer teams with active grants, servers beside the warehouse; (e) transfers.
  const recipients: RecordRecipient[] = [];
  const latest = new Map<string, Grant>();
  for (const g of grants) {
    const k = `${g.consumerDomain}/${g.consumerTeam}\u0000${g.purpose}`;
    const seen = latest.get(k);
    if (!seen || seen.endsAt < g.endsAt) latest.set(k, g);
  }
  for (const g of latest.values())
    recipients.push({
      kind: 'team',
      name: `${g.consumerDomain}/${g.consumerTeam}`,
      detail: texts.recipientGrant(purposeTitle(g.purpose), g.endsAt.slice(0, 10)),
    });
  const transfers: RecordTransfer[] = [];
  const servers = new Set<string>();
  for (const o of personal)
    for (const raw of asList(asObject(o.data)?.servers)) {
      const server = asObject(raw);
      const name = text(server?.server, 200);
      if (name === null || isWarehouse(server) || servers.has(name)) continue;
      servers.add(name);
      const country = countryCode(customProperty(server, COUNTRY_PROPERTY));
      // ODCS `location` is a URL, not a place; a cloud `region` is shown for the DPO to
      // judge, never mapped to a country (eu-central-2 is Zurich, eu-west-2 London).
      const region = text(server?.region, 60);
      const type = `${text(server?.type, 60) ?? '?'}${region === null ? '' : ` (${region})`}`;
      recipients.push({ kind: 'server', name, detail: texts.recipientServer(type, country) });
      if (country === null) {
        gaps.push(
          gap('e', 'server-country-unknown', id, texts.gaps.serverCountryUnknown(name, o.label)),
        );
        continue;
      }
      if (isEuEea(country)) continue;
      const safeguard =
        text(customProperty(server, SAFEGUARD_PROPERTY), 500) ??
        (hasAdequacyDecision(country) ? texts.adequacy : null);
      if (safeguard === null)
        gaps.push(
          gap(
            'e',
            'transfer-without-safeguard',
            id,
            texts.gaps.transferWithoutSafeguard(name, country),
          ),
        );
      transfers.push({ server: name, country, safeguard });
    }

  // (f) erasure periods of the personal ports.
  const erasure: RecordErasure[] = [];
  for (const o of personal) {
    const retention = retentionOf(o.data, texts);
    if (retention.kind === 'period') erasure.push({ port: o.port, period: retention.text });
    else if (retention.kind === 'none')
      gaps.push(gap('f', 'no-retention', id, texts.gaps.noRetention(o.port, o.label)));
    else
      gaps.push(
        gap('f', 'unreadable-retention', id, texts.gaps.unreadableRetention(o.port, o.label)),
      );
  }

  // (g) what this product adds to the platform's measures.
  const measures: string[] = [];
  const titles = (list: readonly Grant[]): string =>
    [...new Set(list.map((g) => purposeTitle(g.purpose)))].join(', ');
  const pseudonymised = grants.filter((g) => !g.personalInClear);
  const inClear = grants.filter((g) => g.personalInClear);
  if (pseudonymised.length > 0) measures.push(texts.pseudonymisedFor(titles(pseudonymised)));
  if (inClear.length > 0) measures.push(texts.inClearFor(titles(inClear)));
  const kinds = [...new Set(personal.flatMap((o) => subjectKeysOf(o.data).map((k) => k.kind)))];
  if (kinds.length > 0) measures.push(texts.subjectRequests(kinds.join(', ')));

  return {
    id,
    name: (product.name ?? id).slice(0, 200),
    domain: (product.declaredDomain ?? product.domainFolder).slice(0, 200),
    owner: ownerOf(product),
    status: product.status ?? null,
    purposes,
    dataSubjects: subjects,
    personalData,
    recipients,
    transfers,
    erasure,
    measures,
    gaps,
  };
}

/** The build's own snapshots (app/build/warehouse.ts): where the product is made, not a recipient. */
function isWarehouse(server: Record<string, unknown> | undefined): boolean {
  return (
    server?.type === 'local' &&
    typeof server.path === 'string' &&
    server.path.includes('.meshwork/warehouse/')
  );
}
