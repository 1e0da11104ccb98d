import type { HoldsDomainRoles } from '../../core/access/roles.ts';
import { domainRoleOf, mayActAs } from '../../core/access/roles.ts';
import type { DsrTask } from '../../core/privacy/dsr-model.ts';
import { recordAudit } from '../accounts/audit.ts';
import { MeshworkError } from '../errors.ts';
import type { MeshworkStore, Page } from '../store/store.ts';

/**
 * The erasure tasks of sources Meshwork cannot write (`meshwork dsr erase` makes them), as
 * their owners and the DPO see and close them. Who may: governance and admin every task;
 * an owner of the domain the source contract declares (`domain:` of the ODCS contract) the
 * tasks of that domain. A task whose contract the served mesh no longer has belongs to
 * no domain: only governance and admin see it, so it is never lost from view.
 */

export interface TaskViewer extends HoldsDomainRoles {
  readonly username: string;
}

/** The domain a source contract declares, or null (unknown contract, none declared). */
export type DomainOfContract = (contractId: string) => string | null;

/** The source systems of each domain, for narrowing the store's list before the check. */
export type SystemsOfDomain = (domain: string) => readonly string[];

export function maySeeAllTasks(viewer: TaskViewer): boolean {
  return mayActAs(viewer, 'governance');
}

/** May the viewer see and close this task. */
export function mayHandleTask(
  viewer: TaskViewer,
  task: DsrTask,
  domainOf: DomainOfContract,
): boolean {
  if (maySeeAllTasks(viewer)) return true;
  return domainRoleOf(viewer, domainOf(task.contractId)) === 'owner';
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
  readonly domainOf: DomainOfContract;
  readonly systemsOf: SystemsOfDomain;
}

/**
 * A page of the tasks the viewer may see, newest first. For an owner the store is asked
 * for the systems of their domains, then each task is checked by its contract's domain (a
 * system may hold contracts of several domains), so a page may be shorter than `limit`
 * while `next` still leads on. Someone who owns no domain and is not governance is refused:
 * an empty list would read as "nothing to do".
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
  const systems = [...new Set(owned.flatMap((d) => options.systemsOf(d)))];
  if (systems.length === 0) return { items: [], next: null };
  const result = await store.dsrTasks.list({ ...states, systems, ...page });
  return {
    items: result.items.filter((task) => mayHandleTask(viewer, task, options.domainOf)),
    next: result.next,
  };
}

export interface CompleteTaskOptions {
  readonly id: string;
  readonly domainOf: DomainOfContract;
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
  if (!mayHandleTask(viewer, task, options.domainOf)) throw refused();
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
      system: updated.system,
      object: updated.object,
      kind: updated.kind,
      mode: updated.mode,
    },
  });
  return updated;
}
