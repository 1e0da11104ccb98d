import { z } from '@hono/zod-openapi';

/**
 * The privacy API's shapes (issue 11), mirroring `core/privacy/record/model.ts` and
 * `core/privacy/dsr-model.ts`; the OpenAPI document is generated from them.
 */
const point = z.enum(['a', 'b', 'c', 'd', 'e', 'f', 'g']);

const contact = z.object({
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
});

export const RecordGapSchema = z
  .object({
    point,
    code: z.string().openapi({ example: 'no-retention' }),
    activity: z.string().nullable().openapi({ description: 'Product id; null: the controller' }),
    text: z.string(),
  })
  .openapi('RecordGap');

const activity = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string(),
  owner: z.string(),
  status: z.string().nullable(),
  purposes: z.array(
    z.object({
      source: z.enum(['product', 'grant']),
      id: z.string().nullable(),
      text: z.string(),
      legalBasis: z.string().nullable(),
    }),
  ),
  dataSubjects: z.array(z.string()),
  personalData: z.array(z.object({ category: z.string(), columns: z.array(z.string()) })),
  recipients: z.array(
    z.object({ kind: z.enum(['team', 'server']), name: z.string(), detail: z.string().nullable() }),
  ),
  transfers: z.array(
    z.object({ server: z.string(), country: z.string(), safeguard: z.string().nullable() }),
  ),
  erasure: z.array(z.object({ port: z.string(), period: z.string() })),
  measures: z.array(z.string()),
  gaps: z.array(RecordGapSchema),
});

export const ProcessingRecordSchema = z
  .object({
    language: z.enum(['de', 'en']),
    generatedAt: z.string(),
    mesh: z.string(),
    controller: contact,
    representative: contact.nullable(),
    dataProtectionOfficer: contact.nullable(),
    activityBasis: z.literal('product'),
    activities: z.array(activity),
    measures: z.array(z.string()),
    gaps: z.array(RecordGapSchema),
  })
  .openapi('ProcessingRecord', {
    description:
      'The record of processing activities (GDPR Art. 30(1) a–g); what the metadata does not say is a gap.',
  });

export const RecordQuerySchema = z.object({
  lang: z
    .enum(['de', 'en'])
    .optional()
    .openapi({ description: "Default: meshwork.yaml's defaults.language, else en" }),
  format: z.enum(['json', 'html', 'pdf']).optional().openapi({ description: 'Default json' }),
});

export const DsrTaskSchema = z
  .object({
    id: z.string(),
    requestId: z.string(),
    mode: z.enum(['delete', 'pseudonymise']),
    contractId: z.string(),
    contractPath: z.string(),
    system: z.string(),
    object: z.string(),
    kind: z.string(),
    column: z.string(),
    subjectHash: z
      .string()
      .openapi({ description: 'Keyed hash of the identifier; the value is never stored' }),
    keyFingerprint: z.string().openapi({
      description:
        'Fingerprint (16 hex) of the subject hash key the hash was made with; names the key without revealing it',
    }),
    rows: z.number().int(),
    state: z.enum(['open', 'done']),
    createdAt: z.string(),
    doneAt: z.string().nullable(),
    doneBy: z.string().nullable(),
    domain: z.string().nullable().openapi({
      description:
        'The domain its source contract declared when the erasure made the task (who may close it); null when none was declared',
    }),
  })
  .openapi('DsrTask');
