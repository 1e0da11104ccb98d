import type { Catalog } from '../catalog/catalog-model.ts';
import type { MeshworkStore } from '../store/store.ts';
import type { BackfillReport } from './git-backfill.ts';
import { backfillAdoptionFromGit } from './git-backfill.ts';
import { recordAdoption } from './measure-adoption.ts';

export interface AdoptionRecorder {
  /** Records the day's snapshot of a catalog just indexed; never throws (a failure is reported). */
  indexed(catalog: Catalog): Promise<void>;
  /** Backfills from git when the served folder is a git work tree; never throws. */
  backfill(meshRoot: string): Promise<BackfillReport | null>;
  /** Resolves once the work queued so far is done, or after `ms` (a closing server waits). */
  settle(ms: number): Promise<void>;
}

/**
 * What the server does for the adoption history (issue 13): a snapshot on every catalog
 * index, and the git backfill at the start. Neither may stop serving the mesh, so failures
 * go to `report` (the server's log), one at a time: snapshots of indexes in quick succession
 * queue rather than race for the same day.
 */
export function createAdoptionRecorder(options: {
  readonly store: MeshworkStore;
  readonly now: () => Date;
  readonly report: (message: string, details: Record<string, string | number | boolean>) => void;
}): AdoptionRecorder {
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const failed = (what: string) => (error: unknown) => {
    options.report(`${what} failed`, {
      error: error instanceof Error ? error.message : String(error),
    });
    return null;
  };
  return {
    indexed: (catalog) =>
      serially(async () => {
        await recordAdoption({
          store: options.store,
          catalog,
          now: options.now(),
          source: 'index',
        });
      }).catch(failed('the adoption snapshot')) as Promise<void>,
    backfill: (meshRoot) =>
      serially(async () => {
        const report = await backfillAdoptionFromGit({
          store: options.store,
          meshRoot,
          now: options.now(),
        });
        options.report(
          'adoption history from git',
          report.kind === 'done' ? { ...report } : { kind: report.kind, reason: report.reason },
        );
        return report;
      }).catch(failed('the adoption backfill from git')),
    settle: async (ms) => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        queue,
        new Promise<void>((done) => {
          timer = setTimeout(done, ms);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
