import type { MeshEvent } from '../../../core/notify/mesh-event.ts';
import type { EventPublisher } from '../event-publisher.ts';

/**
 * Where a producer hands its events, and who hears when one could not be handed over.
 * The work that caused an event (a reported run, a decision, the sweep, an index) is done
 * and stored before it publishes: a failed publish must not undo or fail it, and must not
 * vanish either — `onFailure` is told (the server logs it as an error).
 */
export interface EventSink {
  readonly publisher: EventPublisher;
  readonly onFailure: (failure: PublishFailure) => void;
}

export interface PublishFailure {
  readonly eventId: string;
  readonly type: MeshEvent['type'];
  readonly reason: string;
}

export interface PublishOutcome {
  readonly published: number;
  readonly failed: readonly PublishFailure[];
}

const NOTHING: PublishOutcome = { published: 0, failed: [] };

/**
 * Publishes each event in order and never throws: a failure is reported to the sink's
 * `onFailure` and returned, and the next event is still tried. Without a sink (a server
 * or test without notifications) nothing is published and nothing is lost: there is no
 * one to deliver to.
 */
export async function publishEvents(
  sink: EventSink | undefined,
  events: readonly MeshEvent[],
): Promise<PublishOutcome> {
  if (sink === undefined || events.length === 0) return NOTHING;
  let published = 0;
  const failed: PublishFailure[] = [];
  for (const event of events) {
    try {
      await sink.publisher.publish(event);
      published++;
    } catch (error) {
      const failure: PublishFailure = {
        eventId: event.id,
        type: event.type,
        reason: (error instanceof Error ? error.message : String(error)).slice(0, 500),
      };
      failed.push(failure);
      try {
        sink.onFailure(failure);
      } catch {
        // The report of a failure failing (a broken log writer) must not fail the work either.
      }
    }
  }
  return { published, failed };
}

/** Bounds a list of identifiers into one flat event field (events carry flat, small data). */
export function joinBounded(items: readonly string[], max = 10, chars = 500): string {
  const shown = items.slice(0, max).join(', ');
  const more = items.length > max ? ` (+${items.length - max} more)` : '';
  return (shown.length > chars ? `${shown.slice(0, chars - 1)}…` : shown) + more;
}
