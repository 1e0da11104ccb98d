import type { Art30Point, RecordLanguage } from '../../core/privacy/record/model.ts';

/**
 * The fixed texts of a rendered record in both languages. The German headings follow the
 * usual German template of a "Verzeichnis von Verarbeitungstätigkeiten" (the DSK's sample
 * and the chambers' forms built on it), so a DPO finds each Art. 30(1) point where they
 * expect it. The HTML and the PDF read the same table: they cannot drift apart.
 */
export interface RecordLabels {
  readonly title: string;
  readonly subtitle: string;
  readonly mesh: string;
  readonly generatedAt: string;
  readonly activityBasis: string;
  readonly controllerSection: string;
  readonly controller: string;
  readonly representative: string;
  readonly dataProtectionOfficer: string;
  readonly contactName: string;
  readonly contactEmail: string;
  readonly contactPhone: string;
  readonly contactAddress: string;
  readonly notDeclared: string;
  readonly gapsSection: string;
  readonly gapsIntro: (count: number) => string;
  readonly noGaps: string;
  readonly gap: string;
  readonly controllerPart: string;
  readonly platformMeasuresSection: string;
  readonly activitiesSection: string;
  readonly noActivities: string;
  readonly activityId: string;
  readonly domain: string;
  readonly owner: string;
  readonly status: string;
  readonly purposes: string;
  readonly purpose: string;
  readonly purposeSource: string;
  readonly purposeFromProduct: string;
  readonly purposeFromGrant: string;
  readonly legalBasis: string;
  readonly noPurposes: string;
  readonly dataSubjects: string;
  readonly noDataSubjects: string;
  readonly personalData: string;
  readonly category: string;
  readonly columns: string;
  readonly noPersonalData: string;
  readonly recipients: string;
  readonly recipientKind: string;
  readonly recipientTeam: string;
  readonly recipientServer: string;
  readonly recipientName: string;
  readonly recipientDetail: string;
  readonly noRecipients: string;
  readonly transfers: string;
  readonly server: string;
  readonly country: string;
  readonly safeguard: string;
  readonly noTransfers: string;
  readonly erasure: string;
  readonly port: string;
  readonly period: string;
  readonly noErasure: string;
  readonly measures: string;
  readonly activityMeasuresIntro: string;
  readonly noActivityMeasures: string;
  readonly noPlatformMeasures: string;
  readonly point: (point: Art30Point) => string;
  readonly page: (page: number, of: number) => string;
}

const DE: RecordLabels = {
  title: 'Verzeichnis von Verarbeitungstätigkeiten',
  subtitle: 'Verantwortlicher gemäß Art. 30 Abs. 1 DSGVO',
  mesh: 'Daten-Mesh',
  generatedAt: 'Erstellt am',
  activityBasis:
    'Je Datenprodukt mit personenbezogenen Daten eine Verarbeitungstätigkeit; erzeugt aus den Metadaten des Meshs und den aktiven Zugriffsfreigaben.',
  controllerSection: 'Angaben zum Verantwortlichen',
  controller: 'Verantwortlicher',
  representative: 'Vertreter des Verantwortlichen',
  dataProtectionOfficer: 'Datenschutzbeauftragter',
  contactName: 'Name',
  contactEmail: 'E-Mail',
  contactPhone: 'Telefon',
  contactAddress: 'Anschrift',
  notDeclared: 'nicht angegeben',
  gapsSection: 'Offene Punkte',
  gapsIntro: (count) =>
    count === 1
      ? 'Ein Punkt ist in den Metadaten nicht angegeben und muss ergänzt werden:'
      : `${count} Punkte sind in den Metadaten nicht angegeben und müssen ergänzt werden:`,
  noGaps: 'Keine offenen Punkte: die Metadaten geben alle Angaben nach Art. 30 Abs. 1 her.',
  gap: 'Lücke',
  controllerPart: 'Verantwortlicher',
  platformMeasuresSection: 'Technische und organisatorische Maßnahmen (Art. 32)',
  activitiesSection: 'Verarbeitungstätigkeiten',
  noActivities: 'Kein Datenprodukt enthält personenbezogene Daten.',
  activityId: 'Kennung (Datenprodukt)',
  domain: 'Domäne',
  owner: 'Zuständiges Team',
  status: 'Status',
  purposes: 'Zwecke der Verarbeitung',
  purpose: 'Zweck',
  purposeSource: 'Herkunft',
  purposeFromProduct: 'Datenprodukt',
  purposeFromGrant: 'Zugriffsfreigabe',
  legalBasis: 'Rechtsgrundlage',
  noPurposes: 'Kein Zweck angegeben.',
  dataSubjects: 'Kategorien betroffener Personen',
  noDataSubjects: 'Keine Kategorie betroffener Personen angegeben.',
  personalData: 'Kategorien personenbezogener Daten',
  category: 'Kategorie',
  columns: 'Spalten',
  noPersonalData: 'Keine Kategorie personenbezogener Daten angegeben.',
  recipients: 'Kategorien von Empfängern',
  recipientKind: 'Art',
  recipientTeam: 'Team',
  recipientServer: 'Server',
  recipientName: 'Empfänger',
  recipientDetail: 'Angabe',
  noRecipients: 'Keine Empfänger außer dem zuständigen Team.',
  transfers: 'Übermittlungen in Drittländer',
  server: 'Server',
  country: 'Land',
  safeguard: 'Geeignete Garantien',
  noTransfers: 'Kein Server außerhalb der EU/des EWR angegeben.',
  erasure: 'Fristen für die Löschung',
  port: 'Ausgabeport',
  period: 'Frist',
  noErasure: 'Keine Löschfrist angegeben.',
  measures: 'Technische und organisatorische Maßnahmen (Art. 32)',
  activityMeasuresIntro: 'Zusätzlich zu den allgemeinen Maßnahmen der Plattform:',
  noActivityMeasures: 'Es gelten die allgemeinen Maßnahmen der Plattform.',
  noPlatformMeasures: 'Keine Maßnahmen angegeben.',
  point: (point) => `Art. 30 Abs. 1 lit. ${point} DSGVO`,
  page: (page, of) => `Seite ${page} von ${of}`,
};

