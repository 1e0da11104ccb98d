import { purposesOfMesh } from '../../core/access/purposes.ts';
import { loadPolicySet } from '../../core/governance/index.ts';
import type { MeshModel } from '../../core/mesh/mesh-model.ts';
import { buildMeshModel } from '../../core/mesh/mesh-model.ts';
import type { SourceDocument } from '../../core/yaml/source-document.ts';
import type { MeshText } from '../catalog/load-mesh.ts';
import { parseMeshTexts, revisionOf } from '../catalog/load-mesh.ts';
import { teamsByDomain } from '../catalog/teams.ts';
import { readBuiltinPolicies } from '../governance/builtin-pack.ts';
import type { AccessMesh } from './access-types.ts';

/** The access view of a parsed mesh: policies loaded, purposes and teams read. */
export function accessMeshOf(
  model: MeshModel,
  builtin: readonly SourceDocument[],
  revision: string,
): AccessMesh {
  return {
    revision,
    model,
    policies: loadPolicySet(model, builtin),
    purposes: purposesOfMesh(model),
    teams: teamsByDomain(model),
  };
}

/** Parses mesh texts (as the catalog serves or a push sent them) into an AccessMesh. */
export async function accessMeshFromTexts(texts: readonly MeshText[]): Promise<AccessMesh> {
  const model = buildMeshModel(parseMeshTexts(texts));
  return accessMeshOf(model, await readBuiltinPolicies(), revisionOf(texts));
}

/**
 * An accessor that parses the mesh once per revision: `revision()` is cheap (the catalog
 * service's current revision), `texts()` is read only when it changed.
 */
export function cachedAccessMesh(source: {
  readonly revision: () => string | null;
  readonly texts: () => Promise<readonly MeshText[]>;
}): () => Promise<AccessMesh> {
  let cached: Promise<AccessMesh> | null = null;
  let cachedRevision: string | null = null;
  return () => {
    const revision = source.revision();
    if (cached && revision !== null && revision === cachedRevision) return cached;
    cachedRevision = revision;
    const loading = source.texts().then(accessMeshFromTexts);
    cached = loading;
    loading.catch(() => {
      if (cached === loading) cached = null;
    });
    return loading;
  };
}
