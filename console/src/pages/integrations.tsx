import { useState } from 'preact/hooks';
import { ApiClient, ApiError, unwrap } from '../api/client';
import type { Delivery, Integration } from '../api/client';
import { useResource } from '../hooks';
import {
  EmptyState,
  ErrorBanner,
  Notice,
  PageHeader,
  SecretOnce,
  StatusBadge,
  Time,
  CopyButton,
} from '../ui';
import { IntegrationForm } from './integration-form';

interface Props {
  api: ApiClient;
  orgId: string;
}

/**
 * The server's own ingress URL (built on PUBLIC_URL, which is what providers must reach) with the
 * chosen route in place of `:route`; this origin when the server gives none.
 */
export function ingressUrl(
  integration: Pick<Integration, 'plugin' | 'instanceId'> & { ingress?: { url?: string } },
  route: string,
): string {
  const template = integration.ingress?.url;
  if (template?.endsWith('/:route')) return template.replace(/:route$/, encodeURIComponent(route));
  const segments = [integration.plugin, integration.instanceId, route].map(encodeURIComponent);
  return `${window.location.origin}/ingress/${segments.join('/')}`;
}

function countByIntegration(deliveries: Delivery[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const delivery of deliveries)
    counts[delivery.integrationId] = (counts[delivery.integrationId] ?? 0) + 1;
  return counts;
}

