import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import type { ProductCanvas } from '../../src/app/canvas/canvas-model.ts';
import { draftProduct } from '../../src/app/canvas/draft-product.ts';
import { writeDraft } from '../../src/app/canvas/write-draft.ts';
import { frequencyOf } from '../../src/app/canvas/output-contract.ts';
import { parseTransform } from '../../src/core/build/transform.ts';
import { freshMesh } from './fresh-mesh.ts';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function mesh(options?: Parameters<typeof freshMesh>[0]): string {
  const root = freshMesh(options);
  roots.push(root);
  return root;
}

function canvas(overrides: Partial<ProductCanvas> = {}): ProductCanvas {
  return {
    id: 'shop-people',
    name: 'People',
    domain: 'shop',
    purpose: 'Who the customers are.',
    consumers: 'The shop team.',
    team: 'shop-team',
    owner: { username: 'owner' },
    inputs: ['crm-people-v1'],
    columns: [],
    sla: { latency: { value: 1, unit: 'd' }, schedule: '0 3 * * *' },
    status: 'draft',
    language: 'en',
    ...overrides,
  };
}

const env = {};

function file(draft: { files: readonly { path: string; content: string }[] }, end: string): string {
  const found = draft.files.find((f) => f.path.endsWith(end));
  assert.ok(found, `no file ${end} in ${draft.files.map((f) => f.path).join(', ')}`);
  return found.content;
}

type Property = Record<string, unknown>;

function byName(properties: readonly Property[]): Record<string, Property> {
  return Object.fromEntries(properties.map((p) => [String(p.name), p]));
}

function codes(draft: { findings: readonly { code: string }[] }): string[] {
  return draft.findings.map((f) => f.code);
}

