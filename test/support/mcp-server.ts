import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  createOAuthMetadata,
  getOAuthProtectedResourceMetadataUrl,
  mcpAuthRouter,
} from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import {
  InvalidGrantError,
  InvalidTargetError,
  InvalidTokenError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type {
  AuthorizationParams,
  OAuthServerProvider,
} from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthClientInformationFull, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { randomUUID } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { z } from 'zod';
import { registerSecret } from './secrets-audit';

export interface McpServerOptions {
  /** Advertise Client ID Metadata Document support and accept URL client ids (fetching the document). */
  clientIdMetadataDocuments?: boolean;
  /** Access tokens live this long (seconds). */
  accessTokenTtlSeconds?: number;
  /** The 401's WWW-Authenticate names no resource_metadata (clients must try the well-known path). */
  challengeWithoutMetadata?: boolean;
  /** The metadata's scopes_supported (default `['tools']`). */
  scopesSupported?: string[];
  /** Scopes the MCP endpoint requires; its 401 names them in `scope=` (MCP scope selection, first choice). */
  requiredScopes?: string[];
}

/** Documents a lying server serves instead of the true ones (the bad-input tests). */
export interface McpServerLies {
  /** Protected resource metadata: replaces fields of the true document. */
  protectedResource?: Record<string, unknown>;
  /** Authorization server metadata: replaces fields of the true document. */
  authorizationServer?: Record<string, unknown>;
  /** The registration endpoint answers this status with `{error}`. */
  registrationStatus?: number;
  /** Registration issues a secret without `client_secret_expires_at` (which RFC 7591 requires). */
  registrationWithoutSecretExpiry?: boolean;
}

interface IssuedToken {
  clientId: string;
  scopes: string[];
  expiresAt: number;
  resource: string;
}

type ExpressHandler = (
  request: IncomingMessage & { body?: unknown },
  response: ServerResponse & Record<string, any>,
  next?: () => void,
) => void;

/**
 * A remote MCP server built from the official SDK on loopback, acting as its own authorization
 * server with the SDK's support for it (metadata, dynamic registration, PKCE, bearer checks). Tokens
 * are bound to the resource (RFC 8707): an authorize, token or refresh call naming another resource
 * is refused. Tools: `echo` and `countdown` (which streams a logging notification per step).
 */
export class McpTestServer {
  readonly registrations: OAuthClientInformationFull[] = [];
  readonly metadataDocumentFetches: string[] = [];
  readonly authorizations: AuthorizationParams[] = [];
  readonly tokenCalls: Array<{ grantType: string; clientId: string; resource: string | undefined }> = [];
  /** Sessions ended by the client (DELETE). */
  get openSessions(): number {
    return this.transports.size;
  }

  /** Every request to /mcp: method, bearer token, session id. */
  readonly mcpRequests: Array<{
    method: string;
    authorization: string | undefined;
    sessionId: string | undefined;
  }> = [];
  lies: McpServerLies = {};
  private readonly clients = new Map<string, OAuthClientInformationFull>();
  private readonly codes = new Map<
    string,
    { clientId: string; challenge: string; resource: string; redirectUri: string }
  >();
  private readonly accessTokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<
    string,
    { clientId: string; resource: string; scopes: string[] }
  >();
  private readonly transports = new Map<string, StreamableHTTPServerTransport>();
  private readonly sessions = new Map<string, McpServer>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly options: McpServerOptions,
  ) {}

  /** The MCP endpoint (the protected resource). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/mcp`;
  }

  get issuer(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  static async start(options: McpServerOptions = {}): Promise<McpTestServer> {
    const holder: { instance?: McpTestServer } = {};
    const app = createMcpExpressApp();
    const server = await new Promise<Server>((resolve) => {
      const listening: Server = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const instance = new McpTestServer(server, (server.address() as AddressInfo).port, options);
    holder.instance = instance;
    instance.mount(app);
    return instance;
  }

  /** Follows an authorization URL like a browser (the server approves at once); returns the callback query. */
  async authorize(authorizeUrl: string): Promise<string> {
    const response = await fetch(authorizeUrl, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (!location) throw new Error(`authorize answered ${response.status}: ${await response.text()}`);
    return new URL(location).search;
  }

  /** The user revokes the grant: every access and refresh token stops working. */
  revokeEverything(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  /** A server-initiated notification to every open session: it travels on the GET SSE stream. */
  async notifyAll(data: string): Promise<void> {
    for (const server of this.sessions.values()) await server.sendLoggingMessage({ level: 'notice', data });
  }

  /** Every access token issued so far expires now (the server says so with a 401). */
  expireAccessTokens(): void {
    for (const token of this.accessTokens.values()) token.expiresAt = Math.floor(Date.now() / 1000) - 1;
  }

  close(): Promise<void> {
    for (const transport of this.transports.values()) void transport.close();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private mount(app: any): void {
    const issuerUrl = new URL(this.issuer);
    const resourceUrl = new URL(this.url);
    const provider = this.oauthProvider();
    const lying: ExpressHandler = (request, response, next) => {
      const path = (request.url ?? '').split('?')[0];
      if (path === '/.well-known/oauth-authorization-server') {
        const metadata = {
          ...createOAuthMetadata({
            provider,
            issuerUrl,
            scopesSupported: this.options.scopesSupported ?? ['tools'],
          }),
          ...(this.options.clientIdMetadataDocuments ? { client_id_metadata_document_supported: true } : {}),
          ...(this.lies.authorizationServer ?? {}),
        };
        response.status(200).json(metadata);
        return;
      }
      if (path === '/.well-known/oauth-protected-resource/mcp' && this.lies.protectedResource) {
        response.status(200).json({
          resource: this.url,
          authorization_servers: [this.issuer],
          scopes_supported: ['tools'],
          ...this.lies.protectedResource,
        });
        return;
      }
      if (path === '/register' && this.lies.registrationStatus) {
        response.status(this.lies.registrationStatus).json({ error: 'invalid_client_metadata' });
        return;
      }
      if (path === '/register' && this.lies.registrationWithoutSecretExpiry) {
        const metadata = request.body as Omit<OAuthClientInformationFull, 'client_id'>;
        const registered = {
          ...metadata,
          client_id: `client-${randomUUID()}`,
          client_secret: `secret-${randomUUID()}`,
          token_endpoint_auth_method: 'client_secret_post',
        };
        registerSecret(registered.client_secret);
        this.clients.set(registered.client_id, registered);
        this.registrations.push(registered);
        response.status(201).json(registered);
        return;
      }
      next?.();
    };
    app.use(lying);
    app.use(
      mcpAuthRouter({
        provider,
        issuerUrl,
        resourceServerUrl: resourceUrl,
        scopesSupported: this.options.scopesSupported ?? ['tools'],
        authorizationOptions: { rateLimit: false },
        tokenOptions: { rateLimit: false },
        clientRegistrationOptions: { rateLimit: false },
        revocationOptions: { rateLimit: false },
      }),
    );
    const bearer = requireBearerAuth({
      verifier: provider,
      requiredScopes: this.options.requiredScopes,
      resourceMetadataUrl: this.options.challengeWithoutMetadata
        ? undefined
        : getOAuthProtectedResourceMetadataUrl(resourceUrl),
      expectedResource: resourceUrl,
    });
    const record: ExpressHandler = (request, _response, next) => {
      const session = request.headers['mcp-session-id'];
      this.mcpRequests.push({
        method: request.method ?? '',
        authorization: request.headers.authorization,
        sessionId: Array.isArray(session) ? session[0] : session,
      });
      next?.();
    };
    const handle: ExpressHandler = (request, response) => void this.handleMcp(request, response);
    app.post('/mcp', record, bearer, handle);
    app.get('/mcp', record, bearer, handle);
    app.delete('/mcp', record, bearer, handle);
  }

  /** Streamable HTTP with sessions: an initialize request opens one, later requests name it. */
  private async handleMcp(
    request: IncomingMessage & { body?: unknown },
    response: ServerResponse,
  ): Promise<void> {
    const header = request.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header[0] : header;
    let transport = sessionId ? this.transports.get(sessionId) : undefined;
    if (!transport) {
      if (sessionId || request.method !== 'POST' || !isInitializeRequest(request.body)) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }),
        );
        return;
      }
      const mcp = this.mcpServer();
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          this.transports.set(id, created);
          this.sessions.set(id, mcp);
        },
      });
      created.onclose = () => {
        if (!created.sessionId) return;
        this.transports.delete(created.sessionId);
        this.sessions.delete(created.sessionId);
      };
      await mcp.connect(created);
      transport = created;
    }
    await transport.handleRequest(request, response, request.body);
  }

  private mcpServer(): McpServer {
    const server = new McpServer(
      { name: 'plugboard-test-mcp', version: '1.0.0' },
      { capabilities: { logging: {} } },
    );
    server.registerTool(
      'echo',
      { description: 'Echoes its text', inputSchema: { text: z.string() } },
      async ({ text }) => ({ content: [{ type: 'text', text: `echo: ${text}` }] }),
    );
    server.registerTool(
      'countdown',
      { description: 'Counts down, one logging notification per step', inputSchema: { from: z.number() } },
      async ({ from }, extra) => {
        for (let step = from; step > 0; step--) {
          await extra.sendNotification({
            method: 'notifications/message',
            params: { level: 'info', data: `tick ${step}` },
          });
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return { content: [{ type: 'text', text: 'liftoff' }] };
      },
    );
    return server;
  }

  private oauthProvider(): OAuthServerProvider {
    const clientsStore: OAuthRegisteredClientsStore = {
      getClient: async (clientId) =>
        this.clients.get(clientId) ?? (await this.fetchMetadataDocument(clientId)),
      registerClient: (client) => {
        const registered = {
          ...client,
          client_id: `client-${randomUUID()}`,
          client_id_issued_at: Math.floor(Date.now() / 1000),
        };
        if (registered.client_secret) registerSecret(registered.client_secret);
        this.clients.set(registered.client_id, registered);
        this.registrations.push(registered);
        return registered;
      },
    };
    const checkResource = (resource: URL | undefined): string => {
      // RFC 8707: this server issues tokens for itself only
      if (!resource || resource.href !== new URL(this.url).href)
        throw new InvalidTargetError(`unknown resource ${resource?.href}`);
      return resource.href;
    };
    return {
      clientsStore,
      authorize: async (client, params, res: any) => {
        this.authorizations.push(params);
        const target = new URL(params.redirectUri);
        try {
          const resource = checkResource(params.resource);
          const code = `code-${randomUUID()}`;
          this.codes.set(code, {
            clientId: client.client_id,
            challenge: params.codeChallenge,
            resource,
            redirectUri: params.redirectUri,
          });
          target.searchParams.set('code', code);
        } catch {
          target.searchParams.set('error', 'invalid_target');
        }
        if (params.state) target.searchParams.set('state', params.state);
        res.redirect(target.href);
      },
      challengeForAuthorizationCode: async (_client, code) => {
        const entry = this.codes.get(code);
        if (!entry) throw new InvalidGrantError('unknown code');
        return entry.challenge;
      },
      exchangeAuthorizationCode: async (client, code, _verifier, _redirectUri, resource) => {
        this.tokenCalls.push({
          grantType: 'authorization_code',
          clientId: client.client_id,
          resource: resource?.href,
        });
        const entry = this.codes.get(code);
        if (!entry || entry.clientId !== client.client_id) throw new InvalidGrantError('unknown code');
        this.codes.delete(code);
        if (checkResource(resource) !== entry.resource) throw new InvalidTargetError('resource changed');
        return this.issue(client.client_id, entry.resource, ['tools']);
      },
      exchangeRefreshToken: async (client, refreshToken, _scopes, resource) => {
        this.tokenCalls.push({
          grantType: 'refresh_token',
          clientId: client.client_id,
          resource: resource?.href,
        });
        const entry = this.refreshTokens.get(refreshToken);
        if (!entry || entry.clientId !== client.client_id)
          throw new InvalidGrantError('refresh token is not valid');
        if (checkResource(resource) !== entry.resource) throw new InvalidTargetError('resource changed');
        this.refreshTokens.delete(refreshToken);
        return this.issue(client.client_id, entry.resource, entry.scopes);
      },
      verifyAccessToken: async (token): Promise<AuthInfo> => {
        const entry = this.accessTokens.get(token);
        if (!entry) throw new InvalidTokenError('unknown token');
        return {
          token,
          clientId: entry.clientId,
          scopes: entry.scopes,
          expiresAt: entry.expiresAt,
          resource: new URL(entry.resource),
        };
      },
    };
  }

  private issue(clientId: string, resource: string, scopes: string[]): OAuthTokens {
    const ttl = this.options.accessTokenTtlSeconds ?? 3600;
    const accessToken = `mcp-access-${randomUUID()}`;
    const refreshToken = `mcp-refresh-${randomUUID()}`;
    registerSecret(accessToken);
    registerSecret(refreshToken);
    this.accessTokens.set(accessToken, {
      clientId,
      scopes,
      resource,
      expiresAt: Math.floor(Date.now() / 1000) + ttl,
    });
    this.refreshTokens.set(refreshToken, { clientId, resource, scopes });
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: ttl,
      refresh_token: refreshToken,
      scope: scopes.join(' '),
    };
  }

  /** A URL client id: fetch its Client ID Metadata Document, as a supporting server does. */
  private async fetchMetadataDocument(clientId: string): Promise<OAuthClientInformationFull | undefined> {
    if (!this.options.clientIdMetadataDocuments || !/^https?:\/\//.test(clientId)) return undefined;
    this.metadataDocumentFetches.push(clientId);
    const response = await fetch(clientId);
    if (!response.ok) return undefined;
    const document = (await response.json()) as OAuthClientInformationFull;
    return document.client_id === clientId ? document : undefined;
  }
}
