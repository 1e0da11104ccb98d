/**
 * The portal's typed client of the Meshwork API (the shapes of issue 5's plan). Every call
 * goes to the same origin; the session cookie travels by itself and state-changing calls
 * carry the session's CSRF token. Errors arrive as RFC 9457 problem+json and become an
 * `ApiError` with the server's title and detail.
 */

// The shapes the server answers with are the catalog's own types, imported for their types
// only (erased by Vite, so no server code reaches the bundle); this file adds the envelopes.
import type {
  AdaptationSummary,
  ContractSummary,
  DomainSummary,
  FreshnessStatus,
  LineageLink,
  LineageNode,
  PolicySummary,
  ProductDetail,
  ProductSummary,
  QualityStatus,
  SlaStatus,
  Team,
  TeamMember,
} from '../../src/app/catalog/catalog-types.ts';
import type { PortUsage } from '../../src/app/catalog/port-usage.ts';
import type {
  AccessFinding,
  AccessRequest,
  AccessRequestState,
  ApproverRole,
  Grant,
  GrantRowFilter,
  GrantState,
  LegalBasis,
  LocalizedText,
  Purpose,
} from '../../src/core/access/model.ts';
import type { StoredRun } from '../../src/app/store/store.ts';
import type { DsrTask } from '../../src/core/privacy/dsr-model.ts';
import type {
  ProcessingActivity,
  ProcessingRecord,
  RecordContact,
  RecordGap,
  RecordLanguage,
} from '../../src/core/privacy/record/model.ts';
import type { Finding } from '../../src/core/findings/finding.ts';
import type { CheckResult, TestRun } from '../../src/core/quality/check.ts';
import type { Job, JobKind, JobState } from '../../src/core/jobs/job-model.ts';

export type { Job, JobKind, JobState };

/** A product's schedule, its latest jobs (null: not the caller's domain) and whether the caller may run it. */
export interface ProductJobs {
  readonly schedule: {
    readonly cron: string;
    readonly timezone: string;
    readonly nextRun: string | null;
  } | null;
  readonly jobs: readonly Job[] | null;
  readonly mayRun: boolean;
}

import type { MeshEventType } from '../../src/core/notify/mesh-event.ts';
import type {
  Delivery as StoredDelivery,
  DeliveryAttempt,
} from '../../src/core/notify/notification-model.ts';

export type {
  ProcessingActivity,
  ProcessingRecord,
  RecordContact,
  RecordGap,
  RecordLanguage,
  AccessFinding,
  AccessRequest,
  AccessRequestState,
  ApproverRole,
  Grant,
  GrantRowFilter,
  GrantState,
  LegalBasis,
  LocalizedText,
  Purpose,
  CheckResult,
  ContractSummary,
  PortUsage,
  TestRun,
  DomainSummary,
  Finding,
  FreshnessStatus,
  LineageNode,
  ProductDetail,
  ProductSummary,
  QualityStatus,
  SlaStatus,
  Team,
  TeamMember,
};

/** What the canvas form sends (the server forces status proposed and fills the owner). */
export interface CanvasAnswers {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly purpose: string;
  readonly consumers: string;
  readonly team: string;
  readonly inputs: readonly string[];
  readonly columns: readonly string[];
  readonly sla: {
    readonly latency?: { readonly value: number; readonly unit: 'd' | 'h' | 'm' };
    readonly schedule?: string;
  };
  readonly language: 'de' | 'en';
}

export interface CanvasOptions {
  readonly commit: { readonly allowed: boolean; readonly reason: string | null };
  readonly domains: readonly {
    name: string;
    title: string;
    teams: readonly string[];
    /** Whether the signed-in user may submit proposals into this domain. */
    mayCommit: boolean;
    /** The teams they may name as owning team; null: any of the domain's. */
    commitTeams: readonly string[] | null;
  }[];
  readonly teams: readonly {
    name: string;
    domain: string;
    members: readonly { username: string; name: string | null; role: string | null }[];
  }[];
  readonly contracts: readonly {
    id: string;
    productId: string | null;
    port: string | null;
    objects: readonly {
      name: string;
      properties: readonly { name: string; logicalType: string | null; pii: boolean }[];
    }[];
  }[];
  readonly truncated: boolean;
}

