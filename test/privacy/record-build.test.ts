import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Grant } from '../../src/core/access/model.ts';
import { buildMeshModel } from '../../src/core/mesh/mesh-model.ts';
import type { ProcessingRecord, RecordLanguage } from '../../src/core/privacy/record/model.ts';
import { buildRecord } from '../../src/core/privacy/record/build-record.ts';
import { retentionRuleOf } from '../../src/core/privacy/retention-rule.ts';
import { validateDocument } from '../../src/core/validate/validate-document.ts';
import { parseSourceDocument } from '../../src/core/yaml/source-document.ts';
import { stringify } from 'yaml';
import { domain, meshFromFiles, organisation } from '../support/mesh-fixture.ts';
import {
  RETENTION_ELEMENT_THE_RULE_REFUSES,
  RETENTION_THE_RULE_REFUSES,
} from '../support/retention-cases.ts';

type Json = Record<string, unknown>;

const WAREHOUSE = {
  server: 'warehouse',
  type: 'local',
  format: 'parquet',
  path: '../../../.meshwork/warehouse/crm/crm-customers/customers/current/customers.parquet',
};

const custom = (property: string, value: unknown): Json => ({
  customProperties: [{ property, value }],
});

/** The date column the default retention runs from: without it the retention is not enforceable. */
const CREATED_AT = { name: 'created_at', logicalType: 'date' };

/** The largest period `meshwork retention` enforces. */
const ENFORCEABLE_RETENTION = {
  property: 'retention',
  value: 1000,
  unit: 'weeks',
  element: 'customers.created_at',
};

/** A contract of one object `customers` whose properties are given whole, plus `created_at`. */
function contract(id: string, properties: Json[], extra: Json = {}): Json {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    version: '1.0.0',
    status: 'active',
    servers: [WAREHOUSE],
    schema: [
      {
        name: 'customers',
        ...custom('meshworkDataSubjects', ['customers']),
        properties: [...properties, CREATED_AT],
      },
    ],
    slaProperties: [
      { property: 'retention', value: 3, unit: 'y', element: 'customers.created_at' },
    ],
    ...extra,
  };
}

function product(id: string, contractId: string, extra: Json = {}): Json {
  return {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id,
    name: `Product ${id}`,
    domain: 'crm',
    status: 'active',
    description: { purpose: `What ${id} is for.` },
    team: { name: 'crm-team', members: [{ username: 'anna', name: 'Anna Alt', role: 'owner' }] },
    outputPorts: [{ name: 'customers', version: '1.0.0', contractId }],
    ...custom('legalBasis', 'contract'),
    ...extra,
  };
}

const EMAIL = {
  name: 'email',
  logicalType: 'string',
  classification: 'restricted',
  ...custom('meshworkSubjectKey', 'email'),
};
const NUMBER = {
  name: 'customer_number',
  logicalType: 'string',
  ...custom('meshworkSubjectKey', 'customer-number'),
};
const AMOUNT = { name: 'amount', logicalType: 'number' };

const PURPOSES = [
  { id: 'reporting', title: { de: 'Berichtswesen', en: 'Reporting' }, legalBasis: 'f' },
  {
    id: 'newsletter',
    title: { de: 'Newsletter', en: 'Newsletter' },
    legalBasis: 'a',
    personalDataInClear: true,
  },
];

interface Setup {
  readonly org?: Json;
  readonly products?: Record<string, { product: Json; contract: Json }>;
  readonly grants?: Grant[];
  readonly language?: RecordLanguage;
  readonly grantsUnavailable?: string;
}

function record(setup: Setup = {}): ProcessingRecord {
  const files: Record<string, unknown> = {
    'meshwork.yaml': setup.org ?? { ...organisation, purposes: PURPOSES },
    'domains/crm/domain.yaml': domain('crm'),
  };
  const products = setup.products ?? {
    'crm-customers': {
      product: product('crm-customers', 'crm-customers-v1'),
      contract: contract('crm-customers-v1', [EMAIL, NUMBER, AMOUNT]),
    },
  };
  for (const [id, p] of Object.entries(products)) {
    files[`domains/crm/${id}/product.odps.yaml`] = p.product;
    files[`domains/crm/${id}/customers.odcs.yaml`] = p.contract;
  }
  const model = buildMeshModel(meshFromFiles(files).documents);
  return buildRecord({
    model,
    grants: setup.grants ?? [],
    language: setup.language ?? 'de',
    generatedAt: '2026-12-05T08:00:00.000Z',
    ...(setup.grantsUnavailable !== undefined
      ? { grantsUnavailable: setup.grantsUnavailable }
      : {}),
  });
}

