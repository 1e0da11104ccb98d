import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { warehouseServing } from '../../app/catalog/port-usage.ts';
import {
  NotBuiltError,
  SnapshotColumnsError,
  openPortData,
} from '../../app/port-data/port-data.ts';
import type { ExportFormat } from '../../app/port-data/port-data.ts';
import { ExportsBusyError, createExportGate } from '../../app/port-data/export-gate.ts';
import { consumerTeamIdentity, teamPseudonymKey } from '../../app/port-data/pseudonym-key.ts';
import { recordDataRead } from '../../app/port-data/record-read.ts';
import type { GrantRowFilter } from '../../core/access/model.ts';
import type { AccessDeps } from '../access-deps.ts';
import { ApiProblem, notFound } from '../problem.ts';
import { actorOf } from './access-routes.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, problemResponse } from './route-kit.ts';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  json: 'application/json',
};

const pathName = (name: string) =>
  z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name, in: 'path' } });

const getData = createRoute({
  method: 'get',
  path: '/products/{id}/ports/{port}/data',
  tags: ['access'],
  summary:
    "Download an output port's current embedded snapshot: granted columns and rows only, personal ones pseudonymised",
  request: {
    params: z.object({ id: pathName('id'), port: pathName('port') }),
    query: z.object({ format: z.enum(['csv', 'parquet', 'json']).default('csv') }),
  },
  responses: {
    200: {
      description:
        'The data as a file (Content-Disposition: attachment); CSV text cells that a spreadsheet would read as a formula start with an apostrophe',
      content: {
        'text/csv': { schema: z.string() },
        'application/vnd.apache.parquet': { schema: z.string().openapi({ format: 'binary' }) },
        'application/json': { schema: z.array(z.record(z.string(), z.unknown())) },
      },
    },
    ...COMMON_PROBLEMS,
    403: problemResponse('Neither the owning team nor a team with an active grant.'),
    404: problemResponse('No such product or output port.'),
    409: problemResponse(
      'The port has not been built yet (no current snapshot), or its product id, port name or contract id is declared twice.',
    ),
    503: problemResponse('Too many downloads are being prepared; retry after Retry-After seconds.'),
  },
});

/** Exports run one DuckDB each: two at once, a few waiting, the rest turned away. */
const EXPORTS_AT_ONCE = 2;
const EXPORTS_WAITING = 8;

/**
 * `GET /api/products/{id}/ports/{port}/data`: the embedded data plane of issue 10. The
 * service decides (`dataAccess`: the owning team, or a team with an active grant); the
 * product and port are looked up in the catalog, so nothing of the path reaches a file
 * name or SQL unless it names a real port; the format is one of three words.
 */
