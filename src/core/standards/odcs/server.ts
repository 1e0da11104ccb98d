import { z } from 'zod';
import type { OdcsCustomProperty } from './common.ts';
import { ALWAYS, COMMON_PARTS, isRecord, stableId, uriString } from './common.ts';
import type { OdcsRole } from './role.ts';
import { ROLES } from './role.ts';
import type { OdcsProfile } from './versions.ts';

/**
 * Servers: where the data physically lives. Each `type` has its own required and optional
 * fields (the schema's `if type = x then ServerSource/XServer`), so a server is a
 * discriminated union on `type`, one strict variant per type.
 *
 * The table describes the final v3.2.0, from the approved RFCs where the draft schema does
 * not have them yet:
 * - RFC 0045/0049/0057/0058/0059: hana, iceberg, teradata, exasol, ingres, vectorwise,
 *   versant, poet, and the synonyms btrieve (= zen) and fastobjects (= poet).
 * - RFC 0050: `port` accepts an integer or a string, so that it can hold a variable
 *   reference such as `${DB_PORT}`.
 * - RFC 0043: `encoding` (the character encoding of the payload) on the servers that carry
 *   a file or message format, as in the v3.2 development schema: azure, glue, kafka,
 *   kinesis, local, s3, sftp, custom.
 * - Athena: `stagingDir` optional and `workgroup` added (already in the v3.2 draft).
 * Gap: iceberg's `catalogUrl` is described as a URL, but no published schema states its
 * format, so it is checked as a string.
 * The v3.1 rules are derived from the same table (`V31`), matching the v3.1.0 schema.
 */

type FieldKind = 'string' | 'uri' | 'port';

const FIELDS = {
  host: 'string',
  port: 'port',
  database: 'string',
  schema: 'string',
  catalog: 'string',
  catalogUrl: 'string',
  namespace: 'string',
  warehouse: 'string',
  project: 'string',
  dataset: 'string',
  account: 'string',
  region: 'string',
  regionName: 'string',
  serviceName: 'string',
  workgroup: 'string',
  stream: 'string',
  path: 'string',
  format: 'string',
  delimiter: 'string',
  encoding: 'string',
  location: 'uri',
  endpointUrl: 'uri',
  stagingDir: 'uri',
} as const satisfies Record<string, FieldKind>;

type FieldName = keyof typeof FIELDS;

interface ServerSpec {
  readonly required: readonly FieldName[];
  readonly optional: readonly FieldName[];
}

const SQL_HOST = { required: ['host', 'database'], optional: ['port'] } as const;
const FULL_SQL = { required: ['host', 'port', 'database', 'schema'], optional: [] } as const;
const OBJECT_DB = { required: ['database'], optional: ['host', 'port'] } as const;

export const SERVER_TYPES = {
  api: { required: ['location'], optional: [] },
  athena: { required: ['schema'], optional: ['stagingDir', 'catalog', 'regionName', 'workgroup'] },
  azure: { required: ['location', 'format'], optional: ['delimiter', 'encoding'] },
  bigquery: { required: ['project', 'dataset'], optional: [] },
  btrieve: SQL_HOST,
  clickhouse: { required: ['host', 'port', 'database'], optional: [] },
  cloudsql: FULL_SQL,
  custom: {
    required: [],
    optional: [
      'account',
      'catalog',
      'database',
      'dataset',
      'delimiter',
      'endpointUrl',
      'format',
      'encoding',
      'host',
      'location',
      'path',
      'port',
      'project',
      'region',
      'regionName',
      'schema',
      'serviceName',
      'stagingDir',
      'warehouse',
      'stream',
    ],
  },
  databricks: { required: ['catalog', 'schema'], optional: ['host'] },
  db2: { required: ['host', 'port', 'database'], optional: ['schema'] },
  denodo: { required: ['host', 'port'], optional: ['database'] },
  dremio: { required: ['host', 'port'], optional: ['schema'] },
  duckdb: { required: ['database'], optional: ['schema'] },
  exasol: { required: ['host'], optional: ['port', 'schema'] },
  fastobjects: OBJECT_DB,
  glue: { required: ['account', 'database'], optional: ['location', 'format', 'encoding'] },
  hana: { required: ['host'], optional: ['port', 'database', 'schema'] },
  hive: SQL_HOST,
  iceberg: { required: ['catalog', 'catalogUrl'], optional: ['namespace', 'warehouse'] },
  impala: SQL_HOST,
  informix: SQL_HOST,
  ingres: SQL_HOST,
  kafka: { required: ['host'], optional: ['format', 'encoding'] },
  kinesis: { required: [], optional: ['region', 'format', 'encoding'] },
  local: { required: ['path', 'format'], optional: ['encoding'] },
  mysql: { required: ['host', 'port', 'database'], optional: [] },
  oracle: { required: ['host', 'port', 'serviceName'], optional: [] },
  poet: OBJECT_DB,
  postgres: FULL_SQL,
  postgresql: FULL_SQL,
  presto: { required: ['host'], optional: ['catalog', 'schema'] },
  pubsub: { required: ['project'], optional: [] },
  redshift: { required: ['database', 'schema'], optional: ['host', 'region', 'account'] },
  s3: { required: ['location'], optional: ['endpointUrl', 'format', 'delimiter', 'encoding'] },
  sftp: { required: ['location'], optional: ['format', 'delimiter', 'encoding'] },
  snowflake: {
    required: ['account', 'database', 'schema'],
    optional: ['host', 'port', 'warehouse'],
  },
  sqlserver: { required: ['host', 'database', 'schema'], optional: ['port'] },
  synapse: { required: ['host', 'port', 'database'], optional: [] },
  teradata: { required: ['host'], optional: ['port', 'database'] },
  trino: { required: ['host', 'port', 'catalog', 'schema'], optional: [] },
  vectorwise: SQL_HOST,
  versant: OBJECT_DB,
  vertica: FULL_SQL,
  zen: SQL_HOST,
} as const satisfies Record<string, ServerSpec>;

