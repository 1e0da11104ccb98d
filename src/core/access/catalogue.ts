import { defineCatalogue } from '../findings/codes.ts';

/** Codes of the purpose catalogue in meshwork.yaml (`purposes:`, purposes.ts). */
export const purposeCodes = defineCatalogue({
  'purposes-not-a-list': {
    severity: 'error',
    message: () => '"purposes" must be a list of purposes.',
    hint: () =>
      'Write purposes as a list: `purposes: [{ id: reporting, title: { de: …, en: … }, legalBasis: f }]`.',
  },
  'too-many-purposes': {
    severity: 'error',
    message: (p: { count: number; max: number }) =>
      `${p.count} purposes are more than the ${p.max} a catalogue may hold; the rest are ignored.`,
    hint: () => 'Merge purposes that mean the same thing.',
  },
  'purpose-not-an-object': {
    severity: 'error',
    message: (p: { index: number }) => `Purpose #${p.index + 1} is not a mapping of keys.`,
    hint: () => 'Write each purpose as { id, title, description, legalBasis }.',
  },
  'missing-purpose-id': {
    severity: 'error',
    message: (p: { index: number }) => `Purpose #${p.index + 1} has no id.`,
    hint: () =>
      'Add an id in kebab-case, e.g. `id: reporting`; requests and grants name the purpose by it.',
  },
  'invalid-purpose-id': {
    severity: 'error',
    message: (p: { id: string; max: number }) =>
      `Purpose id "${p.id}" is not kebab-case of at most ${p.max} characters.`,
    hint: () => 'Use lower-case letters, digits and single hyphens, e.g. `contract-fulfilment`.',
  },
  'duplicate-purpose-id': {
    severity: 'error',
    message: (p: { id: string; first: number }) =>
      `Purpose id "${p.id}" is already used by purpose #${p.first + 1}.`,
    hint: () => 'Give each purpose its own id, or merge the two.',
  },
  'missing-purpose-title': {
    severity: 'error',
    message: (p: { id: string }) => `Purpose "${p.id}" has no title.`,
    hint: () =>
      'Add a title in German and English (`title: { de: Controlling, en: Reporting }`) or one text for both.',
  },
  'invalid-purpose-text': {
    severity: 'error',
    message: (p: { id: string; field: string; max: number }) =>
      `The ${p.field} of purpose "${p.id}" must be a text of at most ${p.max} characters, or { de, en } of such texts.`,
    hint: (p: { field: string }) =>
      `Write ${p.field}: "…" or ${p.field}: { de: "…", en: "…" } (no other keys).`,
  },
  'unknown-legal-basis': {
    severity: 'error',
    message: (p: { id: string; value: string }) =>
      `Purpose "${p.id}" names the legal basis ${p.value}, which is none of GDPR Art. 6(1) a–f.`,
    hint: () =>
      'Write a letter a–f (a consent, b contract, c legal obligation, d vital interests, e public task, f legitimate interests), or "art-6-1-a" … "art-6-1-f".',
  },
  'missing-legal-basis': {
    severity: 'warning',
    message: (p: { id: string }) => `Purpose "${p.id}" states no legal basis.`,
    hint: () =>
      'Without a legal basis (legalBasis: a–f) no data with personal columns can be requested for it; add one if that is meant to be possible.',
  },
  'invalid-personal-data-in-clear': {
    severity: 'error',
    message: (p: { id: string }) =>
      `personalDataInClear of purpose "${p.id}" is not true or false.`,
    hint: () =>
      'Write personalDataInClear: true only where the purpose needs personal columns unmasked; leave it out otherwise.',
  },
  'unknown-purpose-field': {
    severity: 'error',
    message: (p: { key: string; id: string }) => `Unknown key "${p.key}" in purpose "${p.id}".`,
    hint: (p: { near: string | undefined }) =>
      p.near === undefined
        ? 'A purpose has id, title, description, legalBasis and personalDataInClear.'
        : `Did you mean "${p.near}"?`,
  },
});

