/**
 * Every sentence of the record in German and English. One interface, two tables: a text
 * missing in one language is a compile error, not an English word in a German record.
 */
import type { LegalBasis } from '../../access/model.ts';
import type { RetentionUnit } from '../retention-rule.ts';
import type { RecordLanguage } from './model.ts';

export interface RecordTexts {
  readonly legalBasis: (letter: LegalBasis) => string;
  readonly recipientGrant: (purpose: string, until: string) => string;
  readonly recipientServer: (type: string, country: string | null) => string;
  readonly adequacy: string;
  readonly retention: (value: string, unit: string, element: string | null) => string;
  readonly units: Readonly<Record<RetentionUnit, (n: number) => string>>;
  readonly dataSubjects: Readonly<Record<string, string>>;
  readonly platformMeasures: readonly string[];
  readonly encryptionAtRest: (how: string) => string;
  readonly encryptionInTransit: (how: string) => string;
  readonly pseudonymisedFor: (purposes: string) => string;
  readonly inClearFor: (purposes: string) => string;
  readonly subjectRequests: (kinds: string) => string;
  readonly gaps: {
    readonly noController: string;
    readonly noRepresentative: (country: string) => string;
    readonly privacySettingsInvalid: string;
    readonly grantsUnavailable: (reason: string) => string;
    readonly noPurpose: (product: string) => string;
    readonly noLegalBasis: (product: string) => string;
    readonly unreadableLegalBasis: (product: string, value: string) => string;
    readonly unknownPurpose: (product: string, purpose: string) => string;
    readonly noDataSubjects: (contract: string) => string;
    readonly portWithoutContract: (product: string, port: string) => string;
    readonly serverCountryUnknown: (server: string, contract: string) => string;
    readonly transferWithoutSafeguard: (server: string, country: string) => string;
    readonly noRetention: (port: string, contract: string) => string;
    readonly unreadableRetention: (port: string, contract: string) => string;
    readonly unenforcedRetention: (port: string, contract: string) => string;
    readonly noEncryptionAtRest: string;
    readonly noEncryptionInTransit: string;
  };
}

const LETTERS_DE: Record<LegalBasis, string> = {
  a: 'Einwilligung',
  b: 'Vertrag',
  c: 'rechtliche Verpflichtung',
  d: 'lebenswichtige Interessen',
  e: 'öffentliche Aufgabe',
  f: 'berechtigte Interessen',
};

const LETTERS_EN: Record<LegalBasis, string> = {
  a: 'consent',
  b: 'contract',
  c: 'legal obligation',
  d: 'vital interests',
  e: 'public task',
  f: 'legitimate interests',
};

