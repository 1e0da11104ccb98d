import { randomBytes } from 'node:crypto';
import type { MeshEvent } from '../../core/notify/mesh-event.ts';
import type { Incident, SlaEvaluation } from '../../core/sla/index.ts';
import type { EventPublisher } from '../notify/event-publisher.ts';
import type { MeshworkStore } from '../store/store.ts';
import type { MeshSlas, ProductSlas } from './evaluate-slas.ts';

export interface IncidentSync {
  readonly evaluated: number;
  readonly met: number;
  readonly breached: number;
  readonly unknown: number;
  readonly opened: number;
  readonly resolved: number;
  readonly withdrawn: number;
  /** Events the publisher refused; the incidents are stored all the same. */
  readonly publishFailed: number;
  /** The first publish failure's message, if any (said, never dropped). */
  readonly publishError: string | null;
}

/**
 * Brings the incidents in line with an evaluation: a breached SLA has an open incident
 * (opened now unless one is), a met SLA none (the open one resolved `met`); an SLA that
 * could not be evaluated changes nothing — an open incident stays open, since nobody
 * knows it is met. An open incident whose SLA or product is no longer in the mesh is
 * resolved `withdrawn` (a product declared twice is left alone: its SLAs were not read).
 *
 * Events: `sla.breached:<incidentId>` is published on every evaluation that finds the
 * incident's SLA breached, `sla.recovered:<incidentId>` when this evaluation resolves it —
 * the ids make a repeat (a retried job, two workers) one event at the publisher. A failed
 * publish is counted and reported, never fails the evaluation.
 */
export async function syncIncidents(options: {
  readonly store: MeshworkStore;
  readonly events: EventPublisher;
  readonly slas: MeshSlas;
  readonly now: Date;
  readonly newId?: () => string;
}): Promise<IncidentSync> {
  const { store, events, slas } = options;
  const at = options.now.toISOString();
  const newId = options.newId ?? (() => `inc_${randomBytes(9).toString('base64url')}`);
  const open = await openIncidents(store);
  const openByKey = new Map(open.map((i) => [keyOf(i), i]));
  const declared = new Set<string>();
  const counts = {
    evaluated: 0,
    met: 0,
    breached: 0,
    unknown: 0,
    opened: 0,
    resolved: 0,
    withdrawn: 0,
  };
  let publishFailed = 0;
  let publishError: string | null = null;
  const publish = async (event: MeshEvent): Promise<void> => {
    try {
      await events.publish(event);
    } catch (error) {
      publishFailed++;
      publishError ??= (error as Error).message;
    }
  };

  for (const product of slas.products) {
    for (const evaluation of product.evaluations) {
      counts.evaluated++;
      counts[evaluation.state]++;
      const key = keyOf({ productId: product.productId, ...evaluation });
      declared.add(key);
      const current = openByKey.get(key);
      if (evaluation.state === 'breached') {
        const result = await store.incidents.open(incidentOf(product, evaluation, newId(), at));
        if (result.opened) counts.opened++;
        await publish(eventOf('sla.breached', result.incident, at, evaluation.message));
      } else if (evaluation.state === 'met' && current) {
        const resolved = await store.incidents.resolve(current.id, at, 'met');
        if (resolved?.resolvedAt === at) {
          counts.resolved++;
          await publish(eventOf('sla.recovered', resolved, at, evaluation.message));
        }
      }
    }
  }
  const products = new Set(slas.products.map((p) => p.productId));
  const ambiguous = new Set(slas.ambiguous);
  for (const incident of open) {
    if (declared.has(keyOf(incident)) || ambiguous.has(incident.productId)) continue;
    const resolved = await store.incidents.resolve(incident.id, at, 'withdrawn');
    if (resolved?.resolvedAt !== at) continue;
    counts.withdrawn++;
    const why = products.has(incident.productId)
      ? `the SLA "${incident.sla}" is no longer in the contract`
      : `the product "${incident.productId}" is no longer in the mesh`;
    await publish(eventOf('sla.recovered', resolved, at, why));
  }
  return { ...counts, publishFailed, publishError };
}

/** Every open incident (a page at a time: they are few, but the store bounds a page). */
async function openIncidents(store: MeshworkStore): Promise<Incident[]> {
  const all: Incident[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await store.incidents.list({ states: ['open'], limit: 500, cursor });
    all.push(...page.items);
    cursor = page.next;
    if (cursor === null) break;
  }
  return all;
}

function keyOf(i: {
  readonly productId: string;
  readonly contractId: string;
  readonly sla: string;
}): string {
  return JSON.stringify([i.productId, i.contractId, i.sla]);
}

function incidentOf(
  product: ProductSlas,
  evaluation: SlaEvaluation,
  id: string,
  at: string,
): Incident {
  return {
    id,
    productId: product.productId,
    domain: product.domain,
    team: product.team,
    contractId: evaluation.contractId,
    port: evaluation.port,
    sla: evaluation.sla,
    kind: evaluation.kind,
    promised: evaluation.promised,
    observed: evaluation.observed,
    message: evaluation.message,
    state: 'open',
    openedAt: at,
    resolvedAt: null,
    resolution: null,
  };
}

function eventOf(
  type: 'sla.breached' | 'sla.recovered',
  incident: Incident,
  at: string,
  message: string,
): MeshEvent {
  return {
    id: `${type}:${incident.id}`,
    type,
    at,
    subject: incident.productId,
    productId: incident.productId,
    domain: incident.domain,
    recipients: { users: [], teams: incident.team === null ? [] : [incident.team] },
    data: {
      incidentId: incident.id,
      contractId: incident.contractId,
      port: incident.port,
      sla: incident.sla,
      kind: incident.kind,
      promised: incident.promised,
      observed: incident.observed,
      message,
      openedAt: incident.openedAt,
      resolvedAt: incident.resolvedAt,
      resolution: incident.resolution,
    },
  };
}
