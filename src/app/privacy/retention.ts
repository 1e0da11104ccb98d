import { productKey } from '../../core/build/plan.ts';
import { isPlainFolderName } from '../../core/mesh/folder-name.ts';
import type { ContractEntry, MeshModel, ProductEntry } from '../../core/mesh/mesh-model.ts';
import {
  describePeriod,
  retentionCutoff,
  retentionRuleOf,
} from '../../core/privacy/retention-rule.ts';
import { recordAudit } from '../accounts/audit.ts';
import type { StoreAccess } from '../store/store-access.ts';
import type { RewriteTarget } from './port-rewrite.ts';
import { rewritePort } from './port-rewrite.ts';

export interface RetentionRequest {
  readonly meshRoot: string;
  readonly env: NodeJS.ProcessEnv;
  readonly model: MeshModel;
  /** Delete the rows that are due; without it only count them (the default of the CLI). */
  readonly apply: boolean;
  readonly now: Date;
  /** Where `retention.apply` audit entries go (asked only when rows are deleted). */
  readonly store: StoreAccess;
  readonly actor: string;
}

export interface RetentionPort {
  /** The product's id (else `<domain>/<product>`), its port and the port's contract. */
  readonly product: string;
  readonly port: string;
  readonly contract: string;
  /**
   * due: rows are older than the period (dry run). deleted: they were deleted (--apply).
   * nothing-due: no row is older. not-built: the port has no snapshot yet.
   * not-enforceable: the contract's retention cannot be enforced (`reason`).
   */
  readonly status: 'due' | 'deleted' | 'nothing-due' | 'not-built' | 'not-enforceable';
  /** `10 years of orders.order_date`, when enforceable. */
  readonly retention: string | null;
  /** Rows dated before this are due (ISO 8601 UTC). */
  readonly cutoff: string | null;
  /** Rows in the served snapshot, and those older than the period. */
  readonly rows: number;
  readonly older: number;
  readonly reason?: string;
  /** Where rows were deleted (--apply): the snapshot and each serving table. */
  readonly targets?: readonly RewriteTarget[];
}

export interface RetentionReport {
  readonly apply: boolean;
  readonly now: string;
  /**
   * false when a port's retention cannot be enforced, or (--apply) a serving table was not
   * reached and still holds the rows that are due: the deletion is not done.
   */
  readonly complete: boolean;
  readonly ports: readonly RetentionPort[];
}

/**
 * `meshwork retention`: for each output port whose contract has a `retention` SLA, the rows
 * of its served snapshot older than the period (counted by the engine); with `apply` they
 * are deleted through the port rewrite (a new snapshot, switched atomically, and each
 * serving table loaded from it), each port's deletion an audit entry `retention.apply`.
 * Ports whose retention cannot be enforced are listed with the reason, never left out.
 */
export async function enforceRetention(request: RetentionRequest): Promise<RetentionReport> {
  // A deletion must be audited: a store that cannot be opened stops it before any row goes.
  if (request.apply) await request.store(() => Promise.resolve());
  const ports: RetentionPort[] = [];
  for (const product of request.model.products) {
    for (const port of product.outputPorts) {
      if (port.contractId === undefined) continue;
      const contract = outputContract(request.model, product, port.contractId);
      if (!contract) continue;
      const result = await retainPort(request, product, port.name, contract);
      if (result) ports.push(result);
    }
  }
  const complete = ports.every(
    (p) => p.status !== 'not-enforceable' && (p.targets ?? []).every((t) => t.status !== 'skipped'),
  );
  return { apply: request.apply, now: request.now.toISOString(), complete, ports };
}

async function retainPort(
  request: RetentionRequest,
  product: ProductEntry,
  port: string,
  contract: ContractEntry,
): Promise<RetentionPort | undefined> {
  const reading = retentionRuleOf(contract.doc.source.data);
  if (reading.kind === 'none') return undefined;
  const base = {
    product: product.id ?? productKey(product),
    port,
    contract: contract.id ?? contract.doc.path,
  };
  if (reading.kind === 'not-enforceable')
    return {
      ...base,
      status: 'not-enforceable',
      retention: null,
      cutoff: null,
      rows: 0,
      older: 0,
      reason: reading.reason,
    };
  // A port name from the YAML that is a path (`../../sales/…`) would make the deletion
  // reach another product's snapshots: refused here, and by the rewrite itself.
  if (!isPlainFolderName(port))
    return {
      ...base,
      status: 'not-enforceable',
      retention: null,
      cutoff: null,
      rows: 0,
      older: 0,
      reason: `the port name ${JSON.stringify(port)} cannot name a folder of the warehouse (refused; \`meshwork validate\` reports it as unsafe-port-name)`,
    };
  const { rule } = reading;
  const cutoff = retentionCutoff(rule, request.now).toISOString();
  const described = { retention: `${describePeriod(rule)} of ${rule.element}`, cutoff };
  const result = await rewritePort({
    meshRoot: request.meshRoot,
    env: request.env,
    product,
    port,
    contract,
    change: {
      action: 'delete',
      match: [{ kind: 'before', column: rule.column, cutoff }],
    },
    dryRun: !request.apply,
  });
  const counted = { rows: result.rows, older: result.matched };
  switch (result.status) {
    case 'not-built':
      return { ...base, ...described, ...counted, status: 'not-built' };
    case 'unchanged':
      return { ...base, ...described, ...counted, status: 'nothing-due' };
    case 'dry-run':
      return {
        ...base,
        ...described,
        ...counted,
        status: counted.older > 0 ? 'due' : 'nothing-due',
      };
    case 'rewritten':
      await request.store((store) =>
        recordAudit(store, {
          actor: request.actor,
          action: 'retention.apply',
          target: `${productKey(product)}/${port}`,
          details: {
            contract: base.contract,
            retention: described.retention,
            cutoff,
            rowsDeleted: result.matched,
            snapshot: result.snapshot,
            servingSkipped: result.targets.filter((t) => t.status === 'skipped').length,
          },
        }),
      );
      return { ...base, ...described, ...counted, status: 'deleted', targets: result.targets };
  }
}

/** The output contract of a port: the one the product owns, else any of that id. */
function outputContract(
  model: MeshModel,
  product: ProductEntry,
  contractId: string,
): ContractEntry | undefined {
  const candidates = model.contractsById.get(contractId) ?? [];
  return (
    candidates.find(
      (c) =>
        c.owner.kind === 'product' &&
        c.owner.domain === product.domainFolder &&
        c.owner.product === product.productFolder,
    ) ?? candidates[0]
  );
}
