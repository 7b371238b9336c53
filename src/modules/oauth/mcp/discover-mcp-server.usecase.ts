import { Injectable, Logger } from '@nestjs/common';
import * as oauth from 'oauth4webapi';
import { AppConfig } from '../../../config';
import { RequestInvalidError } from '../../../shared/errors';
import {
  OutboundHttp,
  UpstreamRefusedError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from '../../../shared/outbound';
import { ProviderFields } from '../catalog/apply-template';
import { MCP_TEMPLATE } from '../catalog/catalog';
import { CreateProviderRequestDto } from '../dto/create-provider.request.dto';
import { McpDiscoveryFailedError, McpDiscoveryStep } from '../oauth.errors';
import { TokenAuthMethod } from '../provider.entity';
import { clientMetadataDocumentUrl } from './client-metadata';
import {
  authorizationServerMetadataUrls,
  isResourceForServer,
  protectedResourceMetadataUrls,
} from './discovery-urls';
import { AnswerTooLargeError, outboundFetch } from './outbound-fetch';
import { parseBearerChallenge } from './www-authenticate';

/** What template mcp accepts besides key and template; the rest is discovered. */
const MCP_FIELDS = new Set(['key', 'template', 'mcpServerUrl', 'scopes', 'clientId', 'clientSecret']);

/** The MCP protocol version plugboard's discovery probe announces. */
const PROBE_PROTOCOL_VERSION = '2025-06-18';

interface ProtectedResource {
  resource: string;
  authorizationServer: URL;
  /** The scopes to ask for when the request names none: the 401's, else the metadata's. */
  scopes: string[];
}

interface Challenge {
  resourceMetadata: URL | null;
  scopes: string[] | null;
}

/**
 * `POST …/providers {template:"mcp", mcpServerUrl}`: the MCP authorization flow of a client, done
 * once when the provider is created (MCP authorization spec; RFC 9728, RFC 8414, RFC 7591, the
 * Client ID Metadata Document draft). The protocol steps are oauth4webapi's; every request goes
 * through the SSRF-safe OutboundHttp via its customFetch. A failure names its step and stores
 * nothing: the provider is written by the caller only after this returns.
 */
@Injectable()
export class DiscoverMcpServerUseCase {
  private readonly logger = new Logger('McpDiscovery');
  private readonly fetch: ReturnType<typeof outboundFetch>;

  constructor(
    outbound: OutboundHttp,
    private readonly config: AppConfig,
  ) {
    this.fetch = outboundFetch(outbound);
  }

  async execute(
    input: CreateProviderRequestDto,
  ): Promise<{ fields: ProviderFields; clientSecret: string | null }> {
    const serverUrl = this.checkInput(input);
    // no downgrade: an https MCP server's metadata must name https endpoints; plain http is only
    // ever followed for a server the org itself named over http (local development)
    const secure = serverUrl.protocol === 'https:';
    const protectedResource = await this.step('protected_resource_metadata', () =>
      this.discoverProtectedResource(serverUrl, secure),
    );
    const authorizationServer = await this.step('authorization_server_metadata', () =>
      this.discoverAuthorizationServer(protectedResource.authorizationServer, secure),
    );
    const scopes = input.scopes ?? protectedResource.scopes;
    const client = await this.step('client_registration', () =>
      this.identifyClient(authorizationServer, input, scopes, secure),
    );
    return {
      fields: {
        key: input.key,
        template: MCP_TEMPLATE,
        authorizeUrl: authorizationServer.authorization_endpoint as string,
        tokenUrl: authorizationServer.token_endpoint as string,
        clientId: client.clientId,
        scopes,
        grantType: 'authorization_code',
        tokenAuthMethod: client.tokenAuthMethod,
        usePkce: true,
        apiBaseUrl: serverUrl.href,
        errorStyle: 'standard',
        resourceIndicator: protectedResource.resource,
      },
      clientSecret: client.clientSecret,
    };
  }

  private checkInput(input: CreateProviderRequestDto): URL {
    const extra = Object.keys(input).filter((field) => !MCP_FIELDS.has(field));
    if (extra.length > 0) {
      throw new RequestInvalidError(
        `${extra.join(', ')}: not for template "mcp" (its URLs and methods are discovered)`,
      );
    }
    if (!input.mcpServerUrl) throw new RequestInvalidError('mcpServerUrl is required for template "mcp"');
    if (input.clientSecret !== undefined && input.clientId === undefined) {
      throw new RequestInvalidError('clientSecret needs clientId (a client registered beforehand)');
    }
    const url = new URL(input.mcpServerUrl);
    url.hash = '';
    return url;
  }

  /**
   * RFC 9728: an unauthenticated request to the server answers 401 with the metadata's URL in
   * WWW-Authenticate; without one, the well-known locations. Its `resource` must be this server.
   */
  private async discoverProtectedResource(serverUrl: URL, secure: boolean): Promise<ProtectedResource> {
    const challenge = await this.probe(serverUrl);
    const candidates = challenge.resourceMetadata
      ? [challenge.resourceMetadata]
      : protectedResourceMetadataUrls(serverUrl);
    for (const candidate of candidates) {
      assertScheme('protected_resource_metadata', candidate, secure);
      const response = await this.fetch(candidate.href, {
        headers: { accept: 'application/json', 'mcp-protocol-version': PROBE_PROTOCOL_VERSION },
      });
      if (response.status >= 400 && response.status < 500 && candidate !== candidates.at(-1)) continue;
      const document = (await response
        .clone()
        .json()
        .catch(() => ({}))) as { resource?: unknown };
      if (typeof document.resource === 'string' && !isResourceForServer(document.resource, serverUrl)) {
        throw new McpDiscoveryFailedError(
          'protected_resource_metadata',
          `the metadata names resource ${document.resource}, not this MCP server (${serverUrl.href})`,
        );
      }
      const metadata = await oauth.processResourceDiscoveryResponse(
        new URL(typeof document.resource === 'string' ? document.resource : serverUrl.href),
        response,
      );
      const servers = metadata.authorization_servers ?? [];
      if (servers.length === 0 || typeof servers[0] !== 'string') {
        throw new McpDiscoveryFailedError('protected_resource_metadata', 'it names no authorization server');
      }
      // MCP scope selection: the 401's scope, else what the metadata supports, else none
      return {
        resource: metadata.resource,
        authorizationServer: new URL(servers[0]),
        scopes:
          challenge.scopes ?? (Array.isArray(metadata.scopes_supported) ? metadata.scopes_supported : []),
      };
    }
    throw new McpDiscoveryFailedError('protected_resource_metadata', 'no metadata found');
  }

  /** The MCP server's own 401 names its metadata and the scope it wants (RFC 9728 §5.1, RFC 6750 §3). */
  private async probe(serverUrl: URL): Promise<Challenge> {
    const response = await this.fetch(serverUrl.href, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': PROBE_PROTOCOL_VERSION,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: PROBE_PROTOCOL_VERSION,
          capabilities: {},
          clientInfo: { name: 'plugboard', version: '1' },
        },
      }),
    });
    const none: Challenge = { resourceMetadata: null, scopes: null };
    if (response.status !== 401) return none;
    const challenge = parseBearerChallenge(response.headers.get('www-authenticate') ?? undefined);
    if (!challenge) return none;
    const scopes = challenge.scope ? challenge.scope.split(' ').filter(Boolean) : null;
    let resourceMetadata: URL | null = null;
    try {
      if (challenge.resource_metadata) resourceMetadata = new URL(challenge.resource_metadata, serverUrl);
    } catch {
      resourceMetadata = null;
    }
    return { resourceMetadata, scopes: scopes?.length ? scopes : null };
  }

  /** RFC 8414 / OpenID discovery; the document's issuer must be the one the resource named. */
  private async discoverAuthorizationServer(
    issuer: URL,
    secure: boolean,
  ): Promise<oauth.AuthorizationServer> {
    assertScheme('authorization_server_metadata', issuer, secure);
    const candidates = authorizationServerMetadataUrls(issuer);
    for (const candidate of candidates) {
      const response = await this.fetch(candidate.href, { headers: { accept: 'application/json' } });
      if (response.status >= 400 && response.status < 500 && candidate !== candidates.at(-1)) continue;
      const metadata = await oauth.processDiscoveryResponse(issuer, response);
      for (const endpoint of ['authorization_endpoint', 'token_endpoint'] as const) {
        const value = metadata[endpoint];
        if (typeof value !== 'string') {
          throw new McpDiscoveryFailedError('authorization_server_metadata', `it has no ${endpoint}`);
        }
        assertScheme('authorization_server_metadata', new URL(value), secure);
      }
      // MCP clients must refuse an authorization server that does not say it supports S256
      if (!metadata.code_challenge_methods_supported?.includes('S256')) {
        throw new McpDiscoveryFailedError(
          'authorization_server_metadata',
          'it does not list S256 in code_challenge_methods_supported (PKCE is required)',
        );
      }
      return metadata;
    }
    throw new McpDiscoveryFailedError('authorization_server_metadata', 'no metadata found');
  }

  /**
   * A client registered beforehand, else the Client ID Metadata Document where the server says it
   * supports one and plugboard's can be fetched, else dynamic registration (RFC 7591).
   */
  private async identifyClient(
    server: oauth.AuthorizationServer,
    input: CreateProviderRequestDto,
    scopes: string[],
    secure: boolean,
  ): Promise<{ clientId: string; clientSecret: string | null; tokenAuthMethod: TokenAuthMethod }> {
    if (input.clientId !== undefined) {
      // a client registered beforehand authenticates the way the server prefers (Basic by default)
      const clientSecret = input.clientSecret ?? null;
      const method = registrationAuthMethod(server.token_endpoint_auth_methods_supported);
      return {
        clientId: input.clientId,
        clientSecret,
        tokenAuthMethod: clientSecret === null ? 'none' : method === 'none' ? 'client_secret_post' : method,
      };
    }
    const documentUrl = clientMetadataDocumentUrl(this.config.publicUrl);
    // the server fetches the document itself: an https URL, or a plain http one for a local server
    const documentReachable = documentUrl.startsWith('https://') || !secure;
    if (server.client_id_metadata_document_supported === true && documentReachable) {
      return { clientId: documentUrl, clientSecret: null, tokenAuthMethod: 'none' };
    }
    if (typeof server.registration_endpoint !== 'string') {
      throw new McpDiscoveryFailedError(
        'client_registration',
        'the server offers neither dynamic registration nor Client ID Metadata Documents reachable at an https PUBLIC_URL',
      );
    }
    assertScheme('client_registration', new URL(server.registration_endpoint), secure);
    const method = registrationAuthMethod(server.token_endpoint_auth_methods_supported);
    const response = await oauth.dynamicClientRegistrationRequest(
      server,
      {
        client_name: 'plugboard',
        redirect_uris: [`${this.config.publicUrl}/oauth/callback`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: method,
        ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
      },
      { [oauth.customFetch]: this.fetch, [oauth.allowInsecureRequests]: !secure },
    );
    if (response.status >= 400) {
      throw new McpDiscoveryFailedError(
        'client_registration',
        `the registration endpoint answered HTTP ${response.status}${await oauthErrorOf(response)}`,
      );
    }
    const registered = await oauth.processDynamicClientRegistrationResponse(await withSecretExpiry(response));
    const granted = registered.token_endpoint_auth_method ?? method;
    if (granted !== 'client_secret_basic' && granted !== 'client_secret_post' && granted !== 'none') {
      throw new McpDiscoveryFailedError(
        'client_registration',
        `unsupported token_endpoint_auth_method ${granted}`,
      );
    }
    const clientSecret = typeof registered.client_secret === 'string' ? registered.client_secret : null;
    return { clientId: registered.client_id, clientSecret, tokenAuthMethod: clientSecret ? granted : 'none' };
  }

  private async step<T>(step: McpDiscoveryStep, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const failure =
        error instanceof McpDiscoveryFailedError ? error : new McpDiscoveryFailedError(step, reasonOf(error));
      this.logger.warn({ step: failure.step }, failure.message);
      throw failure;
    }
  }
}

