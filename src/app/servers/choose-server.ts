import { dirname } from 'node:path';
import type { PassedOverServer, RunServer } from '../../core/quality/index.ts';
import type { Credentials, Engine, ServerEntry } from '../../engines/engine.ts';
import { loadEngine } from '../../engines/registry.ts';
import { MeshworkError } from '../errors.ts';
import { maskSecrets } from '../mask-secrets.ts';
import { credentialPrefix, resolveCredentials } from '../testing/credentials.ts';
import { runServerOf } from './server-location.ts';

/**
 * Which of a contract's `servers` is read — the one rule `meshwork test` and `meshwork
 * build` share (docs/testing.md "Which server is read"): the first server, in the order the
 * contract lists them, whose type the caller reads and that is **configured** on this
 * machine. A configured server is read or the run is an error; it is never skipped for
 * the next one, since a wrong password or a server that is down would otherwise turn into
 * a PASSED run on a stale copy.
 *
 * - an engine that reads files (`Engine.files`: `local`, `duckdb`): configured when the
 *   files are there (`local`: every schema object's file, for a glob its folder, a URL
 *   counts; `duckdb`: the database file). A missing file is passed over: the data is not on
 *   this machine.
 * - a database server (PostgreSQL, MySQL/MariaDB): configured when its credentials are set
 *   (`MESHWORK_<SERVER>_URL`, or `_USER` with `host` and `database` in the entry, or the
 *   secrets file); then it must answer within a few seconds, or the choice fails.
 *
 * Servers passed over are returned with the reason, for the run's evidence. A server named
 * by the caller (`--server`) is used or refused with the reason, never replaced.
 */

export interface ServerChoiceRequest {
  readonly meshRoot: string;
  /** The contract file (absolute): relative `local` paths resolve against its folder. */
  readonly contractFile: string;
  readonly servers: readonly ServerEntry[];
  /** Physical names of the schema objects that will be read. */
  readonly objects: readonly string[];
  /** Whether the caller reads this server type at all (builds read fewer than tests). */
  readonly reads: (serverType: string) => boolean | Promise<boolean>;
  /** The server the user named (`--server`): it alone is considered. */
  readonly named?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The credentials the `named` server is read with, instead of those set on this machine. */
  readonly credentials?: Credentials;
}

export type ServerChoice =
  | {
      readonly ok: true;
      readonly server: ServerEntry;
      readonly credentials: Credentials;
      /** The servers before it that are not configured here, with why. */
      readonly passedOver: readonly PassedOverServer[];
    }
  | {
      readonly ok: false;
      /** Names the server and the cause, or each server and why none is configured. */
      readonly message: string;
      /** The configured server that cannot be read (and where); null when none is configured. */
      readonly failed: { readonly entry: ServerEntry; readonly evidence: RunServer } | null;
      readonly passedOver: readonly PassedOverServer[];
    };

type Usability =
  | { readonly usable: true; readonly credentials: Credentials }
  /** `configured`: set up here but failing — an error, never a reason to read the next one. */
  | {
      readonly usable: false;
      readonly configured: boolean;
      readonly reason: string;
      readonly credentials?: Credentials;
    };

/** How long a database server may take to answer before it counts as not reachable. */
const PROBE_TIMEOUT_MS = 3000;

