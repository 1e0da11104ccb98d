import type { CatalogTable } from '../../core/import/catalog.ts';
import { asList, asObject } from '../../core/json/loose.ts';
import { referencedContract } from '../../core/mesh/external-references.ts';
import { buildMeshModel } from '../../core/mesh/mesh-model.ts';
import type { ContractEntry, MeshModel } from '../../core/mesh/mesh-model.ts';
import { readMeshFiles } from '../workspace/read-mesh.ts';

/**
 * A mesh folder's source contracts (`sources/<system>/`) as tables: each schema object one
 * table, each relationship (property-level `to`, or object-level `from`/`to`) one foreign
 * key to the object it names — in the same contract, or in another contract by file or
 * id (resolved as `meshwork validate` resolves them). A name used by two systems is told
 * apart as `<system>/<object>`. A relationship that resolves to nothing is counted, not
 * guessed.
 */
export interface MeshCatalog {
  readonly tables: readonly CatalogTable[];
  /** Relationships whose target is not a source contract's object of this mesh. */
  readonly unresolved: number;
  readonly contracts: number;
}

export async function meshCatalog(root: string): Promise<MeshCatalog> {
  const model = buildMeshModel((await readMeshFiles(root)).documents);
  const sources = model.contracts.filter((c) => c.owner.kind === 'source');
  const systemOf = (c: ContractEntry): string => (c.owner.kind === 'source' ? c.owner.system : '');
  const uses = new Map<string, number>();
  for (const c of sources) for (const o of c.objects.keys()) uses.set(o, (uses.get(o) ?? 0) + 1);
  const nameOf = (c: ContractEntry, object: string): string =>
    (uses.get(object) ?? 0) > 1 ? `${systemOf(c)}/${object}` : object;

  let unresolved = 0;
  const tables: CatalogTable[] = [];
  for (const contract of sources) {
    const data = asObject(contract.doc.source.data) ?? {};
    for (const raw of asList(data.schema)) {
      const object = asObject(raw);
      const objectName = typeof object?.name === 'string' ? object.name : undefined;
      if (!object || objectName === undefined) continue;
      const references: unknown[] = [];
      for (const r of asList(object.relationships)) references.push(asObject(r)?.to);
      for (const p of asList(object.properties))
        for (const r of asList(asObject(p)?.relationships)) references.push(asObject(r)?.to);
      const foreignKeys = [];
      for (const to of references) {
        const ref: unknown = Array.isArray(to) ? (to as unknown[])[0] : to;
        if (typeof ref !== 'string') continue;
        const target = targetOf(model, contract, ref);
        if (target === undefined || target.contract.owner.kind !== 'source') {
          unresolved++;
          continue;
        }
        foreignKeys.push({
          columns: [],
          table: nameOf(target.contract, target.object),
          referencedColumns: [],
        });
      }
      tables.push({
        name: nameOf(contract, objectName),
        kind: 'table',
        columns: [],
        uniqueKeys: [],
        foreignKeys,
      });
    }
  }
  return { tables, unresolved, contracts: sources.length };
}

/** The contract and schema object a relationship end names. */
function targetOf(
  model: MeshModel,
  contract: ContractEntry,
  ref: string,
): { contract: ContractEntry; object: string } | undefined {
  const hash = ref.indexOf('#');
  if (hash >= 0) {
    const target =
      hash === 0
        ? contract
        : referencedContract(model, contract.doc, { ref, path: [], notation: 'file' });
    if (target === undefined || target === 'outside') return undefined;
    const element = ref.slice(hash + 1);
    const object = element.includes('/')
      ? element.split('/').filter((s) => s !== '' && s !== 'schema' && s !== 'properties')[0]
      : element.split('.')[0];
    return object !== undefined && target.objects.has(object)
      ? { contract: target, object }
      : undefined;
  }
  const segments = ref.split('.');
  if (segments.length === 2 && contract.objects.has(segments[0]!))
    return { contract, object: segments[0]! };
  if (ref.startsWith('schema/')) {
    const object = ref.split('/')[1];
    return object !== undefined && contract.objects.has(object) ? { contract, object } : undefined;
  }
  // `<contract id>.<object>.<property>`, the id itself may hold dots.
  for (let cut = segments.length - 2; cut >= 1; cut--) {
    const found = model.contractsById.get(segments.slice(0, cut).join('.'));
    const object = segments[cut]!;
    if (found?.length === 1 && found[0]!.objects.has(object))
      return { contract: found[0]!, object };
  }
  return undefined;
}
