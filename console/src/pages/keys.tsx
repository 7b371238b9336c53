import { useState } from 'preact/hooks';
import { ApiClient, ApiError, toApiError, unwrap } from '../api/client';
import type { Session } from '../session';
import { ErrorBanner, Field, Notice, PageHeader, SecretOnce, valueOf } from '../ui';

interface Props {
  api: ApiClient;
  session: Session;
  orgId: string | null;
  /** The operator created an org: the header switches to it. */
  onOrgCreated: (org: { id: string; name: string }) => void;
}

/**
 * API keys are the operator's to hand out (an org key answers 403 there), so is creating an org.
 * A new key is shown once.
 */
export function KeysPage({ api, session, orgId, onOrgCreated }: Props) {
  const [keyName, setKeyName] = useState('');
  const [orgName, setOrgName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [issued, setIssued] = useState<{ id: string; key: string } | null>(null);

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

  const createKey = (event: Event) => {
    event.preventDefault();
    if (!orgId) return;
    void run(async () => {
      const created = await unwrap(
        api.api.createApiKey({ orgId, body: keyName.trim() ? { name: keyName.trim() } : {} }),
      );
      setIssued({ id: created.id, key: created.key });
      setKeyName('');
    });
  };

  const createOrg = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const org = await unwrap(api.api.createOrg({ body: { name: orgName.trim() } }));
      setOrgName('');
      setMessage(`Org ${org.name} created; the console now shows it.`);
      onOrgCreated({ id: org.id, name: org.name });
    });
  };

  if (session.role !== 'operator') {
    return (
      <section aria-labelledby="page-title">
        <PageHeader title="API keys" />
        <Notice>
          API keys are created with the operator key: sign in with it to create one for this org. An org key
          can do everything else in its own org.
        </Notice>
      </section>
    );
  }
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="API keys" />
      {issued ? (
        <SecretOnce
          title={`API key for ${session.orgName ?? 'this org'}`}
          secrets={[{ label: 'API key', value: issued.key }]}
          onDismiss={() => setIssued(null)}
        >
          <p class="hint">
            Key id {issued.id}. It reaches this org only; sign in here with it, or use it as{' '}
            <code>Authorization: Bearer …</code>.
          </p>
        </SecretOnce>
      ) : null}
      {message ? <Notice tone="success">{message}</Notice> : null}
      <ErrorBanner error={error} context="That action failed" />
      {orgId ? (
        <form class="create-form" onSubmit={createKey} aria-label="New API key">
          <h2>New API key for {session.orgName}</h2>
          <Field label="Key name" hint="What it is for, e.g. ci or support-bot">
            <input value={keyName} onInput={(event) => setKeyName(valueOf(event))} />
          </Field>
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={busy}>
              Create API key
            </button>
          </div>
        </form>
      ) : null}
      <form class="create-form" onSubmit={createOrg} aria-label="New org">
        <h2>New org</h2>
        <Field label="Org name">
          <input required value={orgName} onInput={(event) => setOrgName(valueOf(event))} />
        </Field>
        <div class="form-actions">
          <button type="submit" class="button" disabled={busy || !orgName.trim()}>
            Create org
          </button>
        </div>
      </form>
    </section>
  );
}
