import { randomUUID } from 'node:crypto';
import type {
  AuditEvent,
  AuditEventInput,
  MeshworkStore,
  Page,
  PageRequest,
} from '../store/store.ts';

/** What a caller says about an event; id and time are added here (`at` when the caller has a clock). */
export type AuditEntry = Omit<AuditEventInput, 'id' | 'at' | 'target' | 'details'> &
  Partial<Pick<AuditEventInput, 'at' | 'target' | 'details'>>;

/**
 * Appends an audit event: the one way the CLI, the server and the services write to the
 * audit log. Callers pass names and ids only — never a secret or token.
 */
export async function recordAudit(store: MeshworkStore, event: AuditEntry): Promise<void> {
  await store.audit.append({
    id: randomUUID(),
    at: event.at ?? new Date().toISOString(),
    actor: event.actor,
    action: event.action,
    target: event.target ?? null,
    details: event.details ?? {},
  });
}

/** Audit events, newest first, optionally of one actor or action (for the faces: routes, CLI). */
export async function listAuditEvents(
  store: MeshworkStore,
  filter: { readonly actor?: string; readonly action?: string } & PageRequest,
): Promise<Page<AuditEvent>> {
  return store.audit.list(filter);
}
