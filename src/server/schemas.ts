import { z } from '@hono/zod-openapi';
import { CHECK_KINDS } from '../core/quality/index.ts';
import { ODCS_QUALITY_OPERATORS } from '../core/standards/odcs/quality.ts';
import { IncidentSchema } from './incident-schemas.ts';

/**
 * The API's shapes as Zod schemas: requests are validated with them and the OpenAPI
 * document at /api/openapi.json is generated from them. They mirror the catalog's
 * types in src/app/catalog/catalog-types.ts.
 */
export const ProblemDetailsSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    requestId: z
      .string()
      .optional()
      .openapi({ description: 'On server errors: the id the server log has the details under.' }),
  })
  .openapi('ProblemDetails');

/** An OpenAPI response entry for a problem+json answer (every area's 4xx and 5xx). */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetailsSchema } },
});

/** An OpenAPI response entry for a JSON answer of the given schema. */
export const jsonContent = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const json = z.record(z.string(), z.unknown());
const qualityStatus = z.enum(['passed', 'warning', 'failed', 'error', 'unknown']);
const freshnessStatus = z.enum(['fresh', 'stale', 'unknown']);
const duration = z.object({ value: z.number(), unit: z.string() });

export const TeamMemberSchema = z
  .object({
    username: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    role: z.string().nullable(),
    title: z.string().nullable(),
  })
  .openapi('TeamMember');

export const TeamSchema = z
  .object({
    name: z.string(),
    domain: z.string(),
    description: z.string().nullable(),
    members: z.array(TeamMemberSchema),
  })
  .openapi('Team');

export const QualitySchema = z
  .object({
    status: qualityStatus,
    lastRunAt: z.string().nullable(),
    passed: z.number().int(),
    failed: z.number().int(),
    warnings: z.number().int(),
  })
  .openapi('QualitySummary');

export const FreshnessSchema = z
  .object({
    status: freshnessStatus.openapi({
      description: 'Judged on newestDataAt against the latency SLA, never on the build time.',
    }),
    newestDataAt: z.string().nullable().openapi({
      description:
        "The newest value of the latency SLA's element column, as the latest test or build run measured it.",
    }),
    lastBuiltAt: z.string().nullable(),
    latency: duration.nullable(),
  })
  .openapi('Freshness');

const productSummaryShape = {
  id: z.string(),
  name: z.string(),
  domain: z.string(),
  status: z.string(),
  kind: z.string().nullable(),
  purpose: z.string().nullable(),
  owner: z.object({ team: z.string().nullable(), members: z.array(TeamMemberSchema) }),
  tags: z.array(z.string()),
  consumers: z.number().int(),
  quality: QualitySchema,
  freshness: FreshnessSchema,
};
export const ProductSummarySchema = z.object(productSummaryShape).openapi('ProductSummary');

export const PropertySchema = z
  .object({
    name: z.string(),
    logicalType: z.string().nullable(),
    physicalType: z.string().nullable(),
    required: z.boolean(),
    unique: z.boolean(),
    primaryKey: z.boolean(),
    classification: z.string().nullable(),
    pii: z.boolean().openapi({
      description:
        'Personal data by the one rule of src/core/privacy: declared by classification, tag or personalData, or a name, format or example that looks personal.',
    }),
    description: z.string().nullable(),
  })
  .openapi('Property');

export const ContractSummarySchema = z
  .object({
    id: z.string(),
    version: z.string().nullable(),
    status: z.string().nullable(),
    schema: z.array(
      z.object({
        name: z.string(),
        physicalName: z.string().nullable(),
        description: z.string().nullable(),
        properties: z.array(PropertySchema),
      }),
    ),
    slaProperties: z.array(json),
    terms: z.object({
      purpose: z.string().nullable(),
      usage: z.string().nullable(),
      limitations: z.string().nullable(),
    }),
  })
  .openapi('ContractSummary');

export const FindingSchema = z
  .object({
    severity: z.enum(['error', 'warning', 'info']),
    code: z.string(),
    message: z.string(),
    file: z.string(),
    line: z.number().int(),
    column: z.number().int(),
    path: z.string(),
    hint: z.string(),
    policy: z.string().optional(),
    params: json.optional(),
    adaptedBy: z.string().optional(),
  })
  .openapi('Finding');

