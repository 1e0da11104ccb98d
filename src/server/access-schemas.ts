import { z } from '@hono/zod-openapi';
import { LEGAL_BASES } from '../core/access/model.ts';
import {
  MAX_ROW_FILTER_VALUES,
  MAX_ROW_FILTER_VALUE_CHARS,
  ROW_FILTER_TYPES,
} from '../core/access/row-filter.ts';
import { ProblemDetailsSchema } from './schemas.ts';

/**
 * The shapes of the access API (issue 10), mirroring `core/access/model.ts`: requests are
 * validated with them and the OpenAPI document is generated from them. Every string a
 * caller sends is bounded here.
 */
const localized = z.object({ de: z.string().optional(), en: z.string().optional() });

export const PurposeSchema = z
  .object({
    id: z.string(),
    title: localized,
    description: localized,
    legalBasis: z.enum(LEGAL_BASES as [string, ...string[]]).nullable(),
    personalDataInClear: z.boolean(),
  })
  .openapi('Purpose');

const approverRole = z.enum(['owner', 'dpo']);

export const AccessFindingSchema = z
  .object({
    policy: z.string(),
    severity: z.enum(['error', 'warning', 'info']),
    message: z.string(),
    params: z
      .record(
        z.string(),
        z.union([
          z.string(),
          z.number(),
          z.boolean(),
          z.array(z.union([z.string(), z.number(), z.boolean()])),
        ]),
      )
      .optional()
      .openapi({
        description:
          "The params the policy applied with, for its translated texts' {name} placeholders",
      }),
  })
  .openapi('AccessFinding');

/**
 * A grant's row filter (issue 14) as the API carries it. The decision's body is bounded
 * here; whether the column is a granted one of the port's contract and the values fit its
 * logical type the service checks (core/access/row-filter.ts), since only it has the mesh.
 */
export const GrantRowFilterSchema = z
  .object({
    column: z
      .string()
      .min(1)
      .max(400)
      .openapi({ description: "`object.property` of the port's contract, one the grant serves" }),
    values: z
      .array(z.union([z.string().max(MAX_ROW_FILTER_VALUE_CHARS), z.number(), z.boolean()]))
      .min(1)
      .max(MAX_ROW_FILTER_VALUES)
      .openapi({
        description: `Only rows whose column holds one of these (1–${MAX_ROW_FILTER_VALUES}, each at most ${MAX_ROW_FILTER_VALUE_CHARS} characters), of the column's logical type: ${ROW_FILTER_TYPES.join(', ')} (a date as YYYY-MM-DD; an integer beyond 2^53 as decimal text)`,
      }),
  })
  .strict()
  .openapi('GrantRowFilter');

export const ACCESS_REQUEST_STATES = [
  'pending',
  'approved',
  'rejected',
  'active',
  'expired',
  'revoked',
] as const;
export const GRANT_STATES = ['active', 'expired', 'revoked'] as const;

