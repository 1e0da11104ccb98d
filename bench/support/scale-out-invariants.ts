import type { MeshworkStore } from '../../src/app/store/store.ts';
import type { AccessRequest, Grant } from '../../src/core/access/model.ts';
import type { Job } from '../../src/core/jobs/job-model.ts';
import type { LoadState, Sample } from './scale-out-clients.ts';

/** What the store holds of the load, for the report. */
export interface StoreCounts {
  readonly signIns: number;
  readonly requests: number;
  readonly decisions: number;
  readonly approved: number;
  readonly grants: number;
  readonly jobs: number;
  readonly scheduledJobs: number;
  readonly doubledDecisions: number;
}

/**
 * Whether an error is excused by the kill: sent to the killed server (the balancer names
 * the backend of every answer it gives, its own 502s too) and in flight at some moment
 * between the kill and the balancer taking it out. A slow answer of a live server, or a
 * client that gave up waiting (no backend known), is never excused.
 */
export function insideKillWindow(
  sample: Sample,
  victim: string,
  window: { readonly from: number; readonly to: number } | null,
): boolean {
  return (
    window !== null &&
    sample.backend === victim &&
    sample.start <= window.to &&
    sample.end >= window.from
  );
}

async function allPages<T>(
  page: (cursor: string | undefined) => Promise<{ items: readonly T[]; next: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 10_000; i++) {
    const got = await page(cursor);
    items.push(...got.items);
    if (got.next === null) return items;
    cursor = got.next;
  }
  throw new Error('more than 10,000 pages');
}

export const jobsOf = (store: MeshworkStore): Promise<Job[]> =>
  allPages((cursor) => store.jobs.list({ limit: 100, ...(cursor ? { cursor } : {}) }));

/** No lost writes, no duplicate grants or jobs: the store against what was acknowledged. */
export async function checkStore(
  store: MeshworkStore,
  state: LoadState,
  violations: string[],
  say: (line: string) => void,
): Promise<StoreCounts> {
  const { acknowledged } = state;
  const requests = await allPages<AccessRequest>((cursor) =>
    store.accessRequests.list({ limit: 100, ...(cursor ? { cursor } : {}) }),
  );
  const requestById = new Map(requests.map((r) => [r.id, r]));
  for (const id of acknowledged.requests.keys())
    if (!requestById.has(id))
      violations.push(`lost write: access request ${id} is not in the store`);
  const grants = await allPages<Grant>((cursor) =>
    store.grants.list({ limit: 100, ...(cursor ? { cursor } : {}) }),
  );
  const grantsOf = new Map<string, Grant[]>();
  for (const g of grants) grantsOf.set(g.requestId, [...(grantsOf.get(g.requestId) ?? []), g]);
  for (const [id, list] of grantsOf)
    if (list.length > 1)
      violations.push(
        `duplicate grants: request ${id} has ${list.length} (${list.map((g) => g.id).join(', ')})`,
      );
  let approved = 0;
  for (const [id, decision] of acknowledged.decisions) {
    const stored = requestById.get(id);
    const has = grantsOf.get(id)?.length ?? 0;
    if (decision === 'approve') {
      approved++;
      if (stored?.state !== 'active')
        violations.push(
          `lost write: approved request ${id} is ${stored?.state ?? 'missing'}, not active`,
        );
      if (has !== 1) violations.push(`approved request ${id} has ${has} grants, not 1`);
    } else {
      if (stored?.state !== 'rejected')
        violations.push(`lost write: rejected request ${id} is ${stored?.state ?? 'missing'}`);
      if (has !== 0) violations.push(`rejected request ${id} has ${has} grants`);
    }
  }
  // A grant for a request nobody was told was approved (a decision whose answer was lost in
  // the kill window) is fine; one for a rejected or pending request is not. A request the
  // kill left `approved` (its decision stored, its grant or its activation not) is completed
  // by the sweep run before these checks (scale-out-sweep.ts): none may be left.
  for (const g of grants) {
    const state = requestById.get(g.requestId)?.state;
    if (state !== 'active')
      violations.push(
        `grant ${g.id} belongs to request ${g.requestId}, which is ${state ?? 'missing'}`,
      );
  }
  for (const r of requests.filter((r) => r.state === 'approved'))
    violations.push(
      `request ${r.id} was left approved but not active (${grantsOf.has(r.id) ? 'its grant stored' : 'no grant'}) after the sweep`,
    );

  const jobs = await jobsOf(store);
  const jobById = new Map(jobs.map((j) => [j.id, j]));
  for (const id of acknowledged.jobs)
    if (!jobById.has(id)) violations.push(`lost write: run-now job ${id} is not in the store`);
  for (const job of jobs) {
    const succeeded = job.history.filter((a) => a.outcome === 'succeeded').length;
    if (succeeded > 1) violations.push(`job ${job.id} succeeded ${succeeded} times`);
    if (job.state === 'failed' && job.kind === 'build-product')
      violations.push(`build job ${job.id} failed: ${JSON.stringify(job.error)}`);
  }
  // Other jobs (notification deliveries to people without a mail server here) are not
  // what this benchmark is about; their failures are counted, not judged.
  const otherFailed = jobs.filter((j) => j.state === 'failed' && j.kind !== 'build-product');
  if (otherFailed.length > 0)
    say(
      `not judged: ${otherFailed.length} failed ${[...new Set(otherFailed.map((j) => j.kind))].join(', ')} jobs, e.g. ${JSON.stringify(otherFailed[0]!.error).slice(0, 300)}`,
    );
  // One job per schedule occurrence, however many schedulers saw it due.
  const scheduled = jobs.filter((j) => j.trigger === 'schedule');
  const occurrences = new Map<string, string[]>();
  for (const j of scheduled) {
    const key = `${j.kind} ${j.target} ${j.scheduledFor}`;
    occurrences.set(key, [...(occurrences.get(key) ?? []), j.id]);
  }
  for (const [key, ids] of occurrences)
    if (ids.length > 1)
      violations.push(`duplicate jobs for the occurrence ${key}: ${ids.join(', ')}`);
  // "Run now" queues a build only when none of that product is queued or running: a manual
  // build created while another build of the product was still open is a duplicate.
  const builds = jobs
    .filter((j) => j.kind === 'build-product')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const job of builds) {
    if (job.trigger !== 'manual') continue;
    const open = builds.find(
      (other) =>
        other.id !== job.id &&
        other.target === job.target &&
        other.createdAt <= job.createdAt &&
        (other.finishedAt === null || other.finishedAt > job.createdAt) &&
        !(other.createdAt === job.createdAt && other.id > job.id),
    );
    if (open)
      violations.push(
        `duplicate run-now job: ${job.id} (${job.target}) was queued at ${job.createdAt} while ${open.id} was open (${open.createdAt} – ${open.finishedAt ?? 'open'})`,
      );
  }
  say(
    `store: ${requests.length} access requests, ${grants.length} grants, ${jobs.length} jobs (${builds.length} builds, ${scheduled.length} scheduled)`,
  );
  return {
    signIns: acknowledged.sessions.length,
    requests: acknowledged.requests.size,
    decisions: acknowledged.decisions.size,
    approved,
    grants: grants.length,
    jobs: acknowledged.jobs.size,
    scheduledJobs: scheduled.length,
    doubledDecisions: state.doubled.size,
  };
}
