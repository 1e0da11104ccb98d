import type { Job, JobOutcome } from '../../../core/jobs/job-model.ts';
import { accessMeshFromTexts } from '../../access/access-mesh.ts';
import type {
  TrinoClientFactory,
  TrinoRulesPublisher,
} from '../../access/trino-rules-publisher.ts';
import { createTrinoRulesPublisher } from '../../access/trino-rules-publisher.ts';
import type { JobContext, JobExecutor, SystemSchedule } from '../job-executor.ts';
import type { EventScope } from './job-events.ts';
import { failJob } from './job-events.ts';

const PLATFORM: EventScope = { productId: null, domain: null, teams: [] };

/**
 * `trino-rules-publish` (target `trino`): publishes the Trino access rules of the grants
 * active now, so a revocation or expiry whose publish was missed (Trino or the file
 * unreachable then) is enforced within a minute plus Trino's refresh period. Idempotent:
 * an unchanged set writes nothing. It first brings this server's files up to the set in
 * the store (another server may have published). A set that cannot be published fails the job
 * (`job.failed` after the last attempt) and the previous rules stay in force.
 */
export function createTrinoRulesExecutor(client: TrinoClientFactory): JobExecutor {
  const publisherFor = (context: JobContext): TrinoRulesPublisher =>
    createTrinoRulesPublisher({
      store: context.store,
      env: context.env,
      meshRoot: context.meshRoot,
      now: context.now,
      client,
    });
  return {
    kind: 'trino-rules-publish',
    async run(job: Job, context: JobContext): Promise<JobOutcome> {
      const texts = (await context.store.catalog.current())?.documents ?? [];
      const mesh = await accessMeshFromTexts(texts);
      const publisher = publisherFor(context);
      const config = publisher.config(mesh);
      if ('missing' in config)
        return failJob(
          job,
          context,
          {
            code: 'trino-access-not-configured',
            message: `Trino access rules: ${config.missing}.`,
          },
          PLATFORM,
          { permanent: true },
        );
      try {
        // First this server's files up to the set in force, whatever the publish below
        // decides: a server behind another's publish catches up within a minute.
        await publisher.sync(mesh);
        const result = await publisher.publish(mesh);
        return {
          state: 'succeeded',
          result: {
            version: result.version,
            revision: result.revision,
            changed: result.changed,
            grants: result.grants,
            tables: result.tables,
          },
        };
      } catch (error) {
        return failJob(
          job,
          context,
          {
            code: 'trino-rules-not-published',
            message: error instanceof Error ? error.message : String(error),
          },
          PLATFORM,
        );
      }
    },
  };
}

/** Every minute, when this server publishes Trino access rules (MESHWORK_TRINO_URL set). */
export const TRINO_RULES_SYSTEM_SCHEDULE: SystemSchedule = {
  kind: 'trino-rules-publish',
  target: 'trino',
  everyMinutes: 1,
};
