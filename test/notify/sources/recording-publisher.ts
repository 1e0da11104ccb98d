import type { EventPublisher } from '../../../src/app/notify/event-publisher.ts';
import type { MeshEvent } from '../../../src/core/notify/mesh-event.ts';

/** A publisher that keeps what it was given; `failWith` makes every publish reject. */
export function recordingPublisher(): EventPublisher & {
  events: MeshEvent[];
  failWith: string | null;
} {
  const recorder = {
    events: [] as MeshEvent[],
    failWith: null as string | null,
    publish(event: MeshEvent): Promise<void> {
      if (recorder.failWith !== null) return Promise.reject(new Error(recorder.failWith));
      recorder.events.push(event);
      return Promise.resolve();
    },
  };
  return recorder;
}

/** Log lines a server log wrote, parsed. */
export function recordingLog(): {
  lines: Record<string, unknown>[];
  write: (line: string) => void;
} {
  const lines: Record<string, unknown>[] = [];
  return { lines, write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) };
}