export const ProductDetailSchema = z
  .object({
    product: z.object({
      ...productSummaryShape,
      description: json,
      support: z.array(json),
      team: TeamSchema.nullable(),
      inputPorts: z.array(
        z.object({
          name: z.string(),
          contractId: z.string().nullable(),
          from: z
            .object({
              kind: z.enum(['product', 'source']),
              id: z.string(),
              name: z.string(),
              domain: z.string().optional(),
            })
            .nullable(),
        }),
      ),
      outputPorts: z.array(
        z.object({
          name: z.string(),
          version: z.string().nullable(),
          contractId: z.string().nullable(),
          contract: ContractSummarySchema.nullable(),
        }),
      ),
    }),
    findings: z.array(FindingSchema),
    qualityTrend: z.array(
      z.object({
        runId: z.string(),
        contractId: z.string(),
        at: z.string(),
        status: z.enum(['passed', 'warning', 'failed', 'error']),
        passed: z.number().int(),
        failed: z.number().int(),
        errors: z.number().int(),
        warnings: z.number().int(),
      }),
    ),
    sla: z.array(
      z.object({
        port: z.string(),
        contractId: z.string(),
        property: z.string(),
        value: z.unknown(),
        unit: z.string().nullable(),
        status: z.enum(['fresh', 'stale', 'unknown', 'declared']),
      }),
    ),
    /** Open incidents of the product (issue 13). */
    incidents: z.array(IncidentSchema),
  })
  .openapi('ProductDetail');

const facetCounts = z.array(z.object({ value: z.string(), count: z.number().int() }));
export const ProductPageSchema = z
  .object({
    items: z.array(ProductSummarySchema),
    total: z.number().int(),
    facets: z.object({
      domain: facetCounts,
      status: facetCounts,
      tag: facetCounts,
      classification: facetCounts,
    }),
    next: z.string().nullable(),
  })
  .openapi('ProductPage');

export const LineageSchema = z
  .object({
    nodes: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['product', 'source']),
        name: z.string(),
        domain: z.string().nullable(),
        status: z.string().nullable(),
      }),
    ),
    edges: z.array(
      z.object({ from: z.string(), to: z.string(), port: z.string(), contractId: z.string() }),
    ),
    consumers: z
      .array(
        z.object({
          product: z.string(),
          port: z.string(),
          team: z.string(),
          domain: z.string(),
          purpose: z.string(),
          endsAt: z.string(),
        }),
      )
      .describe(
        'The teams with an active access grant on a product of the graph ("who uses what")',
      ),
  })
  .openapi('Lineage');

export const DomainSummarySchema = z
  .object({
    name: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    teams: z.array(z.string()),
    products: z.number().int(),
    consumers: z.number().int(),
    quality: z.record(qualityStatus, z.number().int()),
    policyShare: z.number(),
    findings: z.number().int(),
  })
  .openapi('DomainSummary');

const scoreLine = z.object({
  name: z.string(),
  passed: z.number().int(),
  total: z.number().int(),
  share: z.number(),
  bySeverity: z.record(
    z.enum(['error', 'warning', 'info']),
    z.object({ passed: z.number().int(), total: z.number().int() }),
  ),
});
export const ScorecardSchema = z
  .object({
    at: z.string(),
    mesh: scoreLine,
    domains: z.array(scoreLine),
    products: z.array(scoreLine.extend({ domain: z.string() })),
  })
  .openapi('Scorecard');

export const DomainDetailSchema = z
  .object({
    domain: DomainSummarySchema,
    teams: z.array(TeamSchema),
    products: z.array(ProductSummarySchema),
    findings: z.array(FindingSchema),
    scorecard: scoreLine.nullable(),
    scorecardTrend: z.array(z.object({ at: z.string(), share: z.number() })),
    /** Open incidents of the domain's products (issue 13). */
    incidents: z.array(IncidentSchema),
  })
  .openapi('DomainDetail');

/**
 * What a run report may hold, so what is stored and served back stays bounded: a contract
 * with more checks, or a check with more sample rows than this, is refused (400). Long
 * texts are cut by `boundRun` with a marker instead (run-bounds.ts).
 */
export const RUN_LIMITS = {
  checks: 5_000,
  samplesPerCheck: 20,
  columnsPerSample: 100,
  name: 500,
  /** A server's location or the reason it was passed over. */
  evidenceText: 2_000,
  /** Servers a contract lists, and so at most that many passed over. */
  servers: 50,
} as const;

const sampleValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const name = z.string().max(RUN_LIMITS.name);
export const CheckResultSchema = z
  .object({
    id: name,
    schema: name.nullable(),
    property: name.nullable(),
    kind: z.enum(CHECK_KINDS),
    status: z.enum(['passed', 'warning', 'failed', 'error']),
    value: z.union([z.number(), z.string(), z.null()]),
    threshold: z
      .object({
        operator: z.enum(ODCS_QUALITY_OPERATORS),
        value: z.union([z.number(), z.tuple([z.number(), z.number()])]),
      })
      .nullable(),
    message: z.string(),
    samples: z
      .array(
        z
          .record(z.string().max(RUN_LIMITS.name), sampleValue)
          .refine((row) => Object.keys(row).length <= RUN_LIMITS.columnsPerSample, {
            message: `at most ${RUN_LIMITS.columnsPerSample} columns per sample row`,
          }),
      )
      .max(RUN_LIMITS.samplesPerCheck),
  })
  .openapi('CheckResult');

const runServerShape = {
  name,
  type: name,
  location: z.string().max(RUN_LIMITS.evidenceText).openapi({
    description: 'A file path or glob, or host:port/database and schema; never a secret.',
  }),
};
export const RunEvidenceSchema = z
  .object({
    server: z.object(runServerShape).nullable().openapi({
      description: 'The server read (or the configured one that could not be).',
    }),
    passedOver: z
      .array(z.object({ ...runServerShape, reason: z.string().max(RUN_LIMITS.evidenceText) }))
      .max(RUN_LIMITS.servers),
    warnings: z
      .array(z.object({ code: name, message: z.string().max(RUN_LIMITS.evidenceText) }))
      .max(RUN_LIMITS.servers)
      .optional()
      .openapi({ description: 'What made the run weaker (a Trino server without a rules user).' }),
  })
  .openapi('RunEvidence');

export const TestRunSchema = z
  .object({
    status: z.enum(['passed', 'warning', 'failed', 'error']),
    checks: z.array(CheckResultSchema).max(RUN_LIMITS.checks),
    startedAt: z.string().max(64),
    durationMs: z.number(),
    evidence: RunEvidenceSchema.optional().openapi({
      description: 'What the run read and passed over; absent in runs recorded before it was.',
    }),
    trigger: z.enum(['test', 'build']).optional(),
  })
  .openapi('TestRun');

export const StoredRunSchema = z
  .object({
    id: z.string(),
    contractId: z.string(),
    productId: z.string().nullable(),
    port: z.string().nullable(),
    server: z.string().nullable(),
    run: TestRunSchema,
    reportedBy: z.string(),
  })
  .openapi('StoredRun');

export const page = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), next: z.string().nullable() }).openapi(name);

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional().openapi({ example: 20 }),
  cursor: z.string().optional(),
});

export const SyncResultSchema = z
  .object({
    revision: z.string(),
    indexedAt: z.string(),
    products: z.number().int(),
    changed: z.boolean(),
  })
  .openapi('SyncResult');

export const PortUsageSchema = z
  .object({
    items: z.array(
      z.object({
        port: z.string(),
        contractId: z.string(),
        contractFile: z.string(),
        builtAt: z.string().nullable(),
        servings: z.array(
          z.object({
            server: z.string(),
            type: z.string(),
            format: z.enum(['parquet', 'csv', 'postgresql', 'other']),
            objects: z.array(z.object({ name: z.string(), location: z.string() })),
            connection: z
              .object({
                host: z.string().nullable(),
                port: z.string().nullable(),
                database: z.string().nullable(),
              })
              .nullable(),
          }),
        ),
      }),
    ),
  })
  .openapi('PortUsage');

export const FailingChecksSchema = z
  .object({
    items: z.array(
      z.object({
        runId: z.string(),
        contractId: z.string(),
        productId: z.string().nullable(),
        port: z.string().nullable(),
        at: z.string(),
        status: z.enum(['passed', 'warning', 'failed', 'error']),
        trigger: z.enum(['test', 'build']).nullable(),
        checks: z.array(CheckResultSchema),
      }),
    ),
  })
  .openapi('FailingChecks');

export const PolicyTextsSchema = z
  .object({
    language: z.string(),
    policies: z.record(
      z.string(),
      z.object({ title: z.string(), description: z.string(), hint: z.string() }),
    ),
  })
  .openapi('PolicyTexts');