function grant(overrides: Partial<Grant>): Grant {
  return {
    id: 'g1',
    requestId: 'r1',
    productId: 'crm/crm-customers',
    port: 'customers',
    consumerTeam: 'finance-team',
    consumerDomain: 'finance',
    purpose: 'reporting',
    columns: null,
    personalInClear: false,
    state: 'active',
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: '2027-06-30T23:59:59.000Z',
    certifiedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  } as Grant;
}

const codes = (r: ProcessingRecord): string[] => r.gaps.map((g) => g.code);
const only = (r: ProcessingRecord) => {
  assert.equal(r.activities.length, 1);
  return r.activities[0]!;
};

describe('the record of processing activities (Art. 30(1))', () => {
  it('(a) names the controller, its address and the DPO from meshwork.yaml; no representative needed inside the EU', () => {
    const r = record();
    assert.equal(r.controller.name, 'Test GmbH');
    assert.equal(r.controller.address, 'Teststraße 1, 10115 Berlin, DE');
    assert.equal(r.dataProtectionOfficer?.name, 'DPO');
    assert.equal(r.dataProtectionOfficer?.email, 'dpo@example.com');
    assert.equal(r.representative, null);
    assert.ok(!codes(r).includes('no-representative'));
    assert.equal(r.activityBasis, 'product');
    assert.equal(r.generatedAt, '2026-12-05T08:00:00.000Z');
  });

  it('(a) a controller outside the EU/EEA without a representative is a gap; with one, it is named', () => {
    const swiss = { ...organisation, address: { ...organisation.address, country: 'CH' } };
    assert.ok(codes(record({ org: swiss })).includes('no-representative'));
    const withRep = record({
      org: {
        ...swiss,
        privacy: {
          representative: {
            name: 'EU Rep GmbH',
            email: 'rep@example.eu',
            address: {
              street: 'Hauptstraße 2',
              postalCode: '80331',
              city: 'München',
              country: 'DE',
            },
          },
        },
      },
    });
    assert.ok(!codes(withRep).includes('no-representative'));
    assert.deepEqual(withRep.representative, {
      name: 'EU Rep GmbH',
      email: 'rep@example.eu',
      phone: null,
      address: 'Hauptstraße 2, 80331 München, DE',
    });
  });

  it('makes one activity per product with personal data, none for a product without', () => {
    const r = record({
      products: {
        'crm-customers': {
          product: product('crm-customers', 'crm-customers-v1'),
          contract: contract('crm-customers-v1', [EMAIL]),
        },
        // Confidential figures are business secrets, no one's personal data (Art. 4(1)).
        'crm-figures': {
          product: product('crm-figures', 'crm-figures-v1'),
          contract: contract('crm-figures-v1', [
            { ...AMOUNT, classification: 'confidential' },
            { name: 'margin', logicalType: 'number', classification: 'Streng vertraulich' },
          ]),
        },
      },
    });
    assert.deepEqual(
      r.activities.map((a) => a.id),
      ['crm-customers'],
    );
    const a = only(r);
    assert.equal(a.name, 'Product crm-customers');
    assert.equal(a.owner, 'crm-team (Anna Alt)');
    assert.equal(a.status, 'active');
  });

  it('(b) gives the product purpose with its legal basis, and each granted purpose with the catalogue’s', () => {
    const r = record({
      grants: [
        grant({}),
        grant({
          id: 'g2',
          purpose: 'newsletter',
          consumerTeam: 'marketing-team',
          consumerDomain: 'marketing',
          personalInClear: true,
        }),
        grant({ id: 'g3', purpose: 'newsletter', state: 'revoked', consumerTeam: 'x-team' }),
        grant({ id: 'g4', productId: 'other/product', purpose: 'newsletter' }),
      ],
    });
    const a = only(r);
    assert.deepEqual(a.purposes, [
      {
        source: 'product',
        id: null,
        text: 'What crm-customers is for.',
        legalBasis: 'Art. 6 Abs. 1 lit. b DSGVO (Vertrag)',
      },
      {
        source: 'grant',
        id: 'reporting',
        text: 'Berichtswesen',
        legalBasis: 'Art. 6 Abs. 1 lit. f DSGVO (berechtigte Interessen)',
      },
      {
        source: 'grant',
        id: 'newsletter',
        text: 'Newsletter',
        legalBasis: 'Art. 6 Abs. 1 lit. a DSGVO (Einwilligung)',
      },
    ]);
    assert.deepEqual(
      codes(r).filter((c) => c.includes('legal') || c.includes('purpose')),
      [],
    );
    const en = only(record({ language: 'en', grants: [grant({})] }));
    assert.equal(en.purposes[0]?.legalBasis, 'Art. 6(1)(b) GDPR (contract)');
    assert.equal(en.purposes[1]?.text, 'Reporting');
  });

  it('(b) a purpose without a legal basis, an unreadable one and a grant for an unknown purpose are gaps', () => {
    const none = record({
      products: {
        'crm-customers': {
          product: { ...product('crm-customers', 'crm-customers-v1'), customProperties: [] },
          contract: contract('crm-customers-v1', [EMAIL]),
        },
      },
      grants: [grant({ purpose: 'gone' })],
    });
    assert.deepEqual(
      none.gaps.filter((g) => g.point === 'b').map((g) => [g.code, g.activity]),
      [
        ['no-legal-basis', 'crm-customers'],
        ['unknown-purpose', 'crm-customers'],
      ],
    );
    assert.equal(only(none).purposes[0]?.legalBasis, null);
    assert.deepEqual(only(none).purposes[1], {
      source: 'grant',
      id: 'gone',
      text: 'gone',
      legalBasis: null,
    });
    const unreadable = record({
      products: {
        'crm-customers': {
          product: product('crm-customers', 'crm-customers-v1', custom('legalBasis', 'because')),
          contract: contract('crm-customers-v1', [EMAIL]),
        },
      },
    });
    assert.ok(codes(unreadable).includes('unreadable-legal-basis'));
    assert.ok(!codes(unreadable).includes('no-legal-basis'));
    const cited = record({
      products: {
        'crm-customers': {
          product: product(
            'crm-customers',
            'crm-customers-v1',
            custom('legalBasis', 'Art. 6 Abs. 1 lit. c DSGVO'),
          ),
          contract: contract('crm-customers-v1', [EMAIL]),
        },
      },
    });
    assert.equal(
      only(cited).purposes[0]?.legalBasis,
      'Art. 6 Abs. 1 lit. c DSGVO (rechtliche Verpflichtung)',
    );
  });

  it('(c) names the data subjects in the language and the data by category, declared category first', () => {
    const r = record({
      products: {
        'crm-customers': {
          product: product('crm-customers', 'crm-customers-v1'),
          contract: contract('crm-customers-v1', [
            EMAIL,
            NUMBER,
            { name: 'vorname', logicalType: 'string' },
            // `restricted` is a confidentiality level; the tag declares the personal data.
            {
              name: 'payer_name',
              logicalType: 'string',
              classification: 'restricted',
              tags: ['pii'],
            },
            { name: 'notes', logicalType: 'string', tags: ['pii'] },
            {
              name: 'contact',
              logicalType: 'string',
              classification: 'restricted',
              tags: ['pii'],
              ...custom('meshworkPersonalDataCategory', 'phone'),
            },
            // Confidential, about no one: not in the record.
            { name: 'margin', logicalType: 'number', classification: 'confidential' },
            AMOUNT,
          ]),
        },
      },
    });
    const a = only(r);
    assert.deepEqual(a.dataSubjects, ['Kundinnen und Kunden']);
    assert.deepEqual(a.personalData, [
      {
        category: 'Namen',
        columns: [
          'crm-customers-v1 / customers.vorname',
          'crm-customers-v1 / customers.payer_name',
        ],
      },
      {
        category: 'Kontaktdaten (E-Mail-Adresse)',
        columns: ['crm-customers-v1 / customers.email'],
      },
      {
        category: 'Kontaktdaten (Telefonnummer)',
        columns: ['crm-customers-v1 / customers.contact'],
      },
      {
        category: 'Kennungen (z. B. Kunden- oder Personalnummer)',
        columns: ['crm-customers-v1 / customers.customer_number'],
      },
      {
        category: 'Sonstige personenbezogene Daten',
        columns: ['crm-customers-v1 / customers.notes'],
      },
    ]);
    assert.deepEqual(only(record({ language: 'en' })).dataSubjects, ['Customers']);
  });

  it('(c) personal data without declared data subjects is a gap naming the contract', () => {
    const c = contract('crm-customers-v1', [EMAIL]);
    const schema = (c.schema as Json[]).map((o) => ({ ...o, customProperties: [] }));
    const r = record({
      products: {
        'crm-customers': {
          product: product('crm-customers', 'crm-customers-v1'),
          contract: { ...c, schema },
        },
      },
    });
    assert.deepEqual(only(r).dataSubjects, []);
    const g = r.gaps.find((x) => x.code === 'no-data-subjects');
    assert.equal(g?.point, 'c');
    assert.match(g?.text ?? '', /crm-customers-v1.*meshworkDataSubjects/);
  });

  it('(d) names consumer teams with active grants (purpose, end) and servers beside the warehouse', () => {
    const serving = {
      server: 'crm-db',
      type: 'postgresql',
      host: 'db',
      port: 5432,
      database: 'crm',
      schema: 'public',
      ...custom('meshworkCountry', 'de'),
    };
    const r = record({
      products: {
        'crm-customers': {
          product: product('crm-customers', 'crm-customers-v1'),
          contract: contract('crm-customers-v1', [EMAIL], { servers: [WAREHOUSE, serving] }),
        },
      },
      grants: [
        grant({}),
        grant({ id: 'g2', endsAt: '2027-12-31T23:59:59.000Z', port: 'other' }),
        grant({ id: 'g3', state: 'expired', consumerTeam: 'old-team' }),
      ],
    });
    assert.deepEqual(only(r).recipients, [
      {
        kind: 'team',
        name: 'finance/finance-team',
        detail: 'Zweck: Berichtswesen; befristet bis 2027-12-31',
      },
      { kind: 'server', name: 'crm-db', detail: 'postgresql, Standort DE' },
    ]);
    assert.deepEqual(only(r).transfers, []);
    assert.ok(!codes(r).some((c) => c.startsWith('server') || c.startsWith('transfer')));
  });

  it('(e) lists transfers to third countries with their safeguard, and a gap where none is declared or the location is unknown', () => {
    const server = (name: string, props: Json[]): Json => ({
      server: name,
      type: 's3',
      location: `s3://${name}/x`,
      customProperties: props,
    });
    const r = record({
      products: {
        'crm-customers': {
          product: product('crm-customers', 'crm-customers-v1'),
          contract: contract('crm-customers-v1', [EMAIL], {
            servers: [
              WAREHOUSE,
              server('us-mailer', [{ property: 'meshworkCountry', value: 'US' }]),
              server('us-crm', [
                { property: 'meshworkCountry', value: 'US' },
                {
                  property: 'meshworkTransferSafeguard',
                  value: 'Standardvertragsklauseln (2021/914)',
                },
              ]),
              server('swiss-backup', [{ property: 'meshworkCountry', value: 'CH' }]),
              { ...server('somewhere', []), region: 'eu-central-2' },
            ],
          }),
        },
      },
    });
    assert.deepEqual(only(r).transfers, [
      { server: 'us-mailer', country: 'US', safeguard: null },
      { server: 'us-crm', country: 'US', safeguard: 'Standardvertragsklauseln (2021/914)' },
      {
        server: 'swiss-backup',
        country: 'CH',
        safeguard: 'Angemessenheitsbeschluss der EU-Kommission (Art. 45 DSGVO)',
      },
    ]);
    const e = r.gaps.filter((g) => g.point === 'e');
    assert.deepEqual(
      e.map((g) => g.code),
      ['transfer-without-safeguard', 'server-country-unknown'],
    );
    assert.match(e[0]!.text, /us-mailer in US/);
    assert.match(e[1]!.text, /somewhere/);
    assert.deepEqual(
      only(r).recipients.find((x) => x.name === 'somewhere'),
      { kind: 'server', name: 'somewhere', detail: 's3 (eu-central-2)' },
      'a region is shown, not read as a country',
    );
  });

  it('(f) states each personal port’s erasure period from its retention SLA, and a gap where it is missing or unreadable', () => {
    assert.deepEqual(only(record()).erasure, [
      { port: 'customers', period: '3 Jahre ab customers.created_at' },
    ]);
    assert.deepEqual(only(record({ language: 'en' })).erasure, [
      { port: 'customers', period: '3 years from customers.created_at' },
    ]);
    const withSla = (sla: Json[]) =>
      record({
        products: {
          'crm-customers': {
            product: product('crm-customers', 'crm-customers-v1'),
            contract: contract('crm-customers-v1', [EMAIL], { slaProperties: sla }),
          },
        },
      });
    assert.deepEqual(
      only(withSla([{ property: 'retention', value: 1, unit: 'd', element: 'created_at' }]))
        .erasure,
      [{ port: 'customers', period: '1 Tag ab created_at' }],
    );
    assert.deepEqual(
      only(withSla([{ property: 'retention', value: '6', unit: 'Months', element: 'created_at' }]))
        .erasure,
      [{ port: 'customers', period: '6 Monate ab created_at' }],
    );
    const none = withSla([{ property: 'latency', value: 1, unit: 'd' }]);
    assert.deepEqual(only(none).erasure, []);
    assert.deepEqual(
      none.gaps.filter((g) => g.point === 'f').map((g) => g.code),
      ['no-retention'],
    );
    const odd = withSla([{ property: 'retention', value: 3, unit: 'fortnights' }]);
    assert.deepEqual(
      odd.gaps.filter((g) => g.point === 'f').map((g) => g.code),
      ['unreadable-retention'],
    );
    const negative = withSla([{ property: 'retention', value: -1, unit: 'y' }]);
    assert.deepEqual(
      negative.gaps.filter((g) => g.point === 'f').map((g) => g.code),
      ['unreadable-retention'],
    );
  });

  // One parser: what `meshwork retention` refuses is a gap in the record, never a period.
  for (const [what, extra] of RETENTION_THE_RULE_REFUSES) {
    it(`(f) shows a retention with ${what} as a gap, as meshwork retention refuses it`, () => {
      const sla = { ...ENFORCEABLE_RETENTION, ...extra };
      assert.equal(
        retentionRuleOf(contract('c', [EMAIL], { slaProperties: [sla] })).kind,
        'not-enforceable',
      );
      const r = record({
        products: {
          'crm-customers': {
            product: product('crm-customers', 'crm-customers-v1'),
            contract: contract('crm-customers-v1', [EMAIL], { slaProperties: [sla] }),
          },
        },
      });
      assert.deepEqual(only(r).erasure, []);
      const gaps = r.gaps.filter((g) => g.point === 'f');
      assert.deepEqual(
        gaps.map((g) => g.code),
        ['unreadable-retention'],
      );
      assert.match(gaps[0]!.text, /meshwork retention/);
    });
  }

  for (const [what, extra] of RETENTION_ELEMENT_THE_RULE_REFUSES) {
    it(`(f) states a retention with ${what} as a period, with a gap that it is not enforced`, () => {
      const sla = { ...ENFORCEABLE_RETENTION, ...extra };
      const r = record({
        language: 'en',
        products: {
          'crm-customers': {
            product: product('crm-customers', 'crm-customers-v1'),
            contract: contract('crm-customers-v1', [EMAIL], { slaProperties: [sla] }),
          },
        },
      });
      assert.deepEqual(only(r).erasure, [{ port: 'customers', period: '1000 weeks' }]);
      const gaps = r.gaps.filter((g) => g.point === 'f');
      assert.deepEqual(
        gaps.map((g) => g.code),
        ['unenforced-retention'],
      );
      assert.match(gaps[0]!.text, /not enforced by meshwork retention/);
    });
  }

  it('(f) states the period meshwork retention enforces, from the same reading', () => {
    const c = contract('crm-customers-v1', [EMAIL], { slaProperties: [ENFORCEABLE_RETENTION] });
    const rule = retentionRuleOf(c);
    assert.ok(rule.kind === 'rule');
    assert.deepEqual([rule.rule.value, rule.rule.unit], [1000, 'w']);
    const r = record({
      language: 'en',
      products: {
        'crm-customers': { product: product('crm-customers', 'crm-customers-v1'), contract: c },
      },
    });
    assert.deepEqual(only(r).erasure, [
      { port: 'customers', period: '1000 weeks from customers.created_at' },
    ]);
  });

  it('(g) lists the platform’s measures, meshwork.yaml’s and the declared encryption; undeclared encryption is a gap', () => {
    const bare = record();
    assert.ok(bare.measures.length >= 5);
    assert.ok(bare.measures.some((m) => m.includes('Audit-Trail')));
    assert.deepEqual(
      bare.gaps.filter((g) => g.point === 'g').map((g) => g.code),
      ['no-encryption-at-rest', 'no-encryption-in-transit'],
    );
    const declared = record({
      language: 'en',
      org: {
        ...organisation,
        privacy: {
          measures: [{ de: 'Schulungen jährlich.', en: 'Yearly training.' }, 'Clean desk.'],
          encryption: { atRest: { de: 'LUKS', en: 'LUKS (AES-256)' }, inTransit: 'TLS 1.3' },
        },
      },
    });
    assert.ok(declared.measures.includes('Yearly training.'));
    assert.ok(declared.measures.includes('Clean desk.'));
    assert.ok(declared.measures.includes('Encryption of stored data: LUKS (AES-256)'));
    assert.ok(declared.measures.includes('Encryption in transit: TLS 1.3'));
    assert.deepEqual(
      declared.gaps.filter((g) => g.point === 'g'),
      [],
    );
  });

  it('per product: pseudonymised and clear purposes and the DSR identifiers are measures', () => {
    const a = only(
      record({
        grants: [grant({}), grant({ id: 'g2', purpose: 'newsletter', personalInClear: true })],
      }),
    );
    assert.deepEqual(a.measures, [
      'Personenbezogene Spalten nur pseudonymisiert für die Zwecke: Berichtswesen.',
      'Personenbezogene Spalten im Klartext für die Zwecke: Newsletter.',
      'Betroffenenanfragen: Personen werden hier über die Kennungen email, customer-number gefunden, exportiert und gelöscht.',
    ]);
  });

  it('a port whose contract is not in the mesh is a gap, never taken for "no personal data"', () => {
    const r = record({
      products: {
        'crm-customers': {
          product: {
            ...product('crm-customers', 'crm-customers-v1'),
            outputPorts: [
              { name: 'customers', version: '1.0.0', contractId: 'crm-customers-v1' },
              { name: 'lost', version: '1.0.0', contractId: 'nowhere-v1' },
            ],
          },
          contract: contract('crm-customers-v1', [AMOUNT]),
        },
      },
    });
    assert.deepEqual(r.activities, []);
    assert.deepEqual(
      r.gaps.filter((g) => g.point === 'c').map((g) => [g.code, g.activity]),
      [['port-without-contract', 'crm-customers']],
    );
    assert.match(r.gaps.find((g) => g.code === 'port-without-contract')!.text, /lost/);
  });

  it('says so when the grants could not be read, instead of showing no recipients as a fact', () => {
    const r = record({ grantsUnavailable: 'connection refused' });
    const g = r.gaps.find((x) => x.code === 'grants-unavailable');
    assert.equal(g?.point, 'd');
    assert.match(g?.text ?? '', /connection refused/);
  });

  it('an invalid privacy section is not read but named as a gap; without meshwork.yaml the controller is a gap', () => {
    const r = record({ org: { ...organisation, privacy: { encryption: { atRest: 42 } } } });
    assert.ok(codes(r).includes('privacy-settings-invalid'));
    assert.ok(codes(r).includes('no-encryption-at-rest'));
    const model = buildMeshModel(
      meshFromFiles({ 'domains/crm/domain.yaml': domain('crm') }).documents,
    );
    const bare = buildRecord({
      model,
      grants: [],
      language: 'en',
      generatedAt: '2026-12-05T08:00:00.000Z',
    });
    assert.ok(codes(bare).includes('no-controller'));
    assert.equal(bare.dataProtectionOfficer, null);
  });

  it('collects every activity gap into the record’s gaps, with stable kebab-case codes and texts in the language', () => {
    const setup: Setup = { grants: [grant({ purpose: 'gone' })] };
    const de = record(setup);
    const en = record({ ...setup, language: 'en' });
    for (const a of de.activities) for (const g of a.gaps) assert.ok(de.gaps.includes(g));
    assert.deepEqual(codes(de), codes(en));
    for (const [i, g] of de.gaps.entries()) {
      assert.match(g.code, /^[a-z]+(-[a-z]+)*$/);
      assert.notEqual(g.text, en.gaps[i]!.text, `${g.code} is translated`);
    }
  });
});

