import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { registerSecret } from './secrets-audit';

/**
 * How a provider's OAuth endpoints behave in the quirk that matters for it. Every option off is a
 * plain RFC 6749 server (client_secret_post, form bodies, refresh tokens kept across refreshes).
 */
export interface FakeProviderBehaviour {
  /** The token call must carry HTTP Basic client credentials (Notion, Zoom); else 401 invalid_client. */
  requireBasic?: boolean;
  /** The token call must be a JSON body (Notion); else 400 invalid_request. */
  requireJson?: boolean;
  /** A refresh token is issued only when the authorization request carried all of these (Google, Dropbox). */
  offlineParams?: Record<string, string>;
  /** Every token answer names this `instance_url` (Salesforce). */
  instanceUrl?: string;
  /**
   * Refresh tokens rotate (Atlassian, Zoom, Box…): each refresh spends the presented token; presenting a
   * spent one revokes the whole grant (reuse detection) and answers invalid_grant from then on.
   */
  rotate?: boolean;
  /** The next refresh answers without a refresh token (to see what a client does with the spent one). */
  omitRefreshTokenOnce?: boolean;
  /** Failures as HTTP 200 `{ok:false,error}` (Slack) or HTTP 200 `{error}` (GitHub). */
  errorStyle?: 'standard' | 'slack' | 'github';
  /** Refresh answers with this error instead of tokens. */
  refreshError?: string;
  /** Tokens expire (with a refresh token); false: non-expiring, no refresh token (a GitHub App without expiry). */
  expiring?: boolean;
  /** Where refresh grants are accepted (Figma refreshes on its own path); default: the token path. */
  refreshPath?: string;
}

export interface TokenCall {
  path: string;
  grantType: string;
  params: Record<string, string>;
  contentType: string;
  authorization: string | undefined;
}

export const FAKE_CLIENT = { id: 'fake-client', secret: `fake-client-secret-${randomUUID()}` };
registerSecret(FAKE_CLIENT.secret);

/**
 * A loopback OAuth provider: `GET …/authorize` redirects straight back with a code (recording the
 * query, so a test sees the template's extra parameters), `POST …/token` (any path ending in /token,
 * or the refresh path) issues tokens per `behaviour`. Paths may carry a prefix, so per-connection
 * params can be seen (`/shops/acme/admin/oauth/access_token`).
 */
