/**
 * Access to data products (issue 10): purposes, requests, approvals and grants as data.
 * The life of a request: pending → approved | rejected; an approved request becomes an
 * active grant once the engine has provisioned it; a grant ends expired (its end date
 * passed, or it lapsed without recertification) or revoked. Pure types; the rules that
 * move a request between states live beside them in core/access/, the services that
 * store and provision them in app/access/.
 */

/** GDPR Art. 6(1) letters a–f: consent, contract, legal obligation, vital interests, public task, legitimate interests. */
export type LegalBasis = 'a' | 'b' | 'c' | 'd' | 'e' | 'f';

export const LEGAL_BASES: readonly LegalBasis[] = ['a', 'b', 'c', 'd', 'e', 'f'];

/** A text in German and English; either may be missing, the other is shown then. */
export interface LocalizedText {
  readonly de?: string;
  readonly en?: string;
}

/** One entry of the purpose catalogue in meshwork.yaml (`purposes:`). */
export interface Purpose {
  readonly id: string;
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  /** The legal basis for processing personal data under this purpose; null: none stated. */
  readonly legalBasis: LegalBasis | null;
  /** Personal columns are served in clear (not pseudonymised) for this purpose. Default false. */
  readonly personalDataInClear: boolean;
}

export type AccessRequestState =
  'pending' | 'approved' | 'rejected' | 'active' | 'expired' | 'revoked';

/** Who must approve: the producing team's owners, and the governance role (the DPO). */
export type ApproverRole = 'owner' | 'dpo';

export interface Approval {
  readonly role: ApproverRole;
  /** Username, or "policy:<id>" for an automatic approval. */
  readonly by: string;
  readonly at: string;
  readonly comment: string | null;
}

export interface Rejection {
  readonly by: string;
  readonly at: string;
  readonly comment: string | null;
}

/** A policy finding shown to approvers (warnings) or blocking the request (errors). */
export interface AccessFinding {
  readonly policy: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /**
   * The params the policy applied with (a domain's adaptation, else its defaults), so a
   * translated hint's `{name}` placeholders can be filled where it is shown (the portal).
   */
  readonly params?: Readonly<
    Record<string, string | number | boolean | readonly (string | number | boolean)[]>
  >;
}

export interface AccessRequest {
  readonly id: string;
  /** `<domain>/<product>` as in the catalog. */
  readonly productId: string;
  /** The output port's name. */
  readonly port: string;
  /** The consumer team's name; the requester belongs to it. */
  readonly consumerTeam: string;
  /** The domain the consumer team belongs to. */
  readonly consumerDomain: string;
  readonly requester: string;
  /** A purpose id of the catalogue. */
  readonly purpose: string;
  /** Last day of access, UTC ISO 8601 date-time (end of the granted period). */
  readonly endsAt: string;
  /** A subset of the port's columns (`object.property`); null: every column. */
  readonly columns: readonly string[] | null;
  readonly justification: string;
  readonly state: AccessRequestState;
  /** Approvals still needed at creation: e.g. ['owner'] or ['owner', 'dpo']. */
  readonly requiredApprovals: readonly ApproverRole[];
  readonly approvals: readonly Approval[];
  readonly rejection: Rejection | null;
  /** Findings of the access policies at request and decision time. */
  readonly findings: readonly AccessFinding[];
  /** The request this one renews, if any. */
  readonly renewalOf: string | null;
  /** The grant made from it once approved and provisioned. */
  readonly grantId: string | null;
  /**
   * The row filter the owners approved with (issue 14), carried to the grant; absent or
   * null: every row. Kept on the request while a DPO's approval is still to come.
   */
  readonly rowFilter?: GrantRowFilter | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type GrantState = 'active' | 'expired' | 'revoked';

/** Where a grant was provisioned, as the engine adapter reports it. */
export interface GrantProvisioning {
  /** The engine kind that holds it: "postgresql" (a view and a role) or "embedded" (the data API). */
  readonly engine: string;
  /** The ODCS server name it was provisioned on; null for the embedded data API. */
  readonly server: string | null;
  /** What the consumer reads: e.g. `meshwork_marketing.orders_1a2b3c4d` or the data URL. */
  readonly objects: readonly string[];
  /** The role a consumer's login must be a member of; null where none. */
  readonly role: string | null;
  /**
   * Team members' database logins that do not exist (yet), so were not made members of
   * `role`: those people cannot read the grant until it is provisioned again. Absent where
   * the engine has no logins.
   */
  readonly missingLogins?: readonly string[];
  /** Logins that were members of `role` but no longer belong to the team, and lost it. */
  readonly removedLogins?: readonly string[];
  /**
   * True when meshwork.yaml maps no Meshwork user to a login of this engine
   * (`access.<engine>.login`), so no one was made a member of `role`: until a DBA grants it,
   * the team's people cannot read the grant — the request says so.
   */
  readonly membersUnmanaged?: boolean;
  /**
   * The server's entry (its scalar, non-secret fields: host, port, database, schema, type …)
   * as it was when provisioned: revoke and expiry reach the server through it even after
   * the product, port or server left the contract. Credentials are never stored; they come
   * from the server name's `MESHWORK_<SERVER>_*` variables or the secrets file.
   */
  readonly serverEntry?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * A grant's row filter: the rows whose column holds one of the values. Structured, never
 * SQL text, so each engine writes it with its own quoting and literals (an owner's input
 * never reaches an engine as code). `column` is `object.property` of the port's contract.
 */
export interface GrantRowFilter {
  readonly column: string;
  /** At least one, at most 100; compared with the column's value in its logical type. */
  readonly values: readonly (string | number | boolean)[];
}

export interface Grant {
  readonly id: string;
  readonly requestId: string;
  readonly productId: string;
  readonly port: string;
  readonly consumerTeam: string;
  readonly consumerDomain: string;
  readonly purpose: string;
  /** Granted columns (`object.property`); null: every column. */
  readonly columns: readonly string[] | null;
  /** Personal columns served in clear for this grant's purpose; the rest are pseudonymised. */
  readonly personalInClear: boolean;
  /**
   * Only these rows (issue 14): set by the deciding owner, enforced wherever the grant is
   * (PostgreSQL's grant view, the embedded data API, Trino's access rules). Absent or null:
   * every row. Records made before issue 14 have no such field.
   */
  readonly rowFilter?: GrantRowFilter | null;
  readonly state: GrantState;
  readonly startsAt: string;
  readonly endsAt: string;
  /** The last time an owner recertified it (starts as startsAt). */
  readonly certifiedAt: string;
  readonly endedAt: string | null;
  /** Who revoked it, "system" for expiry, null while active. */
  readonly endedBy: string | null;
  readonly provisioning: readonly GrantProvisioning[];
  /** When the owners were last reminded of the coming end; null: not yet. */
  readonly remindedAt: string | null;
}
