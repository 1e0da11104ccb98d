import {
  createBuildProductExecutor,
  createTrinoRulesExecutor,
  pruneJobsExecutor,
  testContractExecutor,
} from '../app/jobs/executors/index.ts';
import type { JobExecutor } from '../app/jobs/job-executor.ts';
import { slaEvaluateExecutor } from '../app/sla/index.ts';
import { adoptionSnapshotExecutor } from '../app/adoption/index.ts';
import type { EventPublisher } from '../app/notify/event-publisher.ts';
import { notifyDeliverExecutor } from '../app/notify/notify-deliver-executor.ts';
import type { MeshEvent } from '../core/notify/mesh-event.ts';
import { lineageFromEnv } from './lineage.ts';
import { trinoRulesClient } from './trino-rules-client.ts';
import { workspaceSubjectKey } from './subject-key.ts';

/**
 * Every job executor this Meshwork has, for `meshwork worker` and the server's in-process
 * workers: the one list, so a kind added here is run by both.
 */
export function jobExecutors(): JobExecutor[] {
  return [
    createBuildProductExecutor({
      subjectKey: (meshRoot, env) => workspaceSubjectKey({ meshRoot, env }),
      lineage: (meshRoot, env) => lineageFromEnv(env, meshRoot),
    }),
    testContractExecutor,
    slaEvaluateExecutor,
    notifyDeliverExecutor,
    adoptionSnapshotExecutor,
    pruneJobsExecutor,
    createTrinoRulesExecutor(trinoRulesClient),
  ];
}

/**
 * Where a worker's jobs publish their events until the notification store is wired in
 * (issue 13, branch notify): they are not stored or delivered, and each is said through
 * `say`, so a `check.failed` is never dropped without a word.
 */
export function unwiredEventPublisher(say: (message: string) => void): EventPublisher {
  return {
    publish(event: MeshEvent) {
      say(`event ${event.id} (${event.type}) not delivered: notifications are not set up here`);
      return Promise.resolve();
    },
  };
}