export class FakeProvider {
  readonly authorizeQueries: URLSearchParams[] = [];
  readonly tokenCalls: TokenCall[] = [];
  /** Refresh tokens presented after they were spent (reuse detection fired). */
  reuses = 0;
  private readonly codes = new Map<string, URLSearchParams>();
  private readonly liveRefreshTokens = new Set<string>();
  private readonly spentRefreshTokens = new Set<string>();
  private grantRevoked = false;
  private issued = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    public behaviour: FakeProviderBehaviour,
  ) {}

  static async start(behaviour: FakeProviderBehaviour = {}): Promise<FakeProvider> {
    const holder: { provider?: FakeProvider } = {};
    const server = createServer((request, response) => void holder.provider?.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.provider = new FakeProvider(server, (server.address() as AddressInfo).port, behaviour);
    return holder.provider;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  refreshCalls(): TokenCall[] {
    return this.tokenCalls.filter((call) => call.grantType === 'refresh_token');
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Follows plugboard's authorizeUrl like a browser would and returns the callback query (`?code&state`). */
  async authorize(authorizeUrl: string): Promise<string> {
    const response = await fetch(authorizeUrl, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status !== 302 || !location) throw new Error(`fake authorize answered ${response.status}`);
    return new URL(location).search;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    if (request.method === 'GET' && url.pathname.endsWith('/authorize'))
      return this.authorizeEndpoint(url, response);
    const raw = await readBody(request);
    const contentType = request.headers['content-type'] ?? '';
    const params = contentType.includes('json')
      ? (JSON.parse(raw || '{}') as Record<string, string>)
      : Object.fromEntries(new URLSearchParams(raw));
    const call: TokenCall = {
      path: url.pathname,
      grantType: params.grant_type ?? '',
      params,
      contentType,
      authorization: request.headers.authorization,
    };
    this.tokenCalls.push(call);
    const reply = this.tokenEndpoint(call);
    response.writeHead(reply.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(reply.body));
  }

  private authorizeEndpoint(url: URL, response: ServerResponse): void {
    this.authorizeQueries.push(url.searchParams);
    const code = `code-${randomUUID()}`;
    this.codes.set(code, url.searchParams);
    const redirect = new URL(url.searchParams.get('redirect_uri') ?? 'http://invalid.test/');
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('state', url.searchParams.get('state') ?? '');
    response.writeHead(302, { location: redirect.href }).end();
  }

  private tokenEndpoint(call: TokenCall): { status: number; body: unknown } {
    const behaviour = this.behaviour;
    if (behaviour.requireJson && !call.contentType.includes('application/json')) {
      return this.fail(400, 'invalid_request');
    }
    if (!this.clientAuthenticated(call)) return this.fail(401, 'invalid_client');
    if (call.grantType === 'authorization_code') {
      const query = this.codes.get(call.params.code ?? '');
      if (!query) return this.fail(400, 'invalid_grant');
      this.codes.delete(call.params.code);
      const offline = Object.entries(behaviour.offlineParams ?? {}).every(
        ([name, value]) => query.get(name) === value,
      );
      return { status: 200, body: this.issue(offline) };
    }
    if (call.grantType === 'refresh_token') {
      if (behaviour.refreshPath && !call.path.endsWith(behaviour.refreshPath)) {
        return this.fail(404, 'not_found');
      }
      if (behaviour.refreshError) return this.fail(400, behaviour.refreshError);
      const presented = call.params.refresh_token ?? '';
      if (behaviour.rotate) {
        if (this.spentRefreshTokens.has(presented)) {
          this.reuses += 1;
          this.grantRevoked = true;
        }
        if (this.grantRevoked || !this.liveRefreshTokens.has(presented))
          return this.fail(400, 'invalid_grant');
        this.liveRefreshTokens.delete(presented);
        this.spentRefreshTokens.add(presented);
        const withRefresh = !behaviour.omitRefreshTokenOnce;
        behaviour.omitRefreshTokenOnce = false;
        return { status: 200, body: this.issue(withRefresh) };
      }
      if (!this.liveRefreshTokens.has(presented)) return this.fail(400, 'invalid_grant');
      // not rotating: the same refresh token stays valid and the answer carries none (Google)
      return { status: 200, body: this.issue(false) };
    }
    return this.fail(400, 'unsupported_grant_type');
  }

  private clientAuthenticated(call: TokenCall): boolean {
    if (this.behaviour.requireBasic) {
      const expected = `Basic ${Buffer.from(`${FAKE_CLIENT.id}:${FAKE_CLIENT.secret}`).toString('base64')}`;
      return call.authorization === expected && call.params.client_secret === undefined;
    }
    return call.params.client_id === FAKE_CLIENT.id && call.params.client_secret === FAKE_CLIENT.secret;
  }

  private issue(withRefreshToken: boolean): Record<string, unknown> {
    this.issued += 1;
    const accessToken = `fake-access-${this.issued}-${randomUUID()}`;
    registerSecret(accessToken);
    const expiring = this.behaviour.expiring !== false;
    const body: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer' };
    if (expiring) body.expires_in = 3600;
    if (withRefreshToken && expiring) {
      const refreshToken = `fake-refresh-${this.issued}-${randomUUID()}`;
      registerSecret(refreshToken);
      this.liveRefreshTokens.add(refreshToken);
      body.refresh_token = refreshToken;
    }
    if (this.behaviour.instanceUrl) body.instance_url = this.behaviour.instanceUrl;
    if (this.behaviour.errorStyle === 'slack') body.ok = true;
    return body;
  }

  private fail(status: number, error: string): { status: number; body: unknown } {
    if (this.behaviour.errorStyle === 'slack') return { status: 200, body: { ok: false, error } };
    if (this.behaviour.errorStyle === 'github') return { status: 200, body: { error } };
    return { status, body: { error } };
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  let raw = '';
  for await (const chunk of request) raw += (chunk as Buffer).toString('utf8');
  return raw;
}
