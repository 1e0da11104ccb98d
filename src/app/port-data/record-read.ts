import type { MeshworkStore } from '../store/store.ts';

/** What one download of a port's data was: the audit entry `data.read` records it. */
export interface DataRead {
  readonly actor: string;
  readonly productId: string;
  readonly port: string;
  readonly format: string;
  readonly rows: number;
  readonly snapshot: string;
  readonly via: 'owner' | 'grant';
  readonly grantId: string | null;
}

/**
 * Each download is in the audit trail (who read which port's snapshot, how many rows,
 * through which grant): the evidence a data protection officer is asked for. Names and
 * ids only — never a value, never the pseudonym key.
 */
export async function recordDataRead(
  store: MeshworkStore,
  read: DataRead,
  at: Date,
): Promise<void> {
  await store.audit.append({
    id: crypto.randomUUID(),
    at: at.toISOString(),
    actor: read.actor,
    action: 'data.read',
    target: `${read.productId}/${read.port}`,
    details: {
      format: read.format,
      rows: read.rows,
      snapshot: read.snapshot,
      via: read.via,
      grantId: read.grantId,
    },
  });
}