export interface ProductDraft {
  readonly folder: string;
  readonly files: readonly { path: string; content: string }[];
  readonly findings: readonly Finding[];
}

export interface CommittedProposal {
  readonly commit: string;
  readonly indexed: boolean;
  readonly folder: string;
  readonly files: readonly string[];
  readonly findings: readonly Finding[];
}

export interface Principal {
  readonly username: string;
  readonly name: string;
  readonly roles: readonly ('admin' | 'governance')[];
  readonly domains: Readonly<Record<string, 'owner' | 'member'>>;
  readonly via: 'session' | 'token';
}

export interface Facet {
  readonly value: string;
  readonly count: number;
}

export type FacetName = 'domain' | 'status' | 'tag' | 'classification';

export interface ProductPage {
  readonly items: readonly ProductSummary[];
  readonly total: number;
  readonly facets: Readonly<Record<FacetName, readonly Facet[]>>;
  readonly next: string | null;
}

export interface TrendPoint {
  readonly runId: string;
  readonly contractId: string;
  readonly at: string;
  readonly status: Exclude<QualityStatus, 'unknown'>;
  readonly passed: number;
  readonly failed: number;
  /** Checks that could not be run (the data could not be read): not failed ones. */
  readonly errors: number;
  readonly warnings: number;
}

export interface ProductResponse {
  readonly product: ProductDetail;
  readonly findings: readonly Finding[];
  readonly qualityTrend: readonly TrendPoint[];
  readonly sla: readonly SlaStatus[];
  /** Open incidents (absent from servers before SLA monitoring). */
  readonly incidents?: readonly Incident[];
}

/** A team with an active access grant on a product of the graph ("who uses what"). */
export interface LineageConsumer {
  readonly product: string;
  readonly port: string;
  readonly team: string;
  readonly domain: string;
  readonly purpose: string;
  readonly endsAt: string;
}

export interface Lineage {
  readonly nodes: readonly LineageNode[];
  readonly edges: readonly LineageLink[];
  /** Absent from servers before access management. */
  readonly consumers?: readonly LineageConsumer[];
}

export interface ScoreLine {
  readonly name: string;
  readonly passed: number;
  readonly total: number;
  readonly share: number;
  readonly bySeverity: Readonly<
    Record<string, { readonly passed: number; readonly total: number }>
  >;
}

export interface DomainResponse {
  readonly domain: DomainSummary;
  readonly teams: readonly Team[];
  readonly products: readonly ProductSummary[];
  readonly findings: readonly Finding[];
  readonly scorecard: ScoreLine | null;
  readonly scorecardTrend: readonly { readonly at: string; readonly share: number }[];
  /** Open incidents of its products (absent from servers before SLA monitoring). */
  readonly incidents?: readonly Incident[];
}

export type SlaKind = 'latency' | 'frequency' | 'timeOfAvailability';

/** A broken SLA of a product (issue 13). */
export interface Incident {
  readonly id: string;
  readonly productId: string;
  readonly domain: string;
  readonly team: string | null;
  readonly contractId: string;
  readonly port: string;
  readonly sla: string;
  readonly kind: SlaKind;
  readonly promised: string;
  readonly observed: string | null;
  readonly message: string;
  readonly state: 'open' | 'resolved';
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  readonly resolution: 'met' | 'withdrawn' | null;
}

export interface SlaEvaluation {
  readonly port: string;
  readonly contractId: string;
  readonly sla: string;
  readonly kind: SlaKind;
  readonly promised: string;
  readonly state: 'met' | 'breached' | 'unknown';
  /** Why it could not be evaluated (state unknown). */
  readonly reason: string | null;
  readonly message: string;
  readonly observed: string | null;
}

export interface ProductSlas {
  readonly evaluatedAt: string;
  readonly timeZone: string;
  readonly evaluations: readonly SlaEvaluation[];
}

export interface GovernanceResponse {
  readonly policies: readonly PolicySummary[];
  readonly adaptations: readonly AdaptationSummary[];
  readonly findings: readonly Finding[];
  readonly scorecard: {
    readonly at: string;
    readonly mesh: ScoreLine;
    readonly domains: readonly ScoreLine[];
  } | null;
}

/** A run as the store keeps it (`GET /api/runs/{id}`). */
export type { StoredRun };

