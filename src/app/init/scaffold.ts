import { stringify } from 'yaml';

/** What `meshwork init` asks for; every field has a default so it also runs unattended. */
export interface ScaffoldAnswers {
  readonly organisation: string;
  readonly legalName: string;
  readonly dpoName: string;
  readonly dpoEmail: string;
  readonly domain: string;
  readonly team: string;
  readonly ownerUsername: string;
  readonly ownerName: string;
  readonly ownerEmail: string;
  readonly sourceSystem: string;
  readonly product: string;
}

export const DEFAULT_ANSWERS: ScaffoldAnswers = {
  organisation: 'Example Company',
  legalName: 'Example Company GmbH',
  dpoName: 'Data Protection Officer',
  dpoEmail: 'privacy@example.com',
  domain: 'sales',
  team: 'sales-team',
  ownerUsername: 'owner',
  ownerName: 'Domain Owner',
  ownerEmail: 'owner@example.com',
  sourceSystem: 'crm',
  product: 'customers',
};

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Problems with the answers, one message per field, empty when they are usable. */
export function checkAnswers(a: ScaffoldAnswers): string[] {
  const problems: string[] = [];
  for (const key of ['domain', 'team', 'sourceSystem', 'product'] as const) {
    if (!KEBAB.test(a[key]))
      problems.push(
        `${key} "${a[key]}" must be kebab-case (lower-case letters, digits and dashes)`,
      );
  }
  for (const key of ['dpoEmail', 'ownerEmail'] as const) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(a[key]))
      problems.push(`${key} "${a[key]}" is not an email address`);
  }
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(a.ownerUsername))
    problems.push(`ownerUsername "${a.ownerUsername}" must be lower-case`);
  for (const key of ['organisation', 'legalName', 'dpoName', 'ownerName'] as const) {
    if (a[key].trim() === '') problems.push(`${key} must not be empty`);
  }
  return problems;
}

const yaml = (value: unknown): string => stringify(value, { lineWidth: 100 });

/**
 * The files of a new mesh repository: the organisation, one domain with its team, one
 * source contract, and one source-aligned product with its output contract and
 * transformation. Built as data and written with the YAML library, so what init writes
 * is valid by construction (a test validates it).
 */
