import type { CatalogService } from '../app/catalog/catalog-service.ts';
import type { MeshworkStore } from '../app/store/store.ts';
import type { AuthService } from './auth/index.ts';

export interface ServerDeps {
  readonly store: MeshworkStore;
  readonly catalog: CatalogService;
  /** Authentication and authorization (src/server/auth/). */
  readonly auth: AuthService;
  /** The built portal (web/dist); without it only the API is served. */
  readonly webRoot?: string;
  readonly now?: () => Date;
}