export type OdcsServerType = keyof typeof SERVER_TYPES;

export const ODCS_SERVER_TYPES = Object.keys(SERVER_TYPES) as readonly OdcsServerType[];

const ADDED_IN_V32: ReadonlySet<OdcsServerType> = new Set([
  'btrieve',
  'exasol',
  'fastobjects',
  'hana',
  'iceberg',
  'ingres',
  'poet',
  'teradata',
  'vectorwise',
  'versant',
]);

/** The v3.1.0 schema: no new types, no `encoding`, Athena with a required `stagingDir`. */
function v31Spec(type: OdcsServerType, spec: ServerSpec): ServerSpec {
  const optional = spec.optional.filter((f) => f !== 'encoding' && f !== 'workgroup');
  if (type !== 'athena') return { required: spec.required, optional };
  return {
    required: [...spec.required, 'stagingDir'],
    optional: optional.filter((f) => f !== 'stagingDir'),
  };
}

function fieldSchema(profile: OdcsProfile, type: OdcsServerType, field: FieldName): z.ZodType {
  const kind: FieldKind = FIELDS[field];
  if (kind === 'port') return profile === 'v3.2' ? z.union([z.int(), z.string()]) : z.int();
  // The custom server's stagingDir is a plain string in the schema, unlike Athena's.
  if (kind === 'string' || (type === 'custom' && field === 'stagingDir')) return z.string();
  if (type === 'sftp' && field === 'location') return uriString.regex(/^sftp:\/\//);
  return uriString;
}

function buildServer(profile: OdcsProfile) {
  const common = {
    id: stableId.exactOptional(),
    server: z.string(),
    description: z.string().exactOptional(),
    environment: z.string().exactOptional(),
    roles: ROLES[profile].exactOptional(),
    customProperties: COMMON_PARTS[profile].customProperties.exactOptional(),
  };
  const types = ODCS_SERVER_TYPES.filter((t) => profile === 'v3.2' || !ADDED_IN_V32.has(t));
  const variants = types.map((type) => {
    const spec: ServerSpec = SERVER_TYPES[type];
    const { required, optional } = profile === 'v3.1' ? v31Spec(type, spec) : spec;
    const shape: Record<string, z.ZodType> = { ...common, type: z.literal(type) };
    for (const f of required) shape[f] = fieldSchema(profile, type, f);
    for (const f of optional) shape[f] = fieldSchema(profile, type, f).exactOptional();
    return z.strictObject(shape);
  });
  const known: ReadonlySet<unknown> = new Set(types);
  return z
    .discriminatedUnion('type', variants as [z.ZodObject, ...z.ZodObject[]])
    .superRefine((server: unknown, ctx) => {
      // Without a known type only the type is reported by the union; `server` is required
      // of every type, so it is reported as well.
      if (!isRecord(server) || known.has(server.type) || 'server' in server) return;
      ctx.addIssue({
        code: 'custom',
        message: 'Required property "server" is missing',
        params: { code: 'missing-required', hint: 'Add "server", the identifier of the server.' },
      });
    }, ALWAYS);
}

export const SERVERS = {
  'v3.1': z.array(buildServer('v3.1')),
  'v3.2': z.array(buildServer('v3.2')),
} as const;

type FieldValue<F extends FieldName> = (typeof FIELDS)[F] extends 'port' ? number | string : string;

type Spec<T extends OdcsServerType> = (typeof SERVER_TYPES)[T];

/** A server of one type, with that type's fields (the types describe v3.2). */
export type OdcsServerOf<T extends OdcsServerType> = OdcsServerCommon & {
  readonly type: T;
} & { readonly [F in Spec<T>['required'][number]]: FieldValue<F> } & {
  readonly [F in Spec<T>['optional'][number]]?: FieldValue<F>;
};

export interface OdcsServerCommon {
  readonly id?: string;
  readonly server: string;
  readonly description?: string;
  readonly environment?: string;
  readonly roles?: readonly OdcsRole[];
  readonly customProperties?: readonly OdcsCustomProperty[];
}

/** A server, discriminated by `type`: `if (s.type === 'postgres') s.host` is a string. */
export type OdcsServer = { [T in OdcsServerType]: OdcsServerOf<T> }[OdcsServerType];
