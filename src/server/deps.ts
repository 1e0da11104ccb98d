import type { AccessDeps } from './access-deps.ts';
import type { ProductCanvas, ProductDraft } from '../app/canvas/canvas-model.ts';
import type { CatalogService } from '../app/catalog/catalog-service.ts';
import type { EventPublisher } from '../app/notify/event-publisher.ts';
import type { MeshworkStore } from '../app/store/store.ts';
import type { AuthService } from './auth/index.ts';
import type { BodyLimits } from './body-limits.ts';
import type { AccessMesh } from '../app/access/access-types.ts';
import type { TrinoRulesPublisher } from '../app/access/trino-rules-publisher.ts';
import type { ServerLog } from './log.ts';

export interface ServerDeps {
  readonly store: MeshworkStore;
  readonly catalog: CatalogService;
  /** Authentication and authorization (src/server/auth/). */
  readonly auth: AuthService;
  /** The built portal (web/dist); without it only the API is served. */
  readonly webRoot?: string;
  readonly now?: () => Date;
  /** The request and error log; silent when not given. */
  readonly log?: ServerLog;
  /** Largest request bodies per kind of route; DEFAULT_BODY_LIMITS when not given. */
  readonly limits?: BodyLimits;
  /**
   * Access requests, grants and the embedded data API (issue 10); without it, one over
   * the store and the served catalog with the embedded provisioner (access-deps.ts).
   */
  readonly access?: AccessDeps;
  /** The product canvas (issue 12): how drafts are made and whether proposals are committed. */
  readonly canvas?: Partial<CanvasDeps>;
  /**
   * Where the routes' events go (issue 13: `check.failed` of a reported run); none are
   * published without it. A failed publish is logged, never fails the request.
   */
  readonly events?: EventPublisher;
  /**
   * The environment the notification routes read (issue 13): MESHWORK_WEBHOOK_ALLOW_HOSTS
   * for the URLs a subscription may name. Not given: none allowed (https, public only).
   */
  readonly notifyEnv?: NodeJS.ProcessEnv;
  /** Trino's access rules (issue 14): the rules URL for Trino and the admin's status. */
  readonly trino?: TrinoRouteDeps;
}

/** Turns the canvas's answers into files (`draftProduct`, app/canvas/draft-product.ts). */
export type Drafter = (meshRoot: string, canvas: ProductCanvas) => Promise<ProductDraft>;

export interface CanvasDeps {
  /** `meshwork serve --commit-proposals` / MESHWORK_COMMIT_PROPOSALS=1: proposals become git commits. */
  readonly commitProposals: boolean;
  readonly draft: Drafter;
}

/** What the Trino routes need: the publisher (its config names the files) and the mesh. */
export interface TrinoRouteDeps {
  readonly publisher: TrinoRulesPublisher;
  readonly mesh: () => Promise<AccessMesh>;
  readonly env: Readonly<Record<string, string | undefined>>;
}
