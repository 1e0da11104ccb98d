import { asList, asObject } from '../../core/json/loose.ts';
import { referencedContract } from '../../core/mesh/external-references.ts';
import type { ContractEntry, MeshModel } from '../../core/mesh/mesh-model.ts';
import { checkRelationships } from '../../core/semantic/relationships.ts';

/** What a join needs of an object the canvas reads: its name and its contract. */
export interface JoinableObject {
  readonly name: string;
  readonly input: { readonly contract: ContractEntry };
}

/** A single-column foreign key from `from.column` into `to.column` (many-to-one). */
export interface JoinEdge<T extends JoinableObject = JoinableObject> {
  readonly from: T;
  readonly column: string;
  readonly to: T;
  readonly toColumn: string;
}

/**
 * The foreign keys among the objects the canvas reads, from the input contracts'
 * relationships (property level, or object level with one `from` column). Composite keys
 * are left out: the starter transform joins on one column.
 */
export function joinEdges<T extends JoinableObject>(
  model: MeshModel,
  objects: readonly T[],
): JoinEdge<T>[] {
  const edges: JoinEdge<T>[] = [];
  const byContract = new Map<string, T[]>();
  for (const o of objects) {
    const list = byContract.get(o.input.contract.doc.path) ?? [];
    list.push(o);
    byContract.set(o.input.contract.doc.path, list);
  }
  for (const [path, owned] of byContract) {
    const contract = owned[0]!.input.contract;
    const data = asObject(contract.doc.source.data);
    if (!data) continue;
    for (const reference of checkRelationships(data).externalReferences) {
      const target = referencedContract(model, contract.doc, reference);
      if (target === undefined || target === 'outside') continue;
      const end = targetEnd(reference.ref, reference.notation, target.id);
      const from = sourceEnd(data, reference.path);
      if (!end || !from) continue;
      const fromObject = owned.find((o) => o.name === from.object);
      const toObject = (byContract.get(target.doc.path) ?? []).find((o) => o.name === end.object);
      if (fromObject && toObject && path !== target.doc.path) {
        edges.push({ from: fromObject, column: from.column, to: toObject, toColumn: end.column });
      }
    }
  }
  return edges;
}

/** The object and column a relationship's `to` names (ids read as names, as the demo writes them). */
function targetEnd(
  ref: string,
  notation: 'dotted' | 'file',
  contractId: string | undefined,
): { object: string; column: string } | undefined {
  if (notation === 'dotted') {
    const rest =
      contractId !== undefined && ref.startsWith(`${contractId}.`)
        ? ref.slice(contractId.length + 1)
        : undefined;
    const [object, column, ...more] = rest?.split('.') ?? [];
    return object && column && more.length === 0 ? { object, column } : undefined;
  }
  const element = ref.split('#', 2)[1] ?? '';
  const segments = element.startsWith('/')
    ? element
        .split('/')
        .filter((s, i) => s !== '' && !(i === 1 && s === 'schema') && s !== 'properties')
    : element.split('.');
  const [object, column, ...more] = segments;
  return object && column && more.length === 0 ? { object, column } : undefined;
}

/** The object and column a relationship is written on, from where its `to` stands. */
function sourceEnd(
  data: Record<string, unknown>,
  path: readonly (string | number)[],
): { object: string; column: string } | undefined {
  if (path[0] !== 'schema' || typeof path[1] !== 'number') return undefined;
  const object = asObject(asList(data.schema)[path[1]]);
  const objectName = object?.name;
  if (typeof objectName !== 'string') return undefined;
  if (path[2] === 'properties' && typeof path[3] === 'number' && path[4] === 'relationships') {
    const column = asObject(asList(object?.properties)[path[3]])?.name;
    return typeof column === 'string' && path.length === 7
      ? { object: objectName, column }
      : undefined;
  }
  if (path[2] === 'relationships' && typeof path[3] === 'number' && path.length === 5) {
    const from = asObject(asList(object?.relationships)[path[3]])?.from;
    if (typeof from !== 'string') return undefined;
    const column = from.startsWith(`${objectName}.`) ? from.slice(objectName.length + 1) : from;
    return column.includes('.') ? undefined : { object: objectName, column };
  }
  return undefined;
}
