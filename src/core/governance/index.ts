/** Federated computational governance: policies as code, adaptations, scorecards. */
export type { GovernanceReport, PolicyResult } from './evaluate-policies.ts';
export { evaluatePolicies } from './evaluate-policies.ts';
export type { Adapted, LoadedPolicy, PolicySet } from './policy-set.ts';
export { loadPolicySet } from './policy-set.ts';
export type { AdaptationChange, AdaptationField, AdaptationState } from './adaptation-changes.ts';
export { adaptationChanges } from './adaptation-changes.ts';
export type { Policy, PolicyAdaptation, GovernanceSettings, TargetKind } from './policy-model.ts';
export { TARGET_KINDS, policySchema, adaptationSchema } from './policy-model.ts';
export type { Scorecard, ScoreLine, ProductScoreLine, Tally } from './scorecard.ts';
export { buildScorecard } from './scorecard.ts';
export { HELPER_FUNCTIONS, POLICY_VARIABLES } from './cel-environment.ts';
export type {
  AccessPolicyEvaluator,
  AccessPolicyOutcome,
  AccessPolicyVariables,
  AccessRequestFacts,
  GrantReview,
} from './access-policies.ts';
export { createAccessPolicyEvaluator } from './access-policies.ts';
