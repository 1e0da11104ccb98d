import { realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { AgeMeasure } from '../../core/sla/index.ts';
import type { ServerEntry } from '../../engines/engine.ts';
import { SNAPSHOT_SERVER_TYPE, loadEngine } from '../../engines/registry.ts';
import { toNumber } from '../../engines/json-values.ts';
import { ageSql } from '../../engines/sql/check-sql.ts';
import { CURRENT, currentSnapshot, portFileName, resolvePortDir } from '../build/warehouse.ts';

export interface AgeRequest {
  readonly meshRoot: string;
  readonly domainFolder: string;
  readonly productFolder: string;
  readonly port: string;
  /** The port contract's one schema object: the snapshot's file is named after it. */
  readonly object: string | undefined;
  /** The SLA's element. */
  readonly element: { readonly object: string; readonly column: string };
}

/**
 * The age in seconds of the newest value of the SLA's element in the port's served
 * snapshot, computed by DuckDB in one aggregate (`max`, the latency check's own SQL), so no
 * row is read into JavaScript. Null `ageSeconds`: the column has no value. A failure is a
 * measure with the reason, never a throw: the evaluation says "unknown" with it.
 */
export async function measureNewestAge(request: AgeRequest): Promise<AgeMeasure> {
  const fileObject = request.object ?? request.port;
  if (request.element.object !== fileObject)
    return failed(
      `the element's object "${request.element.object}" is not the port's object "${fileObject}"`,
    );
  let portDir: string;
  try {
    portDir = await resolvePortDir(
      request.meshRoot,
      request.domainFolder,
      request.productFolder,
      request.port,
    );
  } catch (error) {
    return failed((error as Error).message);
  }
  if ((await currentSnapshot(portDir)) === undefined)
    return failed(`port "${request.port}" has no served snapshot`);
  const file = await servedFile(portDir, portFileName(request.port, request.object));
  if (typeof file !== 'string') return file;
  const engine = await loadEngine(SNAPSHOT_SERVER_TYPE);
  if (!engine) return failed('DuckDB cannot be loaded');
  const server: ServerEntry = {
    server: 'warehouse',
    type: SNAPSHOT_SERVER_TYPE,
    path: '',
    format: 'parquet',
  };
  let connection;
  try {
    connection = await engine.connect({
      server,
      credentials: {},
      baseDir: portDir,
      relationOverride: { [fileObject]: file },
    });
  } catch (error) {
    return failed(`DuckDB cannot be opened (${firstLine(error)})`);
  }
  try {
    const relation = await connection.relation({
      schema: fileObject,
      physicalName: fileObject,
      columns: [request.element.column],
      baseDir: portDir,
      server,
    });
    const rows = await connection.query(
      ageSql(connection.dialect, relation, request.element.column, 'newest'),
    );
    const age = rows[0]?.age;
    return { ok: true, ageSeconds: age === null || age === undefined ? null : toNumber(age) };
  } catch (error) {
    return failed(
      `cannot read ${request.element.object}.${request.element.column}: ${firstLine(error)}`,
    );
  } finally {
    await connection.close();
  }
}

/** The served file's real path, refused when a link leads it out of the port's folder. */
async function servedFile(portDir: string, fileName: string): Promise<string | AgeMeasure> {
  try {
    const realPort = await realpath(portDir);
    const real = await realpath(join(portDir, CURRENT, fileName));
    const inside = relative(realPort, real);
    if (inside.startsWith('..') || inside.split(sep).length !== 2)
      return failed('the snapshot file lies outside the port folder (refused)');
    return real;
  } catch {
    return failed(`the served snapshot has no file ${fileName}`);
  }
}

function failed(message: string): AgeMeasure {
  return { ok: false, message };
}

function firstLine(error: unknown): string {
  return ((error as Error).message ?? String(error)).split('\n')[0] ?? '';
}
