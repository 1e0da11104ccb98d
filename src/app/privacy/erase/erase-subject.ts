import { randomUUID } from 'node:crypto';
import type { MeshModel } from '../../../core/mesh/mesh-model.ts';
import type { DsrTask, ErasureMode } from '../../../core/privacy/dsr-model.ts';
import type { SubjectIdentifier } from '../../../core/privacy/subject-keys.ts';
import { subjectKeysOf } from '../../../core/privacy/subject-keys.ts';
import { MeshworkError } from '../../errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import type { MeshworkStore } from '../../store/store.ts';
import type { NotSearched, SubjectLocation } from '../dsr/locate-subject.ts';
import { locateSubject } from '../dsr/locate-subject.ts';
import type { Linking } from '../dsr/locate-subject.ts';
import type { NotCoveredPort } from '../dsr/subject-coverage.ts';
import { notCoveredPorts, subjectDeclarationFindings } from '../dsr/subject-coverage.ts';
import type { Finding } from '../../../core/findings/finding.ts';
import type { RewriteTarget } from '../port-rewrite.ts';
import { rewritePort } from '../port-rewrite.ts';
import { assertStoreSubjectKey } from '../subject-key-check.ts';
import type { SubjectHashKey } from '../subject-hash.ts';
import { subjectHash } from '../subject-hash.ts';
import type { PortPlan, TaskPlan } from './erase-plan.ts';
import { planErasure } from './erase-plan.ts';

/**
 * `meshwork dsr erase` (GDPR Art. 17): the person is located (`locateSubject`, following
 * linked identifiers), then
 *
 * 1. a suppression per identifier is stored first, so a build that starts while (or after)
 *    the ports are rewritten does not bring the person back from a source;
 * 2. each output port holding them gets a new snapshot without their rows (delete) or with
 *    their personal columns pseudonymised, switched atomically and served again to its
 *    PostgreSQL tables (`rewritePort`, under the product's build lock);
 * 3. each source object holding them becomes a task for its owners (Meshwork does not write
 *    sources);
 * 4. the person is looked for again: what Meshwork writes must no longer hold them.
 *
 * Every step is an audit entry (`dsr.erase`, `dsr.task`) naming the person only by their
 * keyed hash. Running it twice is harmless: nothing found in the ports means no new
 * snapshot, and the store keeps one suppression per identifier and one open task per
 * source object and identifier.
 */

export interface EraseSubjectRequest {
  readonly meshRoot: string;
  readonly model: MeshModel;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly store: MeshworkStore;
  readonly key: SubjectHashKey;
  /** Who asked: a username, or the CLI's user. */
  readonly actor: string;
  readonly subject: SubjectIdentifier;
  readonly mode: ErasureMode;
  /**
   * Erase although the links are ambiguous (`SubjectLocation.linking`): the asked kind
   * ended with more than one identifier, or a link bound was reached. Only after a person
   * has reviewed `dsr find`'s answer; without it such an erasure is refused.
   */
  readonly acceptLinked?: boolean;
  readonly now?: () => Date;
}

/** What happened to one output port. */
export interface ErasedPort {
  readonly product: string;
  readonly port: string;
  readonly contract: string;
  /**
   * rewritten: a new snapshot without (or with pseudonymised) rows is served. unchanged: the
   * snapshot held no row of the person (e.g. only a stale serving table did — see
   * `remaining`). not-built: no snapshot. failed: nothing was changed, see `reason`.
   */
  readonly status: 'rewritten' | 'unchanged' | 'not-built' | 'failed';
  /** Rows of the person: removed (delete) or changed (pseudonymise), in the snapshot. */
  readonly rows: number;
  readonly snapshot: string | null;
  readonly previousSnapshot: string | null;
  /** The snapshot and each serving table, with what was done there. */
  readonly targets: readonly RewriteTarget[];
  readonly reason?: string;
}

export interface ErasureTaskOutcome {
  /** The task's id; null when it was not made (see `notMade`). */
  readonly id: string | null;
  readonly contract: string;
  readonly contractPath: string;
  readonly system: string;
  readonly object: string;
  /** The domain whose owners handle the task (its source contract's `domain:`), or null. */
  readonly domain: string | null;
  readonly kind: string;
  readonly column: string;
  readonly rows: number;
  /** False: an open task for this object and identifier was there already, or none was made. */
  readonly created: boolean;
  /** Why no task was made (the source's owners are not told): the erasure is not complete. */
  readonly notMade?: string;
}

