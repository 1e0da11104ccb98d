import { z } from '@hono/zod-openapi';

const JobValuesSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);

const JobErrorSchema = z
  .object({
    code: z.string().openapi({ example: 'build-error' }),
    message: z.string(),
  })
  .openapi('JobError');

export const JobSchema = z
  .object({
    id: z.string().openapi({ example: 'schedule:build-product:orders:2026-03-01T06:00:00.000Z' }),
    kind: z.enum([
      'build-product',
      'test-contract',
      'sla-evaluate',
      'notify-deliver',
      'adoption-snapshot',
      'jobs-prune',
      'trino-rules-publish',
    ]),
    target: z.string().openapi({ description: 'A product id, contract id, delivery id or `mesh`' }),
    payload: JobValuesSchema,
    trigger: z.enum(['schedule', 'manual', 'system']),
    requestedBy: z.string(),
    scheduledFor: z.string(),
    runAfter: z.string(),
    state: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    lease: z.object({ owner: z.string(), until: z.string(), token: z.number().int() }).nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    error: JobErrorSchema.nullable(),
    result: JobValuesSchema.nullable().openapi({
      description:
        'What it produced, e.g. a build: `status` (published, or failed when checks failed), `runIds` (comma-separated), `failedChecks`',
    }),
    history: z.array(
      z.object({
        attempt: z.number().int(),
        worker: z.string(),
        startedAt: z.string(),
        finishedAt: z.string().nullable(),
        outcome: z.enum(['succeeded', 'failed', 'lease-expired']).nullable(),
        error: JobErrorSchema.nullable(),
      }),
    ),
  })
  .openapi('Job');

export const JobPageSchema = z
  .object({ items: z.array(JobSchema), next: z.string().nullable() })
  .openapi('JobPage');

export const ProductJobsSchema = z
  .object({
    schedule: z
      .object({
        cron: z.string(),
        timezone: z.string(),
        nextRun: z
          .string()
          .nullable()
          .openapi({ description: 'UTC; null when it never fires again' }),
      })
      .nullable()
      .openapi({ description: "The product's meshworkSchedule, read in the mesh's time zone" }),
    jobs: z.array(JobSchema).nullable().openapi({
      description:
        "The latest jobs; null when the caller may not see them (not in the product's domain)",
    }),
    mayRun: z.boolean().openapi({ description: 'Whether the caller may "run now"' }),
  })
  .openapi('ProductJobs');
