import type { PlannedProduct } from '../../core/build/plan.ts';
import type { RunEventType } from '../../core/openlineage/run-event.ts';
import type { ProductBuildResult } from '../build/build-product.ts';
import { createBuildRun } from './build-run.ts';
import type { LineageEmitter } from './lineage-emitter.ts';

/** A lineage event that did not arrive; the build went on (DESIGN.md: a result never misleads). */
export interface LineageFailure {
  readonly product: string;
  readonly runId: string;
  readonly eventType: RunEventType;
  readonly destination: string;
  readonly error: string;
}

/** The build report's account of its OpenLineage events (present when lineage is configured). */
export interface LineageReport {
  readonly destinations: readonly string[];
  /** Events delivered to every destination. */
  readonly delivered: number;
  readonly failures: readonly LineageFailure[];
}

export interface LineageRecorder {
  /** Emits START; the returned function emits COMPLETE or FAIL for the product's result. */
  start(planned: PlannedProduct): Promise<(result: ProductBuildResult) => Promise<void>>;
  report(): LineageReport;
}

export interface LineageRecorderOptions {
  readonly emitter: LineageEmitter;
  readonly namespace: string;
  readonly meshRoot: string;
  readonly now?: () => Date;
}

/**
 * Sends each product build's run events and keeps what failed. Never throws: a build does
 * not fail for its lineage (the emitter returns failures instead of throwing).
 */
export function createLineageRecorder(options: LineageRecorderOptions): LineageRecorder {
  const now = options.now ?? (() => new Date());
  const failures: LineageFailure[] = [];
  let delivered = 0;
  return {
    async start(planned) {
      const run = createBuildRun(planned, {
        meshRoot: options.meshRoot,
        namespace: options.namespace,
      });
      const send = async (event: ReturnType<typeof run.start>): Promise<void> => {
        const emissions = await options.emitter.emit(event);
        let ok = true;
        for (const e of emissions) {
          if (e.ok) continue;
          ok = false;
          failures.push({
            product: planned.key,
            runId: run.runId,
            eventType: event.eventType,
            destination: e.destination,
            error: e.error ?? 'not delivered',
          });
        }
        if (ok) delivered++;
      };
      await send(run.start(now()));
      return (result) => send(run.finish(result, now()));
    },
    report: () => ({
      destinations: options.emitter.destinations,
      delivered,
      failures: [...failures],
    }),
  };
}