describe('the record builder on hostile input', () => {
  it('reads keys such as constructor and __proto__ as unknown, never as Object’s members', () => {
    const c = contract(
      'crm-customers-v1',
      [{ ...EMAIL, ...custom('meshworkPersonalDataCategory', '__proto__') }],
      { slaProperties: [{ property: 'retention', value: 3, unit: 'constructor' }] },
    );
    const schema = (c.schema as Json[]).map((o) => ({
      ...o,
      ...custom('meshworkDataSubjects', ['constructor', 'toString', 'customers']),
    }));
    const r = record({
      products: {
        'crm-customers': {
          product: product(
            'crm-customers',
            'crm-customers-v1',
            custom('legalBasis', 'constructor'),
          ),
          contract: { ...c, schema },
        },
      },
    });
    const a = only(r);
    assert.deepEqual(a.dataSubjects, ['constructor', 'toString', 'Kundinnen und Kunden']);
    assert.deepEqual(a.personalData, [
      { category: '__proto__', columns: ['crm-customers-v1 / customers.email'] },
    ]);
    assert.ok(codes(r).includes('unreadable-retention'));
    assert.ok(codes(r).includes('unreadable-legal-basis'));
    assert.equal((JSON.parse(JSON.stringify(r)) as ProcessingRecord).activities.length, 1);
  });

  it('bounds the texts it takes from documents', () => {
    const long = 'x'.repeat(10_000);
    const r = record({
      products: {
        'crm-customers': {
          product: product('crm-customers', 'crm-customers-v1', {
            name: long,
            description: { purpose: long },
            ...custom('legalBasis', long),
          }),
          contract: contract('crm-customers-v1', [EMAIL], {
            servers: [
              {
                server: long,
                type: 's3',
                location: 's3://b/k',
                ...custom('meshworkTransferSafeguard', long),
              },
            ],
          }),
        },
      },
    });
    const a = only(r);
    assert.equal(a.name.length, 200);
    assert.equal(a.purposes[0]?.text.length, 2000);
    assert.ok(JSON.stringify(r).length < 30_000, `${JSON.stringify(r).length} characters`);
  });
});

