import { issue } from '../findings/codes.ts';
import type { DocumentIssue } from '../findings/finding.ts';
import { closest, suggestion } from '../text/suggest.ts';
import { decisionCodes, requestInputCodes } from './catalogue.ts';
import type {
  AccessRequest,
  AccessRequestState,
  Approval,
  ApproverRole,
  Grant,
  GrantState,
  Purpose,
  Rejection,
} from './model.ts';

/**
 * The life of an access request as pure functions (issue 10): who must approve, what an
 * approval or a rejection does, which state may follow which, when a grant is over, due
 * for recertification or for a reminder, and what a request must say. The service
 * (app/access/) applies them inside the store's atomic `update`, so two decisions at once
 * are applied one after the other, each to the other's result.
 *
 * Times are instants: a `Date` or an ISO 8601 string with a time zone. A stored time that
 * does not parse counts against access (the grant is over, the request has ended): the
 * rules fail closed.
 */
export type Instant = Date | string;

const DAY_MS = 86_400_000;

function msOf(instant: Instant): number {
  return typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
}

function isoOf(instant: Instant): string {
  return new Date(msOf(instant)).toISOString();
}

/**
 * The approvals a request needs: the producing team's owners always; the data protection
 * officer (governance role) too when the port holds personal data, unless a policy waives it.
 */
export function requiredApprovals(input: {
  readonly personal: boolean;
  readonly policyWaivesDpo: boolean;
}): readonly ApproverRole[] {
  return input.personal && !input.policyWaivesDpo ? ['owner', 'dpo'] : ['owner'];
}

/**
 * The states a request may move to. Beyond the issue's graph (pending → approved |
 * rejected → active → expired | revoked): a pending request whose end date passed
 * undecided expires, and an approved one can be revoked before it was provisioned (the
 * engine failed, or an owner withdrew it). Rejected, expired and revoked are final.
 */
export const REQUEST_TRANSITIONS: Readonly<
  Record<AccessRequestState, readonly AccessRequestState[]>
> = {
  pending: ['approved', 'rejected', 'expired'],
  approved: ['active', 'revoked'],
  active: ['expired', 'revoked'],
  rejected: [],
  expired: [],
  revoked: [],
};

export function canTransition(from: AccessRequestState, to: AccessRequestState): boolean {
  return REQUEST_TRANSITIONS[from].includes(to);
}

/** A grant is active until it expires (or lapses unrecertified) or is revoked; both final. */
export function canTransitionGrant(from: GrantState, to: GrantState): boolean {
  return from === 'active' && (to === 'expired' || to === 'revoked');
}

export type DecisionOutcome =
  | {
      readonly ok: true;
      readonly request: AccessRequest;
      /** False when the approval was there already (the same role approved before). */
      readonly changed: boolean;
    }
  | { readonly ok: false; readonly problem: DocumentIssue };

const refuse = (problem: DocumentIssue): DecisionOutcome => ({ ok: false, problem });

/** Whether `by` is an automatic approval of a policy ("policy:<id>"), not a person. */
function isPolicy(by: string): boolean {
  return by.startsWith('policy:');
}

/**
 * Adds an approval. Idempotent per role: a second approval in a role that approved
 * already changes nothing (`changed: false`) — a retried or doubled click does not count
 * twice. Once every required role has approved, the request is 'approved'.
 *
 * Refused: a request that is not pending, whose end date has passed, an approval in a role
 * it does not need, the requester approving their own request, and one person giving both
 * roles' approvals (the DPO's is a second pair of eyes). Policies ("policy:<id>") are
 * exempt from the last two.
 */
