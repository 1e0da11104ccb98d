import { stringify } from 'yaml';

/** `example: false` (`meshwork init --empty`): the organisation and one domain with its team, no example source or product — for a mesh that starts with `meshwork import`. */
export interface ScaffoldOptions {
  readonly example: boolean;
}

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

/**
 * A name as an id, folder and server name: kebab-case ASCII. German letters are spelt out
 * (ä → ae, ß → ss) as Germans do when a name must be ASCII; other accents are dropped.
 * "Kunden Umsätze Österreich" → kunden-umsaetze-oesterreich, "2024 Sales" → 2024-sales.
 */
export function slugOf(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A name as a table name: snake_case that starts with a letter (the built-in policy
 * schema-physical-name-snake-case; an identifier that starts with a digit would need
 * quotes in every query a consumer writes), so `2024 Sales` becomes t_2024_sales.
 */
export function tableNameOf(name: string): string {
  const snake = slugOf(name).replaceAll('-', '_');
  return /^[a-z]/.test(snake) ? snake : `t_${snake}`;
}

/** Problems with the answers, one message per field, empty when they are usable. */
export function checkAnswers(a: ScaffoldAnswers): string[] {
  const problems: string[] = [];
  for (const key of ['domain', 'team', 'sourceSystem', 'product'] as const) {
    if (slugOf(a[key]) === '')
      problems.push(`${key} "${a[key]}" needs at least one letter or digit (a-z, 0-9)`);
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
export function scaffoldFiles(
  a: ScaffoldAnswers,
  options: ScaffoldOptions = { example: true },
): Map<string, string> {
  const files = new Map<string, string>();
  // Ids, folders and server names are slugs; titles keep the names as they were typed.
  const domain = slugOf(a.domain);
  const team = slugOf(a.team);
  const source = slugOf(a.sourceSystem);
  const product = slugOf(a.product);
  const table = tableNameOf(a.product);
  const domainTitle = displayName(a.domain);
  const productTitle = displayName(a.product);
  const sourceId = `${source}-customers`;
  const productId = `${domain}-${product}`;
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
    `domains/${domain}/domain.yaml`,
    yaml({
      apiVersion: 'meshwork/v1',
      kind: 'Domain',
      name: domain,
      title: domainTitle,
      description: `The ${domainTitle} domain and the data products it owns.`,
      team: {
        name: team,
        members: [
          { username: a.ownerUsername, name: a.ownerName, email: a.ownerEmail, role: 'owner' },
        ],
      },
    }),
  );
  if (options.example) {
    files.set(
      `sources/${source}/customers.odcs.yaml`,
      yaml({
        apiVersion: 'v3.1.0',
        kind: 'DataContract',
        id: sourceId,
        name: `${a.sourceSystem.trim()} customers`,
        version: '1.0.0',
        status: 'active',
        description: {
          purpose: `The customers table of the ${a.sourceSystem.trim()} system, as it is.`,
        },
        servers: [
          {
            server: source,
            type: 'postgresql',
            host: 'localhost',
            port: 5432,
            database: source.replaceAll('-', '_'),
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
      `domains/${domain}/${product}/product.odps.yaml`,
      yaml({
        apiVersion: 'v1.0.0',
        kind: 'DataProduct',
        id: productId,
        name: productTitle,
        domain: domain,
        status: 'draft',
        version: '0.1.0',
        description: {
          purpose: `Clean, documented ${productTitle} of the ${domainTitle} domain for other teams to use.`,
          usage: 'Read the output port; see its contract for the schema and the terms of use.',
        },
        team: {
          name: team,
          members: [{ username: a.ownerUsername, name: a.ownerName, role: 'owner' }],
        },
        support: [{ channel: `${team}-support`, url: `mailto:${a.ownerEmail}` }],
        inputPorts: [{ name: 'customers', version: '1.0.0', contractId: sourceId }],
        outputPorts: [{ name: product, version: '1.0.0', type: 'table', contractId: outputId }],
        customProperties: [
          { property: 'meshworkKind', value: 'source-aligned' },
          { property: 'meshworkTransform', value: 'transform.sql' },
        ],
      }),
    );
    files.set(
      `domains/${domain}/${product}/${product}.odcs.yaml`,
      yaml({
        apiVersion: 'v3.1.0',
        kind: 'DataContract',
        id: outputId,
        name: `${productTitle} of ${domainTitle}`,
        version: '1.0.0',
        status: 'draft',
        domain: domain,
        dataProduct: productId,
        description: {
          purpose: `${productTitle} as published by the ${domainTitle} domain.`,
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
            path: `../../../.meshwork/warehouse/${domain}/${product}/${product}/current/{model}.parquet`,
          },
        ],
        schema: [
          {
            name: table,
            physicalName: table,
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
            element: `${table}.created_at`,
          },
          { property: 'retention', value: 3, unit: 'y' },
        ],
      }),
    );
    files.set(
      `domains/${domain}/${product}/transform.sql`,
      [
        `-- port: ${product}`,
        '-- Builds the output port from the input port "customers" (available as a relation of that name).',
        "-- The casts give the columns the output contract's physical types whatever the source",
        '-- is (a CSV file is read with guessed types: customer_id would be a bigint).',
        'SELECT',
        '  CAST(customer_id AS integer) AS customer_id,',
        '  CAST(full_name AS text) AS full_name,',
        '  lower(CAST(email AS text)) AS email,',
        '  CAST(created_at AS timestamp) AS created_at',
        'FROM customers;',
        '',
      ].join('\n'),
    );
  }
  files.set('.gitignore', '.meshwork/\n.meshwork.secrets*\n');
  files.set(
    'README.md',
    `# ${a.organisation} data mesh\n\nThe data products of ${a.legalName}, described as code (ODPS v1 products, ODCS v3 contracts) and checked by Meshwork (install it as its README says, then run this here).\n\n    meshwork validate .\n${
      options.example
        ? ''
        : '\nStart from a system you have: `meshwork import postgresql://…` writes its tables as source contracts under sources/, `meshwork new product` drafts a data product that reads them.\n'
    }`,
  );
  return files;
}

/** A name as typed, or a kebab-case one as words: `sales-team` → Sales Team. */
function displayName(name: string): string {
  return slugOf(name) === name ? titleCase(name) : name.trim();
}

function titleCase(kebab: string): string {
  return kebab
    .split('-')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(' ');
}
