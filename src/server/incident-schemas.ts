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
