import type { Job, JobOutcome } from '../../core/jobs/job-model.ts';
import { MeshworkError } from '../errors.ts';
import type { JobContext, JobExecutor, SystemSchedule } from '../jobs/job-executor.ts';
import type { MeshSlas } from './evaluate-slas.ts';
import { evaluateMeshSlas } from './evaluate-slas.ts';
import { syncIncidents } from './sync-incidents.ts';

/**
 * `sla-evaluate` (target `mesh`): evaluates every product's monitored SLAs against the
 * served data and opens or resolves incidents. Idempotent: run twice, it opens nothing
 * twice (one open incident per SLA, in the store) and publishes under the same event ids.
 */
export const slaEvaluateExecutor: JobExecutor = {
  kind: 'sla-evaluate',
  async run(_job: Job, context: JobContext): Promise<JobOutcome> {
    const now = context.now();
    let slas;
    try {
      slas = await evaluateMeshSlas({ meshRoot: context.meshRoot, now, signal: context.signal });
    } catch (error) {
      if (context.signal.aborted) return aborted();
      return {
        state: 'failed',
        error: {
          code: 'mesh-unreadable',
          message: `the mesh at ${context.meshRoot} cannot be read for the SLA evaluation: ${(error as Error).message}`,
        },
      };
    }
    if (context.signal.aborted) return aborted();
    const sync = await syncIncidents({ store: context.store, events: context.events, slas, now });
    return {
      state: 'succeeded',
      result: {
        products: slas.products.length,
        ambiguousProducts: slas.ambiguous.length,
        timeZone: slas.timeZone,
        ...productCounts(slas),
        ...sync,
      },
    };
  },
};

/**
 * How many products this evaluation found keeping their SLAs, kept in the job's result
 * (next to the per-SLA `met`/`breached`/`unknown`) so the adoption dashboard reads
 * compliance from what was measured: an SLA that cannot be evaluated (`unknown`) opens no
 * incident, so "no open incident" would count it as kept. A product is met when all its
 * SLAs were met, breached when one was breached, else unknown.
 */
export function productCounts(slas: MeshSlas): {
  readonly productsWithSla: number;
  readonly productsMet: number;
  readonly productsBreached: number;
  readonly productsUnknown: number;
} {
  const counts = { productsWithSla: 0, productsMet: 0, productsBreached: 0, productsUnknown: 0 };
  for (const product of slas.products) {
    if (product.evaluations.length === 0) continue;
    counts.productsWithSla++;
    const states = product.evaluations.map((e) => e.state);
    if (states.includes('breached')) counts.productsBreached++;
    else if (states.includes('unknown')) counts.productsUnknown++;
    else counts.productsMet++;
  }
  return counts;
}

function aborted(): JobOutcome {
  return {
    state: 'failed',
    error: {
      code: 'aborted',
      message: 'the SLA evaluation stopped: the worker lost its lease or is stopping',
    },
  };
}

export const SLA_CHECK_MINUTES_DEFAULT = 5;

/**
 * The platform's own schedule of the SLA evaluation: every `MESHWORK_SLA_CHECK_MINUTES`
 * (default 5, a whole number from 1 to 1440). A value outside is refused, not bent into
 * range: a typo must not turn monitoring off or into a load.
 */
export function slaSystemSchedule(env: NodeJS.ProcessEnv): SystemSchedule {
  const text = env.MESHWORK_SLA_CHECK_MINUTES;
  let minutes = SLA_CHECK_MINUTES_DEFAULT;
  if (text !== undefined && text.trim() !== '') {
    minutes = Number(text);
    if (!/^\s*\d{1,4}\s*$/.test(text) || minutes < 1 || minutes > 1440)
      throw new MeshworkError(
        'invalid-input',
        `MESHWORK_SLA_CHECK_MINUTES must be a whole number of minutes from 1 to 1440; got ${JSON.stringify(text.slice(0, 40))}.`,
      );
  }
  return { kind: 'sla-evaluate', target: 'mesh', everyMinutes: minutes };
}
