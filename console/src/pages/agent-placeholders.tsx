import { ApiClient, unwrap } from '../api/client';
import type { Placeholder } from '../api/client';
import { shortId } from '../format';
import { useResource } from '../hooks';
import { ErrorBanner, Time } from '../ui';

/** An approval or allow policy in one line, as the operator reads it. */
function describeAllow(allow: Placeholder['allow']): string {
  if (!allow) return 'any method and path';
  if (allow.length === 0) return 'nothing';
  return allow.map((rule) => `${rule.methods.join(', ')} ${rule.path}`).join(' · ');
}

function describeApproval(approval: Placeholder['approval']): string {
  if (!approval) return 'none';
  const paths = approval.paths ? approval.paths.join(', ') : 'any path';
  return `${approval.methods.join(', ')} ${paths} → ${approval.approverUserId} in ${approval.channel}, ${approval.timeoutSeconds} s`;
}

/** An agent's unexpired placeholders with their policies (the placeholders themselves are never shown again). */
export function AgentPlaceholders({
  api,
  orgId,
  agentId,
}: {
  api: ApiClient;
  orgId: string;
  agentId: string;
}) {
  const placeholders = useResource(
    () => unwrap(api.api.listPlaceholders({ orgId, agentId, limit: 500 })),
    `${orgId}/${agentId}`,
  );
  const items = placeholders.data?.items ?? [];
  return (
    <div class="nested" data-testid={`placeholders-${agentId}`}>
      <ErrorBanner error={placeholders.error} context="Could not list placeholders" />
      {placeholders.data && items.length === 0 ? <p class="muted">No placeholders.</p> : null}
      {items.length > 0 ? (
        <table>
          <caption class="visually-hidden">Placeholders of this agent</caption>
          <thead>
            <tr>
              <th scope="col">Placeholder</th>
              <th scope="col">Connection</th>
              <th scope="col">Allow</th>
              <th scope="col">Approval</th>
              <th scope="col">Expires</th>
            </tr>
          </thead>
          <tbody>
            {items.map((placeholder) => (
              <tr key={`${placeholder.createdAt}${placeholder.hint}`}>
                <td data-label="Placeholder" class="mono">
                  pb_secret_{placeholder.hint}
                </td>
                <td data-label="Connection" class="mono" title={placeholder.connectionId}>
                  {shortId(placeholder.connectionId)}
                </td>
                <td data-label="Allow">{describeAllow(placeholder.allow)}</td>
                <td data-label="Approval">{describeApproval(placeholder.approval)}</td>
                <td data-label="Expires">
                  <Time iso={placeholder.expiresAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
