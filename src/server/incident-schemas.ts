import { z } from '@hono/zod-openapi';

/** An incident as the API answers it (core/sla `Incident`). */
export const IncidentSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    domain: z.string(),
    team: z.string().nullable(),
    contractId: z.string(),
    port: z.string(),
    sla: z
      .string()
      .openapi({ description: "The SLA's key in the contract: its id, else its kind." }),
    kind: z.enum(['latency', 'frequency', 'timeOfAvailability']),
    promised: z.string(),
    observed: z.string().nullable(),
    message: z.string(),
    state: z.enum(['open', 'resolved']),
    openedAt: z.string(),
    resolvedAt: z.string().nullable(),
    resolution: z.enum(['met', 'withdrawn']).nullable(),
  })
  .openapi('Incident');

export const IncidentQuerySchema = z.object({
  state: z.enum(['open', 'resolved']).optional(),
  product: z.string().min(1).max(200).optional(),
  domain: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional().openapi({ example: 20 }),
  cursor: z.string().max(500).optional(),
});

export const IncidentPageSchema = z
  .object({ items: z.array(IncidentSchema), next: z.string().nullable() })
  .openapi('IncidentPage');

/** One monitored SLA as evaluated now (core/sla `SlaEvaluation`). */
export const SlaEvaluationSchema = z
  .object({
    port: z.string(),
    contractId: z.string(),
    sla: z.string(),
    kind: z.enum(['latency', 'frequency', 'timeOfAvailability']),
    promised: z.string(),
    state: z.enum(['met', 'breached', 'unknown']),
    reason: z
      .enum([
        'not-built',
        'no-element',
        'invalid-amount',
        'invalid-time',
        'invalid-time-zone',
        'no-data',
        'measure-failed',
      ])
      .nullable()
      .openapi({ description: 'Why it could not be evaluated (state unknown); never a pass.' }),
    message: z.string(),
    observed: z.string().nullable(),
  })
  .openapi('SlaEvaluation');

export const ProductSlasSchema = z
  .object({
    evaluatedAt: z.string(),
    timeZone: z.string(),
    evaluations: z.array(SlaEvaluationSchema),
  })
  .openapi('ProductSlas');
