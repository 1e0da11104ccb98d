import { SERVER_TYPES } from '../../standards/odcs/server.ts';
import type { OdcsServerType } from '../../standards/odcs/server.ts';

/** A server entry an importer could make, or what it lacks to be one. */
export type ServerEntryReading =
  | {
      readonly ok: true;
      readonly entry: Readonly<Record<string, unknown>> & { server: string; type: string };
    }
  | { readonly ok: false; readonly type: string; readonly missing: readonly string[] };

/** v3.2-only keys: the contracts `meshwork import` writes are v3.1.0. */
const NOT_IN_V31 = new Set(['encoding', 'workgroup']);

/**
 * An ODCS v3.1.0 server entry of `type` from the fields a source gives (a DCS `servers`
 * entry, a dbt manifest's database and schema): only the keys ODCS defines for that type —
 * so a `user`, `password` or `token` never reaches a contract — and only when every key it
 * requires is there; otherwise the missing keys, for the report.
 */
export function serverEntryOf(
  server: string,
  type: string,
  fields: Readonly<Record<string, unknown>>,
): ServerEntryReading {
  const known = type.toLowerCase();
  if (!Object.hasOwn(SERVER_TYPES, known)) return { ok: false, type, missing: ['a known type'] };
  const spec = SERVER_TYPES[known as OdcsServerType];
  const entry: Record<string, unknown> = { server, type: known };
  for (const key of [...spec.required, ...spec.optional]) {
    if (NOT_IN_V31.has(key)) continue;
    const value = fields[key];
    if (key === 'port') {
      const port = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : value;
      if (typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536) {
        entry.port = port;
      }
    } else if (typeof value === 'string' && value.trim() !== '') {
      entry[key] = value;
    }
  }
  const missing = spec.required.filter((key) => entry[key] === undefined);
  return missing.length > 0
    ? { ok: false, type: known, missing }
    : { ok: true, entry: entry as Record<string, unknown> & { server: string; type: string } };
}