const de: RecordTexts = {
  legalBasis: (l) => `Art. 6 Abs. 1 lit. ${l} DSGVO (${LETTERS_DE[l]})`,
  recipientGrant: (purpose, until) => `Zweck: ${purpose}; befristet bis ${until}`,
  recipientServer: (type, country) => (country ? `${type}, Standort ${country}` : type),
  adequacy: 'Angemessenheitsbeschluss der EU-Kommission (Art. 45 DSGVO)',
  retention: (value, unit, element) =>
    element ? `${value} ${unit} ab ${element}` : `${value} ${unit}`,
  units: {
    d: (n) => (n === 1 ? 'Tag' : 'Tage'),
    w: (n) => (n === 1 ? 'Woche' : 'Wochen'),
    mo: (n) => (n === 1 ? 'Monat' : 'Monate'),
    y: (n) => (n === 1 ? 'Jahr' : 'Jahre'),
  },
  dataSubjects: {
    customers: 'Kundinnen und Kunden',
    prospects: 'Interessentinnen und Interessenten',
    employees: 'Beschäftigte',
    applicants: 'Bewerberinnen und Bewerber',
    suppliers: 'Ansprechpersonen bei Lieferanten',
    'business-partners': 'Ansprechpersonen bei Geschäftspartnern',
    payers: 'Zahlungspflichtige',
    'newsletter-subscribers': 'Newsletter-Abonnentinnen und -Abonnenten',
    'website-visitors': 'Besucherinnen und Besucher der Website',
  },
  platformMeasures: [
    'Zugriffskontrolle: Rollen (Administration, Governance, Owner, Mitglied) je Domäne und Team; die Daten eines Produkts liest nur sein Team oder wer eine Freigabe dafür hat.',
    'Zweckgebundene, befristete Freigaben: Zugriff wird für einen Zweck aus dem Zweckkatalog mit Rechtsgrundlage und bis zu einem Enddatum beantragt, vom Owner und bei personenbezogenen Daten von der oder dem Datenschutzbeauftragten freigegeben, regelmäßig rezertifiziert und endet automatisch.',
    'Pseudonymisierung: personenbezogene Spalten werden Konsumenten mit einem Schlüssel je Team pseudonymisiert bereitgestellt, außer der Zweck erlaubt ausdrücklich Klartext.',
    'Datenminimierung in der Anzeige: Stichproben fehlgeschlagener Prüfungen und Vorschauen zeigen personenbezogene Werte nie, nur einen Schlüssel der Zeile.',
    'Protokollierung: Anmeldungen, Anträge, Freigaben, Widerrufe und Betroffenenanfragen stehen in einem hash-verketteten, prüfbaren Audit-Trail (meshwork audit verify).',
    'Datenverträge: Schema und Qualitätsregeln jedes Ausgabeports werden bei jedem Build gegen die echten Daten geprüft; veröffentlicht wird nur, was die Prüfung bestanden hat.',
    'Betroffenenrechte: Personen werden über die in den Verträgen deklarierten Kennungen in allen Produkten gefunden, exportiert (Art. 15) und gelöscht oder pseudonymisiert (Art. 17).',
  ],
  encryptionAtRest: (how) => `Verschlüsselung gespeicherter Daten: ${how}`,
  encryptionInTransit: (how) => `Verschlüsselung bei der Übertragung: ${how}`,
  pseudonymisedFor: (purposes) =>
    `Personenbezogene Spalten nur pseudonymisiert für die Zwecke: ${purposes}.`,
  inClearFor: (purposes) => `Personenbezogene Spalten im Klartext für die Zwecke: ${purposes}.`,
  subjectRequests: (kinds) =>
    `Betroffenenanfragen: Personen werden hier über die Kennungen ${kinds} gefunden, exportiert und gelöscht.`,
  gaps: {
    noController:
      'Name und Anschrift des Verantwortlichen fehlen: die Datei meshwork.yaml mit legalName und address ist nicht vorhanden.',
    noRepresentative: (country) =>
      `Der Verantwortliche sitzt außerhalb der EU/des EWR (${country}), ein Vertreter in der Union (Art. 27) ist nicht angegeben: privacy.representative in meshwork.yaml.`,
    privacySettingsInvalid:
      'Der Abschnitt privacy: in meshwork.yaml ist ungültig und wurde nicht gelesen; `meshwork validate` nennt die Fehler.',
    grantsUnavailable: (reason) =>
      `Die Freigaben konnten nicht gelesen werden (${reason}); Empfänger und Zwecke aus Freigaben fehlen in diesem Verzeichnis.`,
    noPurpose: (product) =>
      `Für das Produkt ${product} ist kein Zweck angegeben: description.purpose in product.odps.yaml.`,
    noLegalBasis: (product) =>
      `Für den Zweck des Produkts ${product} ist keine Rechtsgrundlage angegeben: customProperties legalBasis (consent, contract, legal-obligation, vital-interests, public-task, legitimate-interest) in product.odps.yaml.`,
    unreadableLegalBasis: (product, value) =>
      `Die Rechtsgrundlage des Produkts ${product} ist nicht lesbar (${value}): erwartet consent, contract, legal-obligation, vital-interests, public-task, legitimate-interest oder Art. 6 Abs. 1 lit. a–f.`,
    unknownPurpose: (product, purpose) =>
      `Eine aktive Freigabe auf ${product} nennt den Zweck „${purpose}“, der im Zweckkatalog (purposes in meshwork.yaml) fehlt oder ohne gültige Rechtsgrundlage ist.`,
    portWithoutContract: (product, port) =>
      `Der Ausgabeport ${port} des Produkts ${product} hat keinen Vertrag im Mesh; ob er personenbezogene Daten enthält, ist nicht bekannt: contractId in product.odps.yaml.`,
    noDataSubjects: (contract) =>
      `Der Vertrag ${contract} enthält personenbezogene Daten, nennt aber keine Kategorien betroffener Personen: customProperties meshworkDataSubjects.`,
    serverCountryUnknown: (server, contract) =>
      `Für den Server ${server} (Vertrag ${contract}) ist kein Standort als ISO-Ländercode angegeben (z. B. DE, US): customProperties meshworkCountry am Server.`,
    transferWithoutSafeguard: (server, country) =>
      `Übermittlung in ein Drittland ohne angegebene Garantie: Server ${server} in ${country}; customProperties meshworkTransferSafeguard (z. B. Standardvertragsklauseln, Art. 46 Abs. 2 lit. c).`,
    noRetention: (port, contract) =>
      `Für den Port ${port} (Vertrag ${contract}) ist keine Löschfrist angegeben: slaProperties retention.`,
    unreadableRetention: (port, contract) =>
      `Die Löschfrist des Ports ${port} (Vertrag ${contract}) ist nicht lesbar und wird von meshwork retention nicht durchgesetzt: erwartet eine ganze Zahl von 1 bis 1000 und die Einheit d, w, mo oder y (m ist mehrdeutig).`,
    unenforcedRetention: (port, contract) =>
      `Die Löschfrist des Ports ${port} (Vertrag ${contract}) wird von meshwork retention nicht durchgesetzt: als element fehlt die eine Datumsspalte (objekt.spalte, logicalType date oder timestamp), ab der die Frist läuft.`,
    noEncryptionAtRest:
      'Keine Angabe zur Verschlüsselung gespeicherter Daten: privacy.encryption.atRest in meshwork.yaml.',
    noEncryptionInTransit:
      'Keine Angabe zur Verschlüsselung bei der Übertragung: privacy.encryption.inTransit in meshwork.yaml.',
  },
};

