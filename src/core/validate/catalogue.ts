import { defineCatalogue } from '../findings/codes.ts';

/** Codes for documents that cannot be validated as what their name says they are. */
export const documentCodes = defineCatalogue({
  'not-an-object': {
    severity: 'error',
    message: (p: { what: string }) =>
      `The document is empty or not a mapping of keys; expected ${p.what}.`,
    hint: () => 'Write the document as YAML keys and values (see the examples in the README).',
  },
  'unknown-document-kind': {
    severity: 'error',
    message: (p: { file: string }) => `Cannot tell what ${p.file} is from its name.`,
    hint: () =>
      'Name data contracts *.odcs.yaml and data products *.odps.yaml, or pass a mesh repository folder.',
  },
});
