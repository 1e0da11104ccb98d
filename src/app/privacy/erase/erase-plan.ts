import type { ContractEntry, MeshModel, ProductEntry } from '../../../core/mesh/mesh-model.ts';
import { asList, asObject } from '../../../core/json/loose.ts';
import { hidesValues } from '../../../core/privacy/personal-data.ts';
import type { RowMatch } from '../../../engines/build-engine.ts';
import type { SubjectLocation, SubjectMatch } from '../dsr/locate-subject.ts';
import type { SubjectKeyRef } from '../dsr/subject-sql.ts';

/**
 * What an erasure does, decided from where `locateSubject` found the person: which output
 * ports to rewrite (with which rows and columns), which source objects become tasks for
 * their owners, and which identifiers become suppressions. No I/O: the service
 * (`erase-subject.ts`) carries it out.
 */

/** An output port holding the subject (in its snapshot, a serving table, or both). */
export interface PortPlan {
  readonly product: ProductEntry;
  /** The product's name as `dsr find` reports it (its id, else its folder path). */
  readonly productName: string;
  readonly port: string;
  readonly contract: ContractEntry;
  /** The subject's rows where they were counted: the snapshot and each serving table. */
  readonly found: readonly SubjectMatch[];
  /** Or-ed: the subject-key columns of the port's object with the hashes of their kind. */
  readonly match: readonly RowMatch[];
  /** pseudonymise: the object's columns `hiddenColumns` names, as the data names them. */
  readonly personalColumns: readonly string[];
}

/** A source object holding the subject: Meshwork cannot write it, its owners must. */
export interface TaskPlan {
  readonly match: SubjectMatch;
  readonly system: string;
  /** The identifier the owner finds the person by, and its column in the source. */
  readonly kind: string;
  readonly column: string;
  readonly value: string;
  /**
   * The domain the source contract at `match.contractPath` declares (`domain:`), stored on
   * the task: its owners handle it. Null when it declares none.
   */
  readonly domain: string | null;
  /**
   * Why no task can be made, or null. A task names its source by contract id; when several
   * contracts share that id the task would not say which source is meant, so it is not
   * made (and the erasure says so) rather than handed to whichever contract wins.
   */
  readonly notMade: string | null;
}

export interface ErasurePlan {
  readonly ports: readonly PortPlan[];
  readonly tasks: readonly TaskPlan[];
  /** Every identifier known for the subject, the one asked for first. */
  readonly identifiers: readonly { readonly kind: string; readonly value: string }[];
}

export function planErasure(
  location: SubjectLocation,
  model: MeshModel,
  hash: (value: string) => string,
): ErasurePlan {
  const identifiers = [...location.identifiers.entries()]
    .sort(([a], [b]) => (a === location.kind ? -1 : b === location.kind ? 1 : a < b ? -1 : 1))
    .flatMap(([kind, values]) => [...values].sort().map((value) => ({ kind, value })));
  return {
    ports: portPlans(location, model, hash),
    tasks: taskPlans(location, model),
    identifiers,
  };
}

function portPlans(
  location: SubjectLocation,
  model: MeshModel,
  hash: (value: string) => string,
): PortPlan[] {
  const byPort = new Map<string, SubjectMatch[]>();
  for (const match of location.matches) {
    if (match.product === null || match.port === null) continue;
    const key = `${match.contractPath}\u0000${match.port}`;
    byPort.set(key, [...(byPort.get(key) ?? []), match]);
  }
  const plans: PortPlan[] = [];
  for (const found of byPort.values()) {
    const first = found[0]!;
    const contract = model.contracts.find((c) => c.doc.path === first.contractPath);
    if (contract?.owner.kind !== 'product') continue;
    const owner = contract.owner;
    const product = model.products.find(
      (p) => p.domainFolder === owner.domain && p.productFolder === owner.product,
    );
    if (!product) continue;
    plans.push({
      product,
      productName: first.product ?? `${product.domainFolder}/${product.productFolder}`,
      port: first.port!,
      contract,
      found,
      match: rowMatches(first.keys, location, hash),
      personalColumns: hiddenColumns(contract, first.object),
    });
  }
  return plans;
}