const EN: RecordLabels = {
  title: 'Record of processing activities',
  subtitle: 'Controller, Art. 30(1) GDPR',
  mesh: 'Data mesh',
  generatedAt: 'Generated at',
  activityBasis:
    'One processing activity per data product with personal data; generated from the mesh metadata and the active access grants.',
  controllerSection: 'Controller details',
  controller: 'Controller',
  representative: "Controller's representative",
  dataProtectionOfficer: 'Data protection officer',
  contactName: 'Name',
  contactEmail: 'E-mail',
  contactPhone: 'Phone',
  contactAddress: 'Address',
  notDeclared: 'not declared',
  gapsSection: 'Open points',
  gapsIntro: (count) =>
    count === 1
      ? 'One point is not declared in the metadata and must be filled in:'
      : `${count} points are not declared in the metadata and must be filled in:`,
  noGaps: 'No open points: the metadata gives every item of Art. 30(1).',
  gap: 'Gap',
  controllerPart: 'Controller',
  platformMeasuresSection: 'Technical and organisational measures (Art. 32)',
  activitiesSection: 'Processing activities',
  noActivities: 'No data product holds personal data.',
  activityId: 'Id (data product)',
  domain: 'Domain',
  owner: 'Responsible team',
  status: 'Status',
  purposes: 'Purposes of the processing',
  purpose: 'Purpose',
  purposeSource: 'Source',
  purposeFromProduct: 'Data product',
  purposeFromGrant: 'Access grant',
  legalBasis: 'Legal basis',
  noPurposes: 'No purpose declared.',
  dataSubjects: 'Categories of data subjects',
  noDataSubjects: 'No category of data subjects declared.',
  personalData: 'Categories of personal data',
  category: 'Category',
  columns: 'Columns',
  noPersonalData: 'No category of personal data declared.',
  recipients: 'Categories of recipients',
  recipientKind: 'Kind',
  recipientTeam: 'Team',
  recipientServer: 'Server',
  recipientName: 'Recipient',
  recipientDetail: 'Detail',
  noRecipients: 'No recipients besides the responsible team.',
  transfers: 'Transfers to third countries',
  server: 'Server',
  country: 'Country',
  safeguard: 'Appropriate safeguards',
  noTransfers: 'No server outside the EU/EEA declared.',
  erasure: 'Time limits for erasure',
  port: 'Output port',
  period: 'Time limit',
  noErasure: 'No time limit for erasure declared.',
  measures: 'Technical and organisational measures (Art. 32)',
  activityMeasuresIntro: "Beyond the platform's general measures:",
  noActivityMeasures: "The platform's general measures apply.",
  noPlatformMeasures: 'No measures declared.',
  point: (point) => `Art. 30(1)(${point}) GDPR`,
  page: (page, of) => `Page ${page} of ${of}`,
};

export function recordLabels(language: RecordLanguage): RecordLabels {
  return language === 'de' ? DE : EN;
}