export function scaffoldFiles(a: ScaffoldAnswers): Map<string, string> {
  const files = new Map<string, string>();
  const sourceId = `${a.sourceSystem}-customers`;
  const productId = `${a.domain}-${a.product}`;
  const outputId = `${productId}-v1`;
  const customerProperties = [
    {
      name: 'customer_id',
      logicalType: 'integer',
      physicalType: 'integer',
      required: true,
      unique: true,
      primaryKey: true,
      primaryKeyPosition: 1,
      description: 'Unique id of the customer.',
      classification: 'internal',
    },
    {
      name: 'full_name',
      logicalType: 'string',
      physicalType: 'text',
      required: true,
      description: 'Full name of the customer.',
      classification: 'restricted',
      tags: ['pii'],
    },
    {
      name: 'email',
      logicalType: 'string',
      physicalType: 'text',
      description: 'Email address of the customer.',
      classification: 'restricted',
      tags: ['pii'],
      logicalTypeOptions: { format: 'email' },
    },
    {
      name: 'created_at',
      logicalType: 'timestamp',
      physicalType: 'timestamp',
      required: true,
      description: 'When the customer was created.',
      classification: 'internal',
    },
  ];

  files.set(
    'meshwork.yaml',
    yaml({
      apiVersion: 'meshwork/v1',
      kind: 'Mesh',
      name: a.organisation,
      legalName: a.legalName,
      address: { street: 'Musterstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      dataProtectionOfficer: { name: a.dpoName, email: a.dpoEmail },
      defaults: { language: 'de', timezone: 'Europe/Berlin' },
    }),
  );
  files.set(
    `domains/${a.domain}/domain.yaml`,
    yaml({
      apiVersion: 'meshwork/v1',
      kind: 'Domain',
      name: a.domain,
      title: titleCase(a.domain),
      description: `The ${a.domain} domain and the data products it owns.`,
      team: {
        name: a.team,
        members: [
          { username: a.ownerUsername, name: a.ownerName, email: a.ownerEmail, role: 'owner' },
        ],
      },
    }),
  );
  files.set(
    `sources/${a.sourceSystem}/customers.odcs.yaml`,
    yaml({
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id: sourceId,
      name: `${a.sourceSystem} customers`,
      version: '1.0.0',
      status: 'active',
      description: { purpose: `The customers table of the ${a.sourceSystem} system, as it is.` },
      servers: [
        {
          server: a.sourceSystem,
          type: 'postgresql',
          host: 'localhost',
          port: 5432,
          database: a.sourceSystem,
          schema: 'public',
        },
      ],
      schema: [
        {
          name: 'customers',
          physicalName: 'customers',
          physicalType: 'table',
          properties: customerProperties,
        },
      ],
    }),
  );
  files.set(
    `domains/${a.domain}/${a.product}/product.odps.yaml`,
    yaml({
      apiVersion: 'v1.0.0',
      kind: 'DataProduct',
      id: productId,
      name: titleCase(a.product),
      domain: a.domain,
      status: 'draft',
      version: '0.1.0',
      description: {
        purpose: `Clean, documented ${a.product} of the ${a.domain} domain for other teams to use.`,
        usage: 'Read the output port; see its contract for the schema and the terms of use.',
      },
      team: {
        name: a.team,
        members: [{ username: a.ownerUsername, name: a.ownerName, role: 'owner' }],
      },
      support: [{ channel: `${a.team}-support`, url: `mailto:${a.ownerEmail}` }],
      inputPorts: [{ name: 'customers', version: '1.0.0', contractId: sourceId }],
      outputPorts: [{ name: a.product, version: '1.0.0', type: 'table', contractId: outputId }],
      customProperties: [
        { property: 'meshworkKind', value: 'source-aligned' },
        { property: 'meshworkTransform', value: 'transform.sql' },
      ],
    }),
  );
  files.set(
    `domains/${a.domain}/${a.product}/${a.product}.odcs.yaml`,
    yaml({
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id: outputId,
      name: `${titleCase(a.product)} of ${titleCase(a.domain)}`,
      version: '1.0.0',
      status: 'draft',
      domain: a.domain,
      dataProduct: productId,
      description: {
        purpose: `${titleCase(a.product)} as published by the ${a.domain} domain.`,
        usage: 'Internal analytics and reporting.',
        limitations:
          'Contains personal data: use only for the purposes approved by the data protection officer.',
      },
      servers: [
        {
          server: 'local',
          type: 'local',
          format: 'parquet',
          // The served snapshot of the port in the embedded warehouse (docs/build.md).
          path: `../../../.meshwork/warehouse/${a.domain}/${a.product}/${a.product}/current/{model}.parquet`,
        },
      ],
      schema: [
        {
          name: a.product,
          physicalName: a.product.replaceAll('-', '_'),
          physicalType: 'table',
          properties: customerProperties,
          quality: [{ type: 'library', metric: 'rowCount', mustBeGreaterThan: 0 }],
        },
      ],
      slaProperties: [
        {
          property: 'latency',
          value: 1,
          unit: 'd',
          element: `${a.product.replaceAll('-', '_')}.created_at`,
        },
        { property: 'retention', value: 3, unit: 'y' },
      ],
    }),
  );
  files.set(
    `domains/${a.domain}/${a.product}/transform.sql`,
    `-- port: ${a.product}\n-- Builds the output port from the input port "customers" (available as a relation of that name).\nSELECT customer_id, full_name, lower(email) AS email, created_at\nFROM customers;\n`,
  );
  files.set('.gitignore', '.meshwork/\n.meshwork.secrets*\n');
  files.set(
    'README.md',
    `# ${a.organisation} data mesh\n\nThe data products of ${a.legalName}, described as code (ODPS v1 products, ODCS v3 contracts) and checked by Meshwork (install it as its README says, then run this here).\n\n    meshwork validate .\n`,
  );
  return files;
}

function titleCase(kebab: string): string {
  return kebab
    .split('-')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(' ');
}
