import { useEffect, useRef, useState } from 'react';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: Error }
  | { readonly state: 'ready'; readonly data: T };

/**
 * Loads once per `key` and again on `reload()`; `key` stands for everything `load` reads.
 * An answer that arrives after the key changed is dropped, so a fast typist never sees
 * the results of an older query.
 */
export function useLoad<T>(key: string, load: () => Promise<T>): [Loaded<T>, () => void] {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    let current = true;
    setResult({ state: 'loading' });
    loader.current().then(
      (data) => {
        if (current) setResult({ state: 'ready', data });
      },
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        if (current) setResult({ state: 'error', error: failure });
      },
    );
    return () => {
      current = false;
    };
  }, [key, attempt]);
  return [result, () => setAttempt((n) => n + 1)];
}
