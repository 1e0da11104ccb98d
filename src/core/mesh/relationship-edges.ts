import { checkRelationships } from '../semantic/relationships.ts';
import { referencedContract } from './external-references.ts';
import { outputOwners } from './lineage.ts';
import type { ContractEntry, MeshModel, ProductEntry } from './mesh-model.ts';

/**
 * A relationship (foreign key) from an output contract of one product into an output
 * contract of another: `to`'s contract tests check its keys against `from`'s data, so
 * `from` should be built first. Unlike a lineage edge this is an order, not a data
 * dependency: `to` still builds when `from` fails (its relationship check then says that
 * it could not read `from`).
 */
export interface RelationshipEdge {
  /** The product that owns the referenced contract. */
  readonly from: ProductEntry;
  /** The product whose output contract holds the relationship. */
  readonly to: ProductEntry;
  /** The referring contract. */
  readonly contract: ContractEntry;
  /** The referenced contract. */
  readonly references: ContractEntry;
}

export function relationshipEdges(model: MeshModel): RelationshipEdge[] {
  const owners = outputOwners(model);
  const edges: RelationshipEdge[] = [];
  const seen = new Set<string>();
  for (const [contract, to] of owners) {
    const data = contract.doc.source.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) continue;
    for (const reference of checkRelationships(data).externalReferences) {
      const target = referencedContract(model, contract.doc, reference);
      if (target === undefined || target === 'outside') continue;
      const from = owners.get(target);
      if (!from || from === to) continue;
      const key = `${contract.doc.path}→${target.doc.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ from, to, contract, references: target });
    }
  }
  return edges;
}
