import {
  cachedAccessMesh,
  createAccessService,
  createEmbeddedProvisioner,
} from '../app/access/access-service.ts';
import type { AccessMesh, AccessService, GrantProvisioner } from '../app/access/access-service.ts';
import { MeshworkError } from '../app/errors.ts';
import type { CatalogService } from '../app/catalog/catalog-service.ts';
import { loadPseudonymKey } from '../app/port-data/pseudonym-key.ts';
import type { EventSink } from '../app/notify/sources/publish-events.ts';
import type { MeshworkStore } from '../app/store/store.ts';

/** What the access routes and the data route need (issue 10). */
export interface AccessDeps {
  readonly service: AccessService;
  /** The served mesh as the access service reads it (purposes, teams, policies). */
  readonly mesh: () => Promise<AccessMesh>;
  /** The workspace whose `.meshwork/warehouse` holds the embedded snapshots; null: none. */
  readonly workspaceRoot: string | null;
  /** The master key of the data API's pseudonyms (pseudonym-key.ts), read once. */
  readonly pseudonymKey: () => Promise<string>;
}

export interface AccessDepsOptions {
  readonly store: MeshworkStore;
  readonly catalog: CatalogService;
  readonly workspaceRoot: string | null;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now?: () => Date;
  /**
   * Where grants are made: the server passes `createGrantProvisioner` (the engines that hold
   * grants, e.g. PostgreSQL views and roles, and the embedded data API); only the embedded
   * data API when not given.
   */
  readonly provision?: GrantProvisioner;
  /** Where the access events go (requests waiting and decided, grants expiring). */
  readonly events?: EventSink;
  /** `MESHWORK_GRANT_EXPIRY_NOTICE_DAYS`, read by the caller (default 7). */
  readonly expiryNoticeDays?: number;
}

/**
 * The access service over the served mesh: parsed once per catalog revision from the
 * documents the catalog keeps in the store (the folder's or the last pushed mesh).
 */
export function createAccessDeps(options: AccessDepsOptions): AccessDeps {
  const mesh = cachedAccessMesh({
    revision: () => options.catalog.current.revision,
    texts: async () => (await options.store.catalog.current())?.documents ?? [],
  });
  const service = createAccessService({
    store: options.store,
    mesh,
    provision: options.provision ?? createEmbeddedProvisioner(),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.events === undefined ? {} : { events: options.events }),
    ...(options.expiryNoticeDays === undefined
      ? {}
      : { expiryNoticeDays: options.expiryNoticeDays }),
  });
  const root = options.workspaceRoot;
  let key: Promise<string> | undefined;
  return {
    service,
    mesh,
    workspaceRoot: root,
    pseudonymKey: () => {
      key ??=
        root === null
          ? Promise.reject(
              new MeshworkError('io', 'this server has no workspace for a pseudonym key.'),
            )
          : loadPseudonymKey(root, options.env);
      // A failure (unreadable file) is retried on the next read rather than kept.
      key.catch(() => {
        key = undefined;
      });
      return key;
    },
  };
}
