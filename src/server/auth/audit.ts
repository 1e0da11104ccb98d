import { randomUUID } from 'node:crypto';
import type { AuditEvent, MeshworkStore } from '../../app/store/store.ts';

/** Appends an audit event. Callers pass names and ids only — never a secret or token. */
export async function recordAudit(
  store: MeshworkStore,
  event: Omit<AuditEvent, 'id' | 'at' | 'target' | 'details'> &
    Partial<Pick<AuditEvent, 'target' | 'details'>>,
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
