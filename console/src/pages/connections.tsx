import { useState } from 'preact/hooks';
import { ApiClient, ApiError, unwrap } from '../api/client';
import type { Connection } from '../api/client';
import { shortId } from '../format';
import { useResource } from '../hooks';
import { href } from '../router';
import { EmptyState, ErrorBanner, Notice, PageHeader, StatusBadge, Time } from '../ui';

interface Props {
  api: ApiClient;
  orgId: string;
  query: URLSearchParams;
}

export function ConnectionsPage({ api, orgId, query }: Props) {
  const connections = useResource(() => unwrap(api.api.listConnections({ orgId, limit: 500 })), orgId);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const returned = query.get('connectionId');

  const refresh = async (connection: Connection) => {
    setBusy(connection.id);
    setActionError(null);
    setMessage(null);
    try {
      const result = await unwrap(api.api.refreshConnection({ orgId, id: connection.id }));
      setMessage(
        result.ok
          ? `Refreshed ${connection.provider} connection ${shortId(connection.id)}.`
          : `Refresh of ${shortId(connection.id)} failed: ${result.errorCode ?? 'unknown error'}${result.terminal ? ' (terminal: reconnect it)' : ' (transient: it will retry)'}.`,
      );
      await connections.reload();
    } catch (error) {
      setActionError(error as ApiError);
    } finally {
      setBusy(null);
    }
  };

  const reconnect = async (connection: Connection) => {
    setBusy(connection.id);
    setActionError(null);
    try {
      const started = await unwrap(
        api.api.authorizeConnection({
          orgId,
          body: {
            provider: connection.provider,
            connectionId: connection.id,
            returnUrl: `${window.location.origin}${href('/connections')}`,
          },
        }),
      );
      // Same tab, so sessionStorage (the key) is still there when the provider sends the user back.
      window.location.assign(started.authorizeUrl);
    } catch (error) {
      setActionError(error as ApiError);
      setBusy(null);
    }
  };

  const items = connections.data?.items ?? [];
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Connections" loading={connections.loading}>
        <button type="button" class="button" onClick={() => void connections.reload()}>
          Reload
        </button>
      </PageHeader>
      {returned ? <Notice tone="success">Connection {shortId(returned)} is reconnected.</Notice> : null}
      {message ? <Notice>{message}</Notice> : null}
      <ErrorBanner error={actionError} context="That action failed" />
      <ErrorBanner error={connections.error} context="Could not list connections" />
      {connections.data && items.length === 0 ? (
        <EmptyState title="No connections yet.">
          Configure a provider (<code>POST /v1/orgs/{'{orgId}'}/providers</code>), then connect an account
          with <code>POST …/connections/authorize</code> or import tokens with <code>POST …/connections</code>
          . See the API reference at <a href="/docs">/docs</a>.
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Connections of this org</caption>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Status</th>
                <th scope="col">Account</th>
                <th scope="col">Expires</th>
                <th scope="col">Refreshable</th>
                <th scope="col">Last refresh error</th>
                <th scope="col">Blocked until</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((connection) => (
                <tr key={connection.id} data-connection-id={connection.id}>
                  <td data-label="Provider">
                    <strong>{connection.provider}</strong>
                    <div class="muted mono" title={connection.id}>
                      {shortId(connection.id)}
                    </div>
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={connection.status} />
                  </td>
                  <td data-label="Account">{connection.externalAccountId ?? <span class="muted">—</span>}</td>
                  <td data-label="Expires">
                    <Time iso={connection.expiresAt} />
                  </td>
                  <td data-label="Refreshable">{connection.isRefreshable ? 'yes' : 'no'}</td>
                  <td data-label="Last refresh error">
                    {connection.lastRefreshError ?? <span class="muted">—</span>}
                  </td>
                  <td data-label="Blocked until">
                    <Time iso={connection.refreshBlockedUntil} />
                  </td>
                  <td data-label="Actions" class="actions">
                    <button
                      type="button"
                      class="button button-small"
                      disabled={busy === connection.id}
                      onClick={() => void refresh(connection)}
                      aria-label={`Refresh now ${connection.provider} ${shortId(connection.id)}`}
                    >
                      Refresh now
                    </button>
                    <button
                      type="button"
                      class={`button button-small ${connection.status === 'INVALID' ? 'button-primary' : ''}`}
                      disabled={busy === connection.id}
                      onClick={() => void reconnect(connection)}
                      aria-label={`Reconnect ${connection.provider} ${shortId(connection.id)}`}
                    >
                      Reconnect
                    </button>
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
