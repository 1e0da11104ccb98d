import type { Finding } from '../../../core/findings/finding.ts';
import type { MeshModel } from '../../../core/mesh/mesh-model.ts';
import { asList, asObject } from '../../../core/json/loose.ts';
import { isPersonalData } from '../../../core/privacy/personal-data.ts';
import { subjectKeysOf } from '../../../core/privacy/subject-keys.ts';
import type { OdcsContractLike } from '../../../core/semantic/index.ts';
import { checkSubjectDeclarations } from '../../../core/semantic/index.ts';
import { contractObjects } from '../../build/servers.ts';
import { outputContract } from './subject-targets.ts';

/**
 * What a data subject search cannot reach by construction, shared by `dsr find`, `export`
 * and `erase` so none of them claims more than it did: subject-key declarations that cannot
 * be read (those columns are not searched, so the answer is incomplete), and output ports
 * that hold personal data but declare no subject key (nothing to search them by: a person
 * in them is neither found nor erased — said, never silently skipped).
 */

/** Malformed `meshworkSubjectKey` / `meshworkDataSubjects` declarations (errors, at file:line). */
export function subjectDeclarationFindings(model: MeshModel): Finding[] {
  return model.contracts.flatMap((contract) =>
    contract.doc.source
      .place(checkSubjectDeclarations(contract.doc.source.data as OdcsContractLike))
      .filter((finding) => finding.severity === 'error'),
  );
}

/** An output port whose object has personal columns but no subject key. */
export interface NotCoveredPort {
  readonly product: string;
  readonly port: string;
  readonly contract: string;
  readonly contractPath: string;
  readonly object: string;
  /** How many of its columns hold personal data (names only in the contract). */
  readonly personalColumns: number;
}

export function notCoveredPorts(model: MeshModel): NotCoveredPort[] {
  const found: NotCoveredPort[] = [];
  for (const product of model.products) {
    const productName = product.id ?? `${product.domainFolder}/${product.productFolder}`;
    for (const port of product.outputPorts) {
      if (port.contractId === undefined) continue;
      const contract = outputContract(model, product, port.contractId);
      // A port's snapshot holds its contract's first object (build-product.ts refuses more).
      const object = contract ? contractObjects(contract)[0] : undefined;
      if (!contract || !object) continue;
      const data = contract.doc.source.data;
      if (subjectKeysOf(data).some((key) => key.object === object.name)) continue;
      const properties = asList(
        asList(asObject(data)?.schema)
          .map(asObject)
          .find((o) => o?.name === object.name)?.properties,
      );
      const personal = properties.filter((p) => isPersonalData(p)).length;
      if (personal === 0) continue;
      found.push({
        product: productName,
        port: port.name,
        contract: contract.id ?? contract.doc.path,
        contractPath: contract.doc.path,
        object: object.name,
        personalColumns: personal,
      });
    }
  }
  return found;
}
