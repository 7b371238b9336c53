import { useMemo, useState } from 'preact/hooks';
import { ApiClient, ApiError, unwrap } from '../api/client';
import type { Delivery, DeliveryStatus, RedriveResult } from '../api/client';
import { absoluteTime, shortId } from '../format';
import { useResource } from '../hooks';
import { href, navigate } from '../router';
import { EmptyState, ErrorBanner, Notice, PageHeader, StatusBadge, Time } from '../ui';

const STATUSES: DeliveryStatus[] = ['RECEIVED', 'QUEUED', 'DELIVERED', 'PARKED', 'DISCARDED', 'DEAD'];
const AUTO_REFRESH_MS = 5000;
const PAGE_SIZE = 200;

interface Props {
  api: ApiClient;
  orgId: string;
  query: URLSearchParams;
}

function setFilter(query: URLSearchParams, name: string, value: string): void {
  const next = new URLSearchParams(query);
  if (value) next.set(name, value);
  else next.delete(name);
  const search = next.toString();
  navigate(`/deliveries${search ? `?${search}` : ''}`, { replace: true });
}

export function DeliveriesPage({ api, orgId, query }: Props) {
  const status = (query.get('status') ?? '') as DeliveryStatus | '';
  const integrationId = query.get('integrationId') ?? '';
  const [autoRefresh, setAutoRefresh] = useState(true);
  const deliveries = useResource(
    () =>
      unwrap(
        api.api.listDeliveries({
          orgId,
          limit: PAGE_SIZE,
          ...(status ? { status } : {}),
          ...(integrationId ? { integrationId } : {}),
        }),
      ),
    `${orgId}|${status}|${integrationId}`,
    autoRefresh ? AUTO_REFRESH_MS : undefined,
  );
  const integrations = useResource(() => unwrap(api.api.listIntegrations({ orgId, limit: 500 })), orgId);
  const names = useMemo(() => {
    const map: Record<string, string> = {};
    for (const integration of integrations.data?.items ?? []) map[integration.id] = integration.name;
    return map;
  }, [integrations.data]);

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<RedriveResult[] | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const items = deliveries.data?.items ?? [];
  const dead = items.filter((delivery) => delivery.status === 'DEAD');
  const selectedDead = dead.filter((delivery) => selected.has(delivery.id));

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const toggleAllDead = () =>
    setSelected(
      selectedDead.length === dead.length ? new Set() : new Set(dead.map((delivery) => delivery.id)),
    );

  const redrive = async () => {
    setBusy(true);
    setActionError(null);
    try {
      const answer = await unwrap(
        api.api.redriveDeliveries({
          orgId,
          body: { deliveryIds: selectedDead.map((delivery) => delivery.id) },
        }),
      );
      setResults(answer.results);
      setSelected(new Set());
      await deliveries.reload();
    } catch (error) {
      setActionError(error as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Deliveries" loading={deliveries.loading}>
        <label class="inline-field">
          <span>Status</span>
          <select
            value={status}
            onChange={(event) => setFilter(query, 'status', (event.target as HTMLSelectElement).value)}
          >
            <option value="">any</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <label class="inline-field">
          <span>Integration</span>
          <select
            value={integrationId}
            onChange={(event) => setFilter(query, 'integrationId', (event.target as HTMLSelectElement).value)}
          >
            <option value="">any</option>
            {(integrations.data?.items ?? []).map((integration) => (
              <option key={integration.id} value={integration.id}>
                {integration.name}
              </option>
            ))}
          </select>
        </label>
        <label class="inline-field checkbox">
          <input
            type="checkbox"
            checked={autoRefresh}
            onChange={(event) => setAutoRefresh((event.target as HTMLInputElement).checked)}
          />
          <span>Auto-refresh (5 s)</span>
        </label>
        <button
          type="button"
          class="button button-primary"
          disabled={busy || selectedDead.length === 0}
          onClick={redrive}
        >
          Redrive {selectedDead.length || ''} selected
        </button>
      </PageHeader>
      <ErrorBanner error={actionError} context="Redrive failed" />
      <ErrorBanner error={deliveries.error} context="Could not list deliveries" />
      {results ? <RedriveOutcomes results={results} onDismiss={() => setResults(null)} /> : null}
      {deliveries.data && items.length === 0 ? (
        <EmptyState
          title={status || integrationId ? 'No deliveries match these filters.' : 'No deliveries yet.'}
        >
          {status || integrationId ? (
            <>
              Clear the filters, or wait: this list refreshes every 5 seconds.{' '}
              <a
                href={href('/deliveries')}
                onClick={(event) => (event.preventDefault(), navigate('/deliveries'))}
              >
                Show all deliveries
              </a>
            </>
          ) : (
            <>
              Deliveries appear when a provider calls an integration's ingress URL. Copy it from the{' '}
              <a
                href={href('/integrations')}
                onClick={(event) => (event.preventDefault(), navigate('/integrations'))}
              >
                Integrations
              </a>{' '}
              page into the provider's webhook settings.
            </>
          )}
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Ingress deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Select every DEAD delivery"
                    disabled={dead.length === 0}
                    checked={dead.length > 0 && selectedDead.length === dead.length}
                    onChange={toggleAllDead}
                  />
                </th>
                <th scope="col">Delivery</th>
                <th scope="col">Status</th>
                <th scope="col">Integration</th>
                <th scope="col">Route</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Received</th>
              </tr>
            </thead>
            <tbody>
              {items.map((delivery) => (
                <DeliveryRow
                  key={delivery.id}
                  delivery={delivery}
                  integrationName={names[delivery.integrationId]}
                  isSelected={selected.has(delivery.id)}
                  onToggle={() => toggle(delivery.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {deliveries.data?.nextCursor ? (
        <p class="hint">
          Showing the newest {items.length} deliveries; narrow the list with the status and integration
          filters.
        </p>
      ) : null}
    </section>
  );
}

function DeliveryRow({
  delivery,
  integrationName,
  isSelected,
  onToggle,
}: {
  delivery: Delivery;
  integrationName: string | undefined;
  isSelected: boolean;
  onToggle: () => void;
}) {
  const detail = `/deliveries/${delivery.id}`;
  return (
    <tr data-delivery-id={delivery.id} data-status={delivery.status}>
      <td>
        {delivery.status === 'DEAD' ? (
          <input
            type="checkbox"
            checked={isSelected}
            onChange={onToggle}
            aria-label={`Select delivery ${shortId(delivery.id)} for redrive`}
          />
        ) : null}
      </td>
      <td data-label="Delivery">
        <a href={href(detail)} class="mono" onClick={(event) => (event.preventDefault(), navigate(detail))}>
          {shortId(delivery.id)}
        </a>
      </td>
      <td data-label="Status">
        <StatusBadge status={delivery.status} />
      </td>
      <td data-label="Integration">
        {integrationName ?? <span class="mono">{shortId(delivery.integrationId)}</span>}
      </td>
      <td data-label="Route" class="mono">
        {delivery.plugin}/{delivery.instanceId}/{delivery.route}
      </td>
      <td data-label="Attempts" class="number">
        {delivery.attempts}
      </td>
      <td data-label="Last error" class={delivery.status === 'DELIVERED' ? 'muted' : 'error-text'}>
        {delivery.lastError ?? <span class="muted">—</span>}
      </td>
      <td data-label="Received">
        <Time iso={delivery.receivedAt} />
      </td>
    </tr>
  );
}

function RedriveOutcomes({ results, onDismiss }: { results: RedriveResult[]; onDismiss: () => void }) {
  const accepted = results.filter((row) => row.outcome !== 'failed').length;
  return (
    <div class="panel" role="status" aria-live="polite" data-testid="redrive-results">
      <div class="panel-header">
        <h2>
          Redrive: {accepted} of {results.length} accepted
        </h2>
        <button type="button" class="button button-small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <ul class="outcomes">
        {results.map((row) => (
          <li key={row.deliveryId} data-outcome-for={row.deliveryId}>
            <span class="mono">{shortId(row.deliveryId)}</span> <StatusBadge status={row.outcome} />
            {row.handled === false ? <span class="muted"> still DEAD</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function DeliveryDetailPage({ api, orgId, id }: { api: ApiClient; orgId: string; id: string }) {
  const delivery = useResource(
    () => unwrap(api.api.getDelivery({ orgId, id })),
    `${orgId}|${id}`,
    AUTO_REFRESH_MS,
  );
  const row = delivery.data;
  const fields: [string, string | number | null][] = row
    ? [
        ['Status', row.status],
        ['Attempts', row.attempts],
        ['Last error', row.lastError],
        ['Integration', row.integrationId],
        ['Plugin / instance / route', `${row.plugin} / ${row.instanceId} / ${row.route}`],
        ['Provider delivery id', row.providerDeliveryId],
        ['Conversation', row.conversationId],
        ['Received', absoluteTime(row.receivedAt)],
        ['Updated', absoluteTime(row.updatedAt)],
      ]
    : [];
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={`Delivery ${shortId(id)}`} loading={delivery.loading}>
        <a
          class="button"
          href={href('/deliveries')}
          onClick={(event) => (event.preventDefault(), navigate('/deliveries'))}
        >
          Back to deliveries
        </a>
      </PageHeader>
      <ErrorBanner error={delivery.error} context="Could not load this delivery" />
      {row ? (
        <>
          {row.status === 'DEAD' ? (
            <Notice>This delivery is dead-lettered: select it on the Deliveries page to redrive it.</Notice>
          ) : null}
          <dl class="details">
            {fields.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd class={label === 'Status' ? '' : 'mono'}>
                  {label === 'Status' ? <StatusBadge status={String(value)} /> : (value ?? '—')}
                </dd>
              </div>
            ))}
          </dl>
          <p class="hint">The payload is not shown here: it may hold data your provider considers secret.</p>
        </>
      ) : null}
    </section>
  );
}
