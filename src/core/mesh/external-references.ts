import { issue } from '../findings/codes.ts';
import type { Finding } from '../findings/finding.ts';
import { meshCodes } from './catalogue.ts';

/**
 * Relationship ends in other contracts, resolved against the whole mesh: either
 * `<contract id>.<object>[.<property>]` (the written ODCS standard allows shorthand
 * references with more than two segments across contracts; its JSON Schema's pattern
 * does not say so) or `<file>#<element>` with the file relative to the referring
 * contract. URLs outside the mesh cannot be checked and are left alone.
 */
import type { ExternalReference } from '../semantic/index.ts';
import type { ContractEntry, MeshDocument, MeshModel } from './mesh-model.ts';
import { isUnparsed, unparsedContractWithId } from './unparsed.ts';

export function checkExternalReferences(
  model: MeshModel,
  byDocument: readonly { doc: MeshDocument; references: readonly ExternalReference[] }[],
): Finding[] {
  const findings: Finding[] = [];
  for (const { doc, references } of byDocument) {
    for (const reference of references) {
      if (resolves(model, doc, reference)) continue;
      const broken = brokenTarget(model, doc, reference);
      if (broken) {
        findings.push(
          ...doc.source.place([
            issue(
              meshCodes,
              'reference-unchecked',
              { ref: reference.ref, file: broken.path },
              reference.path,
            ),
          ]),
        );
        continue;
      }
      findings.push(
        ...doc.source.place([
          issue(meshCodes, 'unknown-relationship-contract', { ref: reference.ref }, reference.path),
        ]),
      );
    }
  }
  return findings;
}

/** The contract file that did not parse and that the reference points into, if any. */
function brokenTarget(
  model: MeshModel,
  doc: MeshDocument,
  reference: ExternalReference,
): MeshDocument | undefined {
  if (reference.notation === 'file') {
    const target = joinRelative(doc.path, reference.ref.split('#', 1)[0] ?? '');
    const contract = model.contracts.find((c) => c.doc.path === target);
    return isUnparsed(contract?.doc) ? contract?.doc : undefined;
  }
  const segments = reference.ref.split('.');
  for (let cut = segments.length - 1; cut >= 1; cut--) {
    const broken = unparsedContractWithId(model, segments.slice(0, cut).join('.'));
    if (broken) return broken;
  }
  return undefined;
}

function resolves(model: MeshModel, doc: MeshDocument, reference: ExternalReference): boolean {
  return referencedContract(model, doc, reference) !== undefined;
}

/**
 * The contract of the mesh a relationship end in `doc` points into; `outside` for a URL
 * (which cannot be checked), undefined when it resolves to nothing.
 */
export function referencedContract(
  model: MeshModel,
  doc: MeshDocument,
  reference: ExternalReference,
): ContractEntry | 'outside' | undefined {
  if (reference.notation === 'file') return resolveFile(model, doc, reference.ref);
  return resolveDotted(model, reference.ref);
}

/** Tries every split of the dotted reference into a contract id and an object[.property]. */
function resolveDotted(model: MeshModel, ref: string): ContractEntry | undefined {
  const segments = ref.split('.');
  for (let cut = segments.length - 1; cut >= 1; cut--) {
    const contracts = model.contractsById.get(segments.slice(0, cut).join('.'));
    if (contracts?.length !== 1) continue;
    if (hasElement(contracts[0]!, segments.slice(cut))) return contracts[0];
  }
  return undefined;
}

function resolveFile(
  model: MeshModel,
  doc: MeshDocument,
  ref: string,
): ContractEntry | 'outside' | undefined {
  const [file = '', element = ''] = ref.split('#', 2);
  if (/^[a-z][a-z0-9+.-]*:/i.test(file)) return 'outside';
  const target = joinRelative(doc.path, file);
  const contract = model.contracts.find((c) => c.doc.path === target);
  if (!contract) return undefined;
  const segments = element.startsWith('/')
    ? element
        .split('/')
        .filter((s, i) => s !== '' && !(i === 1 && s === 'schema') && s !== 'properties')
    : element.split('.');
  return element === '' || hasElement(contract, segments) ? contract : undefined;
}

function hasElement(contract: ContractEntry, rest: readonly string[]): boolean {
  if (rest.length === 0 || rest.length > 2) return false;
  const properties = contract.objects.get(rest[0]!);
  return properties !== undefined && (rest.length === 1 || properties.has(rest[1]!));
}

/** `a/b/c.odcs.yaml` + `../d/e.odcs.yaml` → `a/d/e.odcs.yaml` (mesh paths use `/`). */
function joinRelative(from: string, relativePath: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const segment of relativePath.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}
