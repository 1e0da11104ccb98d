import type { OdcsContract } from '../standards/odcs/index.ts';

/**
 * The system a contract's data lives in, as dbt and the Data Contract Specification name
 * it: the first server entry's name (`meshwork import` names it after the system), else the
 * contract's id.
 */
export function sourceNameOf(contract: OdcsContract): string {
  const server = contract.servers?.[0] as { readonly server?: unknown } | undefined;
  return typeof server?.server === 'string' && server.server !== '' ? server.server : contract.id;
}

/** A server entry's string or number field. */
export function serverField(contract: OdcsContract, key: string): string | number | undefined {
  const server = contract.servers?.[0] as Readonly<Record<string, unknown>> | undefined;
  const value = server?.[key];
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}
