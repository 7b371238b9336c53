import { useMemo, useState } from 'preact/hooks';
import { ApiClient, createApiClient, unwrap } from './api/client';
import { HealthStrip } from './health-strip';
import { useResource } from './hooks';
import { AgentsPage } from './pages/agents';
import { AuditPage } from './pages/audit';
import { ConnectionsPage } from './pages/connections';
import { DeliveriesPage, DeliveryDetailPage } from './pages/deliveries';
import { IntegrationsPage } from './pages/integrations';
import { InteractionsPage } from './pages/interactions';
import { KeysPage } from './pages/keys';
import { ProvidersPage } from './pages/providers';
import { SignInPage } from './pages/sign-in';
import { href, navigate, useLocation } from './router';
import { clearSession, loadSession, saveSession, Session } from './session';
import { EmptyState, ErrorBanner } from './ui';

const SECTIONS = [
  { path: '/connections', label: 'Connections' },
  { path: '/providers', label: 'Providers' },
  { path: '/integrations', label: 'Integrations' },
  { path: '/deliveries', label: 'Deliveries' },
  { path: '/agents', label: 'Agents' },
  { path: '/interactions', label: 'Interactions' },
  { path: '/audit', label: 'Audit' },
  { path: '/keys', label: 'API keys' },
];

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const location = useLocation();
  const api = useMemo(() => createApiClient(session?.key ?? null), [session?.key]);

  const update = (next: Session | null) => {
    if (next) saveSession(next);
    else clearSession();
    setSession(next);
  };

  if (!session) {
    return (
      <SignInPage
        onSignedIn={(next) => {
          update(next);
          if (location.path === '/' || location.path === '/sign-in')
            navigate('/deliveries', { replace: true });
        }}
      />
    );
  }

  const section = SECTIONS.find((candidate) => location.path.startsWith(candidate.path));
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="brand">plugboard</div>
        <nav aria-label="Sections">
          {SECTIONS.map((candidate) => (
            <a
              key={candidate.path}
              href={href(candidate.path)}
              aria-current={candidate === section ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                navigate(candidate.path);
              }}
            >
              {candidate.label}
            </a>
          ))}
        </nav>
        <div class="who">
          {session.role === 'operator' ? (
            <OrgSwitcher api={api} session={session} onChange={update} />
          ) : (
            <span>
              Org: <strong data-testid="org-name">{session.orgName}</strong>
            </span>
          )}
          <button type="button" class="button button-small" onClick={() => update(null)}>
            Sign out
          </button>
        </div>
      </header>
      <HealthStrip api={api} />
      <main id="main" tabIndex={-1}>
        <Page
          api={api}
          session={session}
          path={location.path}
          query={location.query}
          onOrgCreated={(org) => update({ ...session, orgId: org.id, orgName: org.name })}
        />
      </main>
    </>
  );
}

function Page({
  api,
  session,
  path,
  query,
  onOrgCreated,
}: {
  api: ApiClient;
  session: Session;
  path: string;
  query: URLSearchParams;
  onOrgCreated: (org: { id: string; name: string }) => void;
}) {
  const orgId = session.orgId;
  if (path.startsWith('/keys'))
    return <KeysPage api={api} session={session} orgId={orgId} onOrgCreated={onOrgCreated} />;
  if (!orgId) {
    return (
      <EmptyState title="No org yet.">
        Create one on the{' '}
        <a href={href('/keys')} onClick={(event) => (event.preventDefault(), navigate('/keys'))}>
          API keys
        </a>{' '}
        page (operator key), then pick it in the header.
      </EmptyState>
    );
  }
  const detail = /^\/deliveries\/([^/]+)$/.exec(path);
  if (detail) return <DeliveryDetailPage api={api} orgId={orgId} id={decodeURIComponent(detail[1])} />;
  if (path.startsWith('/connections')) return <ConnectionsPage api={api} orgId={orgId} query={query} />;
  if (path.startsWith('/integrations')) return <IntegrationsPage api={api} orgId={orgId} />;
  if (path.startsWith('/interactions')) return <InteractionsPage api={api} orgId={orgId} />;
  if (path.startsWith('/providers')) return <ProvidersPage api={api} orgId={orgId} />;
  if (path.startsWith('/agents')) return <AgentsPage api={api} orgId={orgId} />;
  if (path.startsWith('/audit')) return <AuditPage api={api} orgId={orgId} query={query} />;
  if (path.startsWith('/deliveries')) return <DeliveriesPage api={api} orgId={orgId} query={query} />;
  return (
    <EmptyState title={path === '/' ? 'Welcome.' : 'This page does not exist.'}>
      Pick a section above, or go to{' '}
      <a href={href('/deliveries')} onClick={(event) => (event.preventDefault(), navigate('/deliveries'))}>
        Deliveries
      </a>
      .
    </EmptyState>
  );
}

function OrgSwitcher({
  api,
  session,
  onChange,
}: {
  api: ApiClient;
  session: Session;
  onChange: (session: Session) => void;
}) {
  // keyed by the org too: an org created on the API keys page joins the list at once
  const orgs = useResource(() => unwrap(api.api.listOrgs({ limit: 500 })), `${session.key}|${session.orgId}`);
  const items = orgs.data?.items ?? [];
  return (
    <>
      <label class="inline-field">
        <span>Operator · org</span>
        <select
          data-testid="org-switcher"
          value={session.orgId ?? ''}
          onChange={(event) => {
            const org = items.find((candidate) => candidate.id === (event.target as HTMLSelectElement).value);
            if (org) onChange({ ...session, orgId: org.id, orgName: org.name });
          }}
        >
          {items.length === 0 ? <option value="">no orgs</option> : null}
          {items.map((org) => (
            <option key={org.id} value={org.id}>
              {org.name}
            </option>
          ))}
        </select>
      </label>
      <ErrorBanner error={orgs.error} context="Could not list orgs" />
    </>
  );
}
