/**
 * Something that happened in the mesh that people may want to hear about (issue 13).
 * Producers (runs, SLA monitoring, access, the catalog's re-index) publish events;
 * `app/notify/` stores them, fans them out to the addressed people and the matching
 * subscriptions and delivers them (e-mail, webhooks as CloudEvents, Slack, Teams).
 */
export type MeshEventType =
  | 'check.failed'
  | 'sla.breached'
  | 'sla.recovered'
  | 'access.request-waiting'
  | 'access.request-decided'
  | 'grant.expiring'
  | 'contract.breaking-change'
  | 'product.created'
  | 'job.failed';

export const MESH_EVENT_TYPES: readonly MeshEventType[] = [
  'check.failed',
  'sla.breached',
  'sla.recovered',
  'access.request-waiting',
  'access.request-decided',
  'grant.expiring',
  'contract.breaking-change',
  'product.created',
  'job.failed',
];

export interface MeshEvent {
  /**
   * Unique, and deterministic where the cause is, so a cause handled twice (a retried
   * job, two servers) publishes once: e.g. `check.failed:<runId>`,
   * `grant.expiring:<grantId>:<endsAt>`, `sla.breached:<incidentId>`.
   */
  readonly id: string;
  readonly type: MeshEventType;
  /** ISO, UTC. */
  readonly at: string;
  /** What it is about (CloudEvents `subject`): a product id, request id, grant id, contract id. */
  readonly subject: string;
  readonly productId: string | null;
  readonly domain: string | null;
  /**
   * Who it is addressed to besides subscribers: the deciders of a request, its requester,
   * a grant's consumer team. Usernames and team names.
   */
  readonly recipients: { readonly users: readonly string[]; readonly teams: readonly string[] };
  /**
   * The facts, flat and small. Never a secret, a token or a value of personal data
   * (identifiers of products, contracts, checks, counts, states, times are fine).
   */
  readonly data: Readonly<Record<string, string | number | boolean | null>>;
}
