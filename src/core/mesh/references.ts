import { issue } from '../findings/codes.ts';
import type { CodeParams } from '../findings/codes.ts';
import type { DocPath, Finding } from '../findings/finding.ts';
import { suggestion } from '../text/suggest.ts';
import { meshCodes } from './catalogue.ts';
import { isPlainFolderName } from './folder-name.ts';
import { lineageCycles, lineageEdges } from './lineage.ts';
import type {
  ContractEntry,
  MeshDocument,
  MeshModel,
  PortEntry,
  ProductEntry,
} from './mesh-model.ts';
import { productOf } from './mesh-model.ts';
import { productKey } from './product-lookup.ts';
import { isUnparsed, unparsedContractWithId } from './unparsed.ts';

type Code = keyof typeof meshCodes;

/**
 * The referential checks of a whole mesh: domains exist, ids are unique, every
 * contractId resolves to exactly one contract, output contracts belong to their product,
 * lineage has no cycle, active products do not read retired contracts, and a product's
 * team is one of its domain's teams.
 */
export function checkReferences(model: MeshModel): Finding[] {
  const findings: Finding[] = [];
  const report = <K extends Code>(
    doc: MeshDocument,
    code: K,
    params: CodeParams<(typeof meshCodes)[K]>,
    path: DocPath,
  ): void => {
    findings.push(...doc.source.place([issue(meshCodes, code, params, path)]));
  };

  checkDomains(model, report);
  findings.push(...checkUniqueness(model));
  checkProducts(model, report);
  checkPortNames(model, report);
  checkOrphanContracts(model, report);
  checkCycles(model, report);
  return findings;
}

type Report = <K extends Code>(
  doc: MeshDocument,
  code: K,
  params: CodeParams<(typeof meshCodes)[K]>,
  path: DocPath,
) => void;

function checkDomains(model: MeshModel, report: Report): void {
  for (const [folder, domain] of model.domains) {
    if (domain.name !== folder && domain.doc.source.data !== undefined) {
      report(domain.doc, 'domain-name-mismatch', { name: domain.name, folder }, ['name']);
    }
  }
}

/**
 * Ids and output port names that must name one thing: access refuses an ambiguous one and
 * the catalog shows these findings, so both run this check.
 */
export function checkUniqueness(model: MeshModel): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (doc, code, params, path) => {
    findings.push(...doc.source.place([issue(meshCodes, code, params, path)]));
  };
  checkUniqueIds(model, report);
  checkUniquePorts(model, report);
  return findings;
}

function checkUniquePorts(model: MeshModel, report: Report): void {
  const sorted = [...model.products].sort((a, b) => a.doc.path.localeCompare(b.doc.path));
  for (const product of sorted) {
    const seen = new Set<string>();
    for (const port of product.outputPorts) {
      if (seen.has(port.name))
        report(product.doc, 'duplicate-port', { port: port.name }, [
          'outputPorts',
          port.index,
          'name',
        ]);
      seen.add(port.name);
    }
  }
}

/**
 * A port's name becomes a folder of the warehouse (output ports) and of what reads it; one
 * that is a path (`../../sales/orders/orders`) would let this product's build, retention or
 * erasure write another product's data, so it is an error here, before any of them runs.
 */
function checkPortNames(model: MeshModel, report: Report): void {
  const sorted = [...model.products].sort((a, b) => a.doc.path.localeCompare(b.doc.path));
  for (const product of sorted) {
    for (const [key, ports] of [
      ['inputPorts', product.inputPorts],
      ['outputPorts', product.outputPorts],
    ] as const) {
      for (const port of ports) {
        if (!isPlainFolderName(port.name))
          report(product.doc, 'unsafe-port-name', { port: port.name }, [key, port.index, 'name']);
      }
    }
  }
}

function checkUniqueIds(model: MeshModel, report: Report): void {
  const firstUse = new Map<string, string>();
  const describe = (doc: MeshDocument): string => doc.path;
  // A product without an id is known by its folder name (the catalog's and access's key).
  const entries: { id: string | undefined; doc: MeshDocument }[] = [
    ...model.products.map((p) => ({
      id: p.doc.source.data === undefined ? p.id : productKey(p),
      doc: p.doc,
    })),
    ...model.contracts.map((c) => ({ id: c.id, doc: c.doc })),
  ].sort((a, b) => a.doc.path.localeCompare(b.doc.path));
  for (const { id, doc } of entries) {
    if (id === undefined) continue;
    const other = firstUse.get(id);
    if (other === undefined) firstUse.set(id, describe(doc));
    else report(doc, 'duplicate-id', { id, other }, ['id']);
  }
}