/** Codes of a request's input (request-rules.ts `validateRequestInput`); each names its field. */
export const requestInputCodes = defineCatalogue({
  'request-not-an-object': {
    severity: 'error',
    message: () => 'The access request is not an object of fields.',
    hint: () =>
      'Send { productId, port, consumerTeam, purpose, endsAt, columns?, justification, renewalOf? }.',
  },
  'unknown-request-field': {
    severity: 'error',
    message: (p: { key: string }) => `Unknown field "${p.key}" in the access request.`,
    hint: (p: { near: string | undefined }) =>
      p.near === undefined
        ? 'Fields: productId, port, consumerTeam, purpose, endsAt, columns, justification, renewalOf.'
        : `Did you mean "${p.near}"?`,
  },
  'missing-request-field': {
    severity: 'error',
    message: (p: { field: string }) => `The access request has no ${p.field}.`,
    hint: (p: { field: string }) => `Give ${p.field} as a text of at most 200 characters.`,
  },
  'invalid-request-field': {
    severity: 'error',
    message: (p: { field: string; max: number }) =>
      `${p.field} must be a text of 1 to ${p.max} characters.`,
    hint: (p: { field: string }) => `Give ${p.field} as a text.`,
  },
  'unknown-purpose': {
    severity: 'error',
    message: (p: { purpose: string }) => `"${p.purpose}" is not a purpose of the catalogue.`,
    hint: (p: { suggestion: string }) => p.suggestion,
  },
  'invalid-end-date': {
    severity: 'error',
    message: () => 'endsAt is not a date (YYYY-MM-DD) or a date-time with a time zone.',
    hint: () =>
      'Write e.g. 2026-06-30 (access ends at the end of that day, UTC) or 2026-06-30T18:00:00Z.',
  },
  'end-not-in-future': {
    severity: 'error',
    message: (p: { endsAt: string }) => `The end date ${p.endsAt} is not in the future.`,
    hint: () => 'Choose an end date after today.',
  },
  'end-too-far': {
    severity: 'error',
    message: (p: { endsAt: string; maxDays: number }) =>
      `The end date ${p.endsAt} is more than ${p.maxDays} days away.`,
    hint: (p: { latest: string }) =>
      `Choose ${p.latest} or earlier; ask again (renew) when the access is still needed then.`,
  },
  'invalid-columns': {
    severity: 'error',
    message: (p: { max: number }) =>
      `columns must be a list of 1 to ${p.max} column names, or left out for every column.`,
    hint: () =>
      'Name the columns as object.property, e.g. ["orders.order_id", "orders.total"], or by the property alone when one object of the port has it.',
  },
  'unknown-column': {
    severity: 'error',
    message: (p: { column: string }) => `The port has no column "${p.column}".`,
    hint: (p: { suggestion: string }) => p.suggestion,
  },
  'ambiguous-column': {
    severity: 'error',
    message: (p: { column: string }) =>
      `The column name "${p.column}" is in more than one object of the port.`,
    hint: (p: { matches: string }) => `Name it as object.property: ${p.matches}.`,
  },
  'more-problems': {
    severity: 'error',
    message: (p: { what: string; count: number }) => `… and ${p.count} more ${p.what}.`,
    hint: () => 'Fix the ones named first; the rest are of the same kind.',
  },
  'missing-justification': {
    severity: 'error',
    message: () => 'The access request has no justification.',
    hint: () => 'Say in a sentence or two what the data is needed for; the approvers read it.',
  },
  'justification-too-long': {
    severity: 'error',
    message: (p: { length: number; max: number }) =>
      `The justification has ${p.length} characters, more than ${p.max}.`,
    hint: (p: { max: number }) => `Shorten it to at most ${p.max} characters.`,
  },
});

/** Why a decision cannot be applied to a request (request-rules.ts). */
export const decisionCodes = defineCatalogue({
  'request-not-pending': {
    severity: 'error',
    message: (p: { id: string; state: string }) =>
      `Access request ${p.id} is ${p.state}, no longer pending: it cannot be decided again.`,
    hint: () => 'Reload the request; a renewal is a new request.',
  },
  'approval-not-required': {
    severity: 'error',
    message: (p: { id: string; role: string; required: string }) =>
      `Access request ${p.id} needs no ${p.role} approval (it needs: ${p.required}).`,
    hint: () => 'Approve in a role the request needs.',
  },
  'self-approval': {
    severity: 'error',
    message: (p: { id: string; by: string }) =>
      `${p.by} asked for access request ${p.id} and cannot approve it too.`,
    hint: () => 'Another owner (or the data protection officer) has to approve it.',
  },
  'same-approver': {
    severity: 'error',
    message: (p: { id: string; by: string; role: string }) =>
      `${p.by} already approved access request ${p.id} as ${p.role}; the second approval must come from someone else.`,
    hint: () => 'Ask another person with the remaining role to approve it.',
  },
  'request-ended': {
    severity: 'error',
    message: (p: { id: string; endsAt: string }) =>
      `Access request ${p.id} ended on ${p.endsAt} before it was approved.`,
    hint: () => 'Ask for access again with a later end date.',
  },
});
