import type {
  AccessFinding,
  AccessRequest,
  AccessRequestState,
  Grant,
  GrantProvisioning,
  GrantRowFilter,
  GrantState,
  Purpose,
} from '../../core/access/model.ts';
import type { PolicySet } from '../../core/governance/index.ts';
import type {
  ContractEntry,
  MeshModel,
  PortEntry,
  ProductEntry,
} from '../../core/mesh/mesh-model.ts';
import type { Team } from '../catalog/catalog-types.ts';
import type { EventSink } from '../notify/sources/publish-events.ts';
import type { GlobalRole, MeshworkStore, Page } from '../store/store.ts';

/** Who acts: a signed-in user with their global roles; teams come from the mesh. */
export interface AccessActor {
  readonly username: string;
  readonly roles: readonly GlobalRole[];
}

/** The mesh as the access service reads it: one revision, parsed once (access-mesh.ts). */
export interface AccessMesh {
  readonly revision: string;
  readonly model: MeshModel;
  /** The built-in pack, the mesh's and the domains' policies, with adaptations. */
  readonly policies: PolicySet;
  /** The purpose catalogue of meshwork.yaml (`purposes:`). */
  readonly purposes: readonly Purpose[];
  /** Teams of every domain, by domain folder (app/catalog/teams.ts). */
  readonly teams: ReadonlyMap<string, readonly Team[]>;
}

/** What a consumer asks for (`POST /api/access-requests`). */
export interface AccessRequestInput {
  /** The product's `id` as in the catalog. */
  readonly productId: string;
  readonly port: string;
  readonly consumerTeam: string;
  readonly purpose: string;
  /** UTC ISO 8601 date-time or date (a date means the end of that day, UTC). */
  readonly endsAt: string;
  /** `object.property` names of the port's contract; null or absent: every column. */
  readonly columns?: readonly string[] | null;
  readonly justification: string;
  /** The grant or request this one renews (prefilled from it). */
  readonly renewalOf?: string | null;
}

export interface DecisionInput {
  readonly decision: 'approve' | 'reject';
  readonly comment?: string | null;
  /**
   * Only these rows (issue 14), with an owner's approval: checked against the port's
   * contract (core/access/row-filter.ts) before anything is stored. Null or absent: every row.
   */
  readonly rowFilter?: GrantRowFilter | null;
}

/** Everything an adapter needs to provision one grant. */
export interface ProvisionContext {
  readonly mesh: AccessMesh;
  readonly product: ProductEntry;
  readonly port: PortEntry;
  /** The port's contract (exactly one with its contractId), undefined when there is none. */
  readonly contract: ContractEntry | undefined;
  /** Usernames of the consumer team's members (for database logins). */
  readonly members: readonly string[];
}

/**
 * The port through which grants reach the data planes: the engine adapter (PostgreSQL
 * views and roles) and the embedded data API. Provisioning is idempotent per grant id; a
 * failure throws (MeshworkError) and leaves nothing half made.
 */
export interface GrantProvisioner {
  provision(grant: Grant, context: ProvisionContext): Promise<readonly GrantProvisioning[]>;
  /** Removes what `provision` made; a grant that is not there is no error. */
  revoke(grant: Grant, context: { readonly mesh: AccessMesh }): Promise<void>;
  /**
   * Makes the database memberships of every team holding one of the (active) grants
   * exactly its current members' logins, per server the grants were provisioned on.
   * Absent: the plane has no memberships (the embedded data API asks per request).
   */
  syncMembers?(
    grants: readonly Grant[],
    context: { readonly mesh: AccessMesh },
  ): Promise<readonly MemberSyncResult[]>;
}

/** One team's membership sync on one server: what changed, or why it could not be done. */
export interface MemberSyncResult {
  readonly server: string;
  readonly domain: string;
  readonly team: string;
  readonly removedLogins: readonly string[];
  readonly missingLogins: readonly string[];
  /** Why the sync failed (memberships unchanged); absent when it succeeded. */
  readonly error?: string;
}

export interface AccessServiceOptions {
  /** Passed in, never opened here. */
  readonly store: MeshworkStore;
  /** The current mesh; called per operation (cache in the accessor, see access-mesh.ts). */
  readonly mesh: () => Promise<AccessMesh>;
  readonly now?: () => Date;
  readonly provision: GrantProvisioner;
  /** New ids (tests pass a counter); default crypto.randomUUID. */
  readonly newId?: () => string;
  /**
   * Where `access.request-waiting`, `access.request-decided` and `grant.expiring` go
   * (issue 13); none published without it. A failed publish never fails the request,
   * decision or sweep: the sink's `onFailure` is told.
   */
  readonly events?: EventSink;
  /** Days before a grant's end that `grant.expiring` is published (default 7; 0: never). */
  readonly expiryNoticeDays?: number;
}

export type RequestView = 'mine' | 'to-decide' | 'all';

export interface ListRequestsOptions {
  readonly states?: readonly AccessRequestState[];
  readonly limit?: number;
  readonly cursor?: string | null;
}

