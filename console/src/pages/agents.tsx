import { useState } from 'preact/hooks';
import { ApiClient, ApiError, toApiError, unwrap } from '../api/client';
import type { Agent } from '../api/client';
import type { components } from '@plugboard/sdk';
import { useResource } from '../hooks';
import { EmptyState, ErrorBanner, Field, Notice, PageHeader, SecretOnce, Time, valueOf } from '../ui';
import { AgentPlaceholders } from './agent-placeholders';

interface Props {
  api: ApiClient;
  orgId: string;
}

type PlaceholderRequest = components['schemas']['CreatePlaceholderRequestDto'];
type Action = { kind: 'workerToken' | 'placeholder'; agent: Agent } | null;
type Shown = { title: string; secrets: Array<{ label: string; value: string }>; note: string } | null;

/**
 * Agents (the identities sandboxed workers act as), and what a worker needs: a worker token for
 * the proxy (and for pulling deliveries) and placeholders standing in for a connection's token.
 * Each secret is shown once.
 */
export function AgentsPage({ api, orgId }: Props) {
  const agents = useResource(() => unwrap(api.api.listAgents({ orgId, limit: 500 })), orgId);
  const connections = useResource(() => unwrap(api.api.listConnections({ orgId, limit: 500 })), orgId);
  const [name, setName] = useState('');
  const [action, setAction] = useState<Action>(null);
  const [ttl, setTtl] = useState('');
  const [connectionId, setConnectionId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [shown, setShown] = useState<Shown>(null);
  const [policy, setPolicy] = useState('');
  /** The agent whose placeholders are listed, and a counter that reloads the list after a change. */
  const [listed, setListed] = useState<{ agentId: string; version: number } | null>(null);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await work();
    } catch (cause) {
      setError(toApiError(cause));
    } finally {
      setBusy(false);
    }
  };

  const createAgent = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const agent = await unwrap(api.api.createAgent({ orgId, body: { name: name.trim() } }));
      setName('');
      setMessage(`Agent ${agent.name} created (id ${agent.id}).`);
      await agents.reload();
    });
  };

  const ttlSeconds = ttl.trim() ? { ttlSeconds: Number(ttl) } : {};
  const issue = (event: Event) => {
    event.preventDefault();
    if (!action) return;
    const agent = action.agent;
    void run(async () => {
      if (action.kind === 'workerToken') {
        const issued = await unwrap(
          api.api.createWorkerToken({ orgId, agentId: agent.id, body: { ...ttlSeconds } }),
        );
        setShown({
          title: `Worker token for ${agent.name}`,
          secrets: [{ label: 'Worker token', value: issued.token }],
          note: `Expires ${new Date(issued.expiresAt).toUTCString()}. The worker sends it as Proxy-Authorization: Bearer … to the proxy (and as Authorization: Bearer … to pull deliveries).`,
        });
      } else {
        const issued = await unwrap(
          api.api.createPlaceholder({
            orgId,
            agentId: agent.id,
            body: { connectionId, ...ttlSeconds, ...parsePolicy(policy) },
          }),
        );
        setPolicy('');
        setListed({ agentId: agent.id, version: (listed?.version ?? 0) + 1 });
        setShown({
          title: `Placeholder for ${agent.name}`,
          secrets: [{ label: 'Placeholder', value: issued.placeholder }],
          note: `Expires ${new Date(issued.expiresAt).toUTCString()}. The worker puts it where the token goes (Authorization: Bearer …); the proxy swaps in the connection's token.`,
        });
      }
      setAction(null);
      setTtl('');
    });
  };

  const items = agents.data?.items ?? [];
  const connectionItems = connections.data?.items ?? [];
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Agents" loading={agents.loading} />
      {shown ? (
        <SecretOnce title={shown.title} secrets={shown.secrets} onDismiss={() => setShown(null)}>
          <p class="hint">{shown.note}</p>
        </SecretOnce>
      ) : null}
      {message ? <Notice tone="success">{message}</Notice> : null}
      <ErrorBanner error={error} context="That action failed" />
      <ErrorBanner error={agents.error} context="Could not list agents" />
      <form class="create-form" onSubmit={createAgent} aria-label="New agent">
        <h2>New agent</h2>
        <Field label="Agent name" hint="The identity a sandboxed worker acts as">
          <input required value={name} onInput={(event) => setName(valueOf(event))} />
        </Field>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={busy || !name.trim()}>
            Create agent
          </button>
        </div>
      </form>
      {action ? (
        <form
          class="create-form"
          onSubmit={issue}
          aria-label={action.kind === 'workerToken' ? 'New worker token' : 'New placeholder'}
        >
          <h2>
            {action.kind === 'workerToken' ? 'New worker token' : 'New placeholder'} for {action.agent.name}
          </h2>
          {action.kind === 'placeholder' ? (
            <Field label="Connection" hint="Whose token the proxy puts in its place">
              <select required value={connectionId} onChange={(event) => setConnectionId(valueOf(event))}>
                <option value="">choose a connection</option>
                {connectionItems.map((connection) => (
                  <option key={connection.id} value={connection.id}>
                    {connection.provider} · {connection.externalAccountId ?? connection.id.slice(0, 8)}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
          {action.kind === 'placeholder' ? (
            <Field
              label="Policy (JSON, optional)"
              hint='{"allow":[{"methods":["GET"],"path":"/conversations.history"}],"approval":{…}} — see docs/guarded-actions.md'
            >
              <textarea rows={3} value={policy} onInput={(event) => setPolicy(valueOf(event))} />
            </Field>
          ) : null}
          <Field
            label="Lifetime (seconds)"
            hint={action.kind === 'workerToken' ? 'Default 2 h, at most 30 days' : 'Default 24 h'}
          >
            <input type="number" min={1} value={ttl} onInput={(event) => setTtl(valueOf(event))} />
          </Field>
          <div class="form-actions">
            <button
              type="submit"
              class="button button-primary"
              disabled={busy || (action.kind === 'placeholder' && !connectionId)}
            >
              {action.kind === 'workerToken' ? 'Issue worker token' : 'Create placeholder'}
            </button>
            <button type="button" class="button" onClick={() => setAction(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {agents.data && items.length === 0 ? (
        <EmptyState title="No agents yet.">
          Create one above, then issue it a worker token and placeholders for the connections it may use.
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Agents of this org</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Id</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((agent) => [
                <tr key={agent.id} data-agent-id={agent.id}>
                  <td data-label="Name">
                    <strong>{agent.name}</strong>
                  </td>
                  <td data-label="Id" class="mono">
                    {agent.id}
                  </td>
                  <td data-label="Created">
                    <Time iso={agent.createdAt} />
                  </td>
                  <td data-label="Actions" class="actions">
                    <button
                      type="button"
                      class="button button-small"
                      onClick={() => setAction({ kind: 'workerToken', agent })}
                      aria-label={`Issue a worker token for ${agent.name}`}
                    >
                      Worker token…
                    </button>
                    <button
                      type="button"
                      class="button button-small"
                      onClick={() => setAction({ kind: 'placeholder', agent })}
                      aria-label={`Create a placeholder for ${agent.name}`}
                    >
                      Placeholder…
                    </button>
                    <button
                      type="button"
                      class="button button-small"
                      aria-expanded={listed?.agentId === agent.id}
                      onClick={() =>
                        setListed(listed?.agentId === agent.id ? null : { agentId: agent.id, version: 0 })
                      }
                      aria-label={`Show the placeholders of ${agent.name}`}
                    >
                      Placeholders
                    </button>
                  </td>
                </tr>,
                listed?.agentId === agent.id ? (
                  <tr key={`${agent.id}-placeholders`}>
                    <td colSpan={4}>
                      <AgentPlaceholders
                        key={`${agent.id}-${listed.version}`}
                        api={api}
                        orgId={orgId}
                        agentId={agent.id}
                      />
                    </td>
                  </tr>
                ) : null,
              ])}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** The optional policy field: empty means none; anything else must be a JSON object. */
function parsePolicy(text: string): Pick<PlaceholderRequest, 'allow' | 'approval'> {
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('The policy is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('The policy must be a JSON object with allow and/or approval');
  return parsed as Pick<PlaceholderRequest, 'allow' | 'approval'>;
}
