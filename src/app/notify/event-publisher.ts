import type { MeshEvent } from '../../core/notify/mesh-event.ts';

/**
 * Where producers hand events (issue 13). `publish` resolves once the event is stored
 * durably (delivery happens later, by jobs); an event id published before is not stored
 * again. Producers must not let a failed publish fail their own work: they catch it and
 * say so (log, result), never drop it silently.
 */
export interface EventPublisher {
  publish(event: MeshEvent): Promise<void>;
}
