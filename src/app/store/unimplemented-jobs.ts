import type { JobRepository } from './store.ts';

/** Placeholder until the stores implement jobs (issue 13, in progress); removed then. */
export function unimplementedJobs(): JobRepository {
  const fail = (): never => {
    throw new Error('jobs are not implemented in this store yet');
  };
  return {
    enqueue: fail,
    claim: fail,
    renew: fail,
    finish: fail,
    cancel: fail,
    get: fail,
    list: fail,
  };
}
