import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { FakeSlack } from './fake-slack';
import { http, HttpResult } from './http';
import { createProvider, importConnection } from './oauth-fixtures';
import { seedIntegration, seedOrg, SeededOrg } from './seed';
import { signers } from './webhook-signers';

/** An org with an agent, its worker token and a connection to the echo upstream. */
export interface GuardedWorker {
  org: SeededOrg;
  agentId: string;
  token: string;
  providerKey: string;
  connectionId: string;
}

/** A Slack connection and a Slack-signed integration of the same org, where approvals are asked. */
export interface ApprovalTarget {
  integrationId: string;
  instanceId: string;
  connectionId: string;
  signingSecret: string;
}

export async function createGuardedWorker(
  baseUrl: string,
  options: { apiBaseUrl: string; tokenUrl: string; agentName?: string },
): Promise<GuardedWorker> {
  const org = await seedOrg(baseUrl);
  const provider = await createProvider(baseUrl, org, {
    tokenUrl: options.tokenUrl,
    apiBaseUrl: options.apiBaseUrl,
  });
  const connection = await importConnection(baseUrl, org, provider.key, {
    accessToken: `guarded-access-${randomUUID()}`,
    refreshToken: `guarded-refresh-${randomUUID()}`,
    expiresIn: 3600,
  });
  const agent = await http(baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
    key: org.key,
    body: { name: options.agentName ?? 'billing-bot' },
  });
  const token = await http(baseUrl, 'POST', `/v1/orgs/${org.id}/agents/${agent.body.id}/worker-tokens`, {
    key: org.key,
    body: {},
  });
  if (agent.status !== 201 || token.status !== 201) throw new Error(`worker: ${agent.text} ${token.text}`);
  return {
    org,
    agentId: agent.body.id,
    token: token.body.token,
    providerKey: provider.key,
    connectionId: connection.id,
  };
}

export async function createApprovalTarget(
  baseUrl: string,
  org: SeededOrg,
  slack: FakeSlack,
  tokenUrl: string,
): Promise<ApprovalTarget> {
  const provider = await createProvider(baseUrl, org, {
    tokenUrl,
    apiBaseUrl: slack.apiBaseUrl,
    errorStyle: 'slack',
  });
  const connection = await importConnection(baseUrl, org, provider.key, {
    accessToken: `xoxb-${randomUUID()}`,
    refreshToken: `xoxe-${randomUUID()}`,
    expiresIn: 3600,
  });
  const signingSecret = `slack-signing-${randomUUID()}`;
  const integration = await seedIntegration(baseUrl, org, {
    plugin: 'slack',
    connectionIds: [connection.id],
    ingress: { scheme: 'slack', secret: signingSecret },
  });
  return {
    integrationId: integration.id,
    instanceId: integration.instanceId,
    connectionId: connection.id,
    signingSecret,
  };
}

/** POST …/placeholders; returns the whole answer (tests check 400/404 too). */
export function createPlaceholder(
  baseUrl: string,
  worker: GuardedWorker,
  policy: Record<string, unknown>,
): Promise<HttpResult> {
  return http(baseUrl, 'POST', `/v1/orgs/${worker.org.id}/agents/${worker.agentId}/placeholders`, {
    key: worker.org.key,
    body: { connectionId: worker.connectionId, ...policy },
  });
}

export interface RawAnswer {
  status: number;
  body: any;
}

/**
 * A proxied call sent byte for byte (node:http: fetch would normalise dot segments and encodings).
 * `signal` aborts it, closing the connection as a worker that goes away would.
 */
export function proxyCall(
  baseUrl: string,
  worker: GuardedWorker,
  placeholder: string,
  call: { method?: string; path: string; body?: string | Buffer; signal?: AbortSignal },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'proxy-authorization': `Bearer ${worker.token}`,
      authorization: `Bearer ${placeholder}`,
    };
    if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(call.body));
    }
    const request = httpRequest(
      `${baseUrl}/`,
      {
        method: call.method ?? 'GET',
        path: `/proxy/${worker.providerKey}${call.path}`,
        headers,
        signal: call.signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: response.statusCode ?? 0, body });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(call.body);
  });
}

/** The interaction id in the buttons of an approval posted to the fake Slack. */
export function approvalIdOf(post: { body: any }): string {
  const actions = (post.body.blocks as Array<{ type: string; elements?: Array<{ action_id: string }> }>).find(
    (block) => block.type === 'actions',
  );
  return actions!.elements![0].action_id.replace(/^pbi:/, '').replace(/:\d+$/, '');
}

/** The approver clicks one of the approval's buttons in Slack; Slack posts it to the ingress URL. */
export function clickButton(
  baseUrl: string,
  target: ApprovalTarget,
  post: { body: any },
  option: 'Approve' | 'Deny',
  userId: string,
): Promise<HttpResult> {
  const actions = (post.body.blocks as Array<{ type: string; elements?: any[] }>).find(
    (block) => block.type === 'actions',
  );
  const button = actions!.elements!.find((element: { value: string }) => element.value === option);
  const payload = {
    type: 'block_actions',
    user: { id: userId },
    actions: [button],
    trigger_id: randomUUID(),
  };
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return http(baseUrl, 'POST', `/ingress/slack/${target.instanceId}/interactive`, {
    raw: body,
    headers: signers.slack(target.signingSecret, body, undefined, 'application/x-www-form-urlencoded'),
  });
}

export function answerApproval(
  baseUrl: string,
  org: SeededOrg,
  target: ApprovalTarget,
  interactionId: string,
  answer: string,
  userId: string,
): Promise<HttpResult> {
  return http(baseUrl, 'POST', `/v1/orgs/${org.id}/interactions/${interactionId}/answer`, {
    key: org.key,
    body: { connectionId: target.connectionId, userId, answer },
  });
}