describe('draftProduct', () => {
  it('derives the output columns from the data, with types from the engine and keys, classification and subject keys from the input', async () => {
    const draft = await draftProduct(mesh(), canvas(), { env });
    assert.deepEqual(codes(draft), []);
    assert.equal(draft.folder, 'domains/shop/shop-people');
    const contract = parse(file(draft, '/people.odcs.yaml')) as {
      schema: { properties: Record<string, unknown>[] }[];
      slaProperties: Record<string, unknown>[];
      status: string;
    };
    const props = byName(contract.schema[0]!.properties);
    assert.deepEqual(Object.keys(props), [
      'person_id',
      'account_id',
      'email',
      'full_name',
      'joined_on',
    ]);
    // The CSV is read by DuckDB's detection, so integers come back as BIGINT: the engine's word, not the contract's.
    assert.equal(props.person_id!.physicalType, 'BIGINT');
    assert.equal(props.person_id!.logicalType, 'integer');
    assert.equal(props.person_id!.primaryKey, true);
    assert.equal(props.joined_on!.physicalType, 'DATE');
    assert.equal(props.email!.classification, 'restricted');
    assert.deepEqual(props.email!.tags, ['pii']);
    assert.deepEqual(props.email!.logicalTypeOptions, { format: 'email' });
    assert.deepEqual(props.email!.customProperties, [
      { property: 'meshworkSubjectKey', value: 'email' },
    ]);
    assert.equal(props.email!.unique, true);
    // Personal output without a retention in the canvas: the input's retention carries over.
    const retention = contract.slaProperties.find((s) => s.property === 'retention');
    assert.equal(retention?.value, 2);
    assert.equal(retention?.unit, 'y');
    assert.deepEqual(
      contract.slaProperties.find((s) => s.property === 'frequency'),
      { property: 'frequency', value: 1, unit: 'd' },
    );
    assert.equal(contract.status, 'draft');
  });

  it('joins along a foreign key: the base keeps its key, joined columns are not required', async () => {
    const draft = await draftProduct(
      mesh(),
      canvas({
        inputs: ['crm-people-v1', 'crm-accounts-v1'],
        columns: ['crm-people-v1.people.person_id', 'account_name', 'accounts.account_id'],
      }),
      { env },
    );
    assert.deepEqual(codes(draft), []);
    const sql = file(draft, 'transform.sql');
    assert.match(sql, /LEFT JOIN crm_accounts t2 ON t2\.account_id = t1\.account_id/);
    const contract = parse(file(draft, '.odcs.yaml')) as {
      schema: { properties: Record<string, unknown>[] }[];
    };
    const props = contract.schema[0]!.properties;
    assert.deepEqual(
      props.map((p) => [p.name, p.required, p.primaryKey ?? false]),
      [
        ['person_id', true, true],
        ['account_name', false, false],
        ['account_id', false, false],
      ],
    );
  });

  it('refuses columns of objects no foreign key connects', async () => {
    const draft = await draftProduct(
      mesh(),
      canvas({ inputs: ['crm-accounts-v1', 'crm-people-v1'], columns: ['account_name', 'email'] }),
      { env },
    );
    // accounts is the first input, but people → accounts is the only way: people becomes the base.
    assert.deepEqual(codes(draft), []);
    assert.match(file(draft, 'transform.sql'), /FROM crm_people t2\nLEFT JOIN crm_accounts t1/);
    const lone = await draftProduct(
      mesh(),
      canvas({ inputs: ['crm-people-v1', 'crm-tickets-v1'], columns: ['email', 'subject'] }),
      { env },
    );
    assert.deepEqual(codes(lone), ['canvas-no-join']);
    assert.equal(lone.files.length, 0);
  });

  it('drops the primary key when not all its columns are offered', async () => {
    const draft = await draftProduct(mesh(), canvas({ columns: ['email', 'joined_on'] }), { env });
    const contract = parse(file(draft, '.odcs.yaml')) as {
      schema: { properties: Record<string, unknown>[] }[];
    };
    assert.equal(
      contract.schema[0]!.properties.some((p) => p.primaryKey === true),
      false,
    );
    assert.equal(contract.schema[0]!.properties[0]!.unique, true);
  });

  it('falls back to the declared types when the data cannot be read, and says so', async () => {
    const draft = await draftProduct(mesh({ withData: false }), canvas(), { env });
    assert.deepEqual(codes(draft), ['canvas-types-declared']);
    assert.equal(draft.findings[0]!.severity, 'warning');
    const contract = parse(file(draft, '.odcs.yaml')) as {
      schema: { properties: Record<string, unknown>[] }[];
    };
    const props = byName(contract.schema[0]!.properties);
    assert.equal(props.person_id!.physicalType, 'INTEGER');
    assert.equal(props.email!.physicalType, 'VARCHAR');
    assert.equal(props.joined_on!.physicalType, 'DATE');
  });

  it('asks for a retention when the output is personal and nothing gives one', async () => {
    const draft = await draftProduct(mesh({ withRetention: false }), canvas(), { env });
    assert.deepEqual(codes(draft), ['canvas-retention-missing']);
    assert.equal(draft.files.length, 0);
    const given = await draftProduct(
      mesh({ withRetention: false }),
      canvas({ sla: { retention: { value: 18, unit: 'm', element: 'joined_on' } } }),
      { env },
    );
    assert.deepEqual(codes(given), []);
    const contract = parse(file(given, '.odcs.yaml')) as { slaProperties: unknown[] };
    assert.deepEqual(contract.slaProperties, [
      { property: 'retention', value: 18, unit: 'm', element: 'people.joined_on' },
    ]);
  });

  it('reports each wrong answer as a finding with a code and writes no files', async () => {
    const root = mesh();
    const cases: [Partial<ProductCanvas>, string][] = [
      [{ domain: 'nowhere' }, 'canvas-domain-unknown'],
      [{ domain: '../..' }, 'canvas-domain-unknown'],
      [{ id: '../../etc' }, 'canvas-id-invalid'],
      [{ id: 'Shop People' }, 'canvas-id-invalid'],
      [{ id: 'x'.repeat(81) }, 'canvas-id-invalid'],
      [{ team: 'nobody' }, 'canvas-team-unknown'],
      [{ inputs: ['crm-nothing-v1'] }, 'canvas-input-unknown'],
      [{ inputs: [] }, 'canvas-no-input'],
      [{ columns: ['crm-people-v1.people.salary'] }, 'canvas-column-unknown'],
      [{ purpose: '  ' }, 'canvas-answer-missing'],
      [{ consumers: 'x'.repeat(5000) }, 'canvas-answer-too-long'],
      [{ owner: { username: 'a b' } }, 'canvas-owner-invalid'],
      [{ outputPort: '../x' }, 'canvas-port-invalid'],
      [{ sla: { schedule: '0 3 * * *\nstatus: active' } }, 'canvas-sla-invalid'],
      [{ sla: { latency: { value: -1, unit: 'd' } } }, 'canvas-sla-invalid'],
      [{ sla: { latency: { value: 1, unit: 'w' as 'd' } } }, 'canvas-sla-invalid'],
      [{ sla: { retention: { value: 1.5, unit: 'y' } } }, 'canvas-sla-invalid'],
      [{ sla: { availabilityPercent: 101 } }, 'canvas-sla-invalid'],
      [{ status: 'retired' as 'draft' }, 'canvas-status-invalid'],
      [{ language: 'fr' as 'de' }, 'canvas-language-invalid'],
    ];
    for (const [override, code] of cases) {
      const draft = await draftProduct(root, canvas(override), { env });
      assert.ok(
        codes(draft).includes(code),
        `${JSON.stringify(override).slice(0, 80)}: ${codes(draft).join(', ')}`,
      );
      assert.equal(draft.files.length, 0);
      assert.ok(draft.findings.every((f) => f.hint.length > 0));
    }
  });

  it('refuses an id that is taken and a folder that exists', async () => {
    const root = mesh();
    const first = await draftProduct(root, canvas(), { env });
    await writeDraft(root, first);
    const again = await draftProduct(root, canvas(), { env });
    assert.ok(codes(again).includes('canvas-id-taken'));
    assert.ok(codes(again).includes('canvas-folder-exists'));
    // A folder with nothing the mesh reads (an empty one) is still never written into.
    mkdirSync(join(root, 'domains/shop/shop-other'));
    const other = await draftProduct(root, canvas({ id: 'shop-other' }), { env });
    assert.deepEqual(codes(other), []);
    await assert.rejects(writeDraft(root, other), /exists already; nothing was overwritten/);
  });

  it('never writes through a domain folder that links out of the mesh', async () => {
    const root = mesh();
    const outside = mesh();
    const draft = await draftProduct(root, canvas(), { env });
    rmSync(join(root, 'domains/shop'), { recursive: true });
    symlinkSync(join(outside, 'domains/shop'), join(root, 'domains/shop'));
    await assert.rejects(writeDraft(root, draft), /would be written outside the mesh/);
    assert.equal(existsSync(join(outside, 'domains/shop/shop-people')), false);
  });

  it('keeps hostile texts as text: no YAML keys injected, no SQL out of a comment', async () => {
    const purpose = 'Evil\nstatus: active\n---\nid: other\n"quoted": [1]';
    const name = 'Evil\nSELECT 1; DROP TABLE x; --';
    const draft = await draftProduct(
      mesh(),
      canvas({ purpose, name, consumers: '*alias &anchor' }),
      {
        env,
      },
    );
    assert.deepEqual(codes(draft), []);
    const product = parse(file(draft, 'product.odps.yaml')) as Record<string, unknown>;
    assert.equal(product.status, 'draft');
    assert.equal(product.id, 'shop-people');
    assert.deepEqual(product.description, { purpose, usage: '*alias &anchor' });
    const transform = parseTransform(file(draft, 'transform.sql'));
    assert.equal(transform.preamble, '');
    assert.deepEqual(transform.problems, []);
    assert.equal(transform.sections.length, 1);
    assert.doesNotMatch(transform.sections[0]!.sql, /DROP/);
  });

  it('writes German texts for a German canvas', async () => {
    const draft = await draftProduct(mesh(), canvas({ language: 'de' }), { env });
    assert.match(file(draft, 'transform.sql'), /Entwurf aus dem Produkt-Canvas/);
    assert.match(file(draft, 'product.odps.yaml'), /Die Ausgabe des Produkts/);
  });
});

