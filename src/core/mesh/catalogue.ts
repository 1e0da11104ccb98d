import { defineCatalogue } from '../findings/codes.ts';

/** Codes of the mesh-level (referential) checks. */
export const meshCodes = defineCatalogue({
  'missing-mesh-file': {
    severity: 'error',
    message: () => 'No meshwork.yaml at the root of the mesh repository.',
    hint: () => 'Create meshwork.yaml with the organisation (run `meshwork init` to scaffold one).',
  },
  'misplaced-file': {
    severity: 'error',
    message: (p: { file: string; expected: string }) =>
      `${p.file} is not where the mesh layout expects it.`,
    hint: (p: { expected: string }) => `Move it to ${p.expected}.`,
  },
  'missing-domain-file': {
    severity: 'error',
    message: (p: { domain: string }) => `Domain folder "${p.domain}" has no domain.yaml.`,
    hint: (p: { domain: string }) =>
      `Create domains/${p.domain}/domain.yaml with the domain's name, title and team.`,
  },
  'missing-product-file': {
    severity: 'error',
    message: (p: { folder: string }) =>
      `Folder ${p.folder} holds contracts but no product.odps.yaml.`,
    hint: () =>
      'Add product.odps.yaml describing the data product, or move the contracts to the product that owns them.',
  },
  'domain-name-mismatch': {
    severity: 'error',
    message: (p: { name: string; folder: string }) =>
      `Domain name "${p.name}" differs from its folder "${p.folder}".`,
    hint: (p: { folder: string }) => `Set name: ${p.folder}, or rename the folder.`,
  },
  'unknown-domain': {
    severity: 'error',
    message: (p: { domain: string; known: string }) =>
      `Domain "${p.domain}" does not exist (known: ${p.known}).`,
    hint: (p: { suggestion: string }) => p.suggestion,
  },
  'product-domain-mismatch': {
    severity: 'error',
    message: (p: { domain: string; folder: string }) =>
      `Product says domain "${p.domain}" but lives in domains/${p.folder}/.`,
    hint: (p: { folder: string }) =>
      `Set domain: ${p.folder}, or move the product folder to its domain.`,
  },
  'missing-product-domain': {
    severity: 'error',
    message: (p: { folder: string }) => `Product has no domain; it lives in domains/${p.folder}/.`,
    hint: (p: { folder: string }) => `Add domain: ${p.folder}.`,
  },
  'duplicate-id': {
    severity: 'error',
    message: (p: { id: string; other: string }) => `Id "${p.id}" is already used by ${p.other}.`,
    hint: () => 'Ids must be unique across the mesh: give one of them another id.',
  },
  'duplicate-port': {
    severity: 'error',
    message: (p: { port: string }) => `Output port "${p.port}" is declared more than once.`,
    hint: () => 'Port names must be unique within a product: rename or remove one of them.',
  },
  'unsafe-port-name': {
    severity: 'error',
    message: (p: { port: string }) =>
      `Port name ${JSON.stringify(p.port)} cannot be one folder of the warehouse.`,
    hint: () =>
      "A port's name is the folder its snapshots live in: use a plain name without '/', '\\', a leading '.', control characters or more than 255 bytes. Builds, retention and erasure refuse the port until then.",
  },
  'unknown-contract': {
    severity: 'error',
    message: (p: { id: string; port: string }) =>
      `Port "${p.port}" names contract "${p.id}", which does not exist in the mesh.`,
    hint: (p: { suggestion: string }) => p.suggestion,
  },
  'missing-contract-id': {
    severity: 'error',
    message: (p: { port: string }) => `Output port "${p.port}" has no contractId.`,
    hint: () =>
      'Every output port needs a data contract: add contractId naming an .odcs.yaml in this product folder.',
  },
  'output-contract-elsewhere': {
    severity: 'error',
    message: (p: { id: string; port: string; file: string }) =>
      `Output port "${p.port}" uses contract "${p.id}" from ${p.file}, outside this product's folder.`,
    hint: () =>
      "A product's output contracts live in its own folder: move the contract here, or read it through an input port.",
  },
  'contract-output-of-two-products': {
    severity: 'error',
    message: (p: { id: string; other: string }) =>
      `Contract "${p.id}" is already the output of product "${p.other}".`,
    hint: () =>
      'Each contract describes the output of exactly one product: give this port its own contract.',
  },
  'orphan-contract': {
    severity: 'warning',
    message: (p: { id: string }) =>
      `Contract "${p.id}" is not used by any output port of its product.`,
    hint: () => "Reference it from an output port's contractId, or remove it.",
  },
  'input-reads-unpublished-contract': {
    severity: 'warning',
    message: (p: { id: string }) =>
      `Input port reads contract "${p.id}", which no product publishes as an output port.`,
    hint: () =>
      'Read a source contract or another output port, or add the contract to an output port of its product.',
  },
  'lineage-cycle': {
    severity: 'error',
    message: (p: { cycle: string }) => `The lineage graph has a cycle: ${p.cycle}.`,
    hint: () =>
      'A product cannot depend on itself, directly or through others: remove one of the input ports in the cycle.',
  },
  'reads-retired-contract': {
    severity: 'error',
    message: (p: { id: string; port: string }) =>
      `Active product reads retired contract "${p.id}" through input port "${p.port}".`,
    hint: () =>
      'Move the input port to the contract that replaced it, or set the product status accordingly.',
  },
  'reads-deprecated-contract': {
    severity: 'warning',
    message: (p: { id: string; port: string }) =>
      `Active product reads deprecated contract "${p.id}" through input port "${p.port}".`,
    hint: () => 'Plan the move to the contract that replaces it before it is retired.',
  },
  'team-not-in-domain': {
    severity: 'error',
    message: (p: { team: string; domain: string; known: string }) =>
      `Team "${p.team}" is not a team of domain "${p.domain}" (its teams: ${p.known}).`,
    hint: () =>
      "Set the product's team.name to the domain's team or one of its teams in domain.yaml.",
  },
  'missing-product-team': {
    severity: 'warning',
    message: () => 'The product names no owning team.',
    hint: (p: { known: string }) => `Add team: { name: ${p.known} } so people know who owns it.`,
  },
  'unknown-relationship-contract': {
    severity: 'error',
    message: (p: { ref: string }) =>
      `Relationship points at "${p.ref}", which names no contract, schema object or property of the mesh.`,
    hint: () =>
      'Write the reference as <contract id>.<object>.<property> of an existing contract, or fix the name.',
  },
  'reference-unchecked': {
    severity: 'info',
    message: (p: { ref: string; file: string }) =>
      `"${p.ref}" could not be checked: ${p.file}, which it points into, did not parse.`,
    hint: (p: { file: string }) =>
      `Fix the YAML errors in ${p.file} first; the reference is checked again then.`,
  },
  'unreadable-file': {
    severity: 'error',
    message: (p: { reason: string }) => `The file cannot be read: ${p.reason}.`,
    hint: () => 'Check that the file exists and is readable, and is UTF-8 text.',
  },
  'not-an-object': {
    severity: 'error',
    message: () => 'The document is empty or not a mapping of keys.',
    hint: () => 'Write the document as YAML keys and values (see the examples in the README).',
  },
});
