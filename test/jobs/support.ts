import type { Job, JobKind } from '../../src/core/jobs/job-model.ts';
import type { MeshEvent } from '../../src/core/notify/mesh-event.ts';
import type { JobContext } from '../../src/app/jobs/job-executor.ts';
import type { MeshworkStore } from '../../src/app/store/store.ts';

/** A job as a worker holds it after its claim (attempt `attempts` of `maxAttempts`). */
export function claimedJob(
  kind: JobKind,
  target: string,
  overrides: Partial<Pick<Job, 'id' | 'attempts' | 'maxAttempts'>> = {},
): Job {
  const at = '2026-03-01T10:00:00.000Z';
  const attempts = overrides.attempts ?? 1;
  return {
    id: overrides.id ?? `job_test_${kind}_${target}`,
    kind,
    target,
    payload: {},
    trigger: 'manual',
    requestedBy: 'tester',
    scheduledFor: at,
    runAfter: at,
    state: 'running',
    attempts,
    maxAttempts: overrides.maxAttempts ?? 3,
    lease: { owner: 'test:1:x', until: '2026-03-01T10:01:00.000Z', token: attempts },
    createdAt: at,
    startedAt: at,
    finishedAt: null,
    error: null,
    result: null,
    history: [],
  };
}

/** A context whose published events are kept in `events` (or whose publish fails). */
export function jobContext(
  meshRoot: string,
  store: MeshworkStore,
  options: { readonly failPublish?: boolean } = {},
): JobContext & { readonly published: MeshEvent[] } {
  const published: MeshEvent[] = [];
  return {
    meshRoot,
    store,
    env: {},
    now: () => new Date('2026-03-01T10:00:30.000Z'),
    signal: new AbortController().signal,
    events: {
      publish(event) {
        if (options.failPublish === true)
          return Promise.reject(new Error('the event store is down'));
        published.push(event);
        return Promise.resolve();
      },
    },
    published,
  };
}
