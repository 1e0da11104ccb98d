import type {
  ProcessingActivity,
  ProcessingRecord,
  RecordLanguage,
} from '../../src/core/privacy/record/model.ts';

/**
 * A record of processing made by hand, as `buildRecord` would make it for a small mesh:
 * two activities, one of them complete, one with gaps (no retention, no legal basis, a
 * transfer without safeguard), a DPO whose name needs letters beyond Windows-1252 and a
 * product name that tries to inject markup.
 */
export const HOSTILE_NAME = '<script>alert("x")</script> & Co';
export const DPO_NAME = 'Łukasz Wójcik-Doğan';

export function sampleRecord(language: RecordLanguage = 'de'): ProcessingRecord {
  const de = language === 'de';
  const orders: ProcessingActivity = {
    id: 'sales-orders',
    name: de ? 'Aufträge des Webshops' : 'Webshop orders',
    domain: 'sales',
    owner: 'sales/ecommerce-team (Maria Weber)',
    status: 'active',
    purposes: [
      {
        source: 'product',
        id: null,
        text: de ? 'Abwicklung und Auswertung von Bestellungen' : 'Processing and analysing orders',
        legalBasis: de ? 'Art. 6 Abs. 1 lit. b DSGVO' : 'Art. 6(1)(b) GDPR',
      },
      {
        source: 'grant',
        id: 'revenue-reporting',
        text: de ? 'Umsatzberichte' : 'Revenue reporting',
        legalBasis: de ? 'Art. 6 Abs. 1 lit. f DSGVO' : 'Art. 6(1)(f) GDPR',
      },
    ],
    dataSubjects: [de ? 'Kunden' : 'Customers'],
    personalData: [
      {
        category: de ? 'Kontaktdaten (E-Mail)' : 'Contact data (e-mail)',
        columns: ['sales-orders-v1 / orders.customer_email'],
      },
    ],
    recipients: [
      {
        kind: 'team',
        name: 'finance/controlling-team',
        detail: de ? 'Umsatzberichte, bis 2027-03-31' : 'Revenue reporting, until 2027-03-31',
      },
    ],
    transfers: [],
    erasure: [
      {
        port: 'orders',
        period: de ? '10 Jahre ab orders.ordered_at' : '10 years from orders.ordered_at',
      },
    ],
    measures: [
      de
        ? 'Ausgabeport „orders“: personenbezogene Spalten pseudonymisiert'
        : 'Output port "orders": personal columns pseudonymised',
    ],
    gaps: [],
  };
  const gapsOfHostile = [
    {
      point: 'b' as const,
      code: 'no-legal-basis',
      activity: 'marketing-leads',
      text: de
        ? 'Keine Rechtsgrundlage für den Zweck „newsletter“ in meshwork.yaml.'
        : 'No legal basis for the purpose "newsletter" in meshwork.yaml.',
    },
    {
      point: 'e' as const,
      code: 'transfer-without-safeguard',
      activity: 'marketing-leads',
      text: de
        ? 'Server „crm-us“ (US) ohne Garantie (meshworkTransferSafeguard).'
        : 'Server "crm-us" (US) without a safeguard (meshworkTransferSafeguard).',
    },
    {
      point: 'f' as const,
      code: 'no-retention',
      activity: 'marketing-leads',
      text: de
        ? 'Keine Löschfrist (retention) für den Port „leads“.'
        : 'No retention declared for the port "leads".',
    },
  ];
  const leads: ProcessingActivity = {
    id: 'marketing-leads',
    name: HOSTILE_NAME,
    domain: 'marketing',
    owner: 'marketing/growth-team (Ayşe Doğan)',
    status: 'draft',
    purposes: [{ source: 'grant', id: 'newsletter', text: 'Newsletter', legalBasis: null }],
    dataSubjects: [de ? 'Interessenten' : 'Prospects'],
    personalData: [
      {
        category: de ? 'Kontaktdaten (E-Mail)' : 'Contact data (e-mail)',
        columns: ['marketing-leads-v1 / leads.email'],
      },
      {
        category: de ? 'Name' : 'Name',
        columns: ['marketing-leads-v1 / leads.first_name', 'marketing-leads-v1 / leads.last_name'],
      },
    ],
    recipients: [{ kind: 'server', name: 'crm-us', detail: 'US' }],
    transfers: [{ server: 'crm-us', country: 'US', safeguard: null }],
    erasure: [],
    measures: [],
    gaps: gapsOfHostile,
  };
  const controllerGap = {
    point: 'g' as const,
    code: 'no-encryption',
    activity: null,
    text: de
      ? 'Keine Verschlüsselung angegeben (privacy.encryption in meshwork.yaml).'
      : 'No encryption declared (privacy.encryption in meshwork.yaml).',
  };
  return {
    language,
    generatedAt: '2026-12-05T08:00:00.000Z',
    mesh: 'alpine-bikes',
    controller: {
      name: 'Alpine Bikes GmbH',
      email: 'datenschutz@alpine-bikes.example',
      phone: null,
      address: 'Bergstraße 1, 80331 München, Deutschland',
    },
    representative: null,
    dataProtectionOfficer: {
      name: DPO_NAME,
      email: 'dsb@alpine-bikes.example',
      phone: '+49 89 1234567',
      address: null,
    },
    activityBasis: 'product',
    activities: [orders, leads],
    measures: [
      de
        ? 'Zugriff nur über Rollen und zweckgebundene, befristete Freigaben.'
        : 'Access only through roles and purpose-bound, time-limited grants.',
      de
        ? 'Prüfpfad mit Hash-Verkettung (manipulationssicher).'
        : 'Hash-chained audit trail (tamper-evident).',
    ],
    gaps: [controllerGap, ...gapsOfHostile],
  };
}