export function applyApproval(
  request: AccessRequest,
  approval: Approval,
  now: Instant,
): DecisionOutcome {
  const id = request.id;
  if (request.state !== 'pending')
    return refuse(issue(decisionCodes, 'request-not-pending', { id, state: request.state }, []));
  if (request.approvals.some((a) => a.role === approval.role))
    return { ok: true, request, changed: false };
  if (!request.requiredApprovals.includes(approval.role))
    return refuse(
      issue(
        decisionCodes,
        'approval-not-required',
        { id, role: approval.role, required: request.requiredApprovals.join(', ') },
        [],
      ),
    );
  if (!(msOf(request.endsAt) > msOf(now)))
    return refuse(issue(decisionCodes, 'request-ended', { id, endsAt: request.endsAt }, []));
  if (!isPolicy(approval.by)) {
    if (approval.by === request.requester)
      return refuse(issue(decisionCodes, 'self-approval', { id, by: approval.by }, []));
    const earlier = request.approvals.find((a) => a.by === approval.by);
    if (earlier)
      return refuse(
        issue(decisionCodes, 'same-approver', { id, by: approval.by, role: earlier.role }, []),
      );
  }
  const approvals = [...request.approvals, approval];
  const complete = request.requiredApprovals.every((role) =>
    approvals.some((a) => a.role === role),
  );
  return {
    ok: true,
    changed: true,
    request: {
      ...request,
      approvals,
      state: complete ? 'approved' : 'pending',
      updatedAt: isoOf(now),
    },
  };
}

/**
 * Rejects a pending request: one rejection by anyone entitled to decide ends it, whatever
 * was approved before. A request that is no longer pending cannot be rejected (also not
 * twice: the first rejection's author and comment stay).
 */
export function applyRejection(
  request: AccessRequest,
  rejection: Rejection,
  now: Instant,
): DecisionOutcome {
  if (request.state !== 'pending')
    return refuse(
      issue(decisionCodes, 'request-not-pending', { id: request.id, state: request.state }, []),
    );
  return {
    ok: true,
    changed: true,
    request: { ...request, state: 'rejected', rejection, updatedAt: isoOf(now) },
  };
}

/** Whether the grant's period is over: its end is now or past (or does not parse). */
export function isExpired(grant: Pick<Grant, 'endsAt'>, now: Instant): boolean {
  const end = msOf(grant.endsAt);
  return Number.isNaN(end) || end <= msOf(now);
}

/**
 * Whether an active grant is due for recertification: its last certification is
 * `everyDays` days or longer ago. A cadence that is not a positive number asks for none.
 */
export function needsRecertification(
  grant: Pick<Grant, 'state' | 'certifiedAt'>,
  everyDays: number,
  now: Instant,
): boolean {
  if (grant.state !== 'active' || !Number.isFinite(everyDays) || everyDays <= 0) return false;
  const certified = msOf(grant.certifiedAt);
  return Number.isNaN(certified) || msOf(now) - certified >= everyDays * DAY_MS;
}

/**
 * Whether the owners are to be reminded of an active grant's end now: the end is at most
 * `daysBefore` days ahead and not yet past, and no reminder was sent in this window (a
 * reminder sent before the window opened, e.g. before the end was moved, does not count).
 */
export function remindDue(
  grant: Pick<Grant, 'state' | 'endsAt' | 'remindedAt'>,
  daysBefore: number,
  now: Instant,
): boolean {
  if (grant.state !== 'active' || !Number.isFinite(daysBefore) || daysBefore < 0) return false;
  const end = msOf(grant.endsAt);
  const at = msOf(now);
  if (Number.isNaN(end) || end <= at) return false;
  const windowOpens = end - daysBefore * DAY_MS;
  if (at < windowOpens) return false;
  if (grant.remindedAt === null) return true;
  const reminded = msOf(grant.remindedAt);
  return Number.isNaN(reminded) || reminded < windowOpens;
}

// ---------------------------------------------------------------- the input of a request

export const MAX_REQUEST_DAYS = 365;
export const MAX_JUSTIFICATION = 2000;
export const MAX_NAME = 200;
export const MAX_COLUMNS = 1000;
/** Unknown fields and columns reported one by one; the rest are counted in one more. */
const MAX_REPORTED = 10;
/** The valid column names an error lists in full before it counts the rest. */
const LISTED_COLUMNS = 50;

const FIELDS = [
  'productId',
  'port',
  'consumerTeam',
  'purpose',
  'endsAt',
  'columns',
  'justification',
  'renewalOf',
] as const;

/** A request's input as checked and normalised: trimmed texts, the end as an ISO instant. */
export interface RequestInput {
  readonly productId: string;
  readonly port: string;
  readonly consumerTeam: string;
  readonly purpose: string;
  /** UTC ISO 8601 (`toISOString`); a date alone means the end of that day, UTC. */
  readonly endsAt: string;
  /** Distinct, in the order given; null: every column. */
  readonly columns: readonly string[] | null;
  readonly justification: string;
  readonly renewalOf: string | null;
}

