import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatPath } from '../../src/core/findings/finding.ts';
import {
  ODCS_API_VERSIONS,
  odcsContractSchema,
  validateOdcsStructure,
} from '../../src/core/standards/odcs/index.ts';
import { compileOfficialSchema } from '../support/official-schemas.ts';
import { parseSourceDocument } from '../../src/core/yaml/source-document.ts';
import {
  displayName,
  requireStandards,
  standardFiles,
  standardsMissing,
} from '../support/standards.ts';

/*
 * Which rules check which apiVersion (src/core/standards/odcs/versions.ts), and the places
 * where Meshwork deliberately differs from the official schemas, each pinned against the
 * schema itself so that the difference stays a decision and not an accident.
 */

requireStandards();

type Doc = Record<string, unknown>;

function compile(file: string): (doc: unknown) => boolean {
  const validate = compileOfficialSchema(join('odcs', file));
  return (doc) => validate(doc);
}

/** A small valid contract of the given version; each case below adds one thing. */
function contract(apiVersion: string): Doc {
  return {
    apiVersion,
    kind: 'DataContract',
    id: 'orders-contract',
    version: '1.0.0',
    status: 'active',
    schema: [
      {
        name: 'orders',
        physicalType: 'table',
        properties: [
          { name: 'order_id', logicalType: 'string', required: true },
          { name: 'customer_id', logicalType: 'string' },
        ],
      },
    ],
  };
}

const firstObject = (d: Doc): Doc => (d.schema as Doc[])[0]!;
const firstProperty = (d: Doc): Doc => (firstObject(d).properties as Doc[])[0]!;

interface Feature {
  readonly name: string;
  readonly add: (d: Doc) => void;
  /** Where a v3.1.0 document gets the finding, and which. */
  readonly code: string;
  readonly path: string;
  /** In the v3.2 draft schema already, or only in the final v3.2.0 (approved RFCs). */
  readonly since: 'draft' | 'final';
}

const V32_FEATURES: readonly Feature[] = [
  {
    name: 'enum',
    add: (d) => (firstProperty(d).enum = [{ value: 'A' }, { value: 'B' }]),
    code: 'unknown-property',
    path: '$.schema[0].properties[0].enum',
    since: 'draft',
  },
  {
    name: 'semanticType',
    add: (d) => (firstProperty(d).semanticType = 'dimension'),
    code: 'unknown-property',
    path: '$.schema[0].properties[0].semanticType',
    since: 'draft',
  },
  {
    name: 'synonyms',
    add: (d) => (firstProperty(d).synonyms = [{ synonym: 'order number' }]),
    code: 'unknown-property',
    path: '$.schema[0].properties[0].synonyms',
    since: 'draft',
  },
  {
    name: 'logicalType map',
    add: (d) => {
      Object.assign(firstProperty(d), {
        logicalType: 'map',
        map: { key: { logicalType: 'string' }, value: { logicalType: 'integer' } },
      });
    },
    code: 'invalid-value',
    path: '$.schema[0].properties[0].logicalType',
    since: 'draft',
  },
  {
    name: 'context on the contract',
    add: (d) => (d.context = 'Orders are final once shipped.'),
    code: 'unknown-property',
    path: '$.context',
    since: 'draft',
  },
  {
    name: 'context on a schema object',
    add: (d) => (firstObject(d).context = { instructions: 'One row per order.' }),
    code: 'unknown-property',
    path: '$.schema[0].context',
    since: 'draft',
  },
  {
    name: 'logicalType vector',
    add: (d) => {
      Object.assign(firstProperty(d), {
        logicalType: 'vector',
        logicalTypeOptions: { dimensions: 1536, distanceMetric: 'cosine' },
      });
    },
    code: 'invalid-value',
    path: '$.schema[0].properties[0].logicalType',
    since: 'final',
  },
  {
    name: 'deprecated',
    add: (d) => (firstProperty(d).deprecated = true),
    code: 'unknown-property',
    path: '$.schema[0].properties[0].deprecated',
    since: 'final',
  },
  {
    name: 'vendor of a custom property',
    add: (d) => (d.customProperties = [{ property: 'tier', value: 'gold', vendor: 'meshwork' }]),
    code: 'unknown-property',
    path: '$.customProperties[0].vendor',
    since: 'final',
  },
  {
    name: 'a hana server',
    add: (d) => (d.servers = [{ server: 'prod', type: 'hana', host: 'hana.example.com' }]),
    code: 'invalid-value',
    path: '$.servers[0].type',
    since: 'final',
  },
  {
    name: 'a string port',
    add: (d) => {
      d.servers = [
        {
          server: 'prod',
          type: 'postgres',
          host: '${DB_HOST}',
          port: '${DB_PORT}',
          database: 'orders',
          schema: 'public',
        },
      ];
    },
    code: 'wrong-type',
    path: '$.servers[0].port',
    since: 'final',
  },
  {
    name: 'encoding of a server',
    add: (d) => {
      d.servers = [
        { server: 'files', type: 's3', location: 's3://bucket/orders/*.csv', encoding: 'UTF-8' },
      ];
    },
    code: 'unknown-property',
    path: '$.servers[0].encoding',
    since: 'final',
  },
  {
    name: 'id of a relationship',
    add: (d) => {
      firstObject(d).relationships = [
        { id: 'fk_customer', from: 'orders.customer_id', to: 'customers.id' },
      ];
    },
    code: 'unknown-property',
    path: '$.schema[0].relationships[0].id',
    since: 'final',
  },
  {
    name: 'custom properties of an SLA',
    add: (d) => {
      d.slaProperties = [
        {
          property: 'latency',
          value: 4,
          unit: 'h',
          customProperties: [{ property: 'x', value: 1 }],
        },
      ];
    },
    code: 'unknown-property',
    path: '$.slaProperties[0].customProperties',
    since: 'final',
  },
];