export async function chooseServer(request: ServerChoiceRequest): Promise<ServerChoice> {
  if (request.named !== undefined) {
    const named = request.servers.find((s) => s.server === request.named);
    if (!named) {
      const known = request.servers.map((s) => s.server).join(', ') || 'none';
      throw new MeshworkError(
        'not-found',
        `no server "${request.named}" in the contract (servers: ${known}).`,
      );
    }
    const usability = await usabilityOf(named, await loadEngine(named.type), request);
    if (!usability.usable) {
      throw new MeshworkError(
        'engine',
        `server "${named.server}" (${named.type}) cannot be read: ${usability.reason}.`,
      );
    }
    return { ok: true, server: named, credentials: usability.credentials, passedOver: [] };
  }
  const passedOver: PassedOverServer[] = [];
  for (const server of request.servers) {
    const engine = await loadEngine(server.type);
    const usability = await usabilityOf(server, engine, request);
    if (usability.usable)
      return { ok: true, server, credentials: usability.credentials, passedOver };
    if (usability.configured) {
      const evidence = runServerOf(server, locationRequest(request, usability.credentials), engine);
      const where = evidence.location;
      const unset =
        usability.credentials === undefined
          ? ''
          : `; fix it, or unset ${credentialPrefix(server.server)}* to read the next server`;
      return {
        ok: false,
        message: `server "${server.server}" (${server.type}${where ? `, ${where}` : ''}) is configured here but cannot be read: ${usability.reason}${unset}`,
        failed: { entry: server, evidence },
        passedOver,
      };
    }
    passedOver.push({
      ...runServerOf(server, locationRequest(request), engine),
      reason: usability.reason,
    });
  }
  const reasons = passedOver.map((s) => `server "${s.name}" (${s.type}): ${s.reason}`);
  return {
    ok: false,
    message: `no server can be read — ${reasons.join('; ') || 'the contract lists no servers'}`,
    failed: null,
    passedOver,
  };
}

function locationRequest(request: ServerChoiceRequest, credentials?: Credentials) {
  return {
    meshRoot: request.meshRoot,
    baseDir: dirname(request.contractFile),
    objects: request.objects,
    ...(credentials ? { credentials } : {}),
  };
}

async function usabilityOf(
  server: ServerEntry,
  engine: Engine | undefined,
  request: ServerChoiceRequest,
): Promise<Usability> {
  if (!(await request.reads(server.type))) {
    return { usable: false, configured: false, reason: `type ${server.type} is not read here` };
  }
  if (engine?.files) {
    const missing = engine.files.missing(server, request.objects, dirname(request.contractFile));
    return missing === undefined
      ? { usable: true, credentials: {} }
      : { usable: false, configured: false, reason: missing };
  }
  return checkDatabase(server, engine, request);
}

/** A database server: configured on this machine, and answering. */
async function checkDatabase(
  server: ServerEntry,
  engine: Engine | undefined,
  request: ServerChoiceRequest,
): Promise<Usability> {
  const credentials =
    request.credentials !== undefined && request.named === server.server
      ? request.credentials
      : await resolveCredentials(request.meshRoot, server.server, request.env);
  const prefix = credentialPrefix(server.server);
  // A Trino entry names a catalog where a database server names its database.
  const place = server.type === 'trino' ? 'catalog' : 'database';
  const missing = [
    ...(typeof server[place] === 'string' ? [] : [`"${place}" in the entry`]),
    ...(typeof server.host === 'string' ? [] : ['"host" in the entry']),
    ...(credentials.user === undefined ? [`${prefix}USER`] : []),
  ];
  if (credentials.url === undefined && missing.length > 0) {
    return {
      usable: false,
      configured: false,
      reason: `not configured (set ${prefix}URL, or ${prefix}USER and ${prefix}PASSWORD with host and ${place} in the entry; missing: ${missing.join(', ')})`,
    };
  }
  if (!engine)
    return { usable: false, configured: false, reason: `type ${server.type} is not read here` };
  try {
    const connection = await engine.connect({
      server,
      credentials,
      baseDir: dirname(request.contractFile),
      connectTimeoutMs: PROBE_TIMEOUT_MS,
    });
    await connection.close();
  } catch (error) {
    // The driver's message names host and user at most; the password is masked anyway,
    // since the message is stored with the run and reported to a server.
    const message = maskSecrets(
      (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '',
      credentials,
    );
    return {
      usable: false,
      configured: true,
      credentials,
      reason: `cannot connect (${message})`,
    };
  }
  return { usable: true, credentials };
}
