import type { SubjectHashKey } from '../app/privacy/subject-hash.ts';
import { loadSubjectHashKey } from '../app/privacy/subject-hash.ts';
import type { OpenStoreOptions } from './open-store.ts';
import { usesSharedStore } from './open-store.ts';

/**
 * The subject hash key of a workspace, as its store demands: with the PostgreSQL store (a
 * team server) `MESHWORK_SUBJECT_KEY` must be set, since a key derived from each
 * checkout's own pseudonym key would differ on every machine; the embedded store keeps
 * working with the derived key and no setup.
 */
export function workspaceSubjectKey(options: OpenStoreOptions): Promise<SubjectHashKey> {
  return loadSubjectHashKey(options.meshRoot, options.env, {
    sharedStore: usesSharedStore(options.env),
  });
}