/** Asserts a finding with `code` at `path`. (Every assert.ok here carries a message.) */
function assertFinding(doc: unknown, code: string, path: string): void {
  const issues = validateOdcsStructure(doc);
  const found = issues.some((i) => i.code === code && formatPath(i.path) === path);
  assert.ok(found, `no ${code} at ${path} in ${JSON.stringify(issues)}`);
}

describe('ODCS versions', { skip: standardsMissing }, () => {
  const v31Schema = compile('schema/odcs-json-schema-v3.1.0.json');
  const v32Draft = compile('draft-v3.2.0/schema/odcs-json-schema-v3.2.0.json');

  it('reads exactly the five ODCS v3 versions', () => {
    assert.deepEqual([...ODCS_API_VERSIONS], ['v3.0.0', 'v3.0.1', 'v3.0.2', 'v3.1.0', 'v3.2.0']);
    for (const v of ODCS_API_VERSIONS) assert.deepEqual(validateOdcsStructure(contract(v)), []);
  });

  it('rejects no official example by checking older versions with the v3.1.0 schema', () => {
    // The ground for the decision: every example that declares a version before v3.2.0,
    // on both branches, is valid under the official v3.1.0 schema.
    const older = [
      ...standardFiles('odcs/examples', '.odcs.yaml'),
      ...standardFiles('odcs/draft-v3.2.0/examples', '.odcs.yaml'),
    ]
      .map((file) => ({ file, data: parseSourceDocument(file, readFileSync(file, 'utf8')).data }))
      .filter(({ data }) => (data as Doc).apiVersion !== 'v3.2.0');
    assert.ok(older.length >= 25, `only ${older.length} older examples`);
    for (const { file, data } of older) {
      assert.ok(v31Schema(data), `${displayName(file)} is not valid under the v3.1.0 schema`);
      assert.deepEqual(validateOdcsStructure(data), [], displayName(file));
    }
  });

  for (const feature of V32_FEATURES) {
    it(`accepts ${feature.name} in v3.2.0 and rejects it in v3.1.0 and v3.0.2`, () => {
      const current = contract('v3.2.0');
      feature.add(current);
      assert.deepEqual(validateOdcsStructure(current), []);
      for (const version of ['v3.1.0', 'v3.0.2']) {
        const older = contract(version);
        feature.add(older);
        assertFinding(older, feature.code, feature.path);
        assert.equal(odcsContractSchema.safeParse(older).success, false);
      }
      // Pinned against the official schemas: the released one rejects it; the draft
      // accepts what it already has, and lacks what only the final v3.2.0 approved.
      const older = contract('v3.1.0');
      feature.add(older);
      assert.equal(v31Schema(older), false);
      assert.equal(v32Draft(current), feature.since === 'draft');
    });
  }

  it('requires status before v3.2.0 only, as the schemas do', () => {
    for (const version of ODCS_API_VERSIONS) {
      const doc = contract(version);
      delete doc.status;
      const required = version !== 'v3.2.0';
      const issues = validateOdcsStructure(doc);
      assert.equal(issues.length > 0, required, version);
      if (required) assert.match(issues[0]!.message, /"status" is missing at \$\./);
      assert.equal((required ? v31Schema : v32Draft)(doc), !required);
    }
  });

  it('requires an Athena stagingDir before v3.2.0 only, as the schemas do', () => {
    const athena = { server: 'athena', type: 'athena', schema: 'sales', regionName: 'eu-west-1' };
    const older = { ...contract('v3.1.0'), servers: [athena] };
    const current = { ...contract('v3.2.0'), servers: [athena] };
    assertFinding(older, 'missing-required', '$.servers[0]');
    assert.equal(v31Schema(older), false);
    assert.deepEqual(validateOdcsStructure(current), []);
    assert.equal(v32Draft(current), true);
  });

  it('reports an unknown apiVersion and everything else at once, by the latest rules', () => {
    const doc: Doc = { ...contract('v9.9.9'), owner: 'sales' };
    firstProperty(doc).semanticType = 'dimension';
    const issues = validateOdcsStructure(doc);
    const version = issues.find((i) => formatPath(i.path) === '$.apiVersion');
    assert.equal(version?.code, 'invalid-value');
    for (const v of ODCS_API_VERSIONS) assert.match(version.message, new RegExp(`"${v}"`));
    assertFinding(doc, 'unknown-property', '$.owner');
    assert.equal(issues.length, 2, 'semanticType is v3.2, so valid by the latest rules');
    delete doc.apiVersion;
    assertFinding(doc, 'missing-required', '$');
    assertFinding(doc, 'unknown-property', '$.owner');
  });

  describe('where the written standard overrides the schema', () => {
    it('rejects v2.2.x, which both schemas still list', () => {
      const doc = contract('v2.2.2');
      assert.equal(v31Schema(doc), true);
      assert.equal(v32Draft(doc), true);
      assertFinding(doc, 'invalid-value', '$.apiVersion');
    });

    it('accepts nested shorthand references in v3.1.0 (table.object.column)', () => {
      const doc = contract('v3.1.0');
      firstObject(doc).relationships = [{ from: 'orders.customer.id', to: 'customers.id' }];
      assert.equal(v31Schema(doc), false);
      assert.deepEqual(validateOdcsStructure(doc), []);
      firstObject(doc).relationships = [{ from: 'orders', to: 'customers.id' }];
      assertFinding(doc, 'invalid-reference', '$.schema[0].relationships[0].from');
    });

    it('does not require `map` on a v3.2.0 property without a logicalType', () => {
      const doc = contract('v3.2.0');
      delete firstProperty(doc).logicalType;
      assert.equal(v32Draft(doc), false);
      assert.deepEqual(validateOdcsStructure(doc), []);
      firstProperty(doc).logicalType = 'map';
      assertFinding(doc, 'missing-required', '$.schema[0].properties[0]');
    });
  });
});
