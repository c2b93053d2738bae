import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'ready'; value: T }
  | { state: 'unavailable'; message: string }
  | { state: 'failed'; message: string };

/** Loads on mount and whenever `deps` change; `reload` loads again. A 404 is "not available", never a crash. */
export function useApi<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setLoaded({ state: 'ready', value }),
      (error: unknown) => current && setLoaded(failure(error)),
    );
    return () => {
      current = false;
    };
    // The caller names what the load depends on.
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return [loaded, reload];
}

export function failure(error: unknown): { state: 'unavailable' | 'failed'; message: string } {
  if (error instanceof ApiError && error.notAvailable) return { state: 'unavailable', message: error.message };
  return { state: 'failed', message: error instanceof Error ? error.message : String(error) };
}
