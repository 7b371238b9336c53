import { useState } from 'preact/hooks';
import { ApiClient, ApiError, toApiError, unwrap } from '../api/client';
import { useResource } from '../hooks';
import { EmptyState, ErrorBanner, Field, Notice, PageHeader, Time, valueOf } from '../ui';

interface Props {
  api: ApiClient;
  orgId: string;
}

const EMPTY = {
  key: '',
  authorizeUrl: '',
  tokenUrl: '',
  clientId: '',
  clientSecret: '',
  scopes: '',
  grantType: 'authorization_code' as 'authorization_code' | 'client_credentials',
  tokenAuthMethod: 'client_secret_post' as 'client_secret_post' | 'client_secret_basic',
  usePkce: true,
  apiBaseUrl: '',
  errorStyle: 'standard' as 'standard' | 'slack',
};

/** An org's OAuth apps: the list, and a form to add one by hand. */
export function ProvidersPage({ api, orgId }: Props) {
  const providers = useResource(() => unwrap(api.api.listProviders({ orgId, limit: 500 })), orgId);
  const [form, setForm] = useState(EMPTY);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const set = (name: keyof typeof EMPTY) => (event: Event) => setForm({ ...form, [name]: valueOf(event) });

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const scopes = form.scopes.split(/[\s,]+/).filter(Boolean);
      const provider = await unwrap(
        api.api.createProvider({
          orgId,
          body: {
            key: form.key.trim(),
            tokenUrl: form.tokenUrl.trim(),
            clientId: form.clientId.trim(),
            grantType: form.grantType,
            tokenAuthMethod: form.tokenAuthMethod,
            usePkce: form.usePkce,
            errorStyle: form.errorStyle,
            ...(form.authorizeUrl.trim() ? { authorizeUrl: form.authorizeUrl.trim() } : {}),
            ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
            ...(scopes.length > 0 ? { scopes } : {}),
            ...(form.apiBaseUrl.trim() ? { apiBaseUrl: form.apiBaseUrl.trim() } : {}),
          },
        }),
      );
      setCreated(provider.key);
      setForm(EMPTY);
      setOpen(false);
      await providers.reload();
    } catch (cause) {
      setError(toApiError(cause));
    } finally {
      setBusy(false);
    }
  };

  const items = providers.data?.items ?? [];
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Providers" loading={providers.loading}>
        <button
          type="button"
          class="button button-primary"
          onClick={() => setOpen(!open)}
          aria-expanded={open}
        >
          New provider
        </button>
      </PageHeader>
      {created ? (
        <Notice tone="success">
          Provider <strong>{created}</strong> created. Its client secret is stored encrypted and is never
          shown again; connections name the provider by its key.
        </Notice>
      ) : null}
      {open ? (
        <form class="create-form" onSubmit={submit} aria-label="New provider">
          <h2>New provider (an OAuth app of this org)</h2>
          <Field label="Key" hint="A slug connections name it by, e.g. slack">
            <input required value={form.key} onInput={set('key')} pattern="[a-z0-9][a-z0-9_-]{0,63}" />
          </Field>
          <Field label="Grant type">
            <select value={form.grantType} onChange={set('grantType')}>
              <option value="authorization_code">authorization_code</option>
              <option value="client_credentials">client_credentials</option>
            </select>
          </Field>
          <Field label="Authorize URL" hint="Required for authorization_code">
            <input type="url" value={form.authorizeUrl} onInput={set('authorizeUrl')} />
          </Field>
          <Field label="Token URL">
            <input type="url" required value={form.tokenUrl} onInput={set('tokenUrl')} />
          </Field>
          <Field label="Client ID">
            <input required value={form.clientId} onInput={set('clientId')} />
          </Field>
          <Field label="Client secret" hint="Stored encrypted; never shown again">
            <input
              type="password"
              autocomplete="off"
              value={form.clientSecret}
              onInput={set('clientSecret')}
            />
          </Field>
          <Field label="Scopes" hint="Separated by spaces or commas">
            <input value={form.scopes} onInput={set('scopes')} />
          </Field>
          <Field label="Token auth method">
            <select value={form.tokenAuthMethod} onChange={set('tokenAuthMethod')}>
              <option value="client_secret_post">client_secret_post</option>
              <option value="client_secret_basic">client_secret_basic</option>
            </select>
          </Field>
          <Field label="API base URL" hint="Where the secret proxy forwards, e.g. https://slack.com/api">
            <input type="url" value={form.apiBaseUrl} onInput={set('apiBaseUrl')} />
          </Field>
          <Field label="Error style" hint="slack: HTTP 200 {ok:false} is a failure">
            <select value={form.errorStyle} onChange={set('errorStyle')}>
              <option value="standard">standard</option>
              <option value="slack">slack</option>
            </select>
          </Field>
          <label class="inline-field checkbox">
            <input
              type="checkbox"
              checked={form.usePkce}
              onChange={(event) => setForm({ ...form, usePkce: (event.target as HTMLInputElement).checked })}
            />
            <span>Use PKCE</span>
          </label>
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={busy}>
              {busy ? 'Creating…' : 'Create provider'}
            </button>
            <button type="button" class="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <ErrorBanner error={error} context="Could not create the provider" />
      <ErrorBanner error={providers.error} context="Could not list providers" />
      {providers.data && items.length === 0 ? (
        <EmptyState title="No providers yet.">
          Add the OAuth app you registered with the provider (its client id and secret) with "New provider";
          connections are then made through it.
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">OAuth providers of this org</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Grant</th>
                <th scope="col">Token URL</th>
                <th scope="col">API base URL</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {items.map((provider) => (
                <tr key={provider.id} data-provider-key={provider.key}>
                  <td data-label="Key" class="mono">
                    {provider.key}
                  </td>
                  <td data-label="Grant">{provider.grantType}</td>
                  <td data-label="Token URL" class="mono break">
                    {provider.tokenUrl}
                  </td>
                  <td data-label="API base URL" class="mono break">
                    {provider.apiBaseUrl ?? <span class="muted">—</span>}
                  </td>
                  <td data-label="Scopes">{provider.scopes.join(' ') || <span class="muted">—</span>}</td>
                  <td data-label="Created">
                    <Time iso={provider.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
