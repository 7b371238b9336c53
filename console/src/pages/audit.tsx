import { useMemo, useState } from 'preact/hooks';
import { ApiClient, ApiError, unwrap } from '../api/client';
import type { AuditAction, AuditEntry } from '../api/client';
import { shortId } from '../format';
import { useResource } from '../hooks';
import { setQueryFilter } from '../router';
import { EmptyState, ErrorBanner, PageHeader, Time } from '../ui';

const ACTIONS: AuditAction[] = [
  'proxy.request',
  'access_token.issued',
  'placeholder.created',
  'placeholder.deleted',
  'worker_token.created',
  'worker_token.deleted',
  'connection.status_changed',
  'connection.deleted',
  'approval.requested',
  'approval.answered',
];
const PAGE_SIZE = 50;

interface Props {
  api: ApiClient;
  orgId: string;
  query: URLSearchParams;
}

const setFilter = (query: URLSearchParams, name: string, value: string) =>
  setQueryFilter('/audit', query, name, value);

/** The ledger of what agents and keys did, newest first, filtered by agent, connection and action. */
export function AuditPage({ api, orgId, query }: Props) {
  const action = (query.get('action') ?? '') as AuditAction | '';
  const agentId = query.get('agentId') ?? '';
  const connectionId = query.get('connectionId') ?? '';
  const filter = {
    ...(action ? { action } : {}),
    ...(agentId ? { agentId } : {}),
    ...(connectionId ? { connectionId } : {}),
  };
  const key = `${orgId}|${action}|${agentId}|${connectionId}`;
  const first = useResource(
    () => unwrap(api.api.listAuditEntries({ orgId, limit: PAGE_SIZE, ...filter })),
    key,
  );
  const agents = useResource(() => unwrap(api.api.listAgents({ orgId, limit: 500 })), orgId);
  const connections = useResource(() => unwrap(api.api.listConnections({ orgId, limit: 500 })), orgId);
  const agentNames = useMemo(() => {
    const names: Record<string, string> = {};
    for (const agent of agents.data?.items ?? []) names[agent.id] = agent.name;
    return names;
  }, [agents.data]);

  const [older, setOlder] = useState<{ key: string; items: AuditEntry[]; nextCursor: string | null }>({
    key,
    items: [],
    nextCursor: null,
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const olderPages = older.key === key ? older : { key, items: [], nextCursor: null };
  const items = [...(first.data?.items ?? []), ...olderPages.items];
  const nextCursor = olderPages.items.length > 0 ? olderPages.nextCursor : (first.data?.nextCursor ?? null);

  const loadMore = async (cursor: string) => {
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await unwrap(api.api.listAuditEntries({ orgId, limit: PAGE_SIZE, cursor, ...filter }));
      setOlder({ key, items: [...olderPages.items, ...page.items], nextCursor: page.nextCursor });
    } catch (cause) {
      setMoreError(cause as ApiError);
    } finally {
      setLoadingMore(false);
    }
  };
  const reload = async () => {
    setOlder({ key, items: [], nextCursor: null });
    await first.reload();
  };

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Audit" loading={first.loading}>
        <label class="inline-field">
          <span>Agent</span>
          <select
            value={agentId}
            onChange={(event) => setFilter(query, 'agentId', (event.target as HTMLSelectElement).value)}
          >
            <option value="">any</option>
            {(agents.data?.items ?? []).map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </select>
        </label>
        <label class="inline-field">
          <span>Connection</span>
          <select
            value={connectionId}
            onChange={(event) => setFilter(query, 'connectionId', (event.target as HTMLSelectElement).value)}
          >
            <option value="">any</option>
            {(connections.data?.items ?? []).map((connection) => (
              <option key={connection.id} value={connection.id}>
                {connection.provider} · {connection.externalAccountId ?? shortId(connection.id)}
              </option>
            ))}
          </select>
        </label>
        <label class="inline-field">
          <span>Action</span>
          <select
            value={action}
            onChange={(event) => setFilter(query, 'action', (event.target as HTMLSelectElement).value)}
          >
            <option value="">any</option>
            {ACTIONS.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="button" onClick={() => void reload()}>
          Refresh
        </button>
      </PageHeader>
      <ErrorBanner error={first.error} context="Could not list audit entries" />
      {first.data && items.length === 0 ? (
        <EmptyState
          title={action || agentId || connectionId ? 'No entries match these filters.' : 'No entries yet.'}
        >
          Every proxied request, access token handed out, placeholder and worker token created or deleted, and
          connection status change is recorded here, newest first.
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Audit entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Actor</th>
                <th scope="col">Request</th>
                <th scope="col">Status</th>
                <th scope="col">Code</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <AuditRow key={entry.id} entry={entry} agentNames={agentNames} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ErrorBanner error={moreError} context="Could not load more entries" />
      {nextCursor ? (
        <p class="hint load-more">
          Showing the newest {items.length} entries.{' '}
          <button
            type="button"
            class="button button-small"
            disabled={loadingMore}
            onClick={() => void loadMore(nextCursor)}
          >
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </p>
      ) : null}
    </section>
  );
}

function AuditRow({ entry, agentNames }: { entry: AuditEntry; agentNames: Record<string, string> }) {
  const actor =
    entry.actor.type === 'agent' && entry.actor.id
      ? `agent ${agentNames[entry.actor.id] ?? shortId(entry.actor.id)}`
      : entry.actor.id
        ? `${entry.actor.type} ${shortId(entry.actor.id)}`
        : entry.actor.type;
  return (
    <tr data-audit-id={entry.id}>
      <td data-label="When">
        <Time iso={entry.at} />
      </td>
      <td data-label="Action" class="mono">
        {entry.action}
      </td>
      <td data-label="Actor">{actor}</td>
      <td data-label="Request" class="mono">
        {entry.method || entry.path ? (
          `${entry.method ?? ''} ${entry.path ?? ''}`.trim()
        ) : entry.connectionId ? (
          <span title={entry.connectionId}>connection {shortId(entry.connectionId)}</span>
        ) : (
          <span class="muted">—</span>
        )}
      </td>
      <td data-label="Status">{entry.status ?? <span class="muted">—</span>}</td>
      <td data-label="Code" class="mono">
        {entry.code ?? <span class="muted">—</span>}
      </td>
      <td data-label="Duration">
        {entry.durationMs !== null ? `${entry.durationMs} ms` : <span class="muted">—</span>}
      </td>
    </tr>
  );
}
