import type { HoldsDomainRoles } from '../../core/access/roles.ts';
import { domainRoleOf, mayActAs } from '../../core/access/roles.ts';
import type { DsrTask } from '../../core/privacy/dsr-model.ts';
import { recordAudit } from '../accounts/audit.ts';
import { MeshworkError } from '../errors.ts';
import type { MeshworkStore, Page } from '../store/store.ts';

/**
 * The erasure tasks of sources Meshwork cannot write (`meshwork dsr erase` makes them), as
 * their owners and the DPO see and close them. Who may: governance and admin every task;
 * an owner of the task's domain — the `domain:` its source contract declared when the
 * erasure made it, stored on the task — the tasks of that domain. Never the domain some
 * contract with the same id declares now: anyone who may add a contract could claim the
 * id (a duplicate id is only a finding) and with it the task. A task without a domain is
 * for governance and admin only, so it is never lost from view.
 */

export interface TaskViewer extends HoldsDomainRoles {
  readonly username: string;
}

export function maySeeAllTasks(viewer: TaskViewer): boolean {
  return mayActAs(viewer, 'governance');
}

/** May the viewer see and close this task. */
export function mayHandleTask(viewer: TaskViewer, task: DsrTask): boolean {
  if (maySeeAllTasks(viewer)) return true;
  // `?? null`: a document written without the field belongs to no domain.
  const domain = task.domain ?? null;
  return domain !== null && domainRoleOf(viewer, domain) === 'owner';
}

/** Domains the viewer owns (their own keys only). */
function ownedDomains(viewer: TaskViewer): string[] {
  return Object.keys(viewer.domains).filter((d) => domainRoleOf(viewer, d) === 'owner');
}

const refused = (): MeshworkError =>
  new MeshworkError(
    'forbidden',
    'Erasure tasks are for the owners of the domain a source declares, governance and admin.',
  );

export interface ListTasksOptions {
  readonly state?: DsrTask['state'];
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * A page of the tasks the viewer may see, newest first. For an owner the store is asked
 * for the tasks of their domains (each task checked again). Someone who owns no domain and
 * is not governance is refused: an empty list would read as "nothing to do".
 */
export async function listDsrTasks(
  store: MeshworkStore,
  viewer: TaskViewer,
  options: ListTasksOptions,
): Promise<Page<DsrTask>> {
  const page = {
    limit: options.limit,
    ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
  };
  const states = options.state === undefined ? {} : { states: [options.state] };
  if (maySeeAllTasks(viewer)) return store.dsrTasks.list({ ...states, ...page });
  const owned = ownedDomains(viewer);
  if (owned.length === 0) throw refused();
  const result = await store.dsrTasks.list({ ...states, domains: owned, ...page });
  return { items: result.items.filter((task) => mayHandleTask(viewer, task)), next: result.next };
}

export interface CompleteTaskOptions {
  readonly id: string;
  readonly now: () => Date;
}

/**
 * Marks an open task done: the owner says the person is erased in the source. Atomic in
 * the store (two clicks make one `done`, the second is a conflict), and an audit entry
 * `dsr.task-done` that names the task, never the person.
 */
export async function completeDsrTask(
  store: MeshworkStore,
  viewer: TaskViewer,
  options: CompleteTaskOptions,
): Promise<DsrTask> {
  if (!maySeeAllTasks(viewer) && ownedDomains(viewer).length === 0) throw refused();
  const task = await store.dsrTasks.get(options.id);
  if (task === null) throw new MeshworkError('not-found', `No erasure task "${options.id}".`);
  if (!mayHandleTask(viewer, task)) throw refused();
  const at = options.now().toISOString();
  let closedHere = false;
  const updated = await store.dsrTasks.update(options.id, (current) => {
    // The store may call this again under its lock: the last call is the one that counts.
    closedHere = current.state === 'open';
    if (!closedHere) return null;
    return { ...current, state: 'done', doneAt: at, doneBy: viewer.username };
  });
  if (updated === null || !closedHere)
    throw new MeshworkError('conflict', `Erasure task "${options.id}" is already done.`);
  await recordAudit(store, {
    at,
    actor: viewer.username,
    action: 'dsr.task-done',
    target: updated.id,
    details: {
      requestId: updated.requestId,
      contractId: updated.contractId,
      domain: updated.domain ?? null,
      system: updated.system,
      object: updated.object,
      kind: updated.kind,
      mode: updated.mode,
    },
  });
  return updated;
}
