import type { Catalog } from '../../src/app/catalog/catalog-model.ts';
import { buildCatalog } from '../../src/app/catalog/build-catalog.ts';
import { classifyMeshPath } from '../../src/core/mesh/layout.ts';
import type { MeshDocument } from '../../src/core/mesh/mesh-model.ts';
import { buildMeshModel } from '../../src/core/mesh/mesh-model.ts';
import type { SourceDocument } from '../../src/core/yaml/source-document.ts';
import { syntheticContract } from './synthetic-mesh.ts';

export const WORDS = [
  'customer',
  'order',
  'invoice',
  'payment',
  'stock',
  'shipment',
  'campaign',
  'lead',
  'supplier',
  'ledger',
  'return',
  'forecast',
  'price',
  'contract',
  'ticket',
  'session',
  'churn',
  'revenue',
  'margin',
  'warehouse',
  'route',
  'claim',
  'policy',
  'asset',
];
export const TAGS = [
  'pii',
  'kpi',
  'finance',
  'sales',
  'gdpr',
  'daily',
  'raw',
  'curated',
  'ml',
  'ops',
];
const STATUSES = ['active', 'active', 'active', 'draft', 'deprecated'];

/** German words (singular and plural) for the vocabulary: the catalog's glossary. */
export const GERMAN: Readonly<Record<string, readonly string[]>> = {
  customer: ['kunde', 'kunden'],
  order: ['bestellung', 'bestellungen'],
  invoice: ['rechnung', 'rechnungen'],
  payment: ['zahlung', 'zahlungen'],
  stock: ['bestand', 'bestände'],
  shipment: ['lieferung', 'lieferungen'],
  campaign: ['kampagne', 'kampagnen'],
  lead: ['interessent', 'interessenten'],
  supplier: ['lieferant', 'lieferanten'],
  ledger: ['hauptbuch', 'hauptbücher'],
  return: ['retoure', 'retouren'],
  forecast: ['prognose', 'prognosen'],
  price: ['preis', 'preise'],
  contract: ['vertrag', 'verträge'],
  session: ['sitzung', 'sitzungen'],
  churn: ['abwanderung', 'abwanderungen'],
  revenue: ['umsatz', 'umsätze'],
  margin: ['marge', 'margen'],
  warehouse: ['lager', 'lagerhäuser'],
  claim: ['reklamation', 'reklamationen'],
  policy: ['richtlinie', 'richtlinien'],
  asset: ['anlage', 'anlagen'],
};

/** Parsed data without YAML: the catalog reads `data` only, so the benchmark skips parsing. */
function document(path: string, data: unknown): MeshDocument {
  const source: SourceDocument = {
    file: path,
    text: '',
    data,
    syntaxFindings: [],
    locate: () => ({ line: 1, column: 1 }),
    place: () => [],
  };
  return { path, role: classifyMeshPath(path), source };
}

/**
 * A catalog of `products` products with three output ports each (the 10,000 /
 * 30,000), names and purposes drawn from a small vocabulary so searches match many
 * products, a glossary of the vocabulary's German words, and lineage from earlier
 * products. Deterministic.
 */
export function syntheticCatalog(products: number, domains = 20): Catalog {
  const docs: MeshDocument[] = [
    document('meshwork.yaml', {
      apiVersion: 'meshwork/v1',
      kind: 'Mesh',
      name: 'Synthetic',
      glossary: Object.entries(GERMAN).map(([english, german]) => ({
        terms: [english, german[0]],
      })),
    }),
  ];
  for (let d = 0; d < domains; d++)
    docs.push(
      document(`domains/domain-${d}/domain.yaml`, {
        apiVersion: 'meshwork/v1',
        kind: 'Domain',
        name: `domain-${d}`,
        title: `Domain ${d}`,
        team: { name: `team-${d}`, members: [{ username: `owner${d}`, role: 'owner' }] },
      }),
    );
  const word = (n: number): string => WORDS[n % WORDS.length]!;
  for (let p = 0; p < products; p++) {
    const domain = `domain-${p % domains}`;
    const folder = `domains/${domain}/product-${p}`;
    docs.push(
      document(`${folder}/product.odps.yaml`, {
        apiVersion: 'v1.0.0',
        kind: 'DataProduct',
        id: `product-${p}`,
        name: `${word(p)} ${word(p * 7 + 3)} ${p}`,
        domain,
        status: STATUSES[p % STATUSES.length],
        tags: [TAGS[p % TAGS.length], TAGS[(p * 3 + 1) % TAGS.length]],
        description: {
          purpose: `The ${word(p * 5)} and ${word(p * 11 + 1)} figures of domain ${p % domains}.`,
        },
        team: { name: `team-${p % domains}` },
        inputPorts: [p - 1, p - 13]
          .filter((u) => u >= 0)
          .map((u, i) => ({
            name: `input_${i}`,
            version: '1.0.0',
            contractId: `product-${u}-port-0`,
          })),
        outputPorts: [0, 1, 2].map((c) => ({
          name: `port_${c}`,
          version: '1.0.0',
          contractId: `product-${p}-port-${c}`,
        })),
      }),
    );
    for (let c = 0; c < 3; c++)
      docs.push(
        document(
          `${folder}/port-${c}.odcs.yaml`,
          syntheticContract(`product-${p}-port-${c}`, domain, `${word(p + c)}_${c}`),
        ),
      );
  }
  return buildCatalog({
    source: 'synthetic',
    revision: 'synthetic',
    indexedAt: new Date(),
    model: buildMeshModel(docs),
    governance: null,
    builtAt: new Map(),
    latestRuns: new Map(),
  });
}