/** One match per key column whose kind has identifiers; the same columns `dsr find` counted by. */
function rowMatches(
  keys: readonly SubjectKeyRef[],
  location: SubjectLocation,
  hash: (value: string) => string,
): RowMatch[] {
  return keys.flatMap((key) => {
    const values = [...(location.identifiers.get(key.kind) ?? [])].sort();
    return values.length === 0
      ? []
      : [{ kind: 'subject-hash' as const, column: key.column, hashes: values.map(hash) }];
  });
}

/**
 * The physical columns a pseudonymisation replaces in the person's rows: every column whose
 * values Meshwork hides (`hidesValues`) — personal data, and confidential values too
 * (`restricted`, `confidential`, …). A confidential column is not necessarily personal
 * data (revenue is not), but in a person's row it may well be (a diagnosis classified
 * only `restricted`); a pseudonymised person never keeps a value in clear that Meshwork
 * would not even show. The build's suppression uses the same list.
 */
export function hiddenColumns(contract: ContractEntry, objectName: string): string[] {
  const schema = asList(asObject(contract.doc.source.data)?.schema);
  const object = schema.map(asObject).find((o) => o?.name === objectName);
  const columns: string[] = [];
  for (const raw of asList(object?.properties)) {
    const property = asObject(raw);
    if (!property || !hidesValues(property)) continue;
    const name =
      typeof property.physicalName === 'string' && property.physicalName.trim() !== ''
        ? property.physicalName.trim()
        : typeof property.name === 'string'
          ? property.name.trim()
          : '';
    if (name !== '' && !columns.includes(name)) columns.push(name);
  }
  return columns;
}

/**
 * One task per source object: its owner erases the person's rows there, found by the most
 * direct identifier — the one asked for when the object has it, else the linked kind with
 * the fewest values (their one customer id rather than each of their six order ids; ties
 * in the object's key order). The task names that kind, its column and, by hash, its first
 * value; the rows counted are all of the person's rows in the object. The store keeps one
 * open task per object and identifier, so a second erasure makes none.
 */
function taskPlans(location: SubjectLocation, model: MeshModel): TaskPlan[] {
  const plans: TaskPlan[] = [];
  const valuesOf = (kind: string) => [...(location.identifiers.get(kind) ?? [])].sort();
  for (const match of location.matches) {
    if (match.source === null) continue;
    const kinds = match.via.includes(location.kind)
      ? [location.kind]
      : [...match.via].sort((a, b) => valuesOf(a).length - valuesOf(b).length);
    for (const kind of kinds) {
      const column = match.keys.find((k) => k.kind === kind)?.column;
      const value = valuesOf(kind)[0];
      if (column === undefined || value === undefined) continue;
      plans.push({ match, system: match.source, kind, column, value, ...ownerOf(match, model) });
      break;
    }
  }
  return plans;
}

/** The task's domain from the contract file the person was found through, and whether its id is ambiguous. */
function ownerOf(
  match: SubjectMatch,
  model: MeshModel,
): { readonly domain: string | null; readonly notMade: string | null } {
  const entry = model.contracts.find((c) => c.doc.path === match.contractPath);
  const declared = asObject(entry?.doc.source.data)?.domain;
  const domain = typeof declared === 'string' && declared.trim() !== '' ? declared.trim() : null;
  const sharing = model.contracts.filter((c) => c.id !== undefined && c.id === match.contract);
  if (sharing.length <= 1) return { domain, notMade: null };
  const paths = sharing.map((c) => c.doc.path).sort();
  return {
    domain,
    notMade: `contract id "${match.contract}" is declared by ${sharing.length} contracts (${paths.join(', ')}), so a task for it could not say which source and owners are meant; give each contract its own id (meshwork validate reports duplicate-id) and erase again`,
  };
}