function checkProducts(model: MeshModel, report: Report): void {
  const contractIds = [...model.contractsById.keys()].sort();
  const domainNames = [...model.domains.keys()].sort();
  const sorted = [...model.products].sort((a, b) => a.doc.path.localeCompare(b.doc.path));

  for (const product of sorted) {
    if (product.doc.source.data === undefined) continue;
    const folderDomain = model.domains.get(product.domainFolder);
    if (product.declaredDomain === undefined) {
      report(product.doc, 'missing-product-domain', { folder: product.domainFolder }, []);
    } else if (!model.domains.has(product.declaredDomain)) {
      report(
        product.doc,
        'unknown-domain',
        {
          domain: product.declaredDomain,
          known: domainNames.join(', ') || 'none',
          suggestion: suggestion(product.declaredDomain, domainNames, 'domain'),
        },
        ['domain'],
      );
    } else if (product.declaredDomain !== product.domainFolder) {
      report(
        product.doc,
        'product-domain-mismatch',
        { domain: product.declaredDomain, folder: product.domainFolder },
        ['domain'],
      );
    }

    // A domain.yaml that did not parse names no teams; its own syntax findings say why.
    if (folderDomain && !isUnparsed(folderDomain.doc)) {
      if (product.teamName === undefined) {
        report(
          product.doc,
          'missing-product-team',
          { known: folderDomain.teamNames[0] ?? '<team>' },
          [],
        );
      } else if (!folderDomain.teamNames.includes(product.teamName)) {
        report(
          product.doc,
          'team-not-in-domain',
          {
            team: product.teamName,
            domain: product.domainFolder,
            known: folderDomain.teamNames.join(', ') || 'none',
          },
          ['team', 'name'],
        );
      }
    }

    for (const port of product.outputPorts) {
      const path = ['outputPorts', port.index, 'contractId'];
      if (port.contractId === undefined) {
        report(product.doc, 'missing-contract-id', { port: port.name }, [
          'outputPorts',
          port.index,
        ]);
        continue;
      }
      const contract = resolvePort(model, product, port, contractIds, report);
      if (!contract) continue;
      const owner = contract.owner;
      if (
        owner.kind === 'product' &&
        owner.domain === product.domainFolder &&
        owner.product === product.productFolder
      )
        continue;
      const publisher = publishedBy(model, contract);
      if (publisher && publisher !== product) {
        report(
          product.doc,
          'contract-output-of-two-products',
          { id: port.contractId, other: publisher.id ?? publisher.doc.path },
          path,
        );
      } else {
        report(
          product.doc,
          'output-contract-elsewhere',
          { id: port.contractId, port: port.name, file: contract.doc.path },
          path,
        );
      }
    }
  }

  for (const product of sorted) {
    if (product.doc.source.data === undefined) continue;
    for (const port of product.inputPorts) {
      if (port.contractId === undefined) continue;
      const path = ['inputPorts', port.index, 'contractId'];
      const contract = resolvePort(model, product, port, contractIds, report);
      if (!contract) continue;
      if (
        contract.owner.kind === 'product' &&
        !publishedBy(model, contract) &&
        !isUnparsed(productOf(model, contract)?.doc)
      ) {
        report(product.doc, 'input-reads-unpublished-contract', { id: port.contractId }, path);
      }
      if (product.status === 'active') {
        const status = effectiveStatus(model, contract);
        if (status === 'retired')
          report(
            product.doc,
            'reads-retired-contract',
            { id: port.contractId, port: port.name },
            path,
          );
        else if (status === 'deprecated')
          report(
            product.doc,
            'reads-deprecated-contract',
            { id: port.contractId, port: port.name },
            path,
          );
      }
    }
  }
}

/** A contract counts as retired or deprecated when it says so, or when the product publishing it does. */
function effectiveStatus(model: MeshModel, contract: ContractEntry): string | undefined {
  if (contract.status === 'retired' || contract.status === 'deprecated') return contract.status;
  const owner = productOf(model, contract);
  return owner?.status === 'retired' || owner?.status === 'deprecated'
    ? owner.status
    : contract.status;
}

function publishedBy(model: MeshModel, contract: ContractEntry): ProductEntry | undefined {
  const owner = productOf(model, contract);
  return owner?.outputPorts.some((p) => p.contractId === contract.id) ? owner : undefined;
}

/** The one contract a port's contractId names, or undefined after reporting why not. */
function resolvePort(
  model: MeshModel,
  product: ProductEntry,
  port: PortEntry,
  known: readonly string[],
  report: Report,
): ContractEntry | undefined {
  const id = port.contractId;
  if (id === undefined) return undefined;
  const candidates = model.contractsById.get(id);
  if (!candidates || candidates.length === 0) {
    const path = [port.kind === 'input' ? 'inputPorts' : 'outputPorts', port.index, 'contractId'];
    const broken = unparsedContractWithId(model, id);
    if (broken) {
      report(product.doc, 'reference-unchecked', { ref: id, file: broken.path }, path);
      return undefined;
    }
    const hint = suggestion(id, known, 'contract id');
    report(product.doc, 'unknown-contract', { id, port: port.name, suggestion: hint }, path);
    return undefined;
  }
  // Several contracts with this id are reported once, as duplicate-id at the contracts.
  return candidates.length === 1 ? candidates[0] : undefined;
}

function checkOrphanContracts(model: MeshModel, report: Report): void {
  for (const contract of model.contracts) {
    if (
      contract.owner.kind !== 'product' ||
      contract.id === undefined ||
      contract.doc.source.data === undefined
    )
      continue;
    const owner = productOf(model, contract);
    if (!owner) continue; // reported as missing-product-file by the loader
    if (isUnparsed(owner.doc)) continue; // its ports are unknown, not empty
    if (!owner.outputPorts.some((p) => p.contractId === contract.id)) {
      report(contract.doc, 'orphan-contract', { id: contract.id }, ['id']);
    }
  }
}

function checkCycles(model: MeshModel, report: Report): void {
  for (const cycle of lineageCycles(lineageEdges(model))) {
    const first = cycle[0];
    if (!first) continue;
    const names = cycle.map((e) =>
      e.from.kind === 'product' ? (e.from.product.id ?? e.from.product.doc.path) : '?',
    );
    const text = [...names, names[0]].join(' → ');
    report(first.to.doc, 'lineage-cycle', { cycle: text }, [
      'inputPorts',
      first.port.index,
      'contractId',
    ]);
  }
}
