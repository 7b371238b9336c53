import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { startApp, TestApp } from './app';
import { closeSql, sql } from './db';
import { EchoUpstream } from './echo-upstream';
import { FakeTokenEndpoint, startFakeTokenEndpoint } from './fake-token-endpoint';
import { http, HttpResult } from './http';
import { createProvider, importConnection } from './oauth-fixtures';
import { SeededOrg, seedOrg } from './seed';

export interface Worker {
  org: SeededOrg;
  agentId: string;
  token: string;
  /** The worker token's id (for revoking it). */
  tokenId: string;
}

export async function createWorker(baseUrl: string, org?: SeededOrg): Promise<Worker> {
  const owner = org ?? (await seedOrg(baseUrl));
  const agent = await http(baseUrl, 'POST', `/v1/orgs/${owner.id}/agents`, {
    key: owner.key,
    body: { name: 'worker-agent' },
  });
  expect(agent.status).toBe(201);
  const token = await http(baseUrl, 'POST', `/v1/orgs/${owner.id}/agents/${agent.body.id}/worker-tokens`, {
    key: owner.key,
    body: {},
  });
  expect(token.status).toBe(201);
  return { org: owner, agentId: agent.body.id, token: token.body.token, tokenId: token.body.id };
}

export interface ConnectedWorker extends Worker {
  providerKey: string;
  connectionId: string;
  placeholder: string;
  accessToken: string;
}

/** Provider (apiBaseUrl) → imported connection → agent → worker token → placeholder, all over HTTP. */
export async function connectWorker(
  baseUrl: string,
  options: { apiBaseUrl: string; tokenUrl: string; errorStyle?: 'standard' | 'slack'; org?: SeededOrg },
): Promise<ConnectedWorker> {
  const worker = await createWorker(baseUrl, options.org);
  const provider = await createProvider(baseUrl, worker.org, {
    tokenUrl: options.tokenUrl,
    apiBaseUrl: options.apiBaseUrl,
    errorStyle: options.errorStyle ?? 'standard',
  });
  const accessToken = `real-access-${randomUUID()}`;
  const connection = await importConnection(baseUrl, worker.org, provider.key, {
    accessToken,
    refreshToken: `real-refresh-${randomUUID()}`,
    expiresIn: 3600,
  });
  const placeholder = await http(
    baseUrl,
    'POST',
    `/v1/orgs/${worker.org.id}/agents/${worker.agentId}/placeholders`,
    { key: worker.org.key, body: { connectionId: connection.id } },
  );
  expect(placeholder.status).toBe(201);
  return {
    ...worker,
    providerKey: provider.key,
    connectionId: connection.id,
    placeholder: placeholder.body.placeholder,
    accessToken,
  };
}

/** A placeholder row written directly: refusal tests use it to be refused before any connection lookup. */
export async function insertPlaceholder(orgId: string | null, agentId: string | null): Promise<string> {
  const id = randomUUID();
  await sql(
    `INSERT INTO proxy_placeholders (id, organization_id, agent_id, connection_id, expires_at)
     VALUES ($1, $2, $3, $4, now() + interval '1 hour')`,
    [id, orgId, agentId, randomUUID()],
  );
  return `pb_secret_${id}`;
}

export function proxy(
  baseUrl: string,
  path: string,
  options: { workerToken?: string; proxyAuthorization?: string; placeholder?: string; method?: string } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  if (options.proxyAuthorization !== undefined) headers['proxy-authorization'] = options.proxyAuthorization;
  else if (options.workerToken) headers['proxy-authorization'] = `Bearer ${options.workerToken}`;
  if (options.placeholder) headers.authorization = `Bearer ${options.placeholder}`;
  return http(baseUrl, options.method ?? 'GET', path, { headers });
}

/** node:http sends the path byte for byte (fetch would normalise dot segments before sending). */
export function rawProxy(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${baseUrl}/`, { method: 'GET', path, headers }, (response) => {
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(response.headers))
        if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
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
        resolve({ status: response.statusCode ?? 0, body, headers: responseHeaders, text });
      });
    });
    request.on('error', reject);
    request.end();
  });
}

export interface SecretProxyRunning {
  t: TestApp;
  /** Echoes every request and records it; reset before each test. */
  upstream: EchoUpstream;
  /** A scripted token endpoint recording its calls. */
  tokenEndpoint: FakeTokenEndpoint;
}

/**
 * The set-up the secret-proxy e2e files share: an echo upstream, a fake token endpoint and the app
 * (LOG_LEVEL info, so the audit lines are written) started once per file and stopped after it, the
 * upstream's record cleared before each test. Call it inside the file's top `describe`; read the
 * started servers through the returned function from a `beforeAll` or a test declared after it.
 */
export function useSecretProxyHarness(): () => SecretProxyRunning {
  let running: SecretProxyRunning | undefined;
  beforeAll(async () => {
    const upstream = await EchoUpstream.start();
    const tokenEndpoint = await startFakeTokenEndpoint();
    const t = await startApp({ LOG_LEVEL: 'info' });
    running = { t, upstream, tokenEndpoint };
  });
  afterAll(async () => {
    await running?.t.close();
    await running?.upstream.close();
    await running?.tokenEndpoint.close();
    await closeSql();
  });
  beforeEach(() => running?.upstream.reset());
  return () => {
    if (!running) throw new Error('the secret-proxy harness is used before its beforeAll ran');
    return running;
  };
}
