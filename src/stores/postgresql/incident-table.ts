import type pg from 'pg';
import type { IncidentOpened } from '../../app/store/store.ts';
import { assertOpenIncident } from '../../app/store/store.ts';
import type { Incident } from '../../core/sla/index.ts';
import type { DocumentTable } from './documents.ts';

/** Incidents as documents (migration 7); `get`/`update` are the shared document ones. */
export const INCIDENTS: DocumentTable<Incident> = {
  table: 'meshwork_incidents',
  noun: 'incident',
  columns: (i) => [
    ['product_id', i.productId],
    ['domain', i.domain],
    ['contract_id', i.contractId],
    ['sla', i.sla],
    ['state', i.state],
    ['opened_at', i.openedAt],
  ],
};

/**
 * Inserts the incident unless one of the same SLA is open (the partial unique index
 * decides, atomically). When the insert yields to one that is then resolved before it is
 * read, the insert is tried again.
 */
export async function openIncident(pool: pg.Pool, incident: Incident): Promise<IncidentOpened> {
  assertOpenIncident(incident);
  const columns = INCIDENTS.columns(incident);
  const names = ['id', ...columns.map(([name]) => name), 'document'];
  const values = [incident.id, ...columns.map(([, value]) => value), JSON.stringify(incident)];
  for (let attempt = 0; attempt < 5; attempt++) {
    const inserted = await pool.query(
      `INSERT INTO ${INCIDENTS.table} (${names.join(', ')})
       VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (product_id, contract_id, sla) WHERE state = 'open' DO NOTHING
       RETURNING id`,
      values,
    );
    if (inserted.rows.length > 0) return { incident, opened: true };
    const open = await pool.query<{ document: Incident }>(
      `SELECT document FROM ${INCIDENTS.table}
       WHERE product_id = $1 AND contract_id = $2 AND sla = $3 AND state = 'open'`,
      [incident.productId, incident.contractId, incident.sla],
    );
    const found = open.rows[0];
    if (found) return { incident: found.document, opened: false };
  }
  throw new Error(`incident "${incident.id}" could not be opened: its open twin kept changing`);
}
