import { z } from 'zod';
import { accessSettingsSchema } from '../access/engine-logins.ts';
import { governanceSettingsSchema } from '../governance/policy-model.ts';
import { glossarySchema } from './glossary.ts';

/**
 * `meshwork.yaml`: the organisation behind the mesh. The legal name, address and data
 * protection officer are what the GDPR records (Art. 30) are made from, so they are
 * required here rather than asked for later.
 */
const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const addressSchema = z.strictObject({
  street: z.string().min(1),
  postalCode: z.string().min(1),
  city: z.string().min(1),
  /** ISO 3166-1 alpha-2, e.g. DE. */
  country: z.string().regex(/^[A-Z]{2}$/, 'a two-letter ISO 3166-1 country code such as DE'),
});

export const contactSchema = z.strictObject({
  name: z.string().min(1),
  email: z.email(),
  phone: z.string().min(1).optional(),
});

/** A text in both languages: one string serves both, or `{ de, en }` (either may be left out, not both). */
const localizedTextSchema = z.union([
  z.string().trim().min(1).max(500),
  z
    .strictObject({ de: z.string().trim().min(1).max(500), en: z.string().trim().min(1).max(500) })
    .partial()
    .refine((t) => t.de !== undefined || t.en !== undefined, 'give de, en or both'),
]);

/**
 * `privacy:` — what the record of processing activities (GDPR Art. 30, docs/privacy.md)
 * needs from the organisation beyond its name, address and DPO: the representative in the
 * Union (Art. 27, for controllers outside it), the technical and organisational measures
 * of Art. 32 the platform cannot know by itself, and the encryption in place. All optional:
 * what is left out is a gap in the record, never assumed.
 */
export const privacySettingsSchema = z.strictObject({
  representative: z
    .strictObject({
      name: z.string().min(1).max(200),
      email: z.email().optional(),
      phone: z.string().min(1).max(60).optional(),
      address: addressSchema.optional(),
    })
    .optional(),
  measures: z.array(localizedTextSchema).max(50).optional(),
  encryption: z
    .strictObject({
      /** How stored data is encrypted, e.g. "LUKS (AES-256) on every database and file server". */
      atRest: localizedTextSchema.optional(),
      /** How data in transit is encrypted, e.g. "TLS 1.2+ for every connection". */
      inTransit: localizedTextSchema.optional(),
    })
    .optional(),
});

export type PrivacySettings = z.infer<typeof privacySettingsSchema>;
export type LocalizedSetting = z.infer<typeof localizedTextSchema>;

export const organisationSchema = z.strictObject({
  apiVersion: z.literal('meshwork/v1'),
  kind: z.literal('Mesh'),
  name: z.string().min(1),
  legalName: z.string().min(1),
  description: z.string().optional(),
  address: addressSchema,
  dataProtectionOfficer: contactSchema,
  defaults: z
    .strictObject({
      /** Portal and message language: de or en. */
      language: z.enum(['de', 'en']).optional(),
      /** IANA time zone used to show times; stored times stay UTC. */
      timezone: z.string().min(1).optional(),
      /** Engine for builds and tests when a contract does not choose one. */
      engine: z.enum(['duckdb', 'postgresql', 'mysql']).optional(),
    })
    .optional(),
  /** Database logins of Meshwork users, per engine, for access grants (core/access/engine-logins.ts). */
  access: accessSettingsSchema.optional(),
  /** Governance settings: the built-in policy pack's switches (docs/governance.md). */
  governance: governanceSettingsSchema.optional(),
  /** Words that mean the same thing, for the catalog's search (glossary.ts). */
  glossary: glossarySchema.optional(),
  /**
   * The purposes access to data can be requested for (issue 10). Checked by
   * core/access/purposes.ts with codes of its own (missing id, unknown legal basis, …),
   * so the structure check only knows the key.
   */
  purposes: z.unknown().optional(),
  /** For the record of processing activities (Art. 30): representative, measures, encryption. */
  privacy: privacySettingsSchema.optional(),
});

export type Organisation = z.infer<typeof organisationSchema>;

export const KEBAB_CASE = kebab;