describe('draftProduct with odd column names', () => {
  it('quotes keywords and names that are not plain snake case, so the engine can run the transform', async () => {
    const root = mesh();
    writeFileSync(
      join(root, 'sources/crm/odd.csv'),
      'at,Order Total,"we""ird"\n2026-01-01T10:00:00Z,12.5,x\n',
    );
    writeFileSync(
      join(root, 'sources/crm/odd.odcs.yaml'),
      stringify({
        apiVersion: 'v3.1.0',
        kind: 'DataContract',
        id: 'crm-odd-v1',
        name: 'odd',
        version: '1.0.0',
        status: 'active',
        servers: [{ server: 'crm', type: 'local', format: 'csv', path: 'odd.csv' }],
        schema: [
          {
            name: 'odd',
            properties: [
              { name: 'at', logicalType: 'timestamp' },
              { name: 'Order Total', logicalType: 'number' },
              { name: 'we"ird', logicalType: 'string' },
            ],
          },
        ],
      }),
    );
    const draft = await draftProduct(root, canvas({ inputs: ['crm-odd-v1'] }), { env });
    assert.deepEqual(codes(draft), []);
    const sql = file(draft, 'transform.sql');
    assert.match(sql, /SELECT\n {2}"at",\n {2}"Order Total",\n {2}"we""ird"\nFROM crm_odd/);
    const contract = parse(file(draft, '.odcs.yaml')) as {
      schema: { properties: Property[] }[];
    };
    assert.deepEqual(
      contract.schema[0]!.properties.map((p) => [p.name, p.physicalType]),
      [
        ['at', 'TIMESTAMP WITH TIME ZONE'],
        ['Order Total', 'DOUBLE'],
        ['we"ird', 'VARCHAR'],
      ],
    );
  });
});