export function IntegrationsPage({ api, orgId }: Props) {
  const integrations = useResource(() => unwrap(api.api.listIntegrations({ orgId, limit: 500 })), orgId);
  // Parked counts come from the same public list the Deliveries page reads (first 500 parked rows).
  const parked = useResource(
    () =>
      unwrap(api.api.listDeliveries({ orgId, status: 'PARKED', limit: 500 })).then((page) =>
        countByIntegration(page.items),
      ),
    orgId,
  );
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [route, setRoute] = useState('events');
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<{
    title: string;
    secrets: Array<{ label: string; value: string }>;
    notes: string[];
  } | null>(null);

  const run = async (integration: Integration, action: () => Promise<string>) => {
    setBusy(integration.id);
    setActionError(null);
    setMessage(null);
    try {
      setMessage(await action());
      await Promise.all([integrations.reload(), parked.reload()]);
    } catch (error) {
      setActionError(error as ApiError);
    } finally {
      setBusy(null);
    }
  };

  const setStatus = (integration: Integration, status: 'ENABLED' | 'DISABLED') =>
    run(integration, async () => {
      await unwrap(api.api.updateIntegration({ orgId, id: integration.id, body: { status } }));
      return `${integration.name} is now ${status}.`;
    });

  const rotateSecret = (integration: Integration) =>
    run(integration, async () => {
      const rotated = await unwrap(api.api.rotateDeliverySecret({ orgId, id: integration.id }));
      setShown({
        title: `New delivery secret of ${integration.name}`,
        secrets: [{ label: 'Delivery secret', value: rotated.deliverySecret }],
        notes: [
          `Until ${new Date(rotated.previousDeliverySecretExpiresAt).toUTCString()} deliveries are signed by the old secret too: give your receiver the new one before then.`,
        ],
      });
      return `The delivery secret of ${integration.name} was rotated.`;
    });

  const redriveParked = (integration: Integration) =>
    run(integration, async () => {
      const result = await unwrap(api.api.redriveParked({ orgId, id: integration.id }));
      const failed = result.results.filter((row) => row.outcome === 'failed').length;
      return `Redrove ${result.results.length} parked deliveries of ${integration.name}${failed ? ` (${failed} failed)` : ''}.`;
    });

  const items = integrations.data?.items ?? [];
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Integrations" loading={integrations.loading}>
        <label class="inline-field">
          <span>Ingress route</span>
          <input
            value={route}
            onInput={(event) => setRoute((event.target as HTMLInputElement).value || 'events')}
            size={10}
          />
        </label>
        <button type="button" class="button" onClick={() => void integrations.reload()}>
          Reload
        </button>
        <button
          type="button"
          class="button button-primary"
          onClick={() => setCreating(!creating)}
          aria-expanded={creating}
        >
          New integration
        </button>
      </PageHeader>
      {shown ? (
        <SecretOnce title={shown.title} secrets={shown.secrets} onDismiss={() => setShown(null)}>
          {shown.notes.map((note) => (
            <p class="hint" key={note}>
              {note}
            </p>
          ))}
        </SecretOnce>
      ) : null}
      {creating ? (
        <IntegrationForm
          api={api}
          orgId={orgId}
          onCancel={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setShown({
              title: `Integration ${created.name} created`,
              secrets: [
                { label: 'Delivery secret', value: created.deliverySecret },
                { label: 'Ingress URL', value: ingressUrl(created, route) },
              ],
              notes: [
                created.deliveryMode === 'pull'
                  ? 'Pull mode: the agent pulls its deliveries (POST …/deliveries/pull) and verifies them with the delivery secret; plugboard listen relays them to a local server.'
                  : 'Your receiver verifies each delivery with the delivery secret (Standard Webhooks).',
                'Paste the ingress URL into the provider’s webhook settings (the last segment is a route name of your choice).',
                ...created.warnings,
              ],
            });
            void integrations.reload();
          }}
        />
      ) : null}
      {message ? <Notice>{message}</Notice> : null}
      <ErrorBanner error={actionError} context="That action failed" />
      <ErrorBanner error={integrations.error} context="Could not list integrations" />
      <ErrorBanner error={parked.error} context="Could not count parked deliveries" />
      {integrations.data && items.length === 0 ? (
        <EmptyState title="No integrations yet.">
          Create one with "New integration" (or <code>POST /v1/orgs/{'{orgId}'}/integrations</code>), then
          paste its ingress URL into the provider. See <a href="/docs">/docs</a>.
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Integrations of this org</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Reason</th>
                <th scope="col">Changed</th>
                <th scope="col">Ingress URL</th>
                <th scope="col">Parked</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((integration) => {
                const url = ingressUrl(integration, route);
                const parkedCount = parked.data?.[integration.id] ?? 0;
                const isEnabled = integration.status === 'ENABLED';
                return (
                  <tr
                    key={integration.id}
                    data-integration-id={integration.id}
                    class={`row-${integration.status}`}
                  >
                    <td data-label="Name">
                      <strong>{integration.name}</strong>
                      <div class="muted mono">
                        {integration.plugin}/{integration.instanceId}
                      </div>
                      <div class="muted">
                        {integration.deliveryMode === 'pull' ? 'pull mode' : integration.deliveryUrl}
                      </div>
                    </td>
                    <td data-label="Status">
                      <StatusBadge status={integration.status} />
                    </td>
                    <td data-label="Reason">{integration.statusReason ?? <span class="muted">—</span>}</td>
                    <td data-label="Changed">
                      <Time iso={integration.statusChangedAt} />
                    </td>
                    <td data-label="Ingress URL" class="url-cell">
                      <code class="mono break">{url}</code>{' '}
                      <CopyButton text={url} label={`Copy ingress URL of ${integration.name}`} />
                    </td>
                    <td data-label="Parked" class="number">
                      {parkedCount}
                    </td>
                    <td data-label="Actions" class="actions">
                      <button
                        type="button"
                        class="button button-small"
                        disabled={busy === integration.id}
                        onClick={() => void setStatus(integration, isEnabled ? 'DISABLED' : 'ENABLED')}
                        aria-label={`${isEnabled ? 'Disable' : 'Enable'} ${integration.name}`}
                      >
                        {isEnabled ? 'Disable' : 'Enable'}
                      </button>
                      <button
                        type="button"
                        class="button button-small"
                        disabled={busy === integration.id || parkedCount === 0}
                        onClick={() => void redriveParked(integration)}
                        aria-label={`Redrive parked deliveries of ${integration.name}`}
                      >
                        Redrive parked
                      </button>
                      <button
                        type="button"
                        class="button button-small"
                        disabled={busy === integration.id}
                        onClick={() => void rotateSecret(integration)}
                        aria-label={`Rotate the delivery secret of ${integration.name}`}
                      >
                        Rotate secret
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {items.length > 0 ? (
        <p class="hint">
          The last segment of an ingress URL is a route name of your choice (set it above); a provider that
          sends several kinds of events can use one route each.
        </p>
      ) : null}
    </section>
  );
}
