import { defineCatalogue } from '../findings/codes.ts';

/**
 * Codes of governance findings: a violated policy, and problems with policy files and
 * adaptations themselves. A violated policy always has the code `policy-violation`; the
 * policy's id is in the finding's `policy` field, its own title and hint are the wording.
 */
export const governanceCodes = defineCatalogue({
  'policy-violation': {
    severity: 'error',
    message: (p: { title: string; target: string }) => `${p.target}: ${p.title}`,
    hint: (p: { hint: string }) => p.hint,
  },
  'policy-rule-invalid': {
    severity: 'error',
    message: (p: { id: string; field: string; reason: string }) =>
      `The ${p.field} of policy "${p.id}" is not a valid CEL expression: ${p.reason}`,
    hint: () =>
      'Fix the expression (CEL syntax, the variables and helper functions of docs/governance.md); the policy is skipped until then.',
  },
  'policy-rule-failed': {
    severity: 'error',
    message: (p: { id: string; field: string; count: number; target: string; reason: string }) =>
      `The ${p.field} of policy "${p.id}" failed for ${p.count} target(s), first for ${p.target}: ${p.reason}`,
    hint: () =>
      'Guard optional fields with has(...) (or the `when` guard), and make the expression return true or false.',
  },
  'policy-duplicate-id': {
    severity: 'error',
    message: (p: { id: string; other: string }) =>
      `The policy id "${p.id}" is already used by ${p.other}.`,
    hint: () => 'Give each policy a unique id; a domain may adapt a global policy instead.',
  },
  'policy-effect-global-only': {
    severity: 'error',
    message: (p: { id: string; effect: string }) =>
      `The domain policy "${p.id}" has the effect ${p.effect}, which lifts the data protection officer's approval of personal data; only a global policy may do that, so this one is not loaded.`,
    hint: () =>
      "Ask the governance group to add the policy to the mesh's policies/ folder, or adapt a global policy within the bounds it declares.",
  },
  'policy-misplaced': {
    severity: 'error',
    message: (p: { kind: string }) =>
      `A ${p.kind} may not be written here: global policies live in policies/, adaptations in domains/<domain>/policies/.`,
    hint: () => 'Move the file into the policies/ folder of the domain it adapts.',
  },
  'policy-unknown-kind': {
    severity: 'error',
    message: (p: { kind: string }) =>
      `Unknown kind ${p.kind} in a policies folder; expected Policy or PolicyAdaptation.`,
    hint: () => 'Write `kind: Policy` or `kind: PolicyAdaptation` (with apiVersion: meshwork/v1).',
  },
  'adaptation-unknown-policy': {
    severity: 'error',
    message: (p: { policy: string }) =>
      `The adaptation names the policy "${p.policy}", which is not a global policy of this mesh.`,
    hint: (p: { known: string }) =>
      `Name the id of a global or built-in policy${p.known ? ` (${p.known})` : ''}.`,
  },
  'adaptation-wrong-domain': {
    severity: 'error',
    message: (p: { domain: string; folder: string }) =>
      `The adaptation is for domain "${p.domain}" but lives in the folder of domain "${p.folder}".`,
    hint: (p: { folder: string }) => `Write \`domain: ${p.folder}\` or move the file.`,
  },
  'adaptation-missing-reason': {
    severity: 'error',
    message: (p: { policy: string }) =>
      `The adaptation of policy "${p.policy}" gives no reason; the global policy applies unchanged.`,
    hint: () => 'Add `reason:` saying why this domain needs the change, for the governance group.',
  },
  'adaptation-not-adaptable': {
    severity: 'error',
    message: (p: { policy: string; field: string }) =>
      `Policy "${p.policy}" does not let domains change ${p.field}; the global policy applies unchanged.`,
    hint: (p: { allowed: string }) =>
      p.allowed
        ? `Only these may be adapted: ${p.allowed}.`
        : 'Remove the adaptation, or ask the governance group to make the policy adaptable.',
  },
  'adaptation-out-of-bounds': {
    severity: 'error',
    message: (p: { policy: string; field: string; value: string; bound: string }) =>
      `The adaptation sets ${p.field} of policy "${p.policy}" to ${p.value}, beyond the allowed ${p.bound}; the global policy applies unchanged.`,
    hint: (p: { bound: string }) => `Choose a value within ${p.bound}.`,
  },
  'adaptation-duplicate': {
    severity: 'error',
    message: (p: { policy: string; other: string }) =>
      `Policy "${p.policy}" is already adapted for this domain in ${p.other}; this adaptation is ignored.`,
    hint: () => 'Keep one adaptation per policy and domain.',
  },
  'builtin-policy-unknown': {
    severity: 'warning',
    message: (p: { id: string }) =>
      `meshwork.yaml names the built-in policy "${p.id}", which does not exist.`,
    hint: (p: { known: string }) => `Use the id of a built-in policy (${p.known}).`,
  },
});