export const AccessRequestSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    port: z.string(),
    consumerTeam: z.string(),
    consumerDomain: z.string(),
    requester: z.string(),
    purpose: z.string(),
    endsAt: z.string(),
    columns: z.array(z.string()).nullable(),
    justification: z.string(),
    state: z.enum(ACCESS_REQUEST_STATES),
    requiredApprovals: z.array(approverRole),
    approvals: z.array(
      z.object({
        role: approverRole,
        by: z.string(),
        at: z.string(),
        comment: z.string().nullable(),
      }),
    ),
    rejection: z
      .object({ by: z.string(), at: z.string(), comment: z.string().nullable() })
      .nullable(),
    findings: z.array(AccessFindingSchema),
    renewalOf: z.string().nullable(),
    grantId: z.string().nullable(),
    rowFilter: GrantRowFilterSchema.nullable().optional().openapi({
      description: 'The row filter the owners approved with; absent or null: every row',
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AccessRequest');

export const GrantSchema = z
  .object({
    id: z.string(),
    requestId: z.string(),
    productId: z.string(),
    port: z.string(),
    consumerTeam: z.string(),
    consumerDomain: z.string(),
    purpose: z.string(),
    columns: z.array(z.string()).nullable(),
    personalInClear: z.boolean(),
    rowFilter: GrantRowFilterSchema.nullable().openapi({
      description: 'Only these rows, in every engine that serves the grant; null: every row',
    }),
    state: z.enum(GRANT_STATES),
    startsAt: z.string(),
    endsAt: z.string(),
    certifiedAt: z.string(),
    endedAt: z.string().nullable(),
    endedBy: z.string().nullable(),
    provisioning: z.array(
      z.object({
        engine: z.string(),
        server: z.string().nullable(),
        objects: z.array(z.string()),
        role: z.string().nullable(),
      }),
    ),
    remindedAt: z.string().nullable(),
    connection: z
      .array(z.string())
      .optional()
      .openapi({ description: 'How a consumer reads the granted data, one hint per way.' }),
  })
  .openapi('Grant');

/** Ids of requests, grants and products in paths: bounded, and never a path of their own. */
export const idText = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only');

/** A team, port or column name as the mesh spells it: bounded, no control characters. */
const nameText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => ![...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\u007f'), {
      message: 'no control characters',
    });

export const AccessRequestInputSchema = z
  .object({
    productId: nameText(200),
    port: nameText(200),
    consumerTeam: nameText(200),
    purpose: nameText(200),
    endsAt: z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
      error:
        'Expected a date YYYY-MM-DD (access ends at the end of that day, UTC) or a date-time with a zone, e.g. 2026-06-30T18:00:00Z',
    }),
    columns: z.array(nameText(400)).min(1).max(2_000).optional(),
    justification: z.string().min(1).max(4_000),
    renewalOf: idText.optional(),
  })
  .strict()
  .openapi('AccessRequestInput');

export const DecisionInputSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().max(4_000).optional(),
    rowFilter: GrantRowFilterSchema.nullable().optional().openapi({
      description:
        "With an owner's approval: the grant serves only these rows. Refused with a rejection, and with the DPO's approval",
    }),
  })
  .strict()
  .openapi('AccessDecision');

/** 422: policies refused the request; their findings say why. */
export const FindingsProblemSchema = ProblemDetailsSchema.extend({
  findings: z.array(AccessFindingSchema),
}).openapi('AccessFindingsProblem');

export const findingsProblem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: FindingsProblemSchema } },
});

export const AuditEventSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    target: z.string().nullable(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    seq: z.number().int(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('AuditEvent');

export const SweepReportSchema = z
  .object({
    at: z.string(),
    expired: z.array(z.string()),
    lapsed: z.array(z.string()),
    reminded: z.array(
      z.object({
        grantId: z.string(),
        productId: z.string(),
        port: z.string(),
        team: z.string(),
        endsAt: z.string(),
        owners: z.array(z.string()),
      }),
    ),
    failed: z.array(z.object({ grantId: z.string(), reason: z.string() })),
    members: z.array(
      z.object({
        server: z.string(),
        domain: z.string(),
        team: z.string(),
        removedLogins: z.array(z.string()),
        missingLogins: z.array(z.string()),
        error: z.string().optional(),
      }),
    ),
    expiring: z
      .object({
        published: z.array(z.string()),
        failed: z.array(z.object({ grantId: z.string(), reason: z.string() })),
      })
      .optional()
      .openapi({
        description:
          'Grants ending within MESHWORK_GRANT_EXPIRY_NOTICE_DAYS whose grant.expiring event was published, and those whose publish failed (issue 13); absent without notifications.',
      }),
    recovery: z
      .object({
        completed: z.array(z.object({ requestId: z.string(), grantId: z.string() })),
        activated: z.array(z.object({ requestId: z.string(), grantId: z.string() })),
        waiting: z.array(z.string()),
        provisionFailed: z.array(z.string()),
        failed: z.array(z.object({ requestId: z.string(), reason: z.string() })),
      })
      .optional()
      .openapi({
        description:
          'Requests left approved by a server that died mid-approval: completed with their stored grant, activated again (no grant, approved more than 2 minutes ago), still within those 2 minutes, with a failed provisioning (left for a person), or failed (retried next sweep). Audited as grant.recovered.',
      }),
  })
  .openapi('SweepReport');
