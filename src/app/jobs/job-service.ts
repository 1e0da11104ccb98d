import type { HoldsDomainRoles } from '../../core/access/roles.ts';
import { domainRoleOf, mayActAs, mayChangeDomain } from '../../core/access/roles.ts';
import { parseCron } from '../../core/jobs/cron-schedule.ts';
import type { Job, JobKind, JobState } from '../../core/jobs/job-model.ts';
import type { Catalog } from '../catalog/catalog-model.ts';
import { MeshworkError } from '../errors.ts';
import type { MeshworkStore, Page } from '../store/store.ts';
import { newJob, requestedJobId, runNowJobId } from './new-job.ts';

/** Who asks: a signed-in person with their global and domain roles. */
export interface JobViewer extends HoldsDomainRoles {
  readonly username: string;
}

export interface JobServiceDeps {
  readonly store: MeshworkStore;
  /** The served catalog: which domain a product belongs to, its schedule. */
  readonly catalog: () => Catalog;
  readonly now: () => Date;
}

export interface JobFilter {
  readonly kind?: JobKind;
  readonly state?: JobState;
  readonly target?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** A product's schedule as the portal shows it: the next occurrence in UTC, the zone it is read in. */
export interface ProductSchedule {
  readonly cron: string;
  readonly timezone: string;
  readonly nextRun: string | null;
}

export type RunNowResult =
  | { readonly kind: 'queued'; readonly job: Job }
  /** A build of the product waits or runs already: that job, nothing new. */
  | { readonly kind: 'busy'; readonly job: Job };

/**
 * Jobs as people see them (issue 13). Admins and governance see every job; owners and
 * members of a domain see the jobs of its products (the builds); other jobs (source tests,
 * SLA evaluation, deliveries) only the former. "Run now" and cancel: the owners of the
 * product's domain, and admins.
 */
export function createJobService(deps: JobServiceDeps) {
  const productDomain = (productId: string): string | null => {
    const record = deps.catalog().productsById.get(productId);
    return record === undefined ? null : (record.folder.split('/')[0] ?? null);
  };
  const domainOf = (job: Job): string | null =>
    job.kind === 'build-product' ? productDomain(job.target) : null;
  const seesAll = (viewer: JobViewer): boolean => mayActAs(viewer, 'governance');
  const maySee = (viewer: JobViewer, job: Job): boolean =>
    seesAll(viewer) || domainRoleOf(viewer, domainOf(job)) !== undefined;

  async function visible(viewer: JobViewer, id: string): Promise<Job> {
    const job = await deps.store.jobs.get(id);
    if (job === null) throw new MeshworkError('not-found', `There is no job "${id}".`);
    if (!maySee(viewer, job))
      throw new MeshworkError(
        'forbidden',
        `Job "${id}" is visible to admins, governance and the members of its product's domain.`,
      );
    return job;
  }

  return {
    async list(viewer: JobViewer, filter: JobFilter): Promise<Page<Job>> {
      const page = {
        limit: filter.limit,
        ...(filter.cursor === undefined ? {} : { cursor: filter.cursor }),
      };
      const states = filter.state === undefined ? {} : { states: [filter.state] };
      if (seesAll(viewer))
        return deps.store.jobs.list({
          ...page,
          ...states,
          ...(filter.kind === undefined ? {} : { kinds: [filter.kind] }),
          ...(filter.target === undefined ? {} : { targets: [filter.target] }),
        });
      // The products of the viewer's domains; an empty list matches nothing in the store.
      const own = deps
        .catalog()
        .products.filter((r) => domainRoleOf(viewer, r.folder.split('/')[0] ?? null) !== undefined)
        .map((r) => r.detail.id);
      const targets = filter.target === undefined ? own : own.filter((id) => id === filter.target);
      const kinds: JobKind[] =
        filter.kind === undefined || filter.kind === 'build-product' ? ['build-product'] : [];
      return deps.store.jobs.list({ ...page, ...states, kinds, targets });
    },

    get: visible,

    /** "Run now": a build of the product, unless one waits or runs already. */
    async runNow(viewer: JobViewer, productId: string): Promise<RunNowResult> {
      const catalog = deps.catalog();
      if (catalog.ambiguousProducts.has(productId))
        throw new MeshworkError('conflict', `Several products declare the id "${productId}".`);
      const domain = productDomain(productId);
      if (domain === null)
        throw new MeshworkError('not-found', `There is no product "${productId}".`);
      if (!mayChangeDomain(viewer, domain, ['owner']))
        throw new MeshworkError(
          'forbidden',
          `Only the owners of the domain "${domain}" (and admins) may run its products.`,
        );
      const builds = { kinds: ['build-product'] as JobKind[], targets: [productId], limit: 1 };
      const busy = await deps.store.jobs.list({ ...builds, states: ['queued', 'running'] });
      const [waiting] = busy.items;
      if (waiting !== undefined) return { kind: 'busy', job: waiting };
      const [newest] = (await deps.store.jobs.list(builds)).items;
      // Queued by another request between the two reads.
      if (newest !== undefined && isOpen(newest)) return { kind: 'busy', job: newest };
      // Two "run now" at once (two servers behind a balancer, or two requests on one) both
      // see no open build here; with a random id each queued one (the scale-out benchmark
      // saw two builds of one product queued 58 ms apart). The id names the product and
      // the build it follows, so the second enqueue meets the first's job (an id is stored
      // once) and answers busy. (A scheduled build queued at the same moment can still
      // overlap a "run now": the scheduler checks for a waiting job the same way.)
      const enqueue = (id: string) => {
        const now = deps.now();
        return deps.store.jobs.enqueue(
          newJob({
            id,
            kind: 'build-product',
            target: productId,
            trigger: 'manual',
            requestedBy: viewer.username,
            scheduledFor: now,
            now,
          }),
        );
      };
      const first = await enqueue(runNowJobId(productId, newest?.id ?? null));
      if (first.created) return { kind: 'queued', job: first.job };
      if (isOpen(first.job)) return { kind: 'busy', job: first.job };
      // That job ran and finished meanwhile (or is an old one of the same name): nothing is
      // open, so this request queues its own.
      const { job } = await enqueue(requestedJobId());
      return { kind: 'queued', job };
    },

    async cancel(viewer: JobViewer, id: string): Promise<Job> {
      const job = await visible(viewer, id);
      if (!mayChangeDomain(viewer, domainOf(job), ['owner']))
        throw new MeshworkError(
          'forbidden',
          `Only admins and the owners of the job's product's domain may cancel job "${id}".`,
        );
      const cancelled = await deps.store.jobs.cancel(id, deps.now().toISOString());
      if (cancelled === null)
        throw new MeshworkError(
          'conflict',
          `Job "${id}" is ${job.state === 'queued' ? 'no longer queued' : job.state}: only a queued job can be cancelled.`,
        );
      return cancelled;
    },

    /** The product's schedule and its next run; null when it has none. */
    schedule(productId: string): ProductSchedule | null {
      const { timezone, entries } = deps.catalog().schedules;
      const entry = entries.find((e) => e.kind === 'build-product' && e.target === productId);
      if (entry === undefined) return null;
      const check = parseCron(entry.cron, timezone);
      const next = check.ok ? check.cron.nextAfter(deps.now()) : null;
      return { cron: entry.cron, timezone, nextRun: next === null ? null : next.toISOString() };
    },

    /** Whether the viewer may see the product's jobs, and run it. */
    rightsOn(
      viewer: JobViewer,
      productId: string,
    ): { readonly see: boolean; readonly run: boolean } {
      const domain = productDomain(productId);
      return {
        see: seesAll(viewer) || domainRoleOf(viewer, domain) !== undefined,
        run: domain !== null && mayChangeDomain(viewer, domain, ['owner']),
      };
    },
  };
}

export type JobService = ReturnType<typeof createJobService>;

function isOpen(job: Job): boolean {
  return job.state === 'queued' || job.state === 'running';
}
