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
