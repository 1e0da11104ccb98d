import type { Grant } from '../../core/access/model.ts';
import type {
  Consumer,
  ContractChange,
  GrantConsumer,
  VersionVerdict,
} from '../../core/diff/index.ts';
import {
  CONSUMERS_NOTE,
  consumersOf,
  diffContracts,
  grantConsumersOf,
  versionVerdict,
} from '../../core/diff/index.ts';
import type { MeshModel } from '../../core/mesh/mesh-model.ts';
import type { OdcsContract } from '../../core/standards/odcs/index.ts';

/** A change, with the contract file and id it belongs to. */
export interface ReportChange extends ContractChange {
  readonly file: string;
  readonly contract: string;
}

export interface ContractVersion extends VersionVerdict {
  readonly file: string;
  readonly contract: string;
}

/** What `meshwork diff` reports, whether for two files or a whole mesh against a git ref. */
export interface DiffReport {
  /** Whether any change is breaking. */
  readonly breaking: boolean;
  /** False when breaking changes come without a new major version (exit 1). */
  readonly ok: boolean;
  readonly changes: readonly ReportChange[];
  readonly consumers: readonly Consumer[];
  /** Teams with an active access grant that the change reaches. */
  readonly grantees: readonly GrantConsumer[];
  /** Why grantees could not be named (the store could not be read), or null. */
  readonly granteesUnknown: string | null;
  readonly versions: readonly ContractVersion[];
  /** Contract files that could not be compared (not valid ODCS), with the reason. */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  readonly note: string;
}

/** One comparison: both versions, only the old one (removed) or only the new one (added). */
export interface ContractPair {
  readonly file: string;
  readonly from: OdcsContract | undefined;
  readonly to: OdcsContract | undefined;
}

/**
 * The active grants of the workspace, for naming the teams a change reaches; or why they
 * could not be read — said in the report, never taken for "no one".
 */
export type ActiveGrants = { readonly grants: readonly Grant[] } | { readonly unavailable: string };

export function buildReport(
  pairs: readonly ContractPair[],
  model: MeshModel | undefined,
  skipped: DiffReport['skipped'],
  note: string = CONSUMERS_NOTE,
  active: ActiveGrants = { grants: [] },
): DiffReport {
  const changes: ReportChange[] = [];
  const versions: ContractVersion[] = [];
  const touched = new Set<string>();
  for (const { file, from, to } of pairs) {
    const contract = to?.id ?? from?.id ?? file;
    if (from && to) {
      const found = diffContracts(from, to);
      if (found.length === 0) continue;
      changes.push(...found.map((c) => ({ ...c, file, contract })));
      versions.push({ ...versionVerdict(from.version, to.version, found), file, contract });
      touched.add(from.id).add(to.id);
    } else if (to) {
      changes.push(wholeFile(file, contract, 'added', 'info', 'A new contract.'));
    } else if (from) {
      changes.push(
        wholeFile(
          file,
          contract,
          'removed',
          'breaking',
          'The contract is gone: products reading it lose their input.',
        ),
      );
      versions.push(removedVerdict(file, from));
      touched.add(from.id);
    }
  }
  const consumers = model ? [...touched].flatMap((id) => consumersOf(model, id)) : [];
  const grantees =
    model && 'grants' in active
      ? [...touched].flatMap((id) => grantConsumersOf(model, id, active.grants))
      : [];
  return {
    breaking: changes.some((c) => c.severity === 'breaking'),
    ok: versions.every((v) => v.severity !== 'error'),
    changes,
    consumers,
    grantees,
    granteesUnknown: 'unavailable' in active ? active.unavailable : null,
    versions,
    skipped,
    note,
  };
}

function wholeFile(
  file: string,
  contract: string,
  change: 'added' | 'removed',
  severity: ContractChange['severity'],
  reason: string,
): ReportChange {
  return {
    path: '$',
    change,
    severity,
    from: change === 'removed' ? contract : null,
    to: change === 'added' ? contract : null,
    reason,
    file,
    contract,
  };
}

/**
 * Removing a contract cannot come with a new version of it. It is accepted once the last
 * version was `retired` (that major version announced the break); otherwise it is an error.
 */
function removedVerdict(file: string, from: OdcsContract): ContractVersion {
  const retired = from.status?.trim().toLowerCase() === 'retired';
  return {
    file,
    contract: from.id,
    from: from.version,
    to: null,
    bump: 'unknown',
    required: 'major',
    severity: retired ? 'ok' : 'error',
    message: retired
      ? 'Removed after it was retired.'
      : 'Removed without being retired first: release a major version with status retired, then remove it.',
  };
}
