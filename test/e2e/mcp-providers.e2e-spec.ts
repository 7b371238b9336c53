import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import * as addressPolicy from '../../src/shared/outbound/address-policy';
import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { McpServerOptions, McpTestServer } from '../support/mcp-server';
import { startPublicUrl } from '../support/public-url';
import { SeededOrg, seedOrg } from '../support/seed';

/**
 * `template: "mcp"` against a remote MCP server built from the official SDK, acting as its own
 * authorization server (metadata, dynamic registration, PKCE, resource-bound tokens).
 */
describe('remote MCP servers as providers', () => {
  let t: TestApp;
  let publicUrl: Awaited<ReturnType<typeof startPublicUrl>>;
  let org: SeededOrg;
  const servers: McpTestServer[] = [];

  beforeAll(async () => {
    publicUrl = await startPublicUrl(() => Number(new URL(t.baseUrl).port));
    t = await startApp({ PUBLIC_URL: publicUrl.url, PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600' });
    org = await seedOrg(t.baseUrl);
  });
  afterAll(async () => {
    await t.close();
    await publicUrl.close();
    await Promise.all(servers.map((server) => server.close()));
    await closeSql();
  });

  async function mcpServer(options: McpServerOptions = {}): Promise<McpTestServer> {
    const server = await McpTestServer.start(options);
    servers.push(server);
    return server;
  }

  const createMcpProvider = (body: Record<string, unknown>) =>
    http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/providers`, {
      key: org.key,
      body: { template: 'mcp', ...body },
    });

  const providersNamed = async (key: string) =>
    (await sql(`SELECT id FROM oauth_providers WHERE organization_id = $1 AND key = $2`, [org.id, key]))
      .length;

  /** authorize → the MCP server's authorization endpoint (approves at once) → plugboard's callback. */
  async function connect(server: McpTestServer, providerKey: string) {
    const started = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/authorize`, {
      key: org.key,
      body: { provider: providerKey },
    });
    expect(started.status).toBe(200);
    const authorizeUrl = new URL(started.body.authorizeUrl);
    const callback = await http(
      t.baseUrl,
      'GET',
      `/oauth/callback${await server.authorize(started.body.authorizeUrl)}`,
    );
    return { authorizeUrl, callback };
  }

  describe('discovery and dynamic registration', () => {
    it('discovers the authorization server, registers, and stores an ordinary provider', async () => {
      const server = await mcpServer();
      const created = await createMcpProvider({ key: 'mcp-dcr', mcpServerUrl: server.url });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        key: 'mcp-dcr',
        template: 'mcp',
        authorizeUrl: `${server.issuer}authorize`,
        tokenUrl: `${server.issuer}token`,
        apiBaseUrl: server.url,
        resource: server.url,
        usePkce: true,
        grantType: 'authorization_code',
        tokenAuthMethod: 'client_secret_post',
        hasClientSecret: true,
        scopes: ['tools'],
      });
      expect(server.registrations).toHaveLength(1);
      expect(server.registrations[0]).toMatchObject({
        client_id: created.body.clientId,
        redirect_uris: [`${publicUrl.url}/oauth/callback`],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'client_secret_post',
      });
      expect(created.text).not.toContain(server.registrations[0].client_secret as string);
    });

    it('sends PKCE S256 and the resource on authorize, token and refresh', async () => {
      const server = await mcpServer();
      expect((await createMcpProvider({ key: 'mcp-flow', mcpServerUrl: server.url })).status).toBe(201);
      const { authorizeUrl, callback } = await connect(server, 'mcp-flow');
      expect(authorizeUrl.searchParams.get('resource')).toBe(server.url);
      expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
      expect(callback.status).toBe(200);
      const refreshed = await http(
        t.baseUrl,
        'POST',
        `/v1/orgs/${org.id}/connections/${callback.body.connectionId}/refresh`,
        { key: org.key },
      );
      expect(refreshed.body).toMatchObject({ ok: true });
      expect(server.tokenCalls.map((call) => [call.grantType, call.resource])).toEqual([
        ['authorization_code', server.url],
        ['refresh_token', server.url],
      ]);
      expect(server.authorizations[0].resource?.href).toBe(server.url);
    });

    it('finds the metadata at the well-known path when the 401 does not name it', async () => {
      const server = await mcpServer({ challengeWithoutMetadata: true });
      const created = await createMcpProvider({ key: 'mcp-well-known', mcpServerUrl: server.url });
      expect(created.status).toBe(201);
      expect(created.body.resource).toBe(server.url);
    });

    it("asks for the scope the 401 names before the metadata's scopes_supported", async () => {
      const server = await mcpServer({ requiredScopes: ['tools'], scopesSupported: ['tools', 'admin'] });
      const created = await createMcpProvider({ key: 'mcp-challenge-scope', mcpServerUrl: server.url });
      expect(created.status).toBe(201);
      expect(created.body.scopes).toEqual(['tools']);
      const { authorizeUrl } = await connect(server, 'mcp-challenge-scope');
      expect(authorizeUrl.searchParams.get('scope')).toBe('tools');
    });

    it('reads a registered secret without client_secret_expires_at as one that does not expire', async () => {
      const server = await mcpServer();
      server.lies = { registrationWithoutSecretExpiry: true };
      const created = await createMcpProvider({ key: 'mcp-no-expiry', mcpServerUrl: server.url });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ hasClientSecret: true, tokenAuthMethod: 'client_secret_post' });
      expect((await connect(server, 'mcp-no-expiry')).callback.status).toBe(200);
    });

    it('uses a client registered beforehand when clientId is given', async () => {
      const server = await mcpServer();
      const created = await createMcpProvider({
        key: 'mcp-preregistered',
        mcpServerUrl: server.url,
        clientId: 'registered-by-hand',
        clientSecret: 'registered-by-hand-secret',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ clientId: 'registered-by-hand', hasClientSecret: true });
      expect(server.registrations).toHaveLength(0);
    });
  });

  describe('Client ID Metadata Document', () => {
    it('serves the document at $PUBLIC_URL/oauth/client-metadata.json without a key', async () => {
      const document = await http(t.baseUrl, 'GET', '/oauth/client-metadata.json');
      expect(document.status).toBe(200);
      expect(document.body).toEqual({
        client_id: `${publicUrl.url}/oauth/client-metadata.json`,
        client_name: 'plugboard',
        client_uri: publicUrl.url,
        redirect_uris: [`${publicUrl.url}/oauth/callback`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      });
    });

    it('is the client id where the server supports it: no registration, a public client', async () => {
      const server = await mcpServer({ clientIdMetadataDocuments: true });
      const created = await createMcpProvider({ key: 'mcp-cimd', mcpServerUrl: server.url });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        clientId: `${publicUrl.url}/oauth/client-metadata.json`,
        tokenAuthMethod: 'none',
        hasClientSecret: false,
      });
      expect(server.registrations).toHaveLength(0);
      const { callback } = await connect(server, 'mcp-cimd');
      expect(callback.status).toBe(200);
      expect(server.metadataDocumentFetches[0]).toBe(`${publicUrl.url}/oauth/client-metadata.json`);
    });
  });

  describe('discovery documents that lie: 502 PROVIDER.MCP_DISCOVERY_FAILED naming the step, nothing stored', () => {
    it.each([
      [
        'an issuer that is not the authorization server',
        { authorizationServer: { issuer: 'https://issuer.example/' } },
        'authorization_server_metadata',
        /issuer does not match/,
      ],
      [
        'a resource the server does not accept (another resource)',
        { protectedResource: { resource: 'http://127.0.0.1:1/mcp' } },
        'protected_resource_metadata',
        /names resource http:\/\/127\.0\.0\.1:1\/mcp, not this MCP server/,
      ],
      [
        'a registration endpoint answering 4xx',
        { registrationStatus: 400 },
        'client_registration',
        /answered HTTP 400 \(invalid_client_metadata\)/,
      ],
      [
        'an authorization server without PKCE S256',
        { authorizationServer: { code_challenge_methods_supported: ['plain'] } },
        'authorization_server_metadata',
        /S256/,
      ],
    ])('%s', async (_label, lies, step, reason) => {
      const server = await mcpServer();
      server.lies = lies;
      const key = `mcp-lie-${servers.length}`;
      const answer = await createMcpProvider({ key, mcpServerUrl: server.url });
      expect(answer.status).toBe(502);
      expect(answer.body.error.code).toBe('PROVIDER.MCP_DISCOVERY_FAILED');
      expect(answer.body.error.message).toContain(`step ${step}`);
      expect(answer.body.error.message).toMatch(reason);
      expect(await providersNamed(key)).toBe(0);
      if (step !== 'client_registration') expect(server.registrations).toHaveLength(0);
    });

    it('an unreachable MCP server fails at the first step', async () => {
      const answer = await createMcpProvider({ key: 'mcp-gone', mcpServerUrl: 'http://127.0.0.1:1/mcp' });
      expect(answer.status).toBe(502);
      expect(answer.body.error.message).toBe(
        'MCP discovery failed at step protected_resource_metadata: the server is unreachable',
      );
      expect(await providersNamed('mcp-gone')).toBe(0);
    });

    it('refuses mcpServerUrl without template mcp, and template mcp without mcpServerUrl or with URLs', async () => {
      for (const body of [
        { key: 'x1', mcpServerUrl: 'https://mcp.example.com/mcp', template: 'slack', clientId: 'a' },
        { key: 'x2' },
        { key: 'x3', mcpServerUrl: 'https://mcp.example.com/mcp', tokenUrl: 'https://evil.example/token' },
      ]) {
        const answer = await createMcpProvider(body);
        expect(answer.status).toBe(400);
      }
    });
  });

  describe('metadata pointing to a private address with ALLOW_PRIVATE_UPSTREAMS=false', () => {
    let strict: TestApp;
    let strictOrg: SeededOrg;
    let privateTarget: Server;
    let privateHits = 0;

    beforeAll(async () => {
      // the private target: a server on ::1 that counts every request it gets
      privateTarget = createServer((request, response) => {
        privateHits += 1;
        response.writeHead(404).end();
      });
      await new Promise<void>((resolve) => privateTarget.listen(0, '::1', resolve));
      strict = await startApp({
        ALLOW_PRIVATE_UPSTREAMS: 'false',
        PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600',
      });
      strictOrg = await seedOrg(strict.baseUrl);
    });
    afterAll(async () => {
      jest.restoreAllMocks();
      await strict.close();
      privateTarget.closeAllConnections();
      await new Promise((resolve) => privateTarget.close(resolve));
    });

    it('is refused at the step that would have called it, which is never called', async () => {
      // 127.0.0.1 stands in for the MCP server's public address (every other private or loopback
      // address, ::1 included, is still refused by the real policy)
      const realPolicy = addressPolicy.isForbiddenAddress;
      jest
        .spyOn(addressPolicy, 'isForbiddenAddress')
        .mockImplementation((address) => address !== '127.0.0.1' && realPolicy(address));
      const server = await mcpServer();
      const privatePort = (privateTarget.address() as AddressInfo).port;
      server.lies = { protectedResource: { authorization_servers: [`http://[::1]:${privatePort}/`] } };
      const answer = await http(strict.baseUrl, 'POST', `/v1/orgs/${strictOrg.id}/providers`, {
        key: strictOrg.key,
        body: { key: 'mcp-private', template: 'mcp', mcpServerUrl: server.url },
      });
      expect(answer.status).toBe(502);
      expect(answer.body.error.message).toBe(
        'MCP discovery failed at step authorization_server_metadata: the address is refused (private, loopback or link-local)',
      );
      expect(privateHits).toBe(0);
      expect(server.mcpRequests.length).toBeGreaterThan(0);
      const stored = await sql(`SELECT id FROM oauth_providers WHERE organization_id = $1`, [strictOrg.id]);
      expect(stored).toHaveLength(0);
    });
  });
});