/** The MCP authorization spec requires https endpoints; an https server may not send plugboard to http. */
function assertScheme(step: McpDiscoveryStep, url: URL, secure: boolean): void {
  if (url.protocol === 'https:' || (url.protocol === 'http:' && !secure)) return;
  throw new McpDiscoveryFailedError(step, `${url.origin} is not https`);
}

/** RFC 8414's default is client_secret_basic; a secret-less public client only when nothing else is offered. */
function registrationAuthMethod(supported: string[] | undefined): TokenAuthMethod {
  if (!supported || supported.includes('client_secret_basic')) return 'client_secret_basic';
  if (supported.includes('client_secret_post')) return 'client_secret_post';
  return 'none';
}

/**
 * RFC 7591 requires `client_secret_expires_at` with every issued secret (0: never), and oauth4webapi
 * enforces it; servers in the field (and the MCP conformance suite's) leave it out. A secret with no
 * stated expiry is read as one that does not expire.
 */
async function withSecretExpiry(response: Response): Promise<Response> {
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as Record<string, unknown> | null;
  if (!body || typeof body.client_secret !== 'string' || body.client_secret_expires_at !== undefined) {
    return response;
  }
  return new Response(JSON.stringify({ ...body, client_secret_expires_at: 0 }), {
    status: response.status,
    headers: response.headers,
  });
}