export function registerPortDataRoutes(app: ApiApp, ctx: RouteContext, access: AccessDeps): void {
  const gate = createExportGate({ concurrent: EXPORTS_AT_ONCE, queue: EXPORTS_WAITING });

  app.openapi(getData, async (c) => {
    const { id, port } = c.req.valid('param');
    const { format } = c.req.valid('query');
    const catalog = ctx.deps.catalog.current;
    const ambiguous = catalog.ambiguousProducts.get(id);
    if (ambiguous) throw ambiguousProduct(id, ambiguous);
    const product = catalog.productsById.get(id);
    if (!product) throw notFound(`There is no data product "${id}".`);
    const ports = product.detail.outputPorts.filter((p) => p.name === port);
    if (ports.length === 0) throw notFound(`Data product "${id}" has no output port "${port}".`);
    if (ports.length > 1)
      throw new ApiProblem(
        409,
        'Conflict',
        `Data product "${id}" declares ${ports.length} output ports named "${port}"; none is served until the name is unique.`,
      );
    const portInfo = ports[0]!;
    const actor = actorOf(c);
    const verdict = await access.service.dataAccess(actor, id, port);
    if (!verdict.allowed) throw new ApiProblem(403, 'Forbidden', verdict.reason);
    const contract = portInfo.contractId ? catalog.contracts.get(portInfo.contractId) : undefined;
    // The verdict and the snapshot come from two readings of the mesh (access's and the
    // catalog's): the data is served only if both name the same product and contract.
    if (verdict.product !== product.folder || verdict.contractFile !== (contract?.file ?? null))
      throw new ApiProblem(
        409,
        'Conflict',
        `The access decision for "${id}" port "${port}" was made for domains/${verdict.product} (contract ${verdict.contractFile ?? 'none'}), but the catalog serves domains/${product.folder} (contract ${contract?.file ?? 'none'}); nothing is served until they agree (the mesh may be reloading, or an id is declared twice).`,
      );
    if (access.workspaceRoot === null) throw notBuilt(id, port);

    const serving = warehouseServing(product.folder, port, contract?.contract);
    const object = serving.objects[0]!;
    const fileName = object.location.split('/').pop()!;
    const columns = columnsOf(object.name, verdict.columns, verdict.pseudonymise);
    const rowFilter = rowFilterOf(object.name, verdict.rowFilter);
    const grant =
      verdict.grantId === null ? null : await access.service.getGrant(actor, verdict.grantId);
    const team =
      grant === null
        ? `owner:${id}`
        : consumerTeamIdentity(grant.consumerDomain, grant.consumerTeam);
    const key = teamPseudonymKey(await access.pseudonymKey(), team);

    let data;
    try {
      data = await gate.run(() =>
        openPortData({
          workspaceRoot: access.workspaceRoot!,
          productFolder: product.folder,
          port,
          fileName,
          columns,
          format,
          key,
          ...(rowFilter === undefined ? {} : { rowFilter }),
        }),
      );
    } catch (error) {
      if (error instanceof NotBuiltError) throw notBuilt(id, port);
      if (error instanceof SnapshotColumnsError)
        throw new ApiProblem(
          409,
          'Conflict',
          `The current snapshot of "${id}" port "${port}" does not match its contract: ${error.message}. Rebuild the product.`,
        );
      if (error instanceof ExportsBusyError) {
        c.header('retry-after', String(gate.retryAfterSeconds));
        throw new ApiProblem(
          503,
          'Service Unavailable',
          'Too many downloads are being prepared; retry shortly.',
        );
      }
      throw error;
    }
    // A read that cannot be audited is not served; the export's temp folder goes with the stream.
    await recordDataRead(
      ctx.deps.store,
      {
        actor: actor.username,
        productId: id,
        port,
        format,
        rows: data.rows,
        snapshot: data.snapshot,
        via: verdict.via,
        grantId: verdict.grantId,
      },
      ctx.now(),
    ).catch((error: unknown) => {
      data.stream.destroy();
      throw error;
    });
    const filename = `${safeFileStem(id)}-${safeFileStem(port)}.${format}`;
    return new Response(Readable.toWeb(data.stream) as ReadableStream, {
      status: 200,
      headers: {
        'content-type': CONTENT_TYPES[format],
        'content-length': String(data.bytes),
        'content-disposition': `attachment; filename="${filename}"`,
        'cache-control': 'no-store',
        'x-meshwork-snapshot': data.snapshot,
        'x-meshwork-rows': String(data.rows),
      },
    });
  });
}

function notBuilt(id: string, port: string): ApiProblem {
  return new ApiProblem(
    409,
    'Conflict',
    `Data product "${id}" port "${port}" is not built yet: it has no current snapshot. Run \`meshwork build\` first.`,
  );
}

/**
 * The granted columns of the snapshot's one schema object (`object.property` → property),
 * pseudonymised where the verdict says. A granted column of another object cannot be
 * served from this file, which is said, not skipped.
 */
function columnsOf(
  object: string,
  granted: readonly string[],
  pseudonymise: readonly string[],
): { name: string; pseudonymise: boolean }[] {
  const masked = new Set(pseudonymise);
  const elsewhere: string[] = [];
  const columns = granted.flatMap((column) => {
    const dot = column.indexOf('.');
    const owner = dot < 0 ? object : column.slice(0, dot);
    const name = dot < 0 ? column : column.slice(dot + 1);
    if (owner !== object) {
      elsewhere.push(column);
      return [];
    }
    return [{ name, pseudonymise: masked.has(column) }];
  });
  if (elsewhere.length > 0 || columns.length === 0)
    throw new ApiProblem(
      409,
      'Conflict',
      columns.length === 0
        ? `The port's contract names no columns of "${object}" to serve.`
        : `The embedded snapshot holds "${object}" only; ${elsewhere.join(', ')} cannot be served from it.`,
    );
  return columns;
}

/**
 * The grant's row filter on the snapshot's object (`object.property` → property). A filter
 * on another object cannot narrow this file: nothing is served rather than every row.
 */
function rowFilterOf(
  object: string,
  filter: GrantRowFilter | null,
): { column: string; values: readonly (string | number | boolean)[] } | undefined {
  if (filter === null) return undefined;
  const dot = filter.column.indexOf('.');
  if (dot < 0 || filter.column.slice(0, dot) !== object)
    throw new ApiProblem(
      409,
      'Conflict',
      `The grant's row filter is on ${filter.column}, but the embedded snapshot holds "${object}" only; nothing is served rather than every row.`,
    );
  return { column: filter.column.slice(dot + 1), values: filter.values };
}

/** A file name part without quotes, slashes or control characters (the header stays plain ASCII). */
function safeFileStem(text: string): string {
  return text.replaceAll(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'data';
}

function ambiguousProduct(id: string, folders: readonly string[]): ApiProblem {
  return new ApiProblem(
    409,
    'Conflict',
    `The product id "${id}" is declared by ${folders.map((f) => `domains/${f}`).join(' and ')}; nothing is served until the id is unique.`,
  );
}
