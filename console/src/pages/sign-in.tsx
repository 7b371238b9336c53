import { useState } from 'preact/hooks';
import { ApiError, createApiClient, unwrap } from '../api/client';
import type { Session } from '../session';
import { ErrorBanner } from '../ui';

/**
 * GET /v1/me says whose key this is: the operator (who then picks an org among all of them) or an
 * org key, whose org it names, so a key alone signs in.
 */
async function signIn(key: string): Promise<Session> {
  const api = createApiClient(key);
  const me = await unwrap(api.me());
  if (me.type === 'operator') {
    const orgs = await unwrap(api.api.listOrgs({ limit: 500 }));
    const first = orgs.items[0];
    return { key, role: 'operator', orgId: first?.id ?? null, orgName: first?.name ?? null };
  }
  const org = await unwrap(api.api.getOrg({ orgId: me.orgId }));
  return { key, role: 'org', orgId: org.id, orgName: org.name };
}

export function SignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(key.trim()));
    } catch (cause) {
      setError(cause instanceof ApiError ? cause : new ApiError(0, 'CONSOLE', String(cause), null));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>plugboard console</h1>
      <p>Sign in with an org API key or with the operator key.</p>
      <form onSubmit={submit} class="form">
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          required
          value={key}
          onInput={(event) => setKey((event.target as HTMLInputElement).value)}
          aria-describedby="api-key-help"
        />
        <p id="api-key-help" class="hint">
          Kept in this tab's session storage only; signing out or closing the tab forgets it.
        </p>
        <button type="submit" class="button button-primary" disabled={busy || key.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <ErrorBanner error={error} context="Sign-in failed" />
    </main>
  );
}