export interface SuppressionOutcome {
  readonly kind: string;
  readonly mode: ErasureMode;
  /** False: an equal or stronger suppression of this identifier was there already. */
  readonly created: boolean;
}

/** Where Meshwork still finds the person in what it writes, after the erasure. */
export interface Remaining {
  readonly product: string;
  readonly port: string;
  readonly object: string;
  readonly rows: number;
  readonly where: string;
  /** The identifier kinds it is found by: erase again by one of them (or the next build drops it). */
  readonly via: readonly string[];
}

export interface EraseResult {
  readonly requestId: string;
  readonly mode: ErasureMode;
  /** The kind asked for and its keyed hash (the value itself is never in a result). */
  readonly kind: string;
  readonly subjectHash: string;
  readonly ports: readonly ErasedPort[];
  readonly tasks: readonly ErasureTaskOutcome[];
  readonly suppressions: readonly SuppressionOutcome[];
  /** Objects that may hold the person and could not be searched (before the erasure). */
  readonly notSearched: readonly NotSearched[];
  readonly warnings: readonly string[];
  readonly remaining: readonly Remaining[];
  /** How far the links reached (counts per kind, never values). */
  readonly linking: Linking;
  /**
   * Set when the erasure was refused: the links are ambiguous and `acceptLinked` was not
   * given. Nothing was erased, no suppression or task was stored.
   */
  readonly refused?: string;
  /** Malformed subject-key declarations: those columns were not searched nor erased. */
  readonly declarationFindings: readonly Finding[];
  /** Output ports with personal data but no subject key: not searched nor erased. */
  readonly notCovered: readonly NotCoveredPort[];
  /**
   * Every output port that held the person was erased, every serving table reloaded, none
   * is still found, and nothing was left unsearched. Open tasks for sources do not count
   * against it: they are the owners' part.
   */
  readonly complete: boolean;
}