describe('meshwork.yaml privacy:', () => {
  const validate = async (privacy: unknown) => {
    const text = stringify({ ...organisation, privacy });
    const result = await validateDocument(
      'organisation',
      parseSourceDocument('meshwork.yaml', text),
      {},
    );
    return result.findings;
  };

  it('accepts representative, measures and encryption', async () => {
    const findings = await validate({
      representative: { name: 'Rep', email: 'rep@example.eu' },
      measures: ['Clean desk.', { de: 'Schulung', en: 'Training' }],
      encryption: { atRest: 'LUKS', inTransit: { en: 'TLS' } },
    });
    assert.deepEqual(findings, []);
  });

  it('reports an unknown key, a wrong type and an empty text at file:line', async () => {
    const findings = await validate({
      encryption: { atRest: 42, atrest: 'x' },
      measures: [{ de: '' }],
      dpo: 'x',
    });
    assert.ok(findings.length >= 3, JSON.stringify(findings));
    for (const f of findings) {
      assert.equal(f.file, 'meshwork.yaml');
      assert.ok(f.line > 1, `${f.message} has a line`);
      assert.match(f.path, /^\$\.privacy/);
    }
  });

  it('bounds the measures', async () => {
    const findings = await validate({
      measures: Array.from({ length: 51 }, (_, i) => `Measure ${i}`),
    });
    assert.ok(
      findings.some((f) => f.path === '$.privacy.measures'),
      JSON.stringify(findings),
    );
  });
});
