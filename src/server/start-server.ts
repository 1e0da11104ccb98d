import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogService } from '../app/catalog/catalog-service.ts';
import type { SyncResult } from '../app/catalog/catalog-service.ts';
import { domainRolesOf } from '../app/catalog/teams.ts';
import {
  DEFAULT_EXPIRY_NOTICE_DAYS,
  createGrantProvisioner,
} from '../app/access/access-service.ts';
import type { EventPublisher } from '../app/notify/event-publisher.ts';
import { catalogEventProducer } from '../app/notify/sources/catalog-events.ts';
import { followSeconds, followStoreEvery } from './follow-store.ts';
import { MeshworkError } from '../app/errors.ts';
import { createAdoptionRecorder } from '../app/adoption/adoption-recorder.ts';
import type { MeshworkStore } from '../app/store/store.ts';
import { lineageFromEnv, openStore, trinoRulesClient } from '../runtime/index.ts';
import type { AccessDeps } from './access-deps.ts';
import { createAccessDeps } from './access-deps.ts';
import { RECOVERY_GRACE_MS } from '../app/access/recover-approved.ts';
import { createApp } from './app.ts';
import { canvasDrafter } from './canvas-drafter.ts';
import { createAuth } from './auth/index.ts';
import { slaSystemSchedule } from '../app/sla/index.ts';
import { ADOPTION_SYSTEM_SCHEDULE } from '../app/adoption/index.ts';
import {
  pruneJobsSystemSchedule,
  TRINO_RULES_SYSTEM_SCHEDULE,
} from '../app/jobs/executors/index.ts';
import { createTrinoRulesPublisher } from '../app/access/trino-rules-publisher.ts';
import { startBackgroundJobs } from './background-jobs.ts';
import type { BackgroundJobs } from './background-jobs.ts';
import { bodyLimitsFrom } from './body-limits.ts';
import type { EventSink } from '../app/notify/sources/publish-events.ts';
import { serverEventSink } from './event-sink.ts';
import { createServerPublisher } from './server-publisher.ts';
import { createServerLog, logLevelFrom } from './log.ts';
import type { ServerLog } from './log.ts';
import { DEFAULT_PORT, listen } from './listen.ts';

export { DEFAULT_PORT } from './listen.ts';

export interface StartOptions {
  /** The mesh folder; without a meshwork.yaml in it, the server serves what was published. */
  readonly meshRoot: string;
  readonly env: NodeJS.ProcessEnv;
  readonly port?: number;
  readonly host?: string;
  readonly webRoot?: string;
  /**
   * Where the server's log lines go (one JSON object per line; `meshwork serve` passes its
   * stderr); without it the server logs nothing. The level is MESHWORK_LOG_LEVEL.
   */
  readonly log?: (line: string) => void;
  /**
   * Commit the portal's product proposals into the mesh folder's git repository (issue 12;
   * `--commit-proposals`); also on with MESHWORK_COMMIT_PROPOSALS=1.
   */
  readonly commitProposals?: boolean;
  /** Reports a failed re-index after a file change; the previous catalog stays served. */
  readonly onWatchError?: (error: unknown) => void;
  /**
   * Job workers in this process (`--workers N`, default 1; 0: only `meshwork worker`
   * processes run jobs). None when the server serves a published mesh: there is no
   * workspace here to build in.
   */
  readonly workers?: number;
  /**
   * Where the mesh's events go (issue 13); the store's publisher (app/notify) when not
   * given — tests pass a recording one.
   */
  readonly events?: EventPublisher;
}

export interface RunningServer {
  readonly url: string;
  readonly sync: SyncResult;
  /** True when the mesh folder is served (and watched), false when a published mesh is. */
  readonly servesFolder: boolean;
  /** Set when this start created the admin with a generated password (shown once). */
  readonly generatedPassword: string | undefined;
  readonly adminCreated: boolean;
  readonly store: MeshworkStore;
  /** The scheduler (on unless MESHWORK_SCHEDULER=off) and the in-process workers. */
  readonly jobs: { readonly scheduler: boolean; readonly workers: number };
  close(): Promise<void>;
}