async function oauthErrorOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { error?: unknown };
  return typeof body.error === 'string' ? ` (${body.error.slice(0, 100)})` : '';
}

/** Our own words for what went wrong; never an exception's internal text. */
function reasonOf(error: unknown): string {
  if (error instanceof UpstreamRefusedError)
    return 'the address is refused (private, loopback or link-local)';
  if (error instanceof UpstreamTimeoutError) return 'the request timed out';
  if (error instanceof UpstreamUnreachableError) return 'the server is unreachable';
  if (error instanceof AnswerTooLargeError) return 'the answer is too large';
  if (error instanceof RequestInvalidError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  const attribute = ((error as { cause?: { attribute?: unknown } } | null)?.cause?.attribute ?? '') as string;
  switch (code) {
    case oauth.JSON_ATTRIBUTE_COMPARISON:
      return attribute === 'issuer'
        ? 'the metadata issuer does not match the authorization server it was fetched for'
        : `the metadata ${attribute || 'document'} does not match`;
    case oauth.RESPONSE_IS_NOT_CONFORM:
      return 'the answer is not a metadata document (unexpected HTTP status)';
    case oauth.RESPONSE_IS_NOT_JSON:
    case oauth.PARSE_ERROR:
      return 'the answer is not JSON';
    case oauth.INVALID_RESPONSE:
      return 'the answer lacks a required field';
    case oauth.HTTP_REQUEST_FORBIDDEN:
      return 'an endpoint is not https';
    case oauth.RESPONSE_BODY_ERROR:
      return 'the server answered with an OAuth error';
    default:
      return 'the answer could not be used';
  }
}
