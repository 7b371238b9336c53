import { useMemo, useState } from 'preact/hooks';
import { ApiClient, ApiError, toApiError, unwrap } from '../api/client';
import type { Delivery, DeliveryStatus, RedriveProgress, RedriveResult } from '../api/client';
import { absoluteTime, shortId } from '../format';
import { useResource } from '../hooks';
import { href, navigate, setQueryFilter } from '../router';
import { EmptyState, ErrorBanner, Notice, PageHeader, StatusBadge, Time } from '../ui';

const STATUSES: DeliveryStatus[] = ['RECEIVED', 'QUEUED', 'DELIVERED', 'PARKED', 'DISCARDED', 'DEAD'];
const AUTO_REFRESH_MS = 5000;
const PAGE_SIZE = 50;

interface Props {
  api: ApiClient;
  orgId: string;
  query: URLSearchParams;
}

const setFilter = (query: URLSearchParams, name: string, value: string) =>
  setQueryFilter('/deliveries', query, name, value);

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
  const older = useOlderPages(
    (cursor) =>
      unwrap(
        api.api.listDeliveries({
          orgId,
          limit: PAGE_SIZE,
          cursor,
          ...(status ? { status } : {}),
          ...(integrationId ? { integrationId } : {}),
        }),
      ),
    `${orgId}|${status}|${integrationId}`,
  );

  const firstPage = deliveries.data?.items ?? [];
  const firstIds = new Set(firstPage.map((delivery) => delivery.id));
  // the first page refreshes itself; older pages stay as loaded (a row may move up into the first page)
  const items = [...firstPage, ...older.items.filter((delivery) => !firstIds.has(delivery.id))];
  const nextCursor = older.loadedAny ? older.nextCursor : (deliveries.data?.nextCursor ?? null);
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

  const [bulk, setBulk] = useState<BulkRedrive>({ running: false, progress: null, error: null });
  /** Every DEAD delivery (of the filtered integration), 500 per call, until the server says none is left. */
  const redriveEveryDead = async () => {
    setBulk({ running: true, progress: null, error: null });
    try {
      const progress = await api.deliveries.redriveAll({
        orgId,
        ...(integrationId ? { integrationId } : {}),
        onProgress: (next) => setBulk({ running: true, progress: next, error: null }),
      });
      setBulk({ running: false, progress, error: null });
      await deliveries.reload();
    } catch (error) {
      setBulk((current) => ({ running: false, progress: current.progress, error: toApiError(error) }));
    }
  };

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
        <button type="button" class="button" disabled={busy || bulk.running} onClick={redriveEveryDead}>
          {integrationId ? "Redrive this integration's DEAD" : 'Redrive every DEAD'}
        </button>
      </PageHeader>
      {bulk.progress || bulk.running ? <BulkRedriveLine bulk={bulk} /> : null}
      <ErrorBanner error={bulk.error} context="Bulk redrive stopped" />
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
      <ErrorBanner error={older.error} context="Could not load more deliveries" />
      {nextCursor ? (
        <p class="hint load-more">
          Showing the newest {items.length} deliveries.{' '}
          <button
            type="button"
            class="button button-small"
            disabled={older.loading}
            onClick={() => void older.loadMore(nextCursor)}
          >
            {older.loading ? 'Loading…' : 'Load more'}
          </button>
        </p>
      ) : items.length > PAGE_SIZE ? (
        <p class="hint">All {items.length} matching deliveries are shown.</p>
      ) : null}
    </section>
  );
}

/**
 * Pages after the first, appended by "Load more" (the first page keeps refreshing on its own); a
 * new filter starts over.
 */
