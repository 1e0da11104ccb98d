import type { MeshworkStore } from '../store/store.ts';

type Details = Readonly<Record<string, string | number | boolean | null>>;

/**
 * One entry of the audit log for the access service. The input carries no chain fields:
 * the store links each entry to the one before (issue 10, "Audit trail").
 */
export async function auditAccess(
  store: MeshworkStore,
  id: string,
  at: string,
  actor: string,
  action: string,
  target: string,
  details: Details,
): Promise<void> {
  await store.audit.append({ id, at, actor, action, target, details });
}
