import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { TaskViewer } from '../../app/privacy/dsr-tasks.ts';
import { completeDsrTask, listDsrTasks } from '../../app/privacy/dsr-tasks.ts';
import { renderRecordHtml } from '../../app/privacy/render-html.ts';
import {
  PdfBusyError,
  PdfTimeoutError,
  createPdfGate,
  renderRecordPdfOffThread,
} from '../../app/privacy/render-pdf-off-thread.ts';
import type { RecordGrantSource } from '../../app/privacy/record.ts';
import { activeGrantsIn, processingRecordOf } from '../../app/privacy/record.ts';
import type { DsrTask } from '../../core/privacy/dsr-model.ts';
import type { AccessDeps } from '../access-deps.ts';
import { DsrTaskSchema, ProcessingRecordSchema, RecordQuerySchema } from '../privacy-schemas.ts';
import { ApiProblem } from '../problem.ts';
import { PageQuerySchema } from '../schemas.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, jsonContent, ok, problemResponse } from './route-kit.ts';

const TAGS = ['privacy'];

const record = createRoute({
  method: 'get',
  path: '/privacy/record',
  tags: TAGS,
  summary:
    'The record of processing activities (GDPR Art. 30) of the served mesh, as JSON, HTML or PDF (governance, admin)',
  request: { query: RecordQuerySchema },
  responses: {
    200: {
      description:
        'JSON for tools; HTML (self-contained) and PDF as a download (Content-Disposition: attachment)',
      content: {
        'application/json': { schema: ProcessingRecordSchema },
        'text/html': { schema: z.string() },
        'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...COMMON_PROBLEMS,
    403: problemResponse('Needs the role governance or admin.'),
    503: problemResponse(
      'Other records are being rendered as PDF; retry after Retry-After seconds.',
    ),
  },
});

const listTasks = createRoute({
  method: 'get',
  path: '/privacy/tasks',
  tags: TAGS,
  summary:
    'Erasure tasks of sources Meshwork cannot write, newest first (owners of the source’s domain, governance, admin)',
  request: {
    query: PageQuerySchema.extend({ state: z.enum(['open', 'done']).optional() }),
  },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(DsrTaskSchema), next: z.string().nullable() }),
      'A page of tasks; for a domain owner only those of their domains’ sources',
    ),
    ...COMMON_PROBLEMS,
    403: problemResponse('Owns no domain and is neither governance nor admin.'),
  },
});

const completeTask = createRoute({
  method: 'post',
  path: '/privacy/tasks/{id}/done',
  tags: TAGS,
  summary:
    'Mark an erasure task done: the person is erased in the source (owners of the source’s domain, governance, admin)',
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: {
    200: jsonContent(DsrTaskSchema, 'The task, now done'),
    ...COMMON_PROBLEMS,
    403: problemResponse(
      'Not an owner of the domain the task’s source declares, governance or admin.',
    ),
    404: problemResponse('No such task.'),
    409: problemResponse('The task is already done.'),
  },
});

/** The part of the principal the task rules read. */
function viewerOf(c: Context): TaskViewer {
  const principal = c.get('principal');
  return { username: principal.username, roles: principal.roles, domains: principal.domains };
}

/** `verzeichnis-verarbeitungstaetigkeiten-<mesh>-<day>.<ext>`, ASCII only for every browser. */
function fileName(language: 'de' | 'en', mesh: string, day: string, ext: string): string {
  const safeMesh = mesh.replaceAll(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'mesh';
  const base = language === 'de' ? 'verzeichnis-verarbeitungstaetigkeiten' : 'record-of-processing';
  return `${base}-${safeMesh}-${day.slice(0, 10)}.${ext}`;
}

export function registerPrivacyRoutes(app: ApiApp, ctx: RouteContext, access: AccessDeps): void {
  const governance = ctx.deps.auth.requireRole('governance');
  const pdfGate = createPdfGate();
  app.use('/privacy/record', governance);

  // Stored with the task when it was made; `?? null` for a document written without it.
  const withDomain = (task: DsrTask) => ({ ...task, domain: task.domain ?? null });

  app.openapi(record, async (c) => {
    const { lang, format } = c.req.valid('query');
    const { model } = await access.mesh();
    let grants: RecordGrantSource;
    try {
      grants = { grants: await activeGrantsIn(ctx.deps.store) };
    } catch {
      // Not "no recipients": the record says the grants could not be read (a gap). Not the
      // error's text either, which may name the store's host or user.
      grants = { unavailable: 'the store could not be read' };
    }
    const built = await processingRecordOf(model, grants, {
      ...(lang === undefined ? {} : { language: lang }),
      now: ctx.now(),
    });
    const language = built.language;
    if (format === undefined || format === 'json') return ok(c, built);
    const pdf = format === 'pdf';
    const name = fileName(language, built.mesh, built.generatedAt, format);
    let body: Uint8Array<ArrayBuffer> | string;
    try {
      body = pdf
        ? new Uint8Array(await pdfGate.run(() => renderRecordPdfOffThread(built)))
        : renderRecordHtml(built);
    } catch (error) {
      if (error instanceof PdfTimeoutError)
        throw new ApiProblem(
          503,
          'Service Unavailable',
          'Rendering the record as PDF took too long and was stopped; the HTML download (format=html) has the same content.',
        );
      if (!(error instanceof PdfBusyError)) throw error;
      c.header('retry-after', String(pdfGate.retryAfterSeconds));
      throw new ApiProblem(
        503,
        'Service Unavailable',
        'Other records are being rendered as PDF; retry shortly.',
      );
    }
    return c.body(body, 200, {
      'content-type': pdf ? 'application/pdf' : 'text/html; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    });
  });

  app.openapi(listTasks, async (c) => {
    const { state, limit, cursor } = c.req.valid('query');
    const page = await listDsrTasks(ctx.deps.store, viewerOf(c), {
      ...(state === undefined ? {} : { state }),
      limit: limit ?? 50,
      ...(cursor === undefined ? {} : { cursor }),
    });
    return ok(c, { items: page.items.map(withDomain), next: page.next });
  });

  app.openapi(completeTask, async (c) => {
    const { id } = c.req.valid('param');
    const task = await completeDsrTask(ctx.deps.store, viewerOf(c), {
      id,
      now: ctx.now,
    });
    return ok(c, withDomain(task));
  });
}
