import { randomUUID } from 'node:crypto';
import type { AuditEventInput, MeshworkStore } from '../../app/store/store.ts';

/** Appends an audit event. Callers pass names and ids only — never a secret or token. */
export async function recordAudit(
  store: MeshworkStore,
  event: Omit<AuditEventInput, 'id' | 'at' | 'target' | 'details'> &
    Partial<Pick<AuditEventInput, 'target' | 'details'>>,
): Promise<void> {
  await store.audit.append({
    id: randomUUID(),
    at: new Date().toISOString(),
    actor: event.actor,
    action: event.action,
    target: event.target ?? null,
    details: event.details ?? {},
  });
}