/** Opens the store, bootstraps the admin, loads and watches the mesh, and listens. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const log = createServerLog({
    level: logLevelFrom(options.env),
    ...(options.log === undefined ? {} : { write: options.log }),
  });
  const limits = bodyLimitsFrom(options.env);
  const store = await openStore({ meshRoot: options.meshRoot, env: options.env });
  let catalog: CatalogService | undefined;
  let jobs: BackgroundJobs | undefined;
  try {
    const expiryNoticeDays = grantExpiryNoticeDays(options.env);
    const servesFolder = existsSync(join(options.meshRoot, 'meshwork.yaml'));
    // Settings are read before anything is written (the git backfill, the first index): a
    // bad MESHWORK_SLA_CHECK_MINUTES, MESHWORK_JOB_HISTORY_DAYS or OpenLineage setting stops
    // the start instead of every job that would read it. A published mesh has no warehouse
    // here, so its SLAs are not evaluated; finished jobs are pruned once a day.
    const slaSchedule = slaSystemSchedule(options.env);
    const follow = followSeconds(options.env);
    const pruneSchedule = pruneJobsSystemSchedule(options.env);
    lineageFromEnv(options.env, options.meshRoot);
    const adoption = createAdoptionRecorder({
      store,
      now: () => new Date(),
      report: (message, details) => log.info(message, details),
    });
    // Before the first index's snapshot (the recorder runs one at a time): today's measure
    // then carries on from the history git gave.
    if (servesFolder) void adoption.backfill(options.meshRoot);

    // The publisher reads the served mesh lazily, so the first index (which may find
    // changes made while the server was down) already has someone to tell.
    catalog = new CatalogService({
      store,
      meshRoot: servesFolder ? options.meshRoot : null,
      offThread: true,
      onIndexed: (indexed) => adoption.indexed(indexed),
      onChange: (change) => catalogEventProducer({ sink: events, store })(change),
    });
    const service = catalog;
    const publisher =
      options.events ?? createServerPublisher(store, service, () => access.mesh(), log);
    const events: EventSink = serverEventSink(publisher, log);
    // Always a plane: a grant on a port served by Trino fails plainly where no rules can be
    // published, rather than being reported active while Trino knows nothing of it.
    const trino = createTrinoRulesPublisher({
      store,
      env: options.env,
      meshRoot: options.meshRoot,
      client: trinoRulesClient,
    });
    const access: AccessDeps = createAccessDeps({
      store,
      catalog: service,
      workspaceRoot: options.meshRoot,
      env: options.env,
      provision: createGrantProvisioner({ meshRoot: options.meshRoot, env: options.env, trino }),
      expiryNoticeDays,
      events,
    });
    const sync = await service.load();
    const port = options.port ?? DEFAULT_PORT;
    const host = options.host ?? '127.0.0.1';
    const auth = createAuth({
      store,
      env: options.env,
      domainRoles: (username) =>
        domainRolesOf(
          new Map([...service.current.domains].map(([name, d]) => [name, d.teams])),
          username,
        ),
      publicUrl: options.env.MESHWORK_PUBLIC_URL ?? `http://${host}:${port}`,
    });
    const admin = await auth.bootstrapAdmin();
    // A bad MESHWORK_PSEUDONYM_KEY or an unreadable key file stops the start, not a download.
    await access.pseudonymKey();
    if (options.env.MESHWORK_TRINO_URL)
      // This server's rules files up to the set in the store (another server may have
      // published while it was down); a failure is said, the minute's job tries again.
      // Before any set is stored (a new store, an upgrade), one is published now: until
      // then Trino would go on with whatever rules it had, not deny by default.
      await access
        .mesh()
        .then(async (mesh) => {
          const synced = await trino.sync(mesh);
          if (synced === null) {
            const published = await trino.publish(mesh);
            log.info('Trino rules published at start', { revision: published.revision });
          } else if (synced.written)
            log.info('Trino rules files brought up to the store', { revision: synced.revision });
        })
        .catch((error: unknown) =>
          log.warn('the Trino rules files could not be brought up to the store', {
            error: error instanceof Error ? error.message : String(error),
          }),
        );
    const stopSweeps = sweepEvery(sweepMinutes(options.env), access, log);
    if (options.env.MESHWORK_DATABASE_URL && !options.env.MESHWORK_PSEUDONYM_KEY)
      // Each server would otherwise use the key file of its own workspace: behind a load
      // balancer, one consumer's pseudonyms would differ by the server that answered.
      log.warn(
        'MESHWORK_PSEUDONYM_KEY is not set: pseudonyms use this workspace\'s key file; give every server of a team the same key (README, "Running several servers")',
      );
    const app = createApp({
      notifyEnv: options.env,
      store,
      catalog: service,
      auth,
      log,
      limits,
      access,
      events: publisher,
      trino: { publisher: trino, mesh: () => access.mesh(), env: options.env },
      canvas: {
        draft: canvasDrafter(options.env),
        commitProposals:
          options.commitProposals === true || options.env.MESHWORK_COMMIT_PROPOSALS === '1',
      },
      ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }),
    });
    // Before listening: a bad MESHWORK_SCHEDULER or lease setting stops the start.
    const running = startBackgroundJobs({
      store,
      catalog: () => service.current,
      meshRoot: options.meshRoot,
      env: options.env,
      log,
      workers: servesFolder ? (options.workers ?? 1) : 0,
      events: publisher,
      // The prune needs no mesh folder: a published mesh's jobs, run by `meshwork worker`
      // processes elsewhere, pile up as well.
      systemSchedules: [
        ...(servesFolder ? [slaSchedule, ADOPTION_SYSTEM_SCHEDULE] : []),
        pruneSchedule,
        ...(options.env.MESHWORK_TRINO_URL ? [TRINO_RULES_SYSTEM_SCHEDULE] : []),
      ],
    });
    jobs = running;
    const listening = await listen(app, { port, host });
    // After listening: nothing below can fail the start and leave the timer behind.
    const stopFollowing = followStoreEvery(follow, service, log);
    log.info('listening', { url: listening.url, products: sync.products });
    if (servesFolder)
      service.watch((error) => {
        log.error('re-indexing failed; the previous catalog stays served', {
          error: error instanceof Error ? error.message : String(error),
          stack: error instanceof Error ? error.stack : undefined,
        });
        options.onWatchError?.(error);
      });
    return {
      url: listening.url,
      sync,
      servesFolder,
      generatedPassword: admin.generatedPassword,
      adminCreated: admin.created,
      store,
      jobs: { scheduler: running.scheduler, workers: running.workers },
      async close() {
        // Workers first: each finishes or gives back its job while the store is still open.
        await running.stop();
        stopSweeps();
        stopFollowing();
        service.close();
        await listening.close();
        // A snapshot or backfill under way finishes against an open store (bounded).
        await adoption.settle(5_000);
        await store.close();
      },
    };
  } catch (error) {
    await jobs?.stop();
    catalog?.close();
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** `MESHWORK_ACCESS_SWEEP_MINUTES` (default 60; 0: never — then run `meshwork access sweep` from cron). */
function sweepMinutes(env: NodeJS.ProcessEnv): number {
  const raw = env.MESHWORK_ACCESS_SWEEP_MINUTES;
  if (raw === undefined || raw.trim() === '') return 60;
  const minutes = Number(raw);
  if (!Number.isInteger(minutes) || minutes < 0)
    throw new MeshworkError(
      'usage',
      `MESHWORK_ACCESS_SWEEP_MINUTES must be a whole number of minutes, not "${raw}".`,
    );
  return minutes;
}

