import { useState } from 'preact/hooks';
import { ApiError, createApiClient, unwrap } from '../api/client';
import type { Session } from '../session';
import { ErrorBanner } from '../ui';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An operator key is recognised by GET /v1/orgs answering 200 (org keys get 403). An org key cannot
 * name its org through the public API, so the sign-in asks for the org id beside it and checks the
 * pair with GET /v1/orgs/:orgId (another org answers 404).
 */
async function signIn(key: string, orgId: string): Promise<Session> {
  const api = createApiClient(key);
  const orgs = await api.GET('/v1/orgs', { params: { query: { limit: 500 } } });
  if (orgs.response.ok && orgs.data) {
    const chosen = orgs.data.items.find((org) => org.id === orgId) ?? orgs.data.items[0];
    return { key, role: 'operator', orgId: chosen?.id ?? null, orgName: chosen?.name ?? null };
  }
  if (orgs.response.status !== 403) await unwrap(Promise.resolve(orgs));
  if (!UUID.test(orgId)) {
    throw new ApiError(400, 'CONSOLE.ORG_ID_REQUIRED', 'This is an org key: enter its org id too.', null);
  }
  const org = await unwrap(api.GET('/v1/orgs/{orgId}', { params: { path: { orgId } } })).catch(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 404) {
        throw new ApiError(404, error.code, 'This key does not belong to that org.', error.requestId);
      }
      throw error;
    },
  );
  return { key, role: 'org', orgId: org.id, orgName: org.name };
}

export function SignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [key, setKey] = useState('');
  const [orgId, setOrgId] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(key.trim(), orgId.trim().toLowerCase()));
    } catch (cause) {
      setError(cause instanceof ApiError ? cause : new ApiError(0, 'CONSOLE', String(cause), null));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>plugboard console</h1>
      <p>Sign in with an org API key (and its org id) or with the operator key.</p>
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
        <label for="org-id">Org id (org keys; optional for the operator)</label>
        <input
          id="org-id"
          name="org-id"
          autocomplete="off"
          spellcheck={false}
          value={orgId}
          onInput={(event) => setOrgId((event.target as HTMLInputElement).value)}
          placeholder="00000000-0000-0000-0000-000000000000"
        />
        <button type="submit" class="button button-primary" disabled={busy || key.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <ErrorBanner error={error} context="Sign-in failed" />
    </main>
  );
}
