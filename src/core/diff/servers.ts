import type { OdcsServer } from '../standards/odcs/index.ts';
import type { ChangeLog } from './change.ts';
import { item, recordRest } from './change.ts';
import { matchElements } from './match.ts';

/**
 * Servers: where consumers connect. A removed server, or a changed connection field
 * (type, host, port, database, schema, location …), is breaking; descriptions, the
 * environment label, roles and custom properties are info.
 */
const DESCRIPTIVE = new Set(['id', 'description', 'environment', 'roles', 'customProperties']);

export function diffServers(
  log: ChangeLog,
  path: string,
  from: readonly OdcsServer[] | undefined,
  to: readonly OdcsServer[] | undefined,
): void {
  const pairs = matchElements(
    from,
    to,
    (s) => s.id,
    (s) => s.server,
  );
  for (const { label, from: a, to: b } of pairs) {
    const at = item(path, label);
    if (!b)
      log.element(at, 'removed', label, 'breaking', 'Consumers connecting to this server lose it.');
    else if (!a) log.element(at, 'added', label, 'info', 'A new server.');
    else {
      recordRest(log, at, a, b, new Set(), (key) => (DESCRIPTIVE.has(key) ? 'info' : 'breaking'));
    }
  }
}
