import { http } from './http';
import { SeededOrg } from './seed';

export interface ProxyWorker {
  agentId: string;
  /** The worker token (`pbw_…`), sent as `Proxy-Authorization: Bearer …`. */
  token: string;
  /** The placeholder (`pb_secret_…`) standing for the connection's access token. */
  placeholder: string;
}

/** An agent, a worker token and a placeholder for one connection, all created over HTTP. */
export async function createProxyWorker(
  baseUrl: string,
  org: SeededOrg,
  connectionId: string,
): Promise<ProxyWorker> {
  const agent = await http(baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
    key: org.key,
    body: { name: 'sdk-worker' },
  });
  if (agent.status !== 201) throw new Error(`agent: ${agent.status} ${agent.text}`);
  const token = await http(baseUrl, 'POST', `/v1/orgs/${org.id}/agents/${agent.body.id}/worker-tokens`, {
    key: org.key,
    body: {},
  });
  if (token.status !== 201) throw new Error(`worker token: ${token.status} ${token.text}`);
  const placeholder = await http(baseUrl, 'POST', `/v1/orgs/${org.id}/agents/${agent.body.id}/placeholders`, {
    key: org.key,
    body: { connectionId },
  });
  if (placeholder.status !== 201) throw new Error(`placeholder: ${placeholder.status} ${placeholder.text}`);
  return { agentId: agent.body.id, token: token.body.token, placeholder: placeholder.body.placeholder };
}
