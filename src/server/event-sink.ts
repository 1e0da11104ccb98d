import type { EventPublisher } from '../app/notify/event-publisher.ts';
import type { EventSink } from '../app/notify/sources/publish-events.ts';
import type { ServerLog } from './log.ts';

/**
 * The server's producers hand events to the publisher; one that could not be handed over
 * is an error line in the log (the work that caused it is done and stays done).
 */
export function serverEventSink(publisher: EventPublisher, log: ServerLog): EventSink {
  return {
    publisher,
    onFailure: (failure) =>
      log.error('publishing an event failed; the work it reports is done', {
        eventId: failure.eventId,
        type: failure.type,
        error: failure.reason,
      }),
  };
}
