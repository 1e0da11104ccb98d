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
});

export type Organisation = z.infer<typeof organisationSchema>;

export const KEBAB_CASE = kebab;
