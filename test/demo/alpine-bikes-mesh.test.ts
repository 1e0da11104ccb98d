import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import type { ValidateFunction } from 'ajv';
import { compileOfficialSchema } from '../support/official-schemas.ts';
import { requireStandards, standardsMissing } from '../support/standards.ts';
import type { DemoDocument, Json } from './demo-mesh.ts';
import {
  asList,
  buildOrder,
  customProperty,
  demoRoot,
  loadDemoMesh,
  properties,
  text,
  transformSections,
} from './demo-mesh.ts';

/**
 * The demo mesh against the official ODCS v3.1.0 and ODPS v1.0.0 JSON Schemas (ajv in draft
 * 2019-09 mode with formats, as upstream validates), and the shape the demo promises: four
 * domains, all three kinds of product, lineage across domains, personal data classified.
 */
requireStandards();

const mesh = loadDemoMesh();

const compile = compileOfficialSchema;

function validate(validator: ValidateFunction, document: DemoDocument): void {
  const ok = validator(document.data);
  const errors = (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  assert.ok(ok, `${document.path}:\n  ${errors.join('\n  ')}`);
}

describe('the Alpine Bikes mesh against the official schemas', { skip: standardsMissing }, () => {
  const odcs = standardsMissing ? undefined : compile('odcs/schema/odcs-json-schema-v3.1.0.json');
  const odps = standardsMissing ? undefined : compile('odps/schema/odps-json-schema-v1.0.0.json');

  for (const contract of mesh.contracts) {
    it(`${contract.path} is a valid ODCS v3.1.0 contract`, () => {
      assert.equal(contract.data.apiVersion, 'v3.1.0');
      validate(odcs!, contract);
    });
  }
  for (const product of mesh.products) {
    it(`${product.path} is a valid ODPS v1.0.0 product`, () => {
      assert.equal(product.data.apiVersion, 'v1.0.0');
      validate(odps!, product);
    });
  }
});

describe('the Alpine Bikes mesh', () => {
  it('has the organisation, four domains and their teams', () => {
    const organisation = mesh.documents.find((d) => d.path === 'meshwork.yaml');
    assert.equal(organisation?.data.legalName, 'Alpine Bikes GmbH');
    assert.deepEqual(mesh.domains.map((d) => d.data.name).sort(), [
      'finance',
      'marketing',
      'production-logistics',
      'sales',
    ]);
    for (const domain of mesh.domains)
      assert.equal(domain.path, `domains/${String(domain.data.name)}/domain.yaml`);
  });

  it('has at least eight products of all three kinds, each in its domain and team', () => {
    assert.ok(mesh.products.length >= 8, `${mesh.products.length} products`);
    assert.deepEqual([...new Set(mesh.products.map((p) => p.kind))].sort(), [
      'aggregate',
      'consumer-aligned',
      'source-aligned',
    ]);
    assert.equal(
      new Set(mesh.products.map((p) => p.id)).size,
      mesh.products.length,
      'product ids are unique',
    );
    for (const product of mesh.products) {
      assert.equal(product.path, `domains/${product.domain}/${product.id}/product.odps.yaml`);
      const domain = mesh.domains.find((d) => d.data.name === product.domain)!.data;
      const teams = [domain.team, ...asList(domain.teams)].map((t) => (t as Json).name);
      assert.ok(
        teams.includes((product.data.team as Json | undefined)?.name),
        `${product.id}: team of its domain`,
      );
      assert.match(
        String(customProperty(product.data, 'meshworkSchedule')),
        /^(\S+\s+){4}\S+$/,
        `${product.id}: cron`,
      );
    }
  });

  it('resolves every port to exactly one contract; output contracts live with their product', () => {
    for (const [id, declared] of mesh.contractsById)
      assert.equal(declared.length, 1, `contract id ${id}`);
    for (const product of mesh.products) {
      for (const port of [...product.inputPorts, ...product.outputPorts]) {
        const contract = mesh.contractsById.get(port.contractId)?.[0];
        assert.ok(contract, `${product.id}: port ${port.name} names ${port.contractId}`);
        assert.equal(
          contract.data.version,
          port.version,
          `${product.id}: port ${port.name} version`,
        );
      }
      for (const port of product.outputPorts) {
        const contract = mesh.contractsById.get(port.contractId)![0]!;
        assert.equal(
          dirname(contract.path),
          dirname(product.path),
          `${port.contractId} in the product folder`,
        );
        assert.equal(contract.data.dataProduct, product.id);
        assert.equal(contract.data.domain, product.domain);
      }
      for (const port of product.inputPorts) {
        const contract = mesh.contractsById.get(port.contractId)![0]!;
        assert.ok(
          mesh.producerOf.has(port.contractId) || contract.path.startsWith('sources/'),
          `${product.id}: input ${port.name} reads a source or another product`,
        );
      }
    }
  });

  it('has lineage across domains and no cycle', () => {
    assert.equal(buildOrder(mesh).length, mesh.products.length);
    const crossDomain = new Set<string>();
    for (const product of mesh.products) {
      for (const port of product.inputPorts) {
        const upstream = mesh.producerOf.get(port.contractId);
        if (upstream && upstream.domain !== product.domain)
          crossDomain.add(`${upstream.domain} -> ${product.domain}`);
      }
    }
    for (const edge of [
      'sales -> finance',
      'sales -> marketing',
      'finance -> marketing',
      'sales -> production-logistics',
    ]) {
      assert.ok(crossDomain.has(edge), `lineage ${edge}`);
    }
  });

  it('has one transform section per output port', () => {
    for (const product of mesh.products) {
      const file = join(
        demoRoot,
        dirname(product.path),
        String(customProperty(product.data, 'meshworkTransform')),
      );
      assert.ok(existsSync(file), `${product.id}: transform.sql`);
      const { ports } = transformSections(product);
      assert.deepEqual(
        [...ports.keys()].sort(),
        product.outputPorts.map((p) => p.name).sort(),
        product.id,
      );
    }
  });

  it('classifies personal data, states its terms of use and retention', () => {
    const personal =
      /(^|_)(first_name|last_name|email|phone|birth_date|street|postal_code|iban|payer_name)$/;
    let seen = 0;
    for (const contract of mesh.contracts) {
      const props = asList(contract.data.schema).flatMap((o) => properties(o as Json));
      const pii = props.filter((p) => asList(p.tags).includes('pii'));
      for (const p of props) {
        if (!personal.test(String(p.name))) continue;
        seen++;
        assert.ok(pii.includes(p), `${contract.path}: ${String(p.name)} is tagged pii`);
      }
      for (const p of pii) {
        assert.ok(
          ['restricted', 'confidential'].includes(String(p.classification)),
          `${contract.path}: ${String(p.name)}`,
        );
      }
      if (pii.length === 0) continue;
      const description = contract.data.description as Json | undefined;
      assert.ok(text(description?.usage).length > 40, `${contract.path}: terms of use`);
      const sla = asList(contract.data.slaProperties).map((s) => (s as Json).property);
      assert.ok(sla.includes('retention'), `${contract.path}: retention`);
    }
    assert.ok(seen >= 20, `${seen} personal columns`);
  });

  it('gives every contract an SLA, support and a team, and every property a description', () => {
    for (const contract of mesh.contracts) {
      const sla = asList(contract.data.slaProperties).map((s) => s as Json);
      const latency = sla.find((s) => s.property === 'latency');
      assert.ok(
        latency && ['d', 'h'].includes(String(latency.unit)),
        `${contract.path}: latency in d or h`,
      );
      assert.ok(asList(contract.data.support).length > 0, `${contract.path}: support`);
      assert.ok(contract.data.team, `${contract.path}: team`);
      for (const object of asList(contract.data.schema)) {
        for (const p of properties(object as Json)) {
          assert.ok(text(p.description).trim(), `${contract.path}: ${String(p.name)} described`);
          assert.match(
            String(p.physicalName ?? p.name),
            /^[a-z][a-z0-9_]*$/,
            `${contract.path}: snake_case`,
          );
        }
      }
    }
    const sql = mesh.contracts.flatMap((c) =>
      asList(c.data.schema).flatMap((o) =>
        asList((o as Json).quality).filter((q) => (q as Json).type === 'sql'),
      ),
    );
    assert.ok(
      sql.some((q) => String((q as Json).query).includes('{object}')),
      'SQL quality rules use {object}',
    );
  });
});