export async function eraseSubject(request: EraseSubjectRequest): Promise<EraseResult> {
  const now = request.now ?? (() => new Date());
  const requestId = `dsr-${randomUUID()}`;
  const hash = (value: string): string => subjectHash(request.key, value);
  const askedHash = hash(request.subject.value);
  const audit = (action: string, target: string | null, details: Record<string, AuditValue>) =>
    recordAudit(request.store, {
      actor: request.actor,
      action,
      target,
      at: now().toISOString(),
      details: { requestId, mode: request.mode, ...details },
    });

  refuseUnknownKind(request);
  // Before anything is changed: suppressions under another key would be orphaned ones.
  await assertStoreSubjectKey(request.store, request.key, 'dsr erase');
  const keyFingerprint = request.key.fingerprint();
  const declarationFindings = subjectDeclarationFindings(request.model);
  const notCovered = notCoveredPorts(request.model);
  const location = await locate(request);
  if (location.linking.ambiguous && request.acceptLinked !== true) {
    const refused = refusal(location.kind, location.linking);
    await audit('dsr.erase', requestId, {
      step: 'refused',
      kind: request.subject.kind,
      subjectHash: askedHash,
      identifiers: location.linking.counts.map((c) => `${c.kind}:${c.identifiers}`).join(','),
    });
    return {
      requestId,
      mode: request.mode,
      kind: request.subject.kind,
      subjectHash: askedHash,
      ports: [],
      tasks: [],
      suppressions: [],
      notSearched: location.notSearched,
      warnings: location.warnings,
      remaining: [],
      linking: location.linking,
      refused,
      declarationFindings,
      notCovered,
      complete: false,
    };
  }
  const plan = planErasure(location, request.model, hash);
  await audit('dsr.erase', requestId, {
    step: 'start',
    kind: request.subject.kind,
    subjectHash: askedHash,
    keyFingerprint,
    ports: plan.ports.length,
    sources: new Set(plan.tasks.map((t) => `${t.match.contractPath}/${t.match.object}`)).size,
    notSearched: location.notSearched.length,
  });

  const suppressions: SuppressionOutcome[] = [];
  for (const identifier of plan.identifiers) {
    const added = await request.store.suppressions.add({
      id: randomUUID(),
      kind: identifier.kind,
      subjectHash: hash(identifier.value),
      mode: request.mode,
      keyFingerprint,
      requestId,
      createdAt: now().toISOString(),
    });
    suppressions.push({
      kind: identifier.kind,
      mode: added.suppression.mode,
      created: added.changed,
    });
    if (added.changed)
      await audit('dsr.erase', requestId, {
        step: 'suppression',
        kind: identifier.kind,
        subjectHash: added.suppression.subjectHash,
        suppressionMode: added.suppression.mode,
      });
  }

  const ports: ErasedPort[] = [];
  for (const port of plan.ports) {
    const erased = await erasePort(request, port);
    ports.push(erased);
    await audit('dsr.erase', `${port.productName}/${port.port}`, {
      step: 'port',
      subjectHash: askedHash,
      status: erased.status,
      rows: erased.rows,
      snapshot: erased.snapshot,
      servingSkipped: erased.targets.filter((t) => t.status === 'skipped').length,
      ...(erased.reason !== undefined ? { reason: erased.reason } : {}),
    });
  }

  const tasks: ErasureTaskOutcome[] = [];
  for (const task of plan.tasks) {
    const outcome = await openTask(request, task, requestId, hash(task.value), now);
    tasks.push(outcome);
    if (outcome.notMade !== undefined)
      await audit('dsr.task', null, {
        contract: outcome.contract,
        contractPath: outcome.contractPath,
        system: outcome.system,
        object: outcome.object,
        kind: outcome.kind,
        subjectHash: hash(task.value),
        notMade: outcome.notMade,
      });
    if (outcome.created)
      await audit('dsr.task', outcome.id, {
        contract: outcome.contract,
        domain: outcome.domain,
        system: outcome.system,
        object: outcome.object,
        kind: outcome.kind,
        subjectHash: hash(task.value),
        rows: outcome.rows,
      });
  }

  const remaining = await stillFound(request, plan.identifiers);
  const complete =
    tasks.every((t) => t.notMade === undefined) &&
    declarationFindings.length === 0 &&
    location.notSearched.length === 0 &&
    location.warnings.length === 0 &&
    remaining.length === 0 &&
    ports.every((p) => p.status !== 'failed' && p.targets.every((t) => t.status !== 'skipped'));
  await audit('dsr.erase', requestId, {
    step: 'done',
    subjectHash: askedHash,
    rewritten: ports.filter((p) => p.status === 'rewritten').length,
    failed: ports.filter((p) => p.status === 'failed').length,
    tasksCreated: tasks.filter((t) => t.created).length,
    tasksNotMade: tasks.filter((t) => t.notMade !== undefined).length,
    suppressionsCreated: suppressions.filter((s) => s.created).length,
    remaining: remaining.length,
    complete,
  });
  return {
    requestId,
    mode: request.mode,
    kind: request.subject.kind,
    subjectHash: askedHash,
    ports,
    tasks,
    suppressions,
    notSearched: location.notSearched,
    warnings: location.warnings,
    remaining,
    linking: location.linking,
    declarationFindings,
    notCovered,
    complete,
  };
}

/** Why an ambiguous erasure is refused: counts per kind and where the extra values came from. */
function refusal(kind: string, linking: Linking): string {
  const counts = linking.counts.map((c) => `${c.kind}: ${c.identifiers}`).join(', ');
  const from = linking.extraFrom
    .map((o) =>
      o.product !== null
        ? `product ${o.product} port ${o.port ?? '?'} object ${o.object}`
        : `source ${o.source ?? '?'} contract ${o.contract} object ${o.object}`,
    )
    .join('; ');
  return `refused: ${linking.reasons.join('; ')}. Identifiers per kind: ${counts}.${from === '' ? '' : ` The further ${kind} identifiers were read from: ${from}.`} Review \`meshwork dsr find\` for the person; erase with --accept-linked only if every row found is theirs.`;
}

type AuditValue = string | number | boolean | null;

/**
 * A kind no contract declares finds nobody anywhere, and "nothing found, nothing to do"
 * would read as a successful erasure — most likely of a typo. Refused instead, naming the
 * kinds there are.
 */
function refuseUnknownKind(request: EraseSubjectRequest): void {
  const kinds = new Set(
    request.model.contracts.flatMap((c) => subjectKeysOf(c.doc.source.data).map((k) => k.kind)),
  );
  if (kinds.has(request.subject.kind)) return;
  throw new MeshworkError(
    'invalid-input',
    `no contract declares a subject key of kind "${request.subject.kind}" (meshworkSubjectKey), so nothing could be searched or erased; ${kinds.size === 0 ? 'the mesh declares none' : `declared: ${[...kinds].sort().join(', ')}`}.`,
  );
}