describe('draftProduct on a contract with several schema objects', () => {
  it('reads the object as "<port>"."<object>", as the build attaches it', async () => {
    const root = mesh();
    writeFileSync(join(root, 'sources/crm/entries.csv'), 'entry_id,amount\n1,2.5\n');
    writeFileSync(join(root, 'sources/crm/codes.csv'), 'code\nA\n');
    writeFileSync(
      join(root, 'sources/crm/ledger.odcs.yaml'),
      stringify({
        apiVersion: 'v3.1.0',
        kind: 'DataContract',
        id: 'crm-ledger-v1',
        name: 'ledger',
        version: '1.0.0',
        status: 'active',
        servers: [{ server: 'crm', type: 'local', format: 'csv', path: '{object}.csv' }],
        schema: [
          { name: 'entries', properties: [{ name: 'entry_id' }, { name: 'amount' }] },
          { name: 'codes', properties: [{ name: 'code' }] },
        ],
      }),
    );
    const draft = await draftProduct(
      root,
      canvas({ inputs: ['crm-ledger-v1'], columns: ['entries.amount'] }),
      { env },
    );
    assert.deepEqual(codes(draft), []);
    assert.match(file(draft, 'transform.sql'), /SELECT\n {2}amount\nFROM crm_ledger\.entries/);
    assert.match(file(draft, '.odcs.yaml'), /physicalType: DOUBLE/);
  });
});

describe('frequencyOf', () => {
  it('reads daily, hourly and weekly schedules and nothing else', () => {
    assert.deepEqual(frequencyOf('0 3 * * *'), { value: 1, unit: 'd' });
    assert.deepEqual(frequencyOf('15 * * * *'), { value: 1, unit: 'h' });
    assert.deepEqual(frequencyOf('0 6 * * 1'), { value: 7, unit: 'd' });
    assert.equal(frequencyOf('0 6 1 * *'), undefined);
    assert.equal(frequencyOf('*/5 * * * *'), undefined);
  });
});