export interface RequestInputContext {
  readonly now: Instant;
  /** Longest access in days (a policy's maximum duration), default MAX_REQUEST_DAYS. */
  readonly maxDays?: number;
  /** The port's columns as `object.property`. */
  readonly portColumns: readonly string[];
  /** The purpose catalogue. */
  readonly purposes: readonly Purpose[];
}

export type RequestInputResult =
  | { readonly ok: true; readonly input: RequestInput }
  | { readonly ok: false; readonly problems: readonly DocumentIssue[] };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** A date-time must say its zone: a local time would mean another instant per server. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** The instant `endsAt` names (ms), or NaN. A date alone is the last millisecond of that day, UTC. */
export function parseEndsAt(value: string): number {
  if (DATE_ONLY.test(value)) {
    const start = Date.parse(`${value}T00:00:00.000Z`);
    // 2026-02-30 parses nowhere consistently: demand that the day exists.
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== value)
      return Number.NaN;
    return start + DAY_MS - 1;
  }
  if (!DATE_TIME.test(value)) return Number.NaN;
  return Date.parse(value);
}

/**
 * Checks what a requester sent (anything; never throws) against the purpose catalogue, the
 * port's columns and the longest allowed duration. Reports every problem at once, each with
 * its field as path (`$.endsAt`). Whether the product, port and team exist and the
 * requester belongs to the team is the service's to check, with the mesh at hand.
 */
export function validateRequestInput(
  raw: unknown,
  context: RequestInputContext,
): RequestInputResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, problems: [issue(requestInputCodes, 'request-not-an-object', {}, [])] };
  const data = raw as Record<string, unknown>;
  const problems: DocumentIssue[] = [];
  const unknownKeys = Object.keys(data).filter((k) => !(FIELDS as readonly string[]).includes(k));
  for (const key of unknownKeys.slice(0, MAX_REPORTED)) {
    const shown = key.slice(0, 80);
    problems.push(
      issue(
        requestInputCodes,
        'unknown-request-field',
        { key: shown, near: closest(shown, FIELDS) },
        [shown],
      ),
    );
  }
  if (unknownKeys.length > MAX_REPORTED)
    problems.push(
      issue(
        requestInputCodes,
        'more-problems',
        { what: 'unknown fields', count: unknownKeys.length - MAX_REPORTED },
        [],
      ),
    );

  const name = (field: 'productId' | 'port' | 'consumerTeam' | 'purpose'): string => {
    const value = data[field];
    if (value === undefined || value === null || value === '') {
      problems.push(issue(requestInputCodes, 'missing-request-field', { field }, [field]));
      return '';
    }
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '' || text.length > MAX_NAME) {
      problems.push(
        issue(requestInputCodes, 'invalid-request-field', { field, max: MAX_NAME }, [field]),
      );
      return '';
    }
    return text;
  };
  const productId = name('productId');
  const port = name('port');
  const consumerTeam = name('consumerTeam');
  const purpose = name('purpose');
  if (purpose !== '' && !context.purposes.some((p) => p.id === purpose))
    problems.push(
      issue(
        requestInputCodes,
        'unknown-purpose',
        {
          purpose,
          suggestion: suggestion(
            purpose,
            context.purposes.map((p) => p.id),
            'purpose',
          ),
        },
        ['purpose'],
      ),
    );

  const endsAt = checkEnd(data.endsAt, context, problems);
  const columns = checkColumns(data.columns, context.portColumns, problems);

  let justification = '';
  const rawJustification = data.justification;
  if (typeof rawJustification !== 'string' || rawJustification.trim() === '') {
    problems.push(issue(requestInputCodes, 'missing-justification', {}, ['justification']));
  } else {
    justification = rawJustification.trim();
    if (justification.length > MAX_JUSTIFICATION)
      problems.push(
        issue(
          requestInputCodes,
          'justification-too-long',
          { length: justification.length, max: MAX_JUSTIFICATION },
          ['justification'],
        ),
      );
  }

  let renewalOf: string | null = null;
  const rawRenewal = data.renewalOf;
  if (rawRenewal !== undefined && rawRenewal !== null) {
    if (typeof rawRenewal !== 'string' || rawRenewal.trim() === '' || rawRenewal.length > MAX_NAME)
      problems.push(
        issue(requestInputCodes, 'invalid-request-field', { field: 'renewalOf', max: MAX_NAME }, [
          'renewalOf',
        ]),
      );
    else renewalOf = rawRenewal.trim();
  }

  if (problems.length > 0 || endsAt === null) return { ok: false, problems };
  return {
    ok: true,
    input: { productId, port, consumerTeam, purpose, endsAt, columns, justification, renewalOf },
  };
}

