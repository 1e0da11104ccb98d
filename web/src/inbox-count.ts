import { useEffect, useState } from 'react';
import { api } from './api.ts';

/**
 * The number of access requests waiting for the user's decision, for the badge in the
 * navigation. Loaded again on every page change and whenever a decision was made
 * (`notifyInboxChanged`), so the badge never lags behind the inbox by more than a click.
 */
const listeners = new Set<() => void>();

export function notifyInboxChanged(): void {
  for (const listener of listeners) listener();
}

/** `null` while unknown or when the user decides nothing; `more` when a further page exists. */
export function useInboxCount(
  enabled: boolean,
  page: string,
): { count: number; more: boolean } | null {
  const [count, setCount] = useState<{ count: number; more: boolean } | null>(null);
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    const listener = (): void => setChanges((n) => n + 1);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  useEffect(() => {
    if (!enabled) return undefined;
    let current = true;
    api.accessRequests('to-decide', { state: 'pending' }).then(
      (answer) => {
        if (current) setCount({ count: answer.items.length, more: answer.next !== null });
      },
      // A badge that cannot be loaded is left out; the inbox page says what went wrong.
      () => {
        if (current) setCount(null);
      },
    );
    return () => {
      current = false;
    };
  }, [enabled, page, changes]);
  return enabled ? count : null;
}
