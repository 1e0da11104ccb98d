/**
 * A small fresh mesh on disk, as `meshwork init` plus `meshwork import` of a CSV source
 * leave one: one domain with its team, two source contracts of the system `crm` (people →
 * accounts by a foreign key, people with personal columns and a retention; tickets with no
 * key to either), their rows as
 * CSV files beside the contracts, and no products yet.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { domain, organisation } from '../support/mesh-fixture.ts';

function source(
  table: string,
  properties: readonly Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): unknown {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: `crm-${table}-v1`,
    name: table,
    version: '1.0.0',
    status: 'active',
    description: {
      purpose: `Imported from crm; one row per ${table}.`,
      usage: 'Read by the products of the shop domain only.',
    },
    servers: [{ server: 'crm', type: 'local', format: 'csv', path: `${table}.csv` }],
    schema: [
      { name: table, physicalName: table, physicalType: 'table', properties: [...properties] },
    ],
    customProperties: [
      {
        property: 'meshworkImportedFrom',
        value: { kind: 'files', source: `${table}.csv`, at: '2026-12-01' },
      },
    ],
    ...extra,
  };
}

export const PEOPLE_ROWS = [
  'person_id,account_id,email,full_name,joined_on',
  '1,10,ada@example.org,Ada Lovelace,2024-01-02',
  '2,10,alan@example.org,Alan Turing,2024-02-03',
  '3,20,grace@example.org,Grace Hopper,2024-03-04',
];

export function freshMesh(options: { withRetention?: boolean; withData?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'meshwork-canvas-fresh-'));
  const files: Record<string, unknown> = {
    'meshwork.yaml': { ...organisation, defaults: { language: 'en' } },
    'domains/shop/domain.yaml': domain('shop', ['shop-team', 'web-team']),
    'sources/crm/accounts.odcs.yaml': source('accounts', [
      {
        name: 'account_id',
        logicalType: 'integer',
        physicalType: 'integer',
        required: true,
        unique: true,
        primaryKey: true,
        primaryKeyPosition: 1,
        classification: 'internal',
        description: 'Key of the account.',
      },
      { name: 'account_name', logicalType: 'string', required: true, classification: 'internal' },
    ]),
    'sources/crm/tickets.odcs.yaml': source('tickets', [
      { name: 'ticket_id', logicalType: 'integer', required: true, classification: 'internal' },
      { name: 'subject', logicalType: 'string', required: true, classification: 'internal' },
    ]),
    'sources/crm/people.odcs.yaml': source(
      'people',
      [
        {
          name: 'person_id',
          logicalType: 'integer',
          physicalType: 'integer',
          required: true,
          unique: true,
          primaryKey: true,
          primaryKeyPosition: 1,
          classification: 'internal',
          description: 'Key of the person.',
          customProperties: [{ property: 'meshworkSubjectKey', value: 'person-id' }],
        },
        {
          name: 'account_id',
          logicalType: 'integer',
          physicalType: 'integer',
          required: true,
          classification: 'internal',
          relationships: [
            { type: 'foreignKey', to: 'accounts.odcs.yaml#/schema/accounts/properties/account_id' },
          ],
        },
        {
          name: 'email',
          logicalType: 'string',
          physicalType: 'varchar(200)',
          required: true,
          unique: true,
          classification: 'restricted',
          tags: ['pii'],
          logicalTypeOptions: { format: 'email' },
          customProperties: [{ property: 'meshworkSubjectKey', value: 'email' }],
        },
        {
          name: 'full_name',
          logicalType: 'string',
          required: true,
          classification: 'restricted',
          tags: ['pii'],
        },
        { name: 'joined_on', logicalType: 'date', required: true, classification: 'internal' },
      ],
      options.withRetention === false
        ? {}
        : { slaProperties: [{ property: 'retention', value: 2, unit: 'y' }] },
    ),
  };
  for (const [path, value] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), stringify(value));
  }
  if (options.withData !== false) {
    writeFileSync(join(root, 'sources/crm/people.csv'), `${PEOPLE_ROWS.join('\n')}\n`);
    writeFileSync(
      join(root, 'sources/crm/accounts.csv'),
      'account_id,account_name\n10,Analytical Engines Ltd\n20,Compilers Inc\n',
    );
    writeFileSync(join(root, 'sources/crm/tickets.csv'), 'ticket_id,subject\n1,Login fails\n');
  }
  return root;
}
