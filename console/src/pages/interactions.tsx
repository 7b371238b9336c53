import { useState } from 'preact/hooks';
import { ApiClient, unwrap } from '../api/client';
import type { Interaction } from '../api/client';
import { shortId } from '../format';
import { useResource } from '../hooks';
import { EmptyState, ErrorBanner, PageHeader, StatusBadge, Time } from '../ui';

const STATUSES: Interaction['status'][] = ['PENDING', 'ANSWERED', 'EXPIRED'];

export function InteractionsPage({ api, orgId }: { api: ApiClient; orgId: string }) {
  const interactions = useResource(
    () => unwrap(api.api.listInteractions({ orgId, limit: 500 })),
    orgId,
    15000,
  );
  const [status, setStatus] = useState<Interaction['status'] | ''>('');
  const all = interactions.data?.items ?? [];
  const items = status ? all.filter((interaction) => interaction.status === status) : all;
  const counts = STATUSES.map(
    (value) => [value, all.filter((item) => item.status === value).length] as const,
  );

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Interactions" loading={interactions.loading}>
        <label class="inline-field">
          <span>Status</span>
          <select
            value={status}
            onChange={(event) => setStatus((event.target as HTMLSelectElement).value as '')}
          >
            <option value="">any</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
      </PageHeader>
      <ErrorBanner error={interactions.error} context="Could not list interactions" />
      {interactions.data ? (
        <p class="counts">
          {counts.map(([value, count]) => (
            <span key={value}>
              <StatusBadge status={value} /> {count}
            </span>
          ))}
        </p>
      ) : null}
      {interactions.data && items.length === 0 ? (
        <EmptyState title={status ? `No ${status.toLowerCase()} interactions.` : 'No interactions yet.'}>
          Agents ask people questions with <code>POST /v1/orgs/{'{orgId}'}/interactions</code>, and requests
          held for approval ask too; each one shows here until it is answered or expires.
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Pending interactions</caption>
            <thead>
              <tr>
                <th scope="col">Interaction</th>
                <th scope="col">Status</th>
                <th scope="col">Kind</th>
                <th scope="col">Question</th>
                <th scope="col">Asked of</th>
                <th scope="col">Age</th>
                <th scope="col">Expires</th>
                <th scope="col">Answer</th>
              </tr>
            </thead>
            <tbody>
              {items.map((interaction) => (
                <tr key={interaction.id} data-interaction-id={interaction.id}>
                  <td data-label="Interaction" class="mono" title={interaction.id}>
                    {shortId(interaction.id)}
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={interaction.status} />
                  </td>
                  <td data-label="Kind">
                    {interaction.kind === 'approval' ? <strong>approval</strong> : 'question'}
                  </td>
                  <td data-label="Question">
                    {interaction.question}
                    {interaction.options?.length ? (
                      <div class="muted">options: {interaction.options.join(' · ')}</div>
                    ) : null}
                  </td>
                  <td data-label="Asked of">
                    <span class="mono">{interaction.expectedUserId}</span>
                    <div class="muted mono">{interaction.channel}</div>
                  </td>
                  <td data-label="Age">
                    <Time iso={interaction.createdAt} />
                  </td>
                  <td data-label="Expires">
                    {interaction.status === 'PENDING' ? (
                      <Time iso={interaction.expiresAt} />
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                  <td data-label="Answer">
                    {interaction.answer && interaction.answeredBy === null ? (
                      <>
                        {interaction.answer === 'abandoned' ? 'abandoned' : 'not answered in time'}
                        <div class="muted">closed by plugboard, nothing was sent</div>
                      </>
                    ) : interaction.answer ? (
                      <>
                        {interaction.answer}
                        <div class="muted">
                          by <span class="mono">{interaction.answeredBy ?? '?'}</span>,{' '}
                          <Time iso={interaction.claimedAt} />
                        </div>
                      </>
                    ) : (
                      <span class="muted">—</span>
                    )}
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
