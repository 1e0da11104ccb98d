/**
 * The record of processing activities (GDPR Art. 30) of a mesh: the mesh as it is on disk
 * (or as a server holds it) and the active grants of the store the caller gives, through
 * the pure builder of core/privacy/record. The store is passed in, never opened here.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Grant } from '../../core/access/model.ts';
import { asObject } from '../../core/json/loose.ts';
import { MESH_FILE } from '../../core/mesh/layout.ts';
import { buildMeshModel } from '../../core/mesh/mesh-model.ts';
import type { MeshModel } from '../../core/mesh/mesh-model.ts';
import { buildRecord } from '../../core/privacy/record/build-record.ts';
import type { ProcessingRecord, RecordLanguage } from '../../core/privacy/record/model.ts';
import { MeshworkError } from '../errors.ts';
import type { MeshworkStore } from '../store/store.ts';
import { readMeshFiles } from '../workspace/read-mesh.ts';

export const RECORD_LANGUAGES: readonly RecordLanguage[] = ['de', 'en'];

const PAGE = 500;

/**
 * Where the grants come from: a store, none at all (a workspace that never had a store has
 * granted nothing), or a store that could not be read — said in the record as a gap.
 */
export type RecordGrantSource =
  | { readonly store: Pick<MeshworkStore, 'grants'> }
  | { readonly grants: readonly Grant[] }
  | { readonly none: true }
  | { readonly unavailable: string };

export interface RecordOptions {
  /** Default: meshwork.yaml's `defaults.language`, else English. */
  readonly language?: RecordLanguage;
  /** The clock; the record's `generatedAt`. */
  readonly now?: Date;
}

/** The mesh's own language (`defaults.language` of meshwork.yaml), else English. */
export function defaultLanguageOf(model: MeshModel): RecordLanguage {
  const language = asObject(asObject(model.organisation?.source.data)?.defaults)?.language;
  return language === 'de' || language === 'en' ? language : 'en';
}

/** Every active grant of the store, page by page. */
export async function activeGrantsIn(store: Pick<MeshworkStore, 'grants'>): Promise<Grant[]> {
  const grants: Grant[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.grants.list({ states: ['active'], limit: PAGE, cursor });
    grants.push(...page.items);
    cursor = page.next;
  } while (cursor !== null);
  return grants;
}

/** The record of a mesh already loaded (the server's), with the grants of `source`. */
export async function processingRecordOf(
  model: MeshModel,
  source: RecordGrantSource,
  options: RecordOptions,
): Promise<ProcessingRecord> {
  const grants =
    'store' in source
      ? await activeGrantsIn(source.store)
      : 'grants' in source
        ? source.grants
        : [];
  return buildRecord({
    model,
    grants,
    language: options.language ?? defaultLanguageOf(model),
    generatedAt: (options.now ?? new Date()).toISOString(),
    ...('unavailable' in source ? { grantsUnavailable: source.unavailable } : {}),
  });
}

/** The record of the mesh repository at `meshRoot`; it must hold a meshwork.yaml. */
export async function processingRecordOfMesh(
  meshRoot: string,
  source: RecordGrantSource,
  options: RecordOptions,
): Promise<ProcessingRecord> {
  if (!existsSync(join(meshRoot, MESH_FILE)))
    throw new MeshworkError(
      'not-found',
      `${meshRoot} has no ${MESH_FILE}: the record is made from a mesh repository (its organisation, products and contracts).`,
    );
  const files = await readMeshFiles(meshRoot);
  return processingRecordOf(buildMeshModel(files.documents), source, options);
}
