import { useState } from 'preact/hooks';
import { ApiClient, ApiError, toApiError, unwrap } from '../api/client';
import { useResource } from '../hooks';
import { ErrorBanner, Field, valueOf } from '../ui';

type Created = Awaited<ReturnType<ApiClient['api']['createIntegration']>>;
type Scheme = 'none' | 'standard-webhooks' | 'stripe' | 'github' | 'slack' | 'shopify';

const SCHEMES: Scheme[] = ['github', 'stripe', 'slack', 'shopify', 'standard-webhooks', 'none'];

const EMPTY = {
  name: '',
  plugin: '',
  instanceId: '',
  deliveryMode: 'push' as 'push' | 'pull',
  deliveryUrl: '',
  scheme: 'github' as Scheme,
  secret: '',
  onError: 'park' as 'park' | 'discard',
};

/** A new integration: where its webhooks come from and how, and where they go (push) or who pulls. */
export function IntegrationForm({
  api,
  orgId,
  onCreated,
  onCancel,
}: {
  api: ApiClient;
  orgId: string;
  onCreated: (created: Created) => void;
  onCancel: () => void;
}) {
  const agents = useResource(() => unwrap(api.api.listAgents({ orgId, limit: 500 })), orgId);
  const connections = useResource(() => unwrap(api.api.listConnections({ orgId, limit: 500 })), orgId);
  const [form, setForm] = useState(EMPTY);
  const [pullAgents, setPullAgents] = useState<Set<string>>(new Set());
  const [connectionIds, setConnectionIds] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const set = (name: keyof typeof EMPTY) => (event: Event) => setForm({ ...form, [name]: valueOf(event) });
  const toggle = (set: Set<string>, id: string) => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const delivery =
        form.deliveryMode === 'pull'
          ? { deliveryMode: 'pull' as const, pullAgentIds: [...pullAgents] }
          : { deliveryUrl: form.deliveryUrl.trim() };
      const created = await unwrap(
        api.api.createIntegration({
          orgId,
          body: {
            name: form.name.trim(),
            plugin: form.plugin.trim(),
            ...delivery,
            ingress: { scheme: form.scheme, ...(form.scheme !== 'none' ? { secret: form.secret } : {}) },
            onError: form.onError,
            ...(form.instanceId.trim() ? { instanceId: form.instanceId.trim() } : {}),
            ...(connectionIds.size > 0 ? { connectionIds: [...connectionIds] } : {}),
          },
        }),
      );
      setForm(EMPTY);
      onCreated(created);
    } catch (cause) {
      setError(toApiError(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="create-form" onSubmit={submit} aria-label="New integration">
      <h2>New integration</h2>
      <Field label="Name">
        <input required value={form.name} onInput={set('name')} />
      </Field>
      <Field label="Plugin" hint="A slug: slack and github add conversation tracking">
        <input required value={form.plugin} onInput={set('plugin')} pattern="[a-z0-9][a-z0-9_\-]{0,63}" />
      </Field>
      <Field label="Instance name" hint="Optional, unique per plugin in this org">
        <input value={form.instanceId} onInput={set('instanceId')} />
      </Field>
      <Field label="Ingress scheme" hint="How plugboard verifies the provider's requests">
        <select value={form.scheme} onChange={set('scheme')}>
          {SCHEMES.map((scheme) => (
            <option key={scheme} value={scheme}>
              {scheme}
            </option>
          ))}
        </select>
      </Field>
      {form.scheme !== 'none' ? (
        <Field label="Provider signing secret" hint="At least 16 characters (whsec_… for standard-webhooks)">
          <input type="password" autocomplete="off" required value={form.secret} onInput={set('secret')} />
        </Field>
      ) : null}
      <Field label="Delivery mode">
        <select value={form.deliveryMode} onChange={set('deliveryMode')}>
          <option value="push">push: POST to a URL</option>
          <option value="pull">pull: the agent pulls (no public URL)</option>
        </select>
      </Field>
      {form.deliveryMode === 'push' ? (
        <Field label="Delivery URL" hint="Where plugboard POSTs each delivery">
          <input type="url" required value={form.deliveryUrl} onInput={set('deliveryUrl')} />
        </Field>
      ) : (
        <fieldset class="field">
          <legend class="field-label">Agents that may pull with their worker token</legend>
          {(agents.data?.items ?? []).length === 0 ? (
            <span class="hint">
              No agents yet: the org's API key can pull; add agents on the Agents page.
            </span>
          ) : null}
          {(agents.data?.items ?? []).map((agent) => (
            <label key={agent.id} class="inline-field checkbox">
              <input
                type="checkbox"
                checked={pullAgents.has(agent.id)}
                onChange={() => setPullAgents(toggle(pullAgents, agent.id))}
              />
              <span>{agent.name}</span>
            </label>
          ))}
        </fieldset>
      )}
      {(connections.data?.items ?? []).length > 0 ? (
        <fieldset class="field">
          <legend class="field-label">Connections it uses</legend>
          {(connections.data?.items ?? []).map((connection) => (
            <label key={connection.id} class="inline-field checkbox">
              <input
                type="checkbox"
                checked={connectionIds.has(connection.id)}
                onChange={() => setConnectionIds(toggle(connectionIds, connection.id))}
              />
              <span>
                {connection.provider} · {connection.externalAccountId ?? connection.id.slice(0, 8)}
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <Field label="While a connection is invalid" hint="park: hold deliveries until it is fixed">
        <select value={form.onError} onChange={set('onError')}>
          <option value="park">park</option>
          <option value="discard">discard</option>
        </select>
      </Field>
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create integration'}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ErrorBanner error={error} context="Could not create the integration" />
    </form>
  );
}
