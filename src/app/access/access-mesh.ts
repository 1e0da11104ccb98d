import type { Purpose } from '../../core/access/model.ts';
import { LEGAL_BASES } from '../../core/access/model.ts';
import type { LegalBasis, LocalizedText } from '../../core/access/model.ts';
import { loadPolicySet } from '../../core/governance/index.ts';
import { asList, asObject } from '../../core/json/loose.ts';
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
    purposes: purposesOf(model),
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

/**
 * The purpose catalogue of meshwork.yaml, read loosely (entries without an id are left
 * out; validation reports them with file:line).
 */
export function purposesOf(model: MeshModel): Purpose[] {
  const data = asObject(model.organisation?.source.data);
  return asList(data?.purposes).flatMap((raw): Purpose[] => {
    const p = asObject(raw);
    if (!p || typeof p.id !== 'string') return [];
    const basis = typeof p.legalBasis === 'string' ? p.legalBasis.trim().toLowerCase() : null;
    return [
      {
        id: p.id,
        title: text(p.title),
        description: text(p.description),
        legalBasis: LEGAL_BASES.includes(basis as LegalBasis) ? (basis as LegalBasis) : null,
        personalDataInClear: p.personalDataInClear === true,
      },
    ];
  });
}

function text(value: unknown): LocalizedText {
  if (typeof value === 'string') return { en: value };
  const o = asObject(value);
  if (!o) return {};
  return {
    ...(typeof o.de === 'string' ? { de: o.de } : {}),
    ...(typeof o.en === 'string' ? { en: o.en } : {}),
  };
}
