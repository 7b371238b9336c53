import { EventEmitter2 } from '@nestjs/event-emitter';
import { CREDENTIAL_INVALIDATED, REAUTH_SUCCEEDED } from '../../src/shared/events';
import { startApp, TestApp } from './app';
import { changesHeard } from './changes-heard';
import { closeSql, sql } from './db';
import { FakeTokenEndpoint, startFakeTokenEndpoint } from './fake-token-endpoint';
import { http } from './http';
import { createProvider } from './oauth-fixtures';
import { OAuthServer, startOAuthServer } from './oauth-server';
import { SeededOrg } from './seed';

export const OAUTH_PUBLIC_URL = 'http://plugboard.test';
const REDIRECT_URI = `${OAUTH_PUBLIC_URL}/oauth/callback`;

export interface OAuthRunning {
  t: TestApp;
  /** A real OAuth server (oidc-provider) that auto-approves, counting token calls per grant. */
  server: OAuthServer;
  /** A scripted token endpoint recording its calls. */
  fake: FakeTokenEndpoint;
}

/**
 * The set-up the OAuth e2e files share: the app, a real OAuth server and a fake token endpoint started
 * once per file (in beforeAll, stopped in afterAll), the credential events the app emitted, and helpers
 * for the provider and connection routes. Call it inside the file's top `describe`; read the started
 * servers through `running()` from a `beforeAll` declared after it. `appEnv` adds to the app's settings.
 */
export function useOAuthHarness(appEnv: Record<string, string> = {}) {
  let running: OAuthRunning | undefined;
  const events: Array<{ name: string; payload: any }> = [];
  const started = (): OAuthRunning => {
    if (!running) throw new Error('the OAuth harness is used before its beforeAll ran');
    return running;
  };

  beforeAll(async () => {
    const server = await startOAuthServer({ redirectUris: [REDIRECT_URI] });
    const fake = await startFakeTokenEndpoint();
    const t = await startApp({
      PUBLIC_URL: OAUTH_PUBLIC_URL,
      PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600',
      ...appEnv,
    });
    const emitter = t.app.get(EventEmitter2);
    for (const name of [CREDENTIAL_INVALIDATED, REAUTH_SUCCEEDED]) {
      emitter.on(name, (payload: unknown) => events.push({ name, payload }));
    }
    running = { t, server, fake };
  });
  afterAll(async () => {
    await running?.t.close();
    await running?.server.close();
    await running?.fake.close();
    await closeSql();
  });

  const baseUrl = () => started().t.baseUrl;

  const eventsFor = (connectionId: string) =>
    events.filter((event) => event.payload.connectionId === connectionId).map((event) => event.name);

  async function oidcProvider(org: SeededOrg, overrides: Record<string, unknown> = {}) {
    const { server } = started();
    return createProvider(baseUrl(), org, {
      authorizeUrl: server.authorizeUrl,
      tokenUrl: server.tokenUrl,
      clientId: 'web-post',
      clientSecret: 'web-post-secret',
      scopes: ['openid', 'offline_access'],
      tokenAuthMethod: 'client_secret_post',
      ...overrides,
    });
  }

  async function authorize(org: SeededOrg, body: Record<string, unknown>) {
    const result = await http(baseUrl(), 'POST', `/v1/orgs/${org.id}/connections/authorize`, {
      key: org.key,
      body,
    });
    expect(result.status).toBe(200);
    return result.body as { authorizeUrl: string; state: string; expiresAt: string };
  }

  /** authorize → the real server's (auto-approved) interaction → our callback. */
  async function connect(org: SeededOrg, body: Record<string, unknown>) {
    const started = await authorize(org, body);
    const redirect = await running!.server.authorize(started.authorizeUrl, REDIRECT_URI);
    const callback = await http(baseUrl(), 'GET', `/oauth/callback${redirect.search}`);
    return { started, redirect, callback };
  }

  const expire = async (id: string) => {
    await sql(`UPDATE oauth_connections SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    await changesHeard(started().t);
  };

  const refresh = (org: SeededOrg, id: string) =>
    http(baseUrl(), 'POST', `/v1/orgs/${org.id}/connections/${id}/refresh`, { key: org.key });

  const accessToken = (org: SeededOrg, id: string) =>
    http(baseUrl(), 'POST', `/v1/orgs/${org.id}/connections/${id}/access-token`, { key: org.key });

  const getConnection = (org: SeededOrg, id: string) =>
    http(baseUrl(), 'GET', `/v1/orgs/${org.id}/connections/${id}`, { key: org.key });

  return {
    running: started,
    redirectUri: REDIRECT_URI,
    events,
    eventsFor,
    oidcProvider,
    authorize,
    connect,
    expire,
    refresh,
    accessToken,
    getConnection,
  };
}