export interface FailingChecks {
  readonly runId: string;
  readonly contractId: string;
  readonly productId: string | null;
  readonly port: string | null;
  readonly at: string;
  readonly status: TestRun['status'];
  readonly trigger: 'test' | 'build' | null;
  readonly checks: readonly CheckResult[];
}

export interface PolicyText {
  readonly title: string;
  readonly description: string;
  readonly hint: string;
}

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revoked: boolean;
}

export type Role = 'admin' | 'governance';

export interface User {
  readonly username: string;
  readonly name: string;
  readonly email: string | null;
  readonly roles: readonly Role[];
  readonly disabled: boolean;
  readonly sso: boolean;
  readonly createdAt: string;
}

/** The body of `POST /api/access-requests` (SPEC-10, API). */
export interface AccessRequestInput {
  readonly productId: string;
  readonly port: string;
  readonly consumerTeam: string;
  readonly purpose: string;
  readonly endsAt: string;
  /** A subset of the port's columns (`object.property`); absent: every column. */
  readonly columns?: readonly string[];
  readonly justification: string;
  readonly renewalOf?: string;
}

/** A grant as `GET /api/grants` lists it: `connection` is the server's lines on how to read it. */
export type GrantView = Grant & { readonly connection?: readonly string[] };

export type RequestView = 'mine' | 'to-decide' | 'all';

/** `GET /api/purposes`; `maxDurationDays` bounds the end date where a policy sets one. */
export interface PurposeCatalogue {
  readonly items: readonly Purpose[];
  readonly maxDurationDays?: number | null;
}

/** An erasure task as `GET /api/privacy/tasks` lists it, with the domain its source declares. */
export type DsrTaskView = DsrTask & { readonly domain: string | null };

/** Where the record of processing is downloaded (the session cookie goes along). */
export function recordDownloadUrl(lang: RecordLanguage, format: 'html' | 'pdf' | 'json'): string {
  return `/api/privacy/record${query({ lang, format })}`;
}

/** An entry of the hash-chained audit trail (issue 10). */
export interface AuditEntry {
  readonly id: string;
  readonly seq?: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
  readonly prevHash?: string;
  readonly hash?: string;
}

/** The first entry of the audit log that is not where an intact chain would have it. */
export interface ChainBreak {
  readonly kind: 'edited' | 'deleted' | 'inserted' | 'reordered';
  readonly position: number;
  readonly seq: number | null;
  readonly id: string;
  readonly message: string;
}

/** `GET /api/audit/verify`: the chain's verdict (200 also when it is broken). */
export interface AuditVerification {
  readonly intact: boolean;
  /** Entries read until the verdict. */
  readonly count: number;
  readonly headSeq: number | null;
  readonly headHash: string | null;
  /** The first entry that breaks the chain; null when intact. */
  readonly broken: ChainBreak | null;
  /** Head hashes noted before (anchors) that the log no longer holds. */
  readonly missingAnchors: readonly string[];
}

export type DataFormat = 'csv' | 'parquet' | 'json';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | null,
    /** A 422's policy findings (problem+json `findings`), else empty. */
    readonly findings: readonly AccessFinding[] = [],
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

let csrfToken: string | null = null;

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (!response.ok) {
    let title = response.statusText || `HTTP ${response.status}`;
    let detail: string | null = null;
    let findings: readonly AccessFinding[] = [];
    try {
      const problem = (await response.json()) as {
        title?: string;
        detail?: string;
        findings?: unknown;
      };
      title = problem.title ?? title;
      detail = problem.detail ?? null;
      if (Array.isArray(problem.findings)) findings = problem.findings as AccessFinding[];
    } catch {
      // A proxy's HTML error page has no problem document; the status line says enough.
    }
    throw new ApiError(response.status, title, detail, findings);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A POST whose answer is a file (the canvas's zip): the bytes, or an ApiError as for JSON. */
async function requestBlob(path: string, body: unknown): Promise<Blob> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    let title = response.statusText || `HTTP ${response.status}`;
    let detail: string | null = null;
    try {
      const problem = (await response.json()) as { title?: string; detail?: string };
      title = problem.title ?? title;
      detail = problem.detail ?? null;
    } catch {
      // Not a problem document; the status line says enough.
    }
    throw new ApiError(response.status, title, detail);
  }
  return response.blob();
}

