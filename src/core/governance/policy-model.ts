import { z } from 'zod';

/**
 * Policies as code (docs/governance.md): a `Policy` is a CEL rule the governance group
 * (in `policies/`) or a domain (in `domains/<domain>/policies/`) writes once; a
 * `PolicyAdaptation` changes a global policy for one domain, only within the bounds the
 * policy declares under `adaptable`.
 */
export const SEVERITIES = ['error', 'warning', 'info'] as const;

/** What a rule is evaluated for: every target of this kind in the policy's scope. */
export const TARGET_KINDS = [
  'mesh',
  'domain',
  'dataProduct',
  'inputPort',
  'outputPort',
  'contract',
  'schema',
  'property',
  /** An access request, at request and at decision time (never at lint time). */
  'accessRequest',
] as const;

export type TargetKind = (typeof TARGET_KINDS)[number];

/**
 * What an `accessRequest` policy does (docs/governance.md, "Access policies"): `check`
 * (the default) reports a finding when its rule is false, like every other policy; the
 * others take effect when the guard and the rule are true — `require-dpo` asks for the
 * data protection officer's approval, `waive-dpo` lifts that, `auto-approve` gives the
 * owners' approval as "policy:<id>", and `recertify` sets the grant review through its
 * params `recertifyEveryDays` and `remindDaysBefore`.
 */
export const POLICY_EFFECTS = [
  'check',
  'require-dpo',
  'waive-dpo',
  'auto-approve',
  'recertify',
] as const;

export type PolicyEffect = (typeof POLICY_EFFECTS)[number];

/**
 * Effects only the governance group may give (a policy in `policies/`): a domain that
 * could lift the DPO's approval would decide alone about the personal data it produces.
 * A domain's `auto-approve` is bounded instead where it is evaluated: it never applies to
 * a port with personal data (core/governance/access-policies.ts).
 */
export const GLOBAL_ONLY_EFFECTS: readonly PolicyEffect[] = ['waive-dpo'];

const severitySchema = z.enum(SEVERITIES);
// Same form as KEBAB_CASE in mesh/organisation.ts, which imports this module's settings.
const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const kebabId = z.string().regex(KEBAB_CASE, 'a kebab-case id such as latency-within-limit');
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A parameter value: what a rule reads as `params.<name>`. */
export const paramValueSchema = z.union([scalar, z.array(scalar)]);

/** The bounds a domain's value for one parameter must keep. */
export const paramBoundSchema = z.strictObject({
  min: z.number().optional(),
  max: z.number().optional(),
  oneOf: z.array(scalar).min(1).optional(),
});

export const policySchema = z.strictObject({
  apiVersion: z.literal('meshwork/v1'),
  kind: z.literal('Policy'),
  id: kebabId,
  title: z.string().min(1),
  description: z.string().min(1),
  severity: severitySchema,
  appliesTo: z.enum(TARGET_KINDS),
  /** CEL guard: the rule is evaluated only for targets where it is true. */
  when: z.string().min(1).optional(),
  /** CEL expression that is true when the target complies. */
  rule: z.string().min(1),
  /** Only for `appliesTo: accessRequest`; default `check`. */
  effect: z.enum(POLICY_EFFECTS).optional(),
  params: z.record(z.string(), paramValueSchema).optional(),
  adaptable: z
    .strictObject({
      severity: z.array(severitySchema).min(1).optional(),
      params: z.record(z.string(), paramBoundSchema).optional(),
    })
    .optional(),
  hint: z.string().min(1),
});

/**
 * `reason` is optional here so that a missing reason is reported with its own code
 * (`adaptation-missing-reason`) rather than as a generic missing property.
 */
export const adaptationSchema = z.strictObject({
  apiVersion: z.literal('meshwork/v1'),
  kind: z.literal('PolicyAdaptation'),
  domain: kebabId,
  policy: kebabId,
  severity: severitySchema.optional(),
  params: z.record(z.string(), paramValueSchema).optional(),
  reason: z.string().optional(),
});

/** `governance:` in meshwork.yaml: how the built-in pack is used. */
export const governanceSettingsSchema = z.strictObject({
  builtin: z
    .strictObject({
      /** The built-in pack is on unless this is false. */
      enabled: z.boolean().optional(),
      /** Ids of built-in policies to switch off. */
      disable: z.array(kebabId).optional(),
      /** A severity per built-in policy id, replacing the pack's own. */
      severity: z.record(kebabId, severitySchema).optional(),
      /** Parameter values per built-in policy id, replacing the pack's own. */
      params: z.record(kebabId, z.record(z.string(), paramValueSchema)).optional(),
    })
    .optional(),
});

export type Policy = z.infer<typeof policySchema>;
export type PolicyAdaptation = z.infer<typeof adaptationSchema>;
export type GovernanceSettings = z.infer<typeof governanceSettingsSchema>;
export type ParamValue = z.infer<typeof paramValueSchema>;
export type ParamBound = z.infer<typeof paramBoundSchema>;
