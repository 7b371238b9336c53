import { useState } from 'preact/hooks';
import { ApiClient, ApiError, toApiError, unwrap } from '../api/client';
import { useResource } from '../hooks';
import { EmptyState, ErrorBanner, Notice, PageHeader, Time } from '../ui';
import { ProviderBody, ProviderForm } from './provider-form';

interface Props {
  api: ApiClient;
  orgId: string;
}

/** An org's OAuth apps: the list, and a form to add one from the catalog, an MCP server or by hand. */
export function ProvidersPage({ api, orgId }: Props) {
  const providers = useResource(() => unwrap(api.api.listProviders({ orgId, limit: 500 })), orgId);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const create = async (body: ProviderBody): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      const provider = await unwrap(api.api.createProvider({ orgId, body }));
      setCreated(provider.key);
      setOpen(false);
      await providers.reload();
      return true;
    } catch (cause) {
      setError(toApiError(cause));
      return false;
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
      {open ? <ProviderForm api={api} onCreate={create} onCancel={() => setOpen(false)} busy={busy} /> : null}
      <ErrorBanner error={error} context="Could not create the provider" />
      <ErrorBanner error={providers.error} context="Could not list providers" />
      {providers.data && items.length === 0 ? (
        <EmptyState title="No providers yet.">
          Add the OAuth app you registered with the provider with "New provider": pick it from the catalog and
          give its client id and secret; connections are then made through it.
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">OAuth providers of this org</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Template</th>
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
                  <td data-label="Template">{provider.template ?? <span class="muted">by hand</span>}</td>
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
