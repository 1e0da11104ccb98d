import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPath } from '../../src/core/findings/finding.ts';
import type {
  OdcsContract,
  OdcsProperty,
  OdcsServer,
  OdcsServerType,
} from '../../src/core/standards/odcs/index.ts';
import {
  ODCS_SERVER_TYPES,
  odcsContractSchema,
  validateOdcsStructure,
} from '../../src/core/standards/odcs/index.ts';

/*
 * The additions approved for the final ODCS v3.2.0 that the v3.2 draft schema in
 * ../shared does not have yet (bitol-io/tsc rfcs/approved/odcs-v3.2.0): accepted in v3.2.0
 * documents, with the rejections upstream's later negative tests ask for (vector without
 * dimensions, a variable in an integer field, wrong types, new server types without their
 * required fields). Older versions reject all of them (odcs-versions.test.ts).
 */

type Doc = Record<string, unknown>;

function contract(extra: Doc = {}, properties: Doc[] = []): Doc {
  return {
    apiVersion: 'v3.2.0',
    kind: 'DataContract',
    id: 'embeddings',
    version: '1.0.0',
    schema: [
      {
        name: 'products',
        physicalType: 'table',
        properties: [{ name: 'product_id', logicalType: 'string' }, ...properties],
      },
    ],
    ...extra,
  };
}

function findingsOf(doc: Doc): string[] {
  return validateOdcsStructure(doc).map((i) => `${i.code} ${formatPath(i.path)} ${i.message}`);
}

function assertFinding(doc: Doc, code: string, path: string, mentions?: string): void {
  const issues = validateOdcsStructure(doc);
  const found = issues.find((i) => i.code === code && formatPath(i.path) === path);
  assert.ok(found, `no ${code} at ${path} in ${JSON.stringify(findingsOf(doc))}`);
  if (mentions !== undefined) assert.match(found.message, new RegExp(`"${mentions}"`));
}

const server = (fields: Doc): Doc => contract({ servers: [{ server: 'prod', ...fields }] });