const en: RecordTexts = {
  legalBasis: (l) => `Art. 6(1)(${l}) GDPR (${LETTERS_EN[l]})`,
  recipientGrant: (purpose, until) => `purpose: ${purpose}; until ${until}`,
  recipientServer: (type, country) => (country ? `${type}, located in ${country}` : type),
  adequacy: 'adequacy decision of the European Commission (Art. 45 GDPR)',
  retention: (value, unit, element) =>
    element ? `${value} ${unit} from ${element}` : `${value} ${unit}`,
  units: {
    d: (n) => (n === 1 ? 'day' : 'days'),
    w: (n) => (n === 1 ? 'week' : 'weeks'),
    mo: (n) => (n === 1 ? 'month' : 'months'),
    y: (n) => (n === 1 ? 'year' : 'years'),
  },
  dataSubjects: {
    customers: 'Customers',
    prospects: 'Prospective customers',
    employees: 'Employees',
    applicants: 'Job applicants',
    suppliers: 'Contact persons at suppliers',
    'business-partners': 'Contact persons at business partners',
    payers: 'Payers',
    'newsletter-subscribers': 'Newsletter subscribers',
    'website-visitors': 'Website visitors',
  },
  platformMeasures: [
    'Access control: roles (admin, governance, owner, member) per domain and team; a product’s data is read only by its team or by those granted access to it.',
    'Purpose-bound, time-limited grants: access is requested for a purpose of the purpose catalogue with its legal basis and until an end date, approved by the owner and, for personal data, by the data protection officer, recertified regularly, and ends by itself.',
    'Pseudonymisation: personal columns are served to consumers pseudonymised with a key per team, unless the purpose expressly allows clear text.',
    'Minimisation on screen: samples of failed checks and previews never show personal values, only a key of the row.',
    'Logging: sign-ins, requests, approvals, revocations and data subject requests are kept in a hash-chained, verifiable audit trail (meshwork audit verify).',
    'Data contracts: the schema and quality rules of every output port are tested against the real data on every build; only what passed is published.',
    'Data subject rights: people are found by the identifiers the contracts declare in every product, exported (Art. 15) and erased or pseudonymised (Art. 17).',
  ],
  encryptionAtRest: (how) => `Encryption of stored data: ${how}`,
  encryptionInTransit: (how) => `Encryption in transit: ${how}`,
  pseudonymisedFor: (purposes) =>
    `Personal columns only pseudonymised for the purposes: ${purposes}.`,
  inClearFor: (purposes) => `Personal columns in clear for the purposes: ${purposes}.`,
  subjectRequests: (kinds) =>
    `Data subject requests: people are found, exported and erased here by the identifiers ${kinds}.`,
  gaps: {
    noController:
      'The controller’s name and address are missing: there is no meshwork.yaml with legalName and address.',
    noRepresentative: (country) =>
      `The controller is established outside the EU/EEA (${country}) and names no representative in the Union (Art. 27): privacy.representative in meshwork.yaml.`,
    privacySettingsInvalid:
      'The privacy: section of meshwork.yaml is invalid and was not read; `meshwork validate` names the errors.',
    grantsUnavailable: (reason) =>
      `The access grants could not be read (${reason}); recipients and purposes from grants are missing from this record.`,
    noPurpose: (product) =>
      `No purpose is given for the product ${product}: description.purpose in product.odps.yaml.`,
    noLegalBasis: (product) =>
      `No legal basis is given for the purpose of the product ${product}: customProperties legalBasis (consent, contract, legal-obligation, vital-interests, public-task, legitimate-interest) in product.odps.yaml.`,
    unreadableLegalBasis: (product, value) =>
      `The legal basis of the product ${product} cannot be read (${value}): expected consent, contract, legal-obligation, vital-interests, public-task, legitimate-interest or Art. 6(1)(a–f).`,
    unknownPurpose: (product, purpose) =>
      `An active grant on ${product} names the purpose "${purpose}", which the purpose catalogue (purposes in meshwork.yaml) lacks or holds without a valid legal basis.`,
    portWithoutContract: (product, port) =>
      `The output port ${port} of the product ${product} has no contract in the mesh, so whether it holds personal data is unknown: contractId in product.odps.yaml.`,
    noDataSubjects: (contract) =>
      `The contract ${contract} holds personal data but names no categories of data subjects: customProperties meshworkDataSubjects.`,
    serverCountryUnknown: (server, contract) =>
      `No location is given as an ISO country code (e.g. DE, US) for the server ${server} (contract ${contract}): customProperties meshworkCountry on the server.`,
    transferWithoutSafeguard: (server, country) =>
      `Transfer to a third country without a stated safeguard: server ${server} in ${country}; customProperties meshworkTransferSafeguard (e.g. standard contractual clauses, Art. 46(2)(c)).`,
    noRetention: (port, contract) =>
      `No erasure period is given for the port ${port} (contract ${contract}): slaProperties retention.`,
    unreadableRetention: (port, contract) =>
      `The erasure period of the port ${port} (contract ${contract}) cannot be read and is not enforced by meshwork retention: expected a whole number from 1 to 1000 and the unit d, w, mo or y (m is ambiguous).`,
    unenforcedRetention: (port, contract) =>
      `The erasure period of the port ${port} (contract ${contract}) is not enforced by meshwork retention: its element does not name the one date column (object.column, logicalType date or timestamp) the period runs from.`,
    noEncryptionAtRest:
      'Nothing is declared about the encryption of stored data: privacy.encryption.atRest in meshwork.yaml.',
    noEncryptionInTransit:
      'Nothing is declared about encryption in transit: privacy.encryption.inTransit in meshwork.yaml.',
  },
};

export function recordTexts(language: RecordLanguage): RecordTexts {
  return language === 'de' ? de : en;
}