function checkEnd(
  value: unknown,
  context: RequestInputContext,
  problems: DocumentIssue[],
): string | null {
  const end = typeof value === 'string' && value.length <= 40 ? parseEndsAt(value) : Number.NaN;
  if (Number.isNaN(end)) {
    problems.push(issue(requestInputCodes, 'invalid-end-date', {}, ['endsAt']));
    return null;
  }
  const endsAt = new Date(end).toISOString();
  const now = msOf(context.now);
  if (!(end > now)) {
    problems.push(issue(requestInputCodes, 'end-not-in-future', { endsAt }, ['endsAt']));
    return null;
  }
  const maxDays = context.maxDays ?? MAX_REQUEST_DAYS;
  const latest = now + maxDays * DAY_MS;
  if (end > latest) {
    problems.push(
      issue(
        requestInputCodes,
        'end-too-far',
        { endsAt, maxDays, latest: new Date(latest).toISOString().slice(0, 10) },
        ['endsAt'],
      ),
    );
    return null;
  }
  return endsAt;
}

function checkColumns(
  value: unknown,
  portColumns: readonly string[],
  problems: DocumentIssue[],
): readonly string[] | null {
  if (value === undefined || value === null) return null;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > MAX_COLUMNS ||
    !value.every((c) => typeof c === 'string' && c.length <= MAX_NAME)
  ) {
    problems.push(issue(requestInputCodes, 'invalid-columns', { max: MAX_COLUMNS }, ['columns']));
    return null;
  }
  const known = new Set(portColumns);
  // A plain name (`customer_id`) stands for the one `object.property` of the contract that
  // has it; two objects with it make it ambiguous, and it is refused rather than guessed.
  const byProperty = new Map<string, string[]>();
  for (const full of portColumns) {
    const dot = full.indexOf('.');
    const property = dot < 0 ? full : full.slice(dot + 1);
    byProperty.set(property, [...(byProperty.get(property) ?? []), full]);
  }
  const given = value as string[];
  const resolved: string[] = [];
  const unknown: { column: string; index: number; matches: readonly string[] }[] = [];
  given.forEach((column, index) => {
    if (known.has(column)) return resolved.push(column);
    const matches = column.includes('.') ? [] : (byProperty.get(column) ?? []);
    if (matches.length === 1) return resolved.push(matches[0]!);
    if (!unknown.some((u) => u.column === column)) unknown.push({ column, index, matches });
    return undefined;
  });
  const distinct = [...new Set(resolved)];
  for (const { column, index, matches } of unknown.slice(0, MAX_REPORTED))
    problems.push(
      matches.length > 1
        ? issue(
            requestInputCodes,
            'ambiguous-column',
            { column, matches: listed(matches, LISTED_COLUMNS) },
            ['columns', index],
          )
        : issue(
            requestInputCodes,
            'unknown-column',
            {
              column,
              // Edit distance costs length × length per candidate: not for absurd names.
              suggestion: columnSuggestion(column, portColumns),
            },
            ['columns', index],
          ),
    );
  if (unknown.length > MAX_REPORTED)
    problems.push(
      issue(
        requestInputCodes,
        'more-problems',
        { what: 'unknown columns', count: unknown.length - MAX_REPORTED },
        ['columns'],
      ),
    );
  return distinct;
}

/** Names joined with commas; beyond `max` the rest are counted, not cut off silently. */
function listed(names: readonly string[], max: number): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** "Did you mean …?" when a name is close, else the port's columns (up to LISTED_COLUMNS). */
function columnSuggestion(column: string, portColumns: readonly string[]): string {
  if (portColumns.length === 0) return 'The port’s contract names no columns.';
  const near = column.length <= 64 ? closest(column, portColumns) : undefined;
  const valid = `The port’s columns: ${listed(portColumns, LISTED_COLUMNS)}.`;
  return near ? `Did you mean "${near}"? ${valid}` : valid;
}