/**
 * `MESHWORK_GRANT_EXPIRY_NOTICE_DAYS`: how many days before a grant ends its consumer team
 * hears `grant.expiring` (default 7; 0: never).
 */
export function grantExpiryNoticeDays(env: NodeJS.ProcessEnv): number {
  const raw = env.MESHWORK_GRANT_EXPIRY_NOTICE_DAYS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_EXPIRY_NOTICE_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 0 || days > 366)
    throw new MeshworkError(
      'usage',
      `MESHWORK_GRANT_EXPIRY_NOTICE_DAYS must be a whole number of days from 0 to 366, not "${raw}".`,
    );
  return days;
}

/**
 * The server's own sweep of expired and unrecertified grants (and of requests a dead
 * server left half-approved); a failed sweep is logged and retried next time. A server
 * (re)started after a crash runs one as soon as the recovery grace since its start has
 * passed, so what the crash left `approved` is completed in minutes, not an interval later.
 */
function sweepEvery(minutes: number, access: AccessDeps, log: ServerLog): () => void {
  if (minutes === 0) return () => undefined;
  const run = (): void => {
    access.service.sweep().then(
      (report) =>
        log.info('access sweep', {
          expired: report.expired.length,
          lapsed: report.lapsed.length,
          reminded: report.reminded.length,
          failed: report.failed.length,
          expiringNotified: report.expiring?.published.length,
          expiringFailed: report.expiring?.failed.length,
          recoveredCompleted: report.recovery?.completed.length,
          recoveredActivated: report.recovery?.activated.length,
          recoveryFailed: report.recovery?.failed.length,
        }),
      (error: unknown) =>
        log.error('access sweep failed; the next one retries', {
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  };
  const first =
    RECOVERY_GRACE_MS < minutes * 60_000 ? setTimeout(run, RECOVERY_GRACE_MS) : undefined;
  first?.unref();
  const timer = setInterval(run, minutes * 60_000);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
