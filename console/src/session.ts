/**
 * The signed-in key lives in sessionStorage only: it dies with the tab, is never written to
 * localStorage, a cookie or a URL, and sign-out removes it.
 */
export interface Session {
  key: string;
  role: 'operator' | 'org';
  orgId: string | null;
  orgName: string | null;
}

const STORAGE_KEY = 'plugboard.console.session';

export function loadSession(): Session | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (typeof parsed.key !== 'string' || (parsed.role !== 'operator' && parsed.role !== 'org')) return null;
    return {
      key: parsed.key,
      role: parsed.role,
      orgId: parsed.orgId ?? null,
      orgName: parsed.orgName ?? null,
    };
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  window.sessionStorage.clear();
}