function query(params: Record<string, string | readonly string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    for (const v of typeof value === 'string' ? [value] : value) search.append(key, v);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const enc = encodeURIComponent;

export const api = {
  async me(): Promise<Principal> {
    const answer = await request<{ user: Principal; csrfToken: string }>('GET', '/api/auth/me');
    csrfToken = answer.csrfToken;
    return answer.user;
  },
  async login(username: string, password: string): Promise<Principal> {
    const answer = await request<{ user: Principal; csrfToken: string }>(
      'POST',
      '/api/auth/login',
      { username, password },
    );
    csrfToken = answer.csrfToken;
    return answer.user;
  },
  async logout(): Promise<void> {
    await request<unknown>('POST', '/api/auth/logout');
    csrfToken = null;
  },
  authConfig: () =>
    request<{ oidc: { enabled: boolean; label: string | null } }>('GET', '/api/auth/config'),
  domains: () =>
    request<{ items: readonly DomainSummary[]; total: number }>('GET', '/api/domains?limit=200'),
  domain: (name: string) => request<DomainResponse>('GET', `/api/domains/${enc(name)}`),
  products: (params: Record<string, string | readonly string[] | undefined>) =>
    request<ProductPage>('GET', `/api/products${query(params)}`),
  product: (id: string) => request<ProductResponse>('GET', `/api/products/${enc(id)}`),
  lineage: (id: string, depth = 3) =>
    request<Lineage>(
      'GET',
      `/api/products/${enc(id)}/lineage${query({ direction: 'both', depth: String(depth) })}`,
    ),
  governance: () => request<GovernanceResponse>('GET', '/api/governance'),
  run: (id: string) => request<StoredRun>('GET', `/api/runs/${enc(id)}`),
  failingChecks: (domain: string) =>
    request<{ items: readonly FailingChecks[] }>(
      'GET',
      `/api/domains/${enc(domain)}/failing-checks`,
    ),
  usage: (id: string) =>
    request<{ items: readonly PortUsage[] }>('GET', `/api/products/${enc(id)}/usage`),
  /** The address of a contract's YAML download (a link, not a fetch). */
  contractYamlUrl: (id: string) => `/api/contracts/${enc(id)}/yaml`,
  /** The address of a contract's export in a format of `meshwork export` (a link). */
  contractExportUrl: (id: string, format: string) =>
    `/api/contracts/${enc(id)}/export${query({ format })}`,
  policyTexts: (lang: 'de') =>
    request<{ policies: Readonly<Record<string, PolicyText>> }>(
      'GET',
      `/api/governance/texts${query({ lang })}`,
    ),
  tokens: () => request<{ items: readonly ApiToken[] }>('GET', '/api/tokens'),
  createToken: (name: string, expiresInDays: number | undefined) =>
    request<ApiToken & { token: string }>('POST', '/api/tokens', {
      name,
      ...(expiresInDays === undefined ? {} : { expiresInDays }),
    }),
  revokeToken: (id: string) => request<void>('DELETE', `/api/tokens/${enc(id)}`),
  users: () => request<{ items: readonly User[] }>('GET', '/api/users?limit=200'),
  createUser: (user: {
    username: string;
    name: string;
    email: string | null;
    password: string;
    roles: Role[];
  }) => request<User>('POST', '/api/users', user),
  updateUser: (
    username: string,
    change: { roles?: Role[]; disabled?: boolean; password?: string },
  ) => request<User>('PATCH', `/api/users/${enc(username)}`, change),
  purposes: () => request<PurposeCatalogue>('GET', '/api/purposes'),
  requestAccess: (input: AccessRequestInput) =>
    request<AccessRequest>('POST', '/api/access-requests', input),
  accessRequests: (view: RequestView, params: { state?: string; cursor?: string } = {}) =>
    request<{ items: readonly AccessRequest[]; next: string | null }>(
      'GET',
      `/api/access-requests${query({ view, ...params })}`,
    ),
  decide: (
    id: string,
    decision: 'approve' | 'reject',
    comment: string | null,
    /** Left out: the filter the request carries stays; null: every row. */
    rowFilter?: GrantRowFilter | null,
  ) =>
    request<AccessRequest>('POST', `/api/access-requests/${enc(id)}/decision`, {
      decision,
      ...(comment ? { comment } : {}),
      ...(rowFilter === undefined ? {} : { rowFilter }),
    }),
  grants: (params: { productId?: string; team?: string; state?: string; cursor?: string }) =>
    request<{ items: readonly GrantView[]; next: string | null }>(
      'GET',
      `/api/grants${query(params)}`,
    ),
  revokeGrant: (id: string) => request<void>('DELETE', `/api/grants/${enc(id)}`),
  recertifyGrant: (id: string) => request<Grant>('POST', `/api/grants/${enc(id)}/recertify`),
  /** The address of a port's data download through the API (a link, not a fetch). */
  dataUrl: (productId: string, port: string, format: DataFormat) =>
    `/api/products/${enc(productId)}/ports/${enc(port)}/data${query({ format })}`,
  audit: (params: { actor?: string; action?: string; cursor?: string }) =>
    request<{ items: readonly AuditEntry[]; next: string | null }>(
      'GET',
      `/api/audit${query(params)}`,
    ),
  verifyAudit: () => request<AuditVerification>('GET', '/api/audit/verify'),
  privacyRecord: (lang: RecordLanguage) =>
    request<ProcessingRecord>('GET', `/api/privacy/record${query({ lang, format: 'json' })}`),
  privacyTasks: (params: { state?: 'open' | 'done'; cursor?: string }) =>
    request<{ items: DsrTaskView[]; next: string | null }>(
      'GET',
      `/api/privacy/tasks${query(params)}`,
    ),
  canvasOptions: () => request<CanvasOptions>('GET', '/api/canvas/options'),
  canvasDraft: (answers: CanvasAnswers) =>
    request<ProductDraft>('POST', '/api/canvas/draft', answers),
  canvasZip: (answers: CanvasAnswers) => requestBlob('/api/canvas/draft?format=zip', answers),
  canvasCommit: (answers: CanvasAnswers) =>
    request<CommittedProposal>('POST', '/api/canvas/commit', answers),
  completeTask: (id: string) => request<DsrTaskView>('POST', `/api/privacy/tasks/${enc(id)}/done`),
  // Jobs (issue 13)
  jobs: (params: { kind?: JobKind; state?: JobState; target?: string; cursor?: string }) =>
    request<{ items: readonly Job[]; next: string | null }>('GET', `/api/jobs${query(params)}`),
  job: (id: string) => request<Job>('GET', `/api/jobs/${enc(id)}`),
  cancelJob: (id: string) => request<Job>('POST', `/api/jobs/${enc(id)}/cancel`),
  productJobs: (productId: string) =>
    request<ProductJobs>('GET', `/api/products/${enc(productId)}/jobs`),
  /** "Run now": the queued job; a 409 (a build waits or runs already) is an ApiError. */
  runProduct: (productId: string) => request<Job>('POST', `/api/products/${enc(productId)}/run`),
  incidents: (params: Record<string, string>) =>
    request<{ items: readonly Incident[]; next: string | null }>(
      'GET',
      `/api/incidents${query(params)}`,
    ),
  productSlas: (id: string) => request<ProductSlas>('GET', `/api/products/${enc(id)}/slas`),
  // notifications (issue 13)
  /** Mine and those of the teams I belong to (the server lists both). */
  subscriptions: (params: { cursor?: string } = {}) =>
    request<{ items: readonly Subscription[]; next: string | null }>(
      'GET',
      `/api/subscriptions${query({ limit: '200', ...params })}`,
    ),
  createSubscription: (input: SubscriptionInput) =>
    request<SubscriptionCreated>('POST', '/api/subscriptions', input),
  deleteSubscription: (id: string) => request<void>('DELETE', `/api/subscriptions/${enc(id)}`),
  testSubscription: (id: string) =>
    request<{ eventId: string; deliveries: readonly Delivery[] }>(
      'POST',
      `/api/subscriptions/${enc(id)}/test`,
    ),
  deliveries: (params: { cursor?: string } = {}) =>
    request<{ items: readonly Delivery[]; next: string | null }>(
      'GET',
      `/api/notifications/deliveries${query({ limit: '50', ...params })}`,
    ),
};

/** Issue 13's adoption dashboard (`GET /api/dashboard`). */
export interface AdoptionFigures {
  readonly products: number;
  readonly productsByDomain: Readonly<Record<string, number>>;
  readonly productsByStatus: Readonly<Record<string, number>>;
  readonly withOwner: number | null;
  readonly withDescription: number | null;
  readonly withPassingContracts: number | null;
  readonly consumers: {
    readonly activeGrants: number;
    readonly perProduct: Readonly<Record<string, number>>;
  } | null;
  readonly requests: {
    readonly submitted: number;
    readonly approved: number;
    readonly rejected: number;
    readonly pending: number;
    readonly medianHoursToApproval: number | null;
    readonly approvedInWindow: number;
  } | null;
  readonly quality: {
    readonly contracts: number;
    readonly tested: number;
    readonly passing: number;
  } | null;
  readonly sla: {
    readonly evaluatedAt: string;
    readonly productsWithSla: number;
    readonly productsMet: number;
    readonly productsBreached: number;
    readonly productsUnknown: number;
    readonly slasMet: number;
    readonly slasBreached: number;
    readonly slasUnknown: number;
  } | null;
  readonly policyShare: number | null;
  readonly proposalToActive: { readonly products: number; readonly medianDays: number | null };
}

export interface AdoptionDay {
  readonly day: string;
  readonly source: 'index' | 'schedule' | 'git';
  readonly figures: AdoptionFigures;
  readonly gaps: Readonly<Record<string, string>>;
}

export interface DashboardResponse {
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
  readonly current: AdoptionDay;
  readonly history: readonly AdoptionDay[];
  readonly sources: Readonly<Record<string, readonly string[]>>;
}

export const dashboardApi = {
  dashboard: (params: { from?: string; to?: string }) =>
    request<DashboardResponse>('GET', `/api/dashboard${query(params)}`),
};

// notifications (issue 13): the shapes of src/server/notify-schemas.ts
export type { MeshEventType };
/** Every event type, in the order the portal lists them; a type missing here does not compile. */
const EVENT_TYPE_ORDER: Record<MeshEventType, number> = {
  'check.failed': 0,
  'sla.breached': 1,
  'sla.recovered': 2,
  'job.failed': 3,
  'contract.breaking-change': 4,
  'product.created': 5,
  'access.request-waiting': 6,
  'access.request-decided': 7,
  'grant.expiring': 8,
};
export const EVENT_TYPES = (Object.keys(EVENT_TYPE_ORDER) as MeshEventType[]).sort(
  (a, b) => EVENT_TYPE_ORDER[a] - EVENT_TYPE_ORDER[b],
);
export type ChannelKind = 'email' | 'webhook' | 'slack' | 'teams';
export const CHANNEL_KINDS: readonly ChannelKind[] = ['email', 'webhook', 'slack', 'teams'];

export type SubscriptionScope =
  | { readonly kind: 'mesh' }
  | { readonly kind: 'product'; readonly productId: string }
  | { readonly kind: 'domain'; readonly domain: string };

export interface SubscriptionInput {
  /** Omitted: the caller's own; a team's needs an owner of that team. */
  readonly team?: string;
  readonly types: readonly MeshEventType[];
  readonly scope: SubscriptionScope;
  readonly channel:
    | { readonly kind: 'email'; readonly address?: string }
    | { readonly kind: 'webhook' | 'slack' | 'teams'; readonly url: string };
  readonly language?: 'de' | 'en';
}

export interface Subscription {
  readonly id: string;
  /** `user:<username>` or `team:<domain>/<team>`. */
  readonly owner: string;
  readonly createdBy: string;
  readonly types: readonly MeshEventType[];
  readonly scope: SubscriptionScope;
  readonly channel: { readonly kind: ChannelKind; readonly destination: string | null };
  readonly language: 'de' | 'en' | null;
  readonly enabled: boolean;
  readonly createdAt: string;
}

export interface SubscriptionCreated {
  readonly subscription: Subscription;
  /** A webhook's signing secret, shown this once. */
  readonly secret: string | null;
}

/** A delivery as the API lists it: the store's, without the e-mail address it was sent to. */
export type Delivery = Omit<StoredDelivery, 'address'>;
export type { DeliveryAttempt };
