import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api/client';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => Promise<void>;
}

/**
 * Loads once per `key`, and again every `intervalMs` while the tab is visible (the auto-refresh of
 * deliveries). A reload that fails keeps the last good data beside the error.
 */
export function useResource<T>(load: () => Promise<T>, key: string, intervalMs?: number): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const loader = useRef(load);
  loader.current = load;
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await loader.current();
      if (mine !== generation.current) return;
      setData(value);
      setError(null);
    } catch (cause) {
      if (mine !== generation.current) return;
      setError(cause instanceof ApiError ? cause : new ApiError(0, 'CONSOLE', String(cause), null));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    setData(undefined);
    void reload();
    if (!intervalMs) return undefined;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, intervalMs);
    return () => window.clearInterval(timer);
  }, [key, intervalMs, reload]);

  return { data, error, loading, reload };
}
