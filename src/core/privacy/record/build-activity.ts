/**
 * One processing activity (Art. 30(1)) per data product with personal data: what its
 * output contracts and the active grants on it say, point by point, and a gap for what
 * they do not say. Pure.
 */
import type { Grant, Purpose } from '../../access/model.ts';
import { productKey } from '../../build/plan.ts';
import { asList, asObject } from '../../json/loose.ts';
import type { ContractEntry, MeshModel, ProductEntry } from '../../mesh/mesh-model.ts';
import { personalDataOf } from '../personal-data.ts';
import { dataSubjectCategoriesOf, subjectKeysOf } from '../subject-keys.ts';
import { purposesOf, purposeTitle } from './activity-purposes.ts';
import { recipientsOf } from './activity-recipients.ts';
import { categoryName, categoryOf, categoryRank } from './data-categories.ts';
import type {
  Art30Point,
  ProcessingActivity,
  RecordDataCategory,
  RecordErasure,
  RecordGap,
  RecordLanguage,
} from './model.ts';
import { own } from './own.ts';
import { retentionOf } from './retention-period.ts';
import type { RecordTexts } from './texts.ts';

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
  const personal = outputContracts(context.model, product)
    .map((o) => ({ ...o, columns: personalColumns(o.data) }))
    .filter((o) => o.columns.length > 0);
  if (personal.length === 0) return null;
  const key = productKey(product);
  const grants = context.grants
    .filter((g) => g.productId === key && g.state === 'active')
    .sort(
      (a, b) =>
        a.consumerDomain.localeCompare(b.consumerDomain) ||
        a.consumerTeam.localeCompare(b.consumerTeam) ||
        a.purpose.localeCompare(b.purpose),
    );
  const purposes = purposesOf(product.doc.source.data, id, grants, context);
  const subjects = dataSubjectsOf(personal, id, texts);
  const recipients = recipientsOf(id, grants, personal, context);
  const erasure = erasureOf(personal, id, texts);
  return {
    id,
    name: (product.name ?? id).slice(0, 200),
    domain: (product.declaredDomain ?? product.domainFolder).slice(0, 200),
    owner: ownerOf(product),
    status: product.status ?? null,
    purposes: purposes.purposes,
    dataSubjects: subjects.dataSubjects,
    personalData: personalDataOfActivity(personal, language),
    recipients: recipients.recipients,
    transfers: recipients.transfers,
    erasure: erasure.erasure,
    measures: measuresOf(personal, grants, context),
    gaps: [...purposes.gaps, ...subjects.gaps, ...recipients.gaps, ...erasure.gaps],
  };
}

interface PersonalContract extends OutputContract {
  readonly columns: readonly { readonly column: string; readonly category: string }[];
}

/** (c) the categories of data subjects the personal contracts declare; a gap per contract that declares none. */
function dataSubjectsOf(
  personal: readonly PersonalContract[],
  id: string,
  texts: RecordTexts,
): { readonly dataSubjects: string[]; readonly gaps: RecordGap[] } {
  const dataSubjects: string[] = [];
  const gaps: RecordGap[] = [];
  for (const o of personal) {
    const declared = dataSubjectCategoriesOf(o.data);
    if (declared.length === 0)
      gaps.push(gap('c', 'no-data-subjects', id, texts.gaps.noDataSubjects(o.label)));
    for (const s of declared) {
      const name = own(texts.dataSubjects, s) ?? s.slice(0, 80);
      if (!dataSubjects.includes(name)) dataSubjects.push(name);
    }
  }
  return { dataSubjects, gaps };
}

/** (c) the personal columns by category, known categories first, "other" last. */
function personalDataOfActivity(
  personal: readonly PersonalContract[],
  language: RecordLanguage,
): RecordDataCategory[] {
  const byCategory = new Map<string, string[]>();
  for (const o of personal)
    for (const c of o.columns) {
      const list = byCategory.get(c.category) ?? [];
      list.push(`${o.label} / ${c.column}`);
      byCategory.set(c.category, list);
    }
  return [...byCategory.entries()]
    .sort(([a], [b]) => categoryRank(a) - categoryRank(b) || a.localeCompare(b))
    .map(([category, columns]) => ({ category: categoryName(category, language), columns }));
}

/** (f) the erasure period of each personal port. */
function erasureOf(
  personal: readonly PersonalContract[],
  id: string,
  texts: RecordTexts,
): { readonly erasure: RecordErasure[]; readonly gaps: RecordGap[] } {
  const erasure: RecordErasure[] = [];
  const gaps: RecordGap[] = [];
  for (const o of personal) {
    const retention = retentionOf(o.data, texts);
    if (retention.kind === 'period') {
      erasure.push({ port: o.port, period: retention.text });
      if (!retention.enforced)
        gaps.push(
          gap('f', 'unenforced-retention', id, texts.gaps.unenforcedRetention(o.port, o.label)),
        );
    } else if (retention.kind === 'none')
      gaps.push(gap('f', 'no-retention', id, texts.gaps.noRetention(o.port, o.label)));
    else
      gaps.push(
        gap('f', 'unreadable-retention', id, texts.gaps.unreadableRetention(o.port, o.label)),
      );
  }
  return { erasure, gaps };
}

/** (g) what this product adds to the platform's measures. */
function measuresOf(
  personal: readonly PersonalContract[],
  grants: readonly Grant[],
  context: ActivityContext,
): string[] {
  const { texts } = context;
  const measures: string[] = [];
  const titles = (list: readonly Grant[]): string =>
    [...new Set(list.map((g) => purposeTitle(g.purpose, context)))].join(', ');
  const pseudonymised = grants.filter((g) => !g.personalInClear);
  const inClear = grants.filter((g) => g.personalInClear);
  if (pseudonymised.length > 0) measures.push(texts.pseudonymisedFor(titles(pseudonymised)));
  if (inClear.length > 0) measures.push(texts.inClearFor(titles(inClear)));
  const kinds = [...new Set(personal.flatMap((o) => subjectKeysOf(o.data).map((k) => k.kind)))];
  if (kinds.length > 0) measures.push(texts.subjectRequests(kinds.join(', ')));
  return measures;
}
