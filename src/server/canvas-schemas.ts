import { z } from '@hono/zod-openapi';
import { FindingSchema } from './schemas.ts';

/**
 * The shapes of the canvas API (issue 12), mirroring `app/canvas/canvas-model.ts`. Every
 * string a form sends is bounded here; texts may hold line breaks and tabs but no other
 * control characters (they end up in YAML and SQL comments, written by the draft's own
 * serializer, but a NUL or escape sequence helps no one).
 */
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const NO_CONTROL = /^[^\0-\x08\x0b\x0c\x0e-\x1f\x7f]*$/;
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const ONE_LINE = /^[^\0-\x1f\x7f]*$/;

const line = (max: number) =>
  z.string().trim().min(1).max(max).regex(ONE_LINE, 'must be one line without control characters');
const text = (max: number) =>
  z.string().trim().min(1).max(max).regex(NO_CONTROL, 'must not hold control characters');
/** kebab/snake names: ids, folder names, ports. The draft checks them again against the mesh. */
const name = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - and _');

export const CanvasSchema = z
  .object({
    id: name(64).openapi({ example: 'bike-utilisation' }),
    name: line(200),
    domain: line(100),
    purpose: text(4000),
    consumers: text(4000),
    team: line(100),
    owner: z
      .object({ username: line(100), name: line(200).optional() })
      .optional()
      .openapi({
        description: 'Default: the signed-in user',
      }),
    inputs: z.array(line(200)).min(1).max(20),
    columns: z.array(line(300)).max(500).default([]),
    outputPort: name(64).optional(),
    sla: z
      .object({
        latency: z
          .object({ value: z.number().int().min(1).max(10_000), unit: z.enum(['d', 'h', 'm']) })
          .optional(),
        schedule: line(100).optional(),
        retention: z
          .object({
            value: z.number().int().min(1).max(10_000),
            unit: z.enum(['d', 'm', 'y']),
            element: line(200).optional(),
          })
          .optional(),
        availabilityPercent: z.number().min(0).max(100).optional(),
      })
      .default({}),
    language: z.enum(['de', 'en']).default('en'),
  })
  .openapi('ProductCanvas');

export type CanvasBody = z.infer<typeof CanvasSchema>;

export const DraftFileSchema = z
  .object({ path: z.string(), content: z.string() })
  .openapi('DraftFile');

export const ProductDraftSchema = z
  .object({
    folder: z.string(),
    files: z.array(DraftFileSchema),
    findings: z.array(FindingSchema),
  })
  .openapi('ProductDraft');

export const CommittedProposalSchema = z
  .object({
    commit: z.string(),
    folder: z.string(),
    files: z.array(z.string()),
    findings: z.array(FindingSchema),
    indexed: z.boolean().openapi({
      description: 'Whether the catalog was re-indexed at once (else the file watcher picks it up)',
    }),
  })
  .openapi('CommittedProposal');

export const CanvasOptionsSchema = z
  .object({
    commit: z.object({
      allowed: z.boolean(),
      reason: z.string().nullable().openapi({ description: 'Why proposals cannot be committed' }),
    }),
    domains: z.array(
      z.object({
        name: z.string(),
        title: z.string(),
        teams: z.array(z.string()),
        mayCommit: z.boolean().openapi({
          description:
            'Whether the signed-in user may submit proposals into this domain: a member of one of its teams, its owner, admin or governance',
        }),
        commitTeams: z.array(z.string()).nullable().openapi({
          description:
            'The teams the user may name as owning team in a proposal; null: any team of the domain',
        }),
      }),
    ),
    teams: z.array(
      z.object({
        name: z.string(),
        domain: z.string(),
        members: z.array(
          z.object({
            username: z.string(),
            name: z.string().nullable(),
            role: z.string().nullable(),
          }),
        ),
      }),
    ),
    contracts: z.array(
      z.object({
        id: z.string(),
        productId: z.string().nullable(),
        port: z.string().nullable(),
        objects: z.array(
          z.object({
            name: z.string(),
            properties: z.array(
              z.object({ name: z.string(), logicalType: z.string().nullable(), pii: z.boolean() }),
            ),
          }),
        ),
      }),
    ),
    truncated: z.boolean().openapi({ description: 'More contracts than the form lists' }),
  })
  .openapi('CanvasOptions');