describe('ODCS v3.2.0 final additions', () => {
  describe('vector (RFC 0042)', () => {
    it('accepts a vector property with its options', () => {
      const vector = {
        name: 'embedding',
        logicalType: 'vector',
        physicalType: 'vector(1536)',
        required: true,
        logicalTypeOptions: {
          dimensions: 1536,
          elementType: 'float32',
          distanceMetric: 'cosine',
          normalized: true,
          embeddingModel: 'openai/text-embedding-3-small',
          embeddingModelVersion: '2024-01-25',
        },
      };
      assert.deepEqual(findingsOf(contract({}, [vector])), []);
    });

    it('requires dimensions, a positive integer, and known option values', () => {
      const at = '$.schema[0].properties[1].logicalTypeOptions';
      const vector = (options: Doc): Doc =>
        contract({}, [{ name: 'embedding', logicalType: 'vector', logicalTypeOptions: options }]);
      assertFinding(vector({ elementType: 'float32' }), 'missing-required', at, 'dimensions');
      assertFinding(vector({ dimensions: 0 }), 'out-of-range', `${at}.dimensions`);
      assertFinding(vector({ dimensions: 2.5 }), 'wrong-type', `${at}.dimensions`);
      assertFinding(
        vector({ dimensions: 8, distanceMetric: 'l2' }),
        'invalid-value',
        `${at}.distanceMetric`,
      );
      assertFinding(vector({ dimensions: 8, maxLength: 3 }), 'unknown-property', `${at}.maxLength`);
    });
  });

  describe('variables and ports (RFC 0050)', () => {
    it('accepts a variable reference in a port, and in any string', () => {
      const doc = server({
        type: 'postgresql',
        host: '${DB_HOST}',
        port: '${DB_PORT:-5432}',
        database: '${DB_NAME:-orders}',
        schema: 'public',
      });
      assert.deepEqual(findingsOf(doc), []);
    });

    it('rejects a variable reference in an integer field other than a port', () => {
      const doc = contract({}, [
        { name: 'id', logicalType: 'string', primaryKeyPosition: '${KEY_POS}' },
      ]);
      assertFinding(doc, 'wrong-type', '$.schema[0].properties[1].primaryKeyPosition');
    });
  });

  describe('new server types (RFC 0045, 0049, 0057, 0058, 0059)', () => {
    const minimal: Readonly<Partial<Record<OdcsServerType, Doc>>> = {
      hana: { host: 'hana.example.com' },
      teradata: { host: 'td.example.com', port: 1025, database: 'SALES' },
      exasol: { host: 'n11..14.example.com', schema: 'SALES' },
      iceberg: {
        catalog: 'prod',
        catalogUrl: 'https://catalog.example.com',
        namespace: 'db.sales',
      },
      ingres: { host: 'ingres.example.com', database: 'sales' },
      vectorwise: { host: 'vector.example.com', database: 'mart', port: 21064 },
      versant: { database: 'policies' },
      poet: { database: 'telemetry' },
      fastobjects: { host: 'fo.example.com', database: 'parts' },
      btrieve: { host: 'zen.example.com', database: 'inventory' },
    };
    const missing: readonly [OdcsServerType, string][] = [
      ['hana', 'host'],
      ['teradata', 'host'],
      ['exasol', 'host'],
      ['iceberg', 'catalogUrl'],
      ['ingres', 'host'],
      ['vectorwise', 'database'],
      ['versant', 'database'],
      ['fastobjects', 'database'],
      ['btrieve', 'host'],
    ];

    it('knows them', () => {
      for (const type of Object.keys(minimal)) {
        assert.ok(ODCS_SERVER_TYPES.includes(type as OdcsServerType), `${type} is not known`);
      }
    });

    for (const [type, fields] of Object.entries(minimal)) {
      it(`accepts a ${type} server`, () => {
        assert.deepEqual(findingsOf(server({ type, ...fields })), []);
      });
    }

    for (const [type, key] of missing) {
      it(`rejects a ${type} server without ${key}`, () => {
        const fields: Doc = { type, ...minimal[type] };
        delete fields[key];
        assertFinding(server(fields), 'missing-required', '$.servers[0]', key);
      });
    }
  });

  describe('encoding (RFC 0043)', () => {
    it('accepts encoding on servers that carry a payload format', () => {
      const doc = contract({
        servers: [
          {
            server: 'a',
            type: 's3',
            location: 's3://b/orders/*.csv',
            format: 'csv',
            encoding: 'UTF-8',
          },
          { server: 'b', type: 'local', path: './in/*.csv', format: 'csv', encoding: 'ISO-8859-1' },
          { server: 'c', type: 'kafka', host: 'broker:9092', encoding: 'UTF-8' },
          { server: 'd', type: 'sftp', location: 'sftp://10.0.0.1/in/x.csv', encoding: 'ASCII' },
          { server: 'e', type: 'custom', encoding: 'UTF-16' },
        ],
      });
      assert.deepEqual(findingsOf(doc), []);
    });

    it('rejects a non-string encoding, and encoding on a database server', () => {
      const s3 = { type: 's3', location: 's3://b/x.csv', format: 'csv', encoding: 65001 };
      assertFinding(server(s3), 'wrong-type', '$.servers[0].encoding');
      const pg = { type: 'postgres', host: 'h', port: 5432, database: 'd', schema: 's' };
      assertFinding(
        server({ ...pg, encoding: 'UTF-8' }),
        'unknown-property',
        '$.servers[0].encoding',
      );
    });
  });

  describe('deprecated (RFC 0051), vendor (RFC 0035), SLA (RFC 0046), relationship ids (RFC 0047)', () => {
    it('accepts them', () => {
      const doc = contract(
        {
          customProperties: [{ property: 'glossary', value: { id: 7 }, vendor: 'zeenea' }],
          slaProperties: [
            {
              property: 'latency',
              value: 100,
              unit: 'ms',
              authoritativeDefinitions: [
                { url: 'https://wiki.example.com/sla', type: 'businessDefinition' },
              ],
              customProperties: [{ property: 'alertPolicyId', value: 'pol-123' }],
            },
          ],
        },
        [
          { name: 'legacy_code', logicalType: 'string', deprecated: true },
          {
            name: 'category',
            logicalType: 'object',
            properties: [{ name: 'old', logicalType: 'string', deprecated: true }],
          },
          {
            name: 'customer_id',
            logicalType: 'string',
            relationships: [{ id: 'fk_customer', to: 'customers.id' }],
          },
        ],
      );
      (doc.schema as Doc[])[0]!.deprecated = true;
      assert.deepEqual(findingsOf(doc), []);
    });

    it('rejects wrong types and an SLA definition without a type', () => {
      const p = '$.schema[0].properties[1]';
      assertFinding(
        contract({}, [{ name: 'x', deprecated: 'maybe' }]),
        'wrong-type',
        `${p}.deprecated`,
      );
      const vendor = contract({
        customProperties: [{ property: 'p', value: 'abc', vendor: 12345 }],
      });
      assertFinding(vendor, 'wrong-type', '$.customProperties[0].vendor');
      const sla = contract({
        slaProperties: [
          {
            property: 'latency',
            value: 100,
            authoritativeDefinitions: [{ url: 'https://x.example' }],
          },
        ],
      });
      assertFinding(
        sla,
        'missing-required',
        '$.slaProperties[0].authoritativeDefinitions[0]',
        'type',
      );
      const rel = contract({}, [
        { name: 'c', relationships: [{ id: 'fk.customer', to: 'customers.id' }] },
      ]);
      assertFinding(rel, 'invalid-format', `${p}.relationships[0].id`);
    });

    it('rejects an id with characters RFC 0026a denies', () => {
      const doc = contract();
      (doc.schema as Doc[])[0]!.id = 'fdir.dataset';
      assertFinding(doc, 'invalid-format', '$.schema[0].id');
    });
  });

  it('gives readers precise types', () => {
    const data = contract({
      servers: [
        { server: 'db', type: 'postgres', host: 'h', port: 5432, database: 'd', schema: 's' },
      ],
    });
    const contractValue: OdcsContract = odcsContractSchema.parse(data);
    const hosts = (contractValue.servers ?? []).map((s: OdcsServer) =>
      // Narrowing on `type` gives the fields of that server type.
      s.type === 'postgres' ? `${s.host}:${s.port}/${s.database}` : s.server,
    );
    assert.deepEqual(hosts, ['h:5432/d']);
    const names = (contractValue.schema?.[0]?.properties ?? []).map((p: OdcsProperty) => p.name);
    assert.deepEqual(names, ['product_id']);
  });
});
