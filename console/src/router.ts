import { useEffect, useState } from 'preact/hooks';

export const BASE = '/console';

/** The console's own path ('/deliveries/…'), without the /console prefix. */
export function currentPath(): string {
  const path = window.location.pathname;
  const inner = path.startsWith(BASE) ? path.slice(BASE.length) : path;
  return inner === '' ? '/' : inner;
}

export function href(path: string): string {
  return `${BASE}${path}`;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const target = href(path);
  if (options.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** Re-renders on back/forward and on navigate(); returns the console path and its query. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const [location, setLocation] = useState(() => ({
    path: currentPath(),
    query: new URLSearchParams(window.location.search),
  }));
  useEffect(() => {
    const update = () =>
      setLocation({ path: currentPath(), query: new URLSearchParams(window.location.search) });
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return location;
}

/** Sets (or, when empty, removes) one filter of a list page's query, replacing the history entry. */
export function setQueryFilter(path: string, query: URLSearchParams, name: string, value: string): void {
  const next = new URLSearchParams(query);
  if (value) next.set(name, value);
  else next.delete(name);
  const search = next.toString();
  navigate(`${path}${search ? `?${search}` : ''}`, { replace: true });
}
