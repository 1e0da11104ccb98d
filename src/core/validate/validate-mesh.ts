import type { Finding } from '../findings/finding.ts';
import { sortFindings } from '../findings/finding.ts';
import { checkLayout } from '../mesh/layout-checks.ts';
import type { MeshDocument } from '../mesh/mesh-model.ts';
import { buildMeshModel } from '../mesh/mesh-model.ts';
import { checkReferences } from '../mesh/references.ts';
import { checkExternalReferences } from '../mesh/external-references.ts';
import { meshSchedules } from '../jobs/mesh-schedules.ts';
import { checkBuildEngines } from '../build/engine-checks.ts';
import type { ExternalReference } from '../semantic/index.ts';
import type { ValidationDeps } from './validate-document.ts';
import { validateDocument } from './validate-document.ts';

export interface MeshInput {
  readonly documents: readonly MeshDocument[];
  /** Folders under domains/ and the names in each, for the layout checks. */
  readonly folders: ReadonlyMap<string, readonly string[]>;
}

/**
 * Validates a whole mesh repository: the layout, every document (structure and
 * semantics), then the references between documents. All findings at once, sorted by
 * file and position.
 */
export async function validateMesh(input: MeshInput, deps: ValidationDeps): Promise<Finding[]> {
  const findings: Finding[] = checkLayout(input.documents, input.folders);
  const external: { doc: MeshDocument; references: readonly ExternalReference[] }[] = [];
  for (const doc of input.documents) {
    const result = await validateDocument(doc.role.kind, doc.source, deps);
    findings.push(...result.findings);
    if (result.externalReferences.length > 0)
      external.push({ doc, references: result.externalReferences });
  }
  const model = buildMeshModel(input.documents);
  findings.push(...checkReferences(model));
  findings.push(...checkExternalReferences(model, external));
  findings.push(...meshSchedules(model).findings);
  findings.push(...checkBuildEngines(model));
  return sortFindings(findings);
}
