/**
 * A broken promise of a data product (issue 13): an SLA of one of its output contracts that
 * the continuous evaluation found not met. At most one incident per (product, contract,
 * SLA) is open at a time; it is resolved automatically once the SLA is met again, or
 * withdrawn when the SLA (or the product) is gone from the mesh.
 */
export type IncidentState = 'open' | 'resolved';

/** Why an incident was resolved: the SLA was met again, or it is no longer promised. */
export type IncidentResolution = 'met' | 'withdrawn';

export interface Incident {
  /** `inc_<random>`. */
  readonly id: string;
  readonly productId: string;
  /** The product's domain when the incident opened: who may see it (domain pages, filters). */
  readonly domain: string;
  /** The owning team when it opened; the recipients of its events. */
  readonly team: string | null;
  readonly contractId: string;
  readonly port: string;
  /** The SLA's key within the contract (`SlaEvaluation.sla`): its `id`, else its kind. */
  readonly sla: string;
  readonly kind: SlaKind;
  /** What was promised, e.g. `latency ≤ 1 d`. */
  readonly promised: string;
  /** What was measured when it opened, e.g. the newest value's time; never a value of personal data. */
  readonly observed: string | null;
  readonly message: string;
  readonly state: IncidentState;
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  readonly resolution: IncidentResolution | null;
}

/** The SLAs evaluated continuously; the others (retention, availability, support) are declared only. */
export type SlaKind = 'latency' | 'frequency' | 'timeOfAvailability';

export const SLA_KINDS: readonly SlaKind[] = ['latency', 'frequency', 'timeOfAvailability'];

/** Whether two incidents are about the same promise (the open-once key). */
export function sameSla(
  a: Pick<Incident, 'productId' | 'contractId' | 'sla'>,
  b: Pick<Incident, 'productId' | 'contractId' | 'sla'>,
): boolean {
  return a.productId === b.productId && a.contractId === b.contractId && a.sla === b.sla;
}

/** The incident marked resolved at `at` (unchanged when it is not open). */
export function resolvedIncident(
  incident: Incident,
  at: string,
  resolution: IncidentResolution,
): Incident {
  return incident.state === 'open'
    ? { ...incident, state: 'resolved', resolvedAt: at, resolution }
    : incident;
}
