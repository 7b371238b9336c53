import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { McpTestServer } from '../support/mcp-server';
import { createProxyWorker, ProxyWorker } from '../support/proxy-worker';
import { startPublicUrl } from '../support/public-url';
import { SeededOrg, seedOrg } from '../support/seed';

/**
 * The official MCP SDK on both sides of the secret proxy: a remote MCP server with its own
 * authorization server, and the SDK's client as the agent worker, pointed at /proxy/<key> with
 * nothing but a worker token and a placeholder.
 */
describe('MCP through the secret proxy', () => {
  let t: TestApp;
  let publicUrl: Awaited<ReturnType<typeof startPublicUrl>>;
  let org: SeededOrg;
  let server: McpTestServer;
  let connectionId: string;
  let worker: ProxyWorker;
  /** Everything the worker received: response headers and bodies, to prove no real token reached it. */
  const received: string[] = [];

  beforeAll(async () => {
    publicUrl = await startPublicUrl(() => Number(new URL(t.baseUrl).port));
    t = await startApp({ PUBLIC_URL: publicUrl.url, PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600' });
    org = await seedOrg(t.baseUrl);
    server = await McpTestServer.start();
    const created = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/providers`, {
      key: org.key,
      body: { key: 'tools', template: 'mcp', mcpServerUrl: server.url },
    });
    expect(created.status).toBe(201);
    connectionId = (await authorizeAndCallback()).connectionId;
    worker = await createProxyWorker(t.baseUrl, org, connectionId);
  });
  afterAll(async () => {
    await t.close();
    await publicUrl.close();
    await server.close();
    await closeSql();
  });

  async function authorizeAndCallback(
    reconnect?: string,
  ): Promise<{ connectionId: string; reconnected: boolean }> {
    const started = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/authorize`, {
      key: org.key,
      body: reconnect ? { provider: 'tools', connectionId: reconnect } : { provider: 'tools' },
    });
    expect(started.status).toBe(200);
    const callback = await http(
      t.baseUrl,
      'GET',
      `/oauth/callback${await server.authorize(started.body.authorizeUrl)}`,
    );
    expect(callback.status).toBe(200);
    return callback.body;
  }

  /** The SDK client as the agent worker: only the worker token and the placeholder, never a real token. */
  async function connectWorker(as: ProxyWorker = worker): Promise<{
    client: Client;
    transport: StreamableHTTPClientTransport;
    notices: string[];
  }> {
    const notices: string[] = [];
    const recordingFetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const response = await fetch(url, init);
      received.push(JSON.stringify([...response.headers]));
      void response
        .clone()
        .text()
        .then((text) => received.push(text))
        .catch(() => undefined);
      return response;
    };
    const transport = new StreamableHTTPClientTransport(new URL(`${t.baseUrl}/proxy/tools`), {
      requestInit: {
        headers: {
          'proxy-authorization': `Bearer ${as.token}`,
          authorization: `Bearer ${as.placeholder}`,
        },
      },
      fetch: recordingFetch,
    });
    const client = new Client({ name: 'agent-worker', version: '1.0.0' });
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      notices.push(String(notification.params.data));
    });
    await client.connect(transport);
    return { client, transport, notices };
  }

  const realTokensSeenByServer = () =>
    server.mcpRequests.map((request) => request.authorization).filter((value): value is string => !!value);

  it('lists tools, calls one and streams its notifications, the server seeing only the real token', async () => {
    const { client, transport, notices } = await connectWorker();
    const tools = await client.listTools();
    expect(tools.tools.map((tool) => tool.name).sort()).toEqual(['countdown', 'echo']);
    const echo = await client.callTool({ name: 'echo', arguments: { text: 'hello' } });
    expect(echo.content).toEqual([{ type: 'text', text: 'echo: hello' }]);
    const countdown = await client.callTool({ name: 'countdown', arguments: { from: 3 } });
    expect(countdown.content).toEqual([{ type: 'text', text: 'liftoff' }]);
    expect(notices).toEqual(['tick 3', 'tick 2', 'tick 1']);

    const seen = realTokensSeenByServer();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((value) => value.startsWith('Bearer mcp-access-'))).toBe(true);
    expect(seen.some((value) => value.includes('pb_secret_'))).toBe(false);
    await transport.terminateSession();
    await client.close();
  });

  it('passes Mcp-Session-Id both ways, serves the GET SSE stream, and ends the session with DELETE', async () => {
    const { client, transport, notices } = await connectWorker();
    const sessionId = transport.sessionId;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    await client.listTools();
    expect(server.mcpRequests.filter((request) => request.sessionId === sessionId).length).toBeGreaterThan(0);
    // a server-initiated notification travels on the GET stream the client opened after initializing
    await waitFor(() => server.mcpRequests.some((r) => r.method === 'GET' && r.sessionId === sessionId));
    await server.notifyAll('from the server');
    await waitFor(() => notices.includes('from the server'));
    const open = server.openSessions;
    await transport.terminateSession();
    expect(
      server.mcpRequests.some((request) => request.method === 'DELETE' && request.sessionId === sessionId),
    ).toBe(true);
    expect(server.openSessions).toBe(open - 1);
    await client.close();
  });

  it('refreshes once after the access token expired (the 401 with WWW-Authenticate) and retries', async () => {
    const { client, transport } = await connectWorker();
    const refreshesBefore = server.tokenCalls.filter((call) => call.grantType === 'refresh_token').length;
    server.expireAccessTokens();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        client.callTool({ name: 'echo', arguments: { text: `after ${index}` } }),
      ),
    );
    expect(results.map((result) => (result.content as Array<{ text: string }>)[0].text)).toEqual(
      Array.from({ length: 5 }, (_, index) => `echo: after ${index}`),
    );
    const refreshes = server.tokenCalls.filter((call) => call.grantType === 'refresh_token');
    expect(refreshes.length - refreshesBefore).toBe(1);
    expect(refreshes.at(-1)?.resource).toBe(server.url);
    await transport.terminateSession();
    await client.close();
  });

  it('after the grant is revoked: 409 CONNECTION.INVALID to the worker, then a reconnect serves it again', async () => {
    // a connection of its own: a proxied 401 refreshes a connection at most once a minute, and the
    // expiry test above just used that minute for the first one
    const revoked = (await authorizeAndCallback()).connectionId;
    const revokedWorker = await createProxyWorker(t.baseUrl, org, revoked);
    const first = await connectWorker(revokedWorker);
    server.revokeEverything();
    await expect(first.client.callTool({ name: 'echo', arguments: { text: 'revoked' } })).rejects.toThrow(
      /CONNECTION\.INVALID/,
    );
    const connection = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/connections/${revoked}`, {
      key: org.key,
    });
    expect(connection.body.status).toBe('INVALID');
    await first.client.close();

    const callsBefore = server.mcpRequests.length;
    const refused = await http(t.baseUrl, 'POST', '/proxy/tools', {
      headers: {
        'proxy-authorization': `Bearer ${revokedWorker.token}`,
        authorization: `Bearer ${revokedWorker.placeholder}`,
      },
      body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    });
    expect(refused.status).toBe(409);
    expect(server.mcpRequests.length).toBe(callsBefore);

    expect(await authorizeAndCallback(revoked)).toEqual({ connectionId: revoked, reconnected: true });
    const second = await connectWorker(revokedWorker);
    const echo = await second.client.callTool({ name: 'echo', arguments: { text: 'back' } });
    expect(echo.content).toEqual([{ type: 'text', text: 'echo: back' }]);
    await second.transport.terminateSession();
    await second.client.close();
  });

  it('never handed a real token to the worker', async () => {
    const issued = await sql(`SELECT count(*) AS n FROM oauth_connections WHERE id = $1`, [connectionId]);
    expect(Number(issued[0].n)).toBe(1);
    const text = received.join('\n');
    expect(text).not.toMatch(/mcp-access-|mcp-refresh-/);
  });
});

describe('text/event-stream through the proxy', () => {
  let t: TestApp;
  let org: SeededOrg;
  let upstream: Server;
  let writes: number[] = [];

  beforeAll(async () => {
    // an MCP-style endpoint that answers a POST with an SSE stream: one event now, one 400 ms later
    upstream = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, {
          'content-type': 'text/event-stream',
          'mcp-session-id': 'session-from-upstream',
        });
        response.write('event: message\ndata: {"n":1}\n\n');
        writes.push(performance.now());
        setTimeout(() => {
          response.write('event: message\ndata: {"n":2}\n\n');
          writes.push(performance.now());
          response.end();
        }, 400);
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    t = await startApp({ PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600' });
    org = await seedOrg(t.baseUrl);
  });
  afterAll(async () => {
    await t.close();
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
    await closeSql();
  });

  it('reaches the worker unbuffered: each event within 50 ms of the upstream writing it', async () => {
    const port = (upstream.address() as AddressInfo).port;
    const key = `sse-${randomUUID().slice(0, 8)}`;
    const provider = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/providers`, {
      key: org.key,
      body: {
        key,
        authorizeUrl: 'http://127.0.0.1:9/authorize',
        tokenUrl: 'http://127.0.0.1:9/token',
        clientId: 'c',
        clientSecret: 'sse-client-secret',
        apiBaseUrl: `http://127.0.0.1:${port}/mcp`,
      },
    });
    expect(provider.status).toBe(201);
    const connection = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections`, {
      key: org.key,
      body: { provider: key, tokens: { accessToken: `sse-access-${randomUUID()}` } },
    });
    const worker = await createProxyWorker(t.baseUrl, org, connection.body.id);
    // warm the path (connection pools, caches) so the measured call is the steady state
    for (let round = 0; round < 2; round++) {
      writes = [];
      const arrivals = await postAndTimeChunks(t.baseUrl, `/proxy/${key}`, worker);
      expect(arrivals.status).toBe(200);
      expect(arrivals.sessionId).toBe('session-from-upstream');
      expect(arrivals.chunks.join('')).toBe(
        'event: message\ndata: {"n":1}\n\nevent: message\ndata: {"n":2}\n\n',
      );
      if (round === 1) {
        const first = arrivals.times[0] - writes[0];
        const second = arrivals.times[arrivals.times.length - 1] - writes[1];
        console.log(
          `[sse through the proxy] first event +${first.toFixed(1)} ms, second +${second.toFixed(1)} ms`,
        );
        expect(first).toBeLessThan(50);
        expect(second).toBeLessThan(50);
        // and the first arrived long before the upstream wrote the second
        expect(arrivals.times[0]).toBeLessThan(writes[1]);
      }
    }
  });
});

function postAndTimeChunks(
  baseUrl: string,
  path: string,
  worker: ProxyWorker,
): Promise<{ status: number; sessionId: string | undefined; chunks: string[]; times: number[] }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const request = httpRequest(
      `${baseUrl}${path}`,
      {
        method: 'POST',
        headers: {
          'proxy-authorization': `Bearer ${worker.token}`,
          authorization: `Bearer ${worker.placeholder}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: string[] = [];
        const times: number[] = [];
        response.on('data', (chunk: Buffer) => {
          times.push(performance.now());
          chunks.push(chunk.toString('utf8'));
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            sessionId: response.headers['mcp-session-id'] as string | undefined,
            chunks,
            times,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