export interface GrantFilter {
  readonly productId?: string;
  readonly team?: string;
  readonly states?: readonly GrantState[];
  readonly limit?: number;
  readonly cursor?: string | null;
}

/** "Who uses what": an active grant as the product page and lineage show it. */
export interface Consumer {
  readonly grantId: string;
  /** The product the grant is on. */
  readonly product: string;
  readonly port: string;
  readonly team: string;
  readonly domain: string;
  readonly purpose: string;
  readonly endsAt: string;
}

export type DataAccess =
  | { readonly allowed: false; readonly reason: string }
  | {
      readonly allowed: true;
      /**
       * The product the verdict is for, `domain/product` folder: whoever serves the data
       * checks it serves this product's snapshot and no other of the same id.
       */
      readonly product: string;
      /** The mesh path of the contract the columns come from; null when the port has none. */
      readonly contractFile: string | null;
      /** `object.property` of the port's contract, in contract order. */
      readonly columns: readonly string[];
      /** Of those, the personal and confidential columns to serve as a keyed hash. */
      readonly pseudonymise: readonly string[];
      readonly via: 'owner' | 'grant';
      /** The grant that allows it; null for the owning team. */
      readonly grantId: string | null;
      /** Only these rows: the grant's row filter (`object.property`); null: every row. */
      readonly rowFilter: GrantRowFilter | null;
    };

export interface SweepReport {
  readonly at: string;
  /** Grants past their end date, revoked in the engine and now expired. */
  readonly expired: readonly string[];
  /** Grants not recertified within the policy's interval, revoked and now expired. */
  readonly lapsed: readonly string[];
  /** Grants whose owners were reminded of the coming end (audit `grant.remind`). */
  readonly reminded: readonly Reminder[];
  /** Grants the sweep could not end (the engine failed); they stay active and are retried. */
  readonly failed: readonly { readonly grantId: string; readonly reason: string }[];
  /** The memberships of the teams with active grants, made their current members' logins. */
  readonly members: readonly MemberSyncResult[];
  /**
   * Grants ending within the notice days whose `grant.expiring` was handed to the
   * publisher (issue 13; the publisher keeps one per grant and end date), and those whose
   * publish failed. Absent when the sweep publishes no events.
   */
  readonly expiring?: {
    readonly published: readonly string[];
    readonly failed: readonly { readonly grantId: string; readonly reason: string }[];
  };
  /** Requests left approved, completed or found waiting (absent when the sweep does not recover). */
  readonly recovery?: RecoveryReport;
}

/**
 * What the sweep did with requests left `approved` — a server that died between an
 * approval's writes (audit `grant.recovered`, with `recovery` completed or activated).
 */
export interface RecoveryReport {
  /** Requests whose grant was stored, now marked active with it. */
  readonly completed: readonly { readonly requestId: string; readonly grantId: string }[];
  /** Requests with no grant, approved longer than the grace ago: provisioned and active now. */
  readonly activated: readonly { readonly requestId: string; readonly grantId: string }[];
  /** Requests approved within the grace period: an activation may still run; next sweep. */
  readonly waiting: readonly string[];
  /**
   * Requests whose provisioning failed (a `meshwork:provisioning` error finding, audited as
   * `grant.provision-failed`): not tried again by the sweep — a person decides (a new request).
   */
  readonly provisionFailed: readonly string[];
  /** Requests the recovery could not complete, and why; tried again by the next sweep. */
  readonly failed: readonly { readonly requestId: string; readonly reason: string }[];
}

export interface Reminder {
  readonly grantId: string;
  readonly productId: string;
  readonly port: string;
  readonly team: string;
  readonly endsAt: string;
  /** Usernames of the producing team's owners to notify (the channel is issue 13). */
  readonly owners: readonly string[];
}

export interface AccessService {
  /** Validates, runs the access policies, stores a pending (or auto-approved) request. */
  request(actor: AccessActor, input: AccessRequestInput): Promise<AccessRequest>;
  /** An owner's, DPO's or admin's approval or rejection; the last approval provisions. */
  decide(actor: AccessActor, id: string, input: DecisionInput): Promise<AccessRequest>;
  getRequest(actor: AccessActor, id: string): Promise<AccessRequest>;
  listRequests(
    actor: AccessActor,
    view: RequestView,
    options?: ListRequestsOptions,
  ): Promise<Page<AccessRequest>>;
  listGrants(actor: AccessActor, filter?: GrantFilter): Promise<Page<Grant>>;
  getGrant(actor: AccessActor, id: string): Promise<Grant>;
  revoke(actor: AccessActor, grantId: string): Promise<Grant>;
  recertify(actor: AccessActor, grantId: string): Promise<Grant>;
  /** Expires, lapses and reminds; for `meshwork access sweep` and the server's timer. */
  sweep(now?: Date): Promise<SweepReport>;
  /** The active grants on these products (the product page, the lineage). */
  consumersOf(productIds: readonly string[]): Promise<readonly Consumer[]>;
  dataAccess(actor: AccessActor, productId: string, port: string): Promise<DataAccess>;
}

/** A request the access policies blocked: 422 with the findings in the API. */
export type { AccessFinding };
