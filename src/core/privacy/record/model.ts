/**
 * The record of processing activities (GDPR Art. 30(1), "Verzeichnis von
 * Verarbeitungstätigkeiten") as Meshwork makes it from the mesh and the store. The builder
 * (`build-record.ts`) is pure; renderers (JSON, HTML, PDF) and the portal read this shape.
 * Texts are in `language`; what the metadata does not say is a gap, never invented.
 */

export type RecordLanguage = 'de' | 'en';

/** The points of Art. 30(1): a controller and DPO, b purposes, c subjects and data, d recipients, e third countries, f erasure, g measures. */
export type Art30Point = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g';

export interface RecordContact {
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  /** One line: street, postal code city, country. */
  readonly address: string | null;
}

/** Something the DPO must fill in: the metadata does not say it. */
export interface RecordGap {
  readonly point: Art30Point;
  /** Stable, kebab-case: `no-retention`, `no-data-subjects`, `no-legal-basis`, … */
  readonly code: string;
  /** The product id the gap belongs to, or null for the controller part. */
  readonly activity: string | null;
  /** In the record's language, saying what is missing and where to declare it. */
  readonly text: string;
}

export interface RecordPurpose {
  /** `product`: the product's own purpose; `grant`: a purpose an active grant was given for. */
  readonly source: 'product' | 'grant';
  /** The purpose id of meshwork.yaml (grants), or null for the product's own. */
  readonly id: string | null;
  readonly text: string;
  /** e.g. `Art. 6 Abs. 1 lit. f DSGVO` / `Art. 6(1)(f) GDPR`; null when not declared (a gap). */
  readonly legalBasis: string | null;
}

export interface RecordDataCategory {
  /** A category name in the record's language, e.g. `Kontaktdaten (E-Mail)`. */
  readonly category: string;
  /** Where: `contract-id / object.property`. */
  readonly columns: readonly string[];
}

export interface RecordRecipient {
  readonly kind: 'team' | 'server';
  /** A team as `domain/team`, a server by its name in the contract. */
  readonly name: string;
  /** Purpose and end of the grant for teams; location for servers. */
  readonly detail: string | null;
}

export interface RecordTransfer {
  readonly server: string;
  readonly country: string;
  /** Declared safeguard (Art. 46 ff.), or null: a gap. */
  readonly safeguard: string | null;
}

export interface RecordErasure {
  readonly port: string;
  /** e.g. `10 Jahre ab orders.ordered_at`. */
  readonly period: string;
}

export interface ProcessingActivity {
  /** The data product's id. */
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  /** The owning team and its owners' names. */
  readonly owner: string;
  readonly status: string | null;
  readonly purposes: readonly RecordPurpose[];
  readonly dataSubjects: readonly string[];
  readonly personalData: readonly RecordDataCategory[];
  readonly recipients: readonly RecordRecipient[];
  readonly transfers: readonly RecordTransfer[];
  readonly erasure: readonly RecordErasure[];
  /** Measures specific to this product (pseudonymised ports, masked grants) beside the platform's. */
  readonly measures: readonly string[];
  readonly gaps: readonly RecordGap[];
}

export interface ProcessingRecord {
  readonly language: RecordLanguage;
  /** UTC ISO 8601. */
  readonly generatedAt: string;
  /** The mesh's name. */
  readonly mesh: string;
  readonly controller: RecordContact;
  readonly representative: RecordContact | null;
  readonly dataProtectionOfficer: RecordContact | null;
  /** How activities were cut (documented in the record): one per data product with personal data. */
  readonly activityBasis: 'product';
  readonly activities: readonly ProcessingActivity[];
  /** Technical and organisational measures of the platform (Art. 32), one sentence each. */
  readonly measures: readonly string[];
  /** Every gap: the controller's and each activity's. */
  readonly gaps: readonly RecordGap[];
}
