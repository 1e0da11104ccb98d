import type { OdcsContract } from '../standards/odcs/index.ts';
import type { ContractChange } from './change.ts';
import { ChangeLog, recordRest } from './change.ts';
import { diffSchemaObjects } from './schema-objects.ts';
import { diffServers } from './servers.ts';
import { diffSla } from './sla.ts';

/** Top-level keys whose change is judged below; the rest is wording and metadata. */
const HANDLED = new Set([
  'id',
  'status',
  'version',
  'schema',
  'servers',
  'slaProperties',
  'quality',
]);

/**
 * Every difference between two versions of an ODCS contract, in document order, each
 * classified breaking / warning / info with a reason (docs/diff.md). Pure: reads two
 * structurally valid contracts, returns data.
 */
export function diffContracts(from: OdcsContract, to: OdcsContract): ContractChange[] {
  const log = new ChangeLog();
  log.record(
    '$.id',
    from.id,
    to.id,
    'breaking',
    'Products name the contract by id in their input ports; a new id breaks those references.',
  );
  diffStatus(log, from.status, to.status);
  log.record('$.version', from.version, to.version, 'info', 'The version (see the version check).');
  diffServers(log, '$.servers', from.servers, to.servers);
  diffSchemaObjects(log, '$.schema', from.schema, to.schema);
  diffSla(log, '$.slaProperties', from.slaProperties, to.slaProperties);
  recordRest(log, '$', from, to, HANDLED);
  return log.changes;
}

function diffStatus(log: ChangeLog, from: string | undefined, to: string | undefined): void {
  const status = to?.trim().toLowerCase();
  if (status === 'retired') {
    log.record(
      '$.status',
      from,
      to,
      'breaking',
      'Retired: the data is no longer provided to consumers.',
    );
  } else if (status === 'deprecated') {
    log.record(
      '$.status',
      from,
      to,
      'warning',
      'Deprecated: consumers should move to a successor before it is retired.',
    );
  } else {
    log.record('$.status', from, to, 'info', 'A lifecycle step that keeps the data available.');
  }
}
