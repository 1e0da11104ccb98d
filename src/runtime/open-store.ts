import { join } from 'node:path';
import { MeshworkError } from '../app/errors.ts';
import { maskSecrets } from '../app/mask-secrets.ts';
import type { StoreAccess } from '../app/store/store-access.ts';
import type { MeshworkStore } from '../app/store/store.ts';
import { createEmbeddedStore } from '../stores/embedded/index.ts';

export interface OpenStoreOptions {
  readonly meshRoot: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Where the embedded store lives in a workspace. */
export const EMBEDDED_STORE_DIR = join('.meshwork', 'store');

/**
 * The store of a workspace, migrated and ready: PostgreSQL when `MESHWORK_DATABASE_URL` is
 * set, otherwise the embedded store in `<mesh root>/.meshwork/store/`. The PostgreSQL
 * driver is loaded only when it is used.
 */
export async function openStore(options: OpenStoreOptions): Promise<MeshworkStore> {
  const url = options.env.MESHWORK_DATABASE_URL;
  const store =
    url !== undefined && url !== ''
      ? await openPostgres(url)
      : createEmbeddedStore({ directory: join(options.meshRoot, EMBEDDED_STORE_DIR) });
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw new MeshworkError('io', `cannot open the Meshwork store: ${describe(error, url)}`, {
      cause: error,
    });
  }
  return store;
}

/** Whether the store is PostgreSQL, shared by every machine that is given its URL. */
export function usesSharedStore(env: OpenStoreOptions['env']): boolean {
  const url = env.MESHWORK_DATABASE_URL;
  return url !== undefined && url !== '';
}

async function openPostgres(url: string): Promise<MeshworkStore> {
  const { createPostgresStore } = await import('../stores/postgresql/index.ts');
  return createPostgresStore({ connectionString: url });
}

/** The reason, with the database URL and password (if the driver echoed them) taken out. */
function describe(error: unknown, url: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  return maskSecrets(message, { url }, 'MESHWORK_DATABASE_URL');
}

/** Opens the store, runs `work` with it and closes it again. */
export async function withStore<T>(
  options: OpenStoreOptions,
  work: (store: MeshworkStore) => Promise<T>,
): Promise<T> {
  const store = await openStore(options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/**
 * The workspace's store for services, opened for each piece of work and closed after it:
 * a CLI command never holds it while a server on the same workspace reads along.
 */
export function workspaceStore(options: OpenStoreOptions): StoreAccess {
  return (work) => withStore(options, work);
}