function locate(request: EraseSubjectRequest): Promise<SubjectLocation> {
  return locateSubject({
    meshRoot: request.meshRoot,
    model: request.model,
    subject: request.subject,
    env: request.env,
  });
}

/** One port; a failure is reported for it and the other ports go on (as in a build). */
async function erasePort(request: EraseSubjectRequest, port: PortPlan): Promise<ErasedPort> {
  const base = {
    product: port.productName,
    port: port.port,
    contract: port.contract.id ?? port.contract.doc.path,
  };
  try {
    const result = await rewritePort({
      meshRoot: request.meshRoot,
      env: { ...request.env },
      product: port.product,
      port: port.port,
      contract: port.contract,
      change: {
        action: request.mode === 'delete' ? 'delete' : 'pseudonymise',
        match: port.match,
        columns: port.personalColumns,
        key: request.key,
      },
    });
    return {
      ...base,
      status: result.status === 'dry-run' ? 'unchanged' : result.status,
      rows: result.matched,
      snapshot: result.snapshot,
      previousSnapshot: result.previousSnapshot,
      targets: result.targets,
    };
  } catch (error) {
    return {
      ...base,
      status: 'failed',
      rows: 0,
      snapshot: null,
      previousSnapshot: null,
      targets: [],
      reason: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '',
    };
  }
}

async function openTask(
  request: EraseSubjectRequest,
  plan: TaskPlan,
  requestId: string,
  hash: string,
  now: () => Date,
): Promise<ErasureTaskOutcome> {
  if (plan.notMade !== null)
    return {
      id: null,
      contract: plan.match.contract,
      contractPath: plan.match.contractPath,
      system: plan.system,
      object: plan.match.object,
      domain: plan.domain,
      kind: plan.kind,
      column: plan.column,
      rows: plan.match.rows,
      created: false,
      notMade: plan.notMade,
    };
  const task: DsrTask = {
    id: randomUUID(),
    requestId,
    mode: request.mode,
    contractId: plan.match.contract,
    contractPath: plan.match.contractPath,
    system: plan.system,
    object: plan.match.object,
    domain: plan.domain,
    kind: plan.kind,
    column: plan.column,
    subjectHash: hash,
    keyFingerprint: request.key.fingerprint(),
    rows: plan.match.rows,
    state: 'open',
    createdAt: now().toISOString(),
    doneAt: null,
    doneBy: null,
  };
  const { task: stored, created } = await request.store.dsrTasks.create(task);
  return {
    id: stored.id,
    contract: stored.contractId,
    contractPath: stored.contractPath,
    system: stored.system,
    object: stored.object,
    domain: stored.domain ?? null,
    kind: stored.kind,
    column: stored.column,
    rows: plan.match.rows,
    created,
  };
}

/**
 * The person looked for again in the product ports (sources still hold them until their
 * owners act). By every identifier known before the erasure, not only the one asked for:
 * a link that lived only in an erased port (e-mail → customer number) is gone now, and a
 * port keyed by that number, if it could not be erased, would otherwise go unnoticed. One
 * search usually covers them all, as it follows the links the sources still hold.
 */
async function stillFound(
  request: EraseSubjectRequest,
  identifiers: readonly { readonly kind: string; readonly value: string }[],
): Promise<Remaining[]> {
  const covered = new Set<string>();
  const found = new Map<string, Remaining>();
  for (const identifier of identifiers) {
    if (covered.has(`${identifier.kind}=${identifier.value}`)) continue;
    const after = await locate({ ...request, subject: identifier });
    for (const [kind, values] of after.identifiers)
      for (const value of values) covered.add(`${kind}=${value}`);
    for (const m of after.matches) {
      if (m.product === null || m.port === null || m.rows === 0) continue;
      const where =
        m.read.kind === 'snapshot'
          ? m.read.file
          : `server "${m.read.server}" (${m.read.type}), table ${m.read.table}`;
      const key = `${m.contractPath}\u0000${m.object}\u0000${where}`;
      const seen = found.get(key);
      if (!seen || seen.rows < m.rows)
        found.set(key, {
          product: m.product,
          port: m.port,
          object: m.object,
          rows: m.rows,
          where,
          via: m.via,
        });
    }
  }
  return [...found.values()];
}