function useOlderPages(
  load: (cursor: string) => Promise<{ items: Delivery[]; nextCursor: string | null }>,
  key: string,
) {
  const [state, setState] = useState<{
    key: string;
    items: Delivery[];
    nextCursor: string | null;
    loadedAny: boolean;
  }>({ key, items: [], nextCursor: null, loadedAny: false });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const current = state.key === key ? state : { key, items: [], nextCursor: null, loadedAny: false };
  const loadMore = async (cursor: string) => {
    setLoading(true);
    setError(null);
    try {
      const page = await load(cursor);
      setState({
        key,
        items: [...current.items, ...page.items],
        nextCursor: page.nextCursor,
        loadedAny: true,
      });
    } catch (cause) {
      setError(cause as ApiError);
    } finally {
      setLoading(false);
    }
  };
  return { ...current, loading, error: state.key === key ? error : null, loadMore };
}

interface BulkRedrive {
  running: boolean;
  progress: RedriveProgress | null;
  error: ApiError | null;
}

function BulkRedriveLine({ bulk }: { bulk: BulkRedrive }) {
  const progress = bulk.progress;
  const tried = progress ? progress.handled + progress.failed : 0;
  const counts = progress
    ? `${tried}${progress.total !== null ? ` of ${progress.total}` : ''} tried · ${progress.handled} redriven · ${progress.failed} failed · ${progress.remaining ?? '?'} left`
    : 'starting…';
  return (
    <Notice tone={bulk.running ? 'info' : 'success'}>
      <span data-testid="bulk-redrive-progress">
        {bulk.running
          ? `Redriving DEAD deliveries, batch ${progress ? progress.batches : 1}: ${counts}`
          : progress && progress.total !== 0
            ? `Done in ${progress.batches} batch${progress.batches === 1 ? '' : 'es'}: ${counts}`
            : 'No DEAD deliveries to redrive.'}
      </span>
    </Notice>
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
  const attempts = useResource(
    () => unwrap(api.api.listDeliveryAttempts({ orgId, id })),
    `${orgId}|${id}|attempts`,
    AUTO_REFRESH_MS,
  );
  const [redrive, setRedrive] = useState<{
    busy: boolean;
    result: RedriveResult | null;
    error: ApiError | null;
  }>({ busy: false, result: null, error: null });
  const row = delivery.data;
  const fields: [string, string | number | null][] = row
    ? [
        ['Status', row.status],
        ['Attempts', row.attempts],
        ['Next attempt', row.nextAttemptAt ? absoluteTime(row.nextAttemptAt) : null],
        ['Last error', row.lastError],
        ['Integration', row.integrationId],
        ['Plugin / instance / route', `${row.plugin} / ${row.instanceId} / ${row.route}`],
        ['Provider delivery id', row.providerDeliveryId],
        ['Conversation', row.conversationId],
        ['Received', absoluteTime(row.receivedAt)],
        ['Updated', absoluteTime(row.updatedAt)],
      ]
    : [];

  const redriveThis = async () => {
    setRedrive({ busy: true, result: null, error: null });
    try {
      const answer = await unwrap(api.api.redriveDeliveries({ orgId, body: { deliveryIds: [id] } }));
      setRedrive({ busy: false, result: answer.results[0] ?? null, error: null });
      await Promise.all([delivery.reload(), attempts.reload()]);
    } catch (error) {
      setRedrive({ busy: false, result: null, error: error as ApiError });
    }
  };

  return (
    <section aria-labelledby="page-title">
      <PageHeader title={`Delivery ${shortId(id)}`} loading={delivery.loading}>
        {row?.status === 'DEAD' ? (
          <button type="button" class="button button-primary" disabled={redrive.busy} onClick={redriveThis}>
            {redrive.busy ? 'Redriving…' : 'Redrive'}
          </button>
        ) : null}
        <a
          class="button"
          href={href('/deliveries')}
          onClick={(event) => (event.preventDefault(), navigate('/deliveries'))}
        >
          Back to deliveries
        </a>
      </PageHeader>
      <ErrorBanner error={delivery.error} context="Could not load this delivery" />
      <ErrorBanner error={redrive.error} context="Redrive failed" />
      {redrive.result ? (
        <Notice tone={redrive.result.handled ? 'success' : 'info'}>
          <span data-testid="redrive-outcome">
            Redrive: <StatusBadge status={redrive.result.outcome} />
            {redrive.result.handled
              ? ' the replay was accepted.'
              : ' the replay failed; the delivery is still DEAD.'}
          </span>
        </Notice>
      ) : null}
      {row ? (
        <>
          {row.status === 'DEAD' && !redrive.result ? (
            <Notice>This delivery is dead-lettered: fix the receiver, then redrive it.</Notice>
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
          <AttemptTimeline attempts={attempts.data?.items} error={attempts.error} />
          <PayloadPanel api={api} orgId={orgId} id={id} />
        </>
      ) : null}
    </section>
  );
}

type Attempt = Awaited<ReturnType<ApiClient['api']['listDeliveryAttempts']>>['items'][number];

const ATTEMPT_TONES: Record<string, string> = { delivered: 'DELIVERED', retry: 'QUEUED', dead: 'DEAD' };

function AttemptTimeline({ attempts, error }: { attempts: Attempt[] | undefined; error: ApiError | null }) {
  return (
    <div class="panel" data-testid="attempts">
      <div class="panel-header">
        <h2>Attempts</h2>
      </div>
      <ErrorBanner error={error} context="Could not list the attempts" />
      {attempts && attempts.length === 0 ? (
        <p class="muted">No attempt yet: the delivery is waiting for its first POST or pull.</p>
      ) : null}
      <ol class="timeline">
        {(attempts ?? []).map((attempt) => (
          <li key={attempt.attempt} data-attempt={attempt.attempt}>
            <div class="timeline-head">
              <strong>#{attempt.attempt}</strong>{' '}
              <span class={`badge badge-${toneOf(attempt.outcome)}`}>{attempt.outcome}</span>{' '}
              <span class="mono">
                {attempt.statusCode === null ? 'no answer' : `HTTP ${attempt.statusCode}`}
              </span>{' '}
              {attempt.durationMs === null ? null : <span class="muted">{attempt.durationMs} ms</span>}{' '}
              <span class="muted">
                <Time iso={attempt.startedAt} />
              </span>
            </div>
            {attempt.error ? <div class="error-text">{attempt.error}</div> : null}
            {attempt.responseSnippet ? (
              <pre class="snippet" aria-label={`Answer to attempt ${attempt.attempt}`}>
                {attempt.responseSnippet}
              </pre>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

function toneOf(outcome: string): string {
  const status = ATTEMPT_TONES[outcome];
  return status === 'DELIVERED' ? 'good' : status === 'DEAD' ? 'bad' : 'info';
}

/** The payload may hold what a provider considers private: it is fetched only when asked for. */
function PayloadPanel({ api, orgId, id }: { api: ApiClient; orgId: string; id: string }) {
  const [state, setState] = useState<{
    shown: boolean;
    text: string | null;
    error: ApiError | null;
    busy: boolean;
  }>({ shown: false, text: null, error: null, busy: false });
  const show = async () => {
    setState({ shown: true, text: null, error: null, busy: true });
    try {
      const answer = await unwrap(api.api.getDelivery({ orgId, id, include: 'payload' }));
      setState({ shown: true, text: JSON.stringify(answer.payload, null, 2), error: null, busy: false });
    } catch (error) {
      setState({ shown: false, text: null, error: error as ApiError, busy: false });
    }
  };
  return (
    <div class="panel">
      <div class="panel-header">
        <h2>Payload</h2>
        {state.shown ? (
          <button
            type="button"
            class="button button-small"
            onClick={() => setState({ ...state, shown: false })}
          >
            Hide payload
          </button>
        ) : (
          <button type="button" class="button button-small" disabled={state.busy} onClick={show}>
            Show payload
          </button>
        )}
      </div>
      <ErrorBanner error={state.error} context="Could not load the payload" />
      {state.shown && state.text !== null ? (
        <pre class="payload" data-testid="payload">
          {state.text}
        </pre>
      ) : (
        <p class="hint">Hidden until you ask: it may hold data your provider considers private.</p>
      )}
    </div>
  );
}
