import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import {
  hasChromium,
  HeadlessChromium,
  launchChromium,
  screenshot,
  warnChromiumMissing,
} from '../support/browser';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { createProvider } from '../support/oauth-fixtures';
import { OAuthServer, startOAuthServer } from '../support/oauth-server';
import { seedIntegration, seedOrg, SeededOrg } from '../support/seed';
import { openStored } from '../support/stored-secrets';
import { WebhookReceiver } from '../support/webhook-receiver';

const BUILT_INDEX = path.resolve(__dirname, '..', '..', 'dist', 'console', 'index.html');
const DOCS_SCREENSHOT = path.resolve(__dirname, '..', '..', 'docs', 'console-deliveries.png');

/**
 * The OAuth server must know the redirect_uri (on the app's PUBLIC_URL) before the app has a port,
 * and the browser must reach it after the provider's redirect (which playwright cannot reroute), so
 * PUBLIC_URL is a loopback port opened first that forwards every connection to the app.
 */
async function startForwarder(target: () => number): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    const upstream = net.connect(target(), '127.0.0.1');
    for (const end of [socket, upstream]) {
      sockets.add(end);
      end.on('error', () => undefined);
      end.on('close', () => sockets.delete(end));
    }
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
const describeInChromium = hasChromium() ? describe : describe.skip;
if (!hasChromium()) warnChromiumMissing('test/e2e/console.e2e-spec.ts (operator console in a real browser)');

/** The org ids every /v1/orgs/:orgId call of the page went to. */
function recordOrgCalls(page: Page): Set<string> {
  const orgIds = new Set<string>();
  page.on('request', (request) => {
    const match = /\/v1\/orgs\/([0-9a-f-]{36})/.exec(new URL(request.url()).pathname);
    if (match) orgIds.add(match[1]);
  });
  return orgIds;
}

describeInChromium('operator console in headless Chromium', () => {
  let t: TestApp;
  let chromium: HeadlessChromium;
  let oauthServer: OAuthServer;
  let forwarder: Awaited<ReturnType<typeof startForwarder>>;
  let redirectUri: string;
  let receiver: WebhookReceiver;
  let orgA: SeededOrg;
  let orgB: SeededOrg;

  beforeAll(async () => {
    if (!fs.existsSync(BUILT_INDEX)) throw new Error('dist/console is missing: run `npm run build` first');
    forwarder = await startForwarder(() => Number(new URL(t.baseUrl).port));
    redirectUri = `${forwarder.url}/oauth/callback`;
    oauthServer = await startOAuthServer({ redirectUris: [redirectUri] });
    receiver = await WebhookReceiver.start();
    t = await startApp({
      PUBLIC_URL: forwarder.url,
      DELIVERY_MAX_ATTEMPTS: '2',
      DELIVERY_BACKOFF_MS: '20',
      PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600',
    });
    chromium = await launchChromium();
    orgA = await seedOrg(t.baseUrl, `Acme ${Date.now().toString(36)}`);
    orgB = await seedOrg(t.baseUrl, `Globex ${Date.now().toString(36)}`);
  });
  afterAll(async () => {
    await chromium?.close();
    await t?.close();
    await forwarder?.close();
    await oauthServer?.close();
    await receiver?.close();
    await closeSql();
  });

  /** A connection of `org` made through the real OAuth server (authorize → auto-approved → callback). */
  async function connectThroughOAuth(org: SeededOrg): Promise<{ providerKey: string; connectionId: string }> {
    const provider = await createProvider(t.baseUrl, org, {
      authorizeUrl: oauthServer.authorizeUrl,
      tokenUrl: oauthServer.tokenUrl,
      clientId: 'web-post',
      clientSecret: 'web-post-secret',
      scopes: ['openid', 'offline_access'],
      tokenAuthMethod: 'client_secret_post',
    });
    const started = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/authorize`, {
      key: org.key,
      body: { provider: provider.key },
    });
    expect(started.status).toBe(200);
    const redirect = await oauthServer.authorize(started.body.authorizeUrl, redirectUri);
    const callback = await http(t.baseUrl, 'GET', `/oauth/callback${redirect.search}`);
    expect(callback.status).toBe(200);
    return { providerKey: provider.key, connectionId: callback.body.connectionId };
  }

  /** Revokes the connection's refresh token at the provider, as a user removing the app would. */
  async function revokeAtProvider(connectionId: string): Promise<void> {
    const [row] = await sql('SELECT refresh_token_encrypted FROM oauth_connections WHERE id = $1', [
      connectionId,
    ]);
    const revoked = await fetch(oauthServer.revocationUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: openStored(row.refresh_token_encrypted, 'connectionRefreshToken', connectionId),
        token_type_hint: 'refresh_token',
        client_id: 'web-post',
        client_secret: 'web-post-secret',
      }),
    });
    expect(revoked.status).toBe(200);
  }

  async function integrationWithReceiver(org: SeededOrg, overrides: Record<string, unknown> = {}) {
    const receiverPath = `hooks-${randomUUID().slice(0, 8)}`;
    const integration = await seedIntegration(t.baseUrl, org, {
      name: `Support inbox ${receiverPath.slice(6)}`,
      deliveryUrl: receiver.url(receiverPath),
      ...overrides,
    });
    receiver.setSecret(receiverPath, integration.deliverySecret);
    return integration;
  }

  async function waitForDeliveryStatus(org: SeededOrg, id: string, status: string): Promise<void> {
    const started = Date.now();
    for (;;) {
      const row = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/ingress/deliveries/${id}`, {
        key: org.key,
      });
      if (row.body?.status === status) return;
      if (Date.now() - started > 10_000)
        throw new Error(`delivery ${id} is ${row.body?.status}, not ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function signIn(page: Page, key: string): Promise<void> {
    await page.goto(`${t.baseUrl}/console/`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function openSection(page: Page, name: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  }

  it('signs in with an org key alone (GET /v1/me names its org), keeps the key in sessionStorage only, and shows every page', async () => {
    const page = await chromium.newPage();
    const orgCalls = recordOrgCalls(page);
    await signIn(page, orgA.key);
    await page.getByTestId('org-name').filter({ hasText: orgA.name }).waitFor();
    await page.getByTestId('readiness').filter({ hasText: 'Ready' }).waitFor();

    // Browser-side expressions as strings: the server's tsconfig has no DOM types.
    const storage = await page.evaluate<{ session: string; local: number; cookie: string }>(`({
      session: window.sessionStorage.getItem('plugboard.console.session') ?? '',
      local: window.localStorage.length,
      cookie: document.cookie,
    })`);
    expect(storage.session).toContain(orgA.key);
    expect(storage.local).toBe(0);
    expect(storage.cookie).toBe('');
    expect(page.url()).not.toContain(orgA.key);

    for (const section of ['Connections', 'Integrations', 'Deliveries', 'Interactions']) {
      await openSection(page, section);
      await page.waitForLoadState('networkidle');
      await screenshot(page, `console-${section.toLowerCase()}`);
    }
    expect([...orgCalls]).toEqual([orgA.id]);
    await page.close();
  }, 45_000);

  it('shows an API error with its message and request id when the key is wrong', async () => {
    const page = await chromium.newPage();
    await signIn(page, 'pbk_not-a-real-key');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('Sign-in failed');
    expect(text).toContain('AUTH.UNAUTHENTICATED');
    expect(text).toMatch(/request id \S+/);
    await screenshot(page, 'console-sign-in-error');
    await page.close();
  }, 30_000);

  it("signed in with org B's key, never calls or shows org A", async () => {
    const page = await chromium.newPage();
    const orgCalls = recordOrgCalls(page);
    await signIn(page, orgB.key);
    await page.getByTestId('org-name').filter({ hasText: orgB.name }).waitFor();
    for (const section of ['Connections', 'Integrations', 'Deliveries', 'Interactions']) {
      await openSection(page, section);
      await page.waitForLoadState('networkidle');
      expect(await page.content()).not.toContain(orgA.name);
    }
    expect([...orgCalls]).toEqual([orgB.id]);
    await page.close();
  }, 45_000);

  it('lets the operator pick and switch org, and every call follows the picked org', async () => {
    const page = await chromium.newPage();
    await signIn(page, TEST_ADMIN_KEY);
    const switcher = page.getByTestId('org-switcher');
    await switcher.locator(`option[value="${orgB.id}"]`).waitFor({ state: 'attached' });

    const orgCalls = recordOrgCalls(page);
    await switcher.selectOption(orgA.id);
    await openSection(page, 'Deliveries');
    await page.waitForLoadState('networkidle');
    expect(orgCalls.has(orgA.id)).toBe(true);

    const switched = page.waitForResponse((response) =>
      response.url().includes(`/v1/orgs/${orgB.id}/ingress/deliveries`),
    );
    await switcher.selectOption(orgB.id);
    await switched;
    orgCalls.clear();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Deliveries' }).waitFor();
    await page.waitForLoadState('networkidle');
    // The pick survives a reload (it is part of the tab's session) and nothing asks for org A again.
    expect([...orgCalls]).toEqual([orgB.id]);
    expect(await switcher.inputValue()).toBe(orgB.id);
    await screenshot(page, 'console-operator-switch-org');
    await page.close();
  }, 45_000);

  it('works from the keyboard alone: sign in, skip link, sections', async () => {
    const page = await chromium.newPage();
    await page.goto(`${t.baseUrl}/console/`);
    await page.getByLabel('API key').focus();
    await page.keyboard.type(orgA.key);
    await page.keyboard.press('Tab');
    await page.keyboard.type(orgA.id);
    await page.keyboard.press('Enter');
    await page.getByTestId('org-name').filter({ hasText: orgA.name }).waitFor();

    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
    await page.close();
  }, 30_000);

  it('signs out: the key leaves sessionStorage and the sign-in form is back', async () => {
    const page = await chromium.newPage();
    await signIn(page, orgA.key);
    await page.getByTestId('org-name').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate<number>('window.sessionStorage.length')).toBe(0);
    await page.reload();
    await page.getByLabel('API key').waitFor();
    await page.close();
  }, 30_000);

  it('fits a phone screen: sections stay reachable and nothing scrolls sideways', async () => {
    const page = await chromium.newPage({ width: 390, height: 844 });
    await signIn(page, orgA.key);
    await openSection(page, 'Deliveries');
    await page.waitForLoadState('networkidle');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'console-phone-deliveries');
    await page.close();
  }, 30_000);

  it('shows a connection ACTIVE; revoke + Refresh now → INVALID and its integration ERROR; Reconnect → ACTIVE and ENABLED', async () => {
    const { connectionId } = await connectThroughOAuth(orgA);
    const integration = await integrationWithReceiver(orgA, { connectionIds: [connectionId] });
    const page = await chromium.newPage();
    await signIn(page, orgA.key);
    await openSection(page, 'Connections');
    const connectionRow = page.locator(`tr[data-connection-id="${connectionId}"]`);
    await connectionRow.getByText('ACTIVE', { exact: true }).waitFor();
    await screenshot(page, 'console-connection-active');

    await revokeAtProvider(connectionId);
    await connectionRow.getByRole('button', { name: /^Refresh now/ }).click();
    await page.getByRole('status').filter({ hasText: 'invalid_grant' }).waitFor();
    await connectionRow.getByText('INVALID', { exact: true }).waitFor();
    await connectionRow.getByText('invalid_grant').waitFor();
    await screenshot(page, 'console-connection-invalid');

    // A webhook for the ERROR integration is parked; the page counts it and can redrive it (it parks
    // again while the credential is invalid).
    const parked = await http(
      t.baseUrl,
      'POST',
      `/ingress/${integration.plugin}/${integration.instanceId}/events`,
      {
        body: { type: 'while.invalid' },
      },
    );
    expect(parked.status).toBe(202);
    await waitForDeliveryStatus(orgA, parked.body.deliveryId, 'PARKED');
    await openSection(page, 'Integrations');
    const integrationRow = page.locator(`tr[data-integration-id="${integration.id}"]`);
    await integrationRow.getByText('ERROR', { exact: true }).waitFor();
    await integrationRow.getByText('credential invalidated', { exact: false }).waitFor();
    await integrationRow.locator('td[data-label="Parked"]').filter({ hasText: /^1$/ }).waitFor();
    await screenshot(page, 'console-integration-error');
    await integrationRow.getByRole('button', { name: /^Redrive parked/ }).click();
    await page.getByRole('status').filter({ hasText: 'Redrove 1 parked deliveries' }).waitFor();

    // Reconnect: the page starts the authorize flow and the provider sends the browser back here.
    await openSection(page, 'Connections');
    await connectionRow.getByRole('button', { name: /^Reconnect/ }).click();
    await page.waitForURL(
      (url) => url.pathname === '/console/connections' && url.searchParams.has('connectionId'),
    );
    await page.getByRole('status').filter({ hasText: 'reconnected' }).waitFor();
    await connectionRow.getByText('ACTIVE', { exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('connectionId')).toBe(connectionId);

    await openSection(page, 'Integrations');
    await integrationRow.getByText('ENABLED', { exact: true }).waitFor();
    // Back to ENABLED, the parked delivery was redriven by itself.
    await waitForDeliveryStatus(orgA, parked.body.deliveryId, 'DELIVERED');
    await page.getByRole('button', { name: 'Reload' }).click();
    await integrationRow.locator('td[data-label="Parked"]').filter({ hasText: /^0$/ }).waitFor();
    await screenshot(page, 'console-integration-enabled');
    await page.close();
  }, 60_000);

  it('disables and re-enables an integration from the page and copies its ingress URL', async () => {
    const integration = await integrationWithReceiver(orgA);
    await chromium.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
    const page = await chromium.newPage();
    await signIn(page, orgA.key);
    await openSection(page, 'Integrations');
    const row = page.locator(`tr[data-integration-id="${integration.id}"]`);
    await row.getByText('ENABLED', { exact: true }).waitFor();

    await row.getByRole('button', { name: /^Disable/ }).click();
    await row.getByText('DISABLED', { exact: true }).waitFor();
    const stored = await http(t.baseUrl, 'GET', `/v1/orgs/${orgA.id}/integrations/${integration.id}`, {
      key: orgA.key,
    });
    expect(stored.body.status).toBe('DISABLED');
    await row.getByRole('button', { name: /^Enable/ }).click();
    await row.getByText('ENABLED', { exact: true }).waitFor();

    await page.getByLabel('Ingress route').fill('orders');
    await row.getByRole('button', { name: /^Copy ingress URL/ }).click();
    await row.getByText('Copied').waitFor();
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(copied).toBe(`${forwarder.url}/ingress/${integration.plugin}/${integration.instanceId}/orders`);
    await page.close();
  }, 30_000);

  it('lists DEAD deliveries of a failing receiver; after the fix, select + Redrive → DELIVERED with each outcome shown', async () => {
    const integration = await integrationWithReceiver(orgA);
    receiver.respondWith(500);
    const deliveryIds: string[] = [];
    try {
      for (const n of [1, 2]) {
        const accepted = await http(
          t.baseUrl,
          'POST',
          `/ingress/${integration.plugin}/${integration.instanceId}/events`,
          {
            body: { type: 'ticket.created', n },
          },
        );
        expect(accepted.status).toBe(202);
        deliveryIds.push(accepted.body.deliveryId);
      }
      for (const id of deliveryIds) await waitForDeliveryStatus(orgA, id, 'DEAD');
    } finally {
      receiver.respondOk();
    }

    const page = await chromium.newPage();
    await signIn(page, orgA.key);
    await openSection(page, 'Deliveries');
    await page.getByLabel('Integration').selectOption(integration.id);
    await page.getByLabel('Status').selectOption('DEAD');
    for (const id of deliveryIds) {
      await page.locator(`tr[data-delivery-id="${id}"][data-status="DEAD"]`).waitFor();
    }
    await expect(page.locator(`tr[data-delivery-id="${deliveryIds[0]}"]`).innerText()).resolves.toContain(
      '500',
    );
    await screenshot(page, 'console-deliveries-dead');
    // The health strip reads the same dead-letter counter from /metrics.
    await page.reload();
    await page.getByText(/Delivery outcomes since the server started: dead [1-9]/).waitFor();
    await page.getByRole('img', { name: /^Chart/ }).waitFor();

    await page.getByLabel('Select every DEAD delivery').check();
    await page.getByRole('button', { name: /^Redrive 2 selected/ }).click();
    const results = page.getByTestId('redrive-results');
    await results.getByText('2 of 2 accepted').waitFor();
    for (const id of deliveryIds) {
      await expect(results.locator(`[data-outcome-for="${id}"]`).innerText()).resolves.toMatch(
        /queued|dispatched/,
      );
    }
    await page.getByLabel('Status').selectOption('');
    for (const id of deliveryIds) {
      await page.locator(`tr[data-delivery-id="${id}"][data-status="DELIVERED"]`).waitFor();
    }
    await screenshot(page, 'console-deliveries-redriven');
    // The README's picture; refreshed on request only, so a test run leaves the work tree clean.
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') await page.screenshot({ path: DOCS_SCREENSHOT });

    await page.locator(`tr[data-delivery-id="${deliveryIds[0]}"] a`).click();
    const details = page.locator('dl.details');
    await details.getByText('DELIVERED', { exact: true }).waitFor();
    await expect(details.innerText()).resolves.toContain(integration.id);
    await screenshot(page, 'console-delivery-detail');

    // Auto-refresh: a delivery accepted while the list is open shows up without any click.
    await page.getByRole('link', { name: 'Back to deliveries' }).click();
    await page.getByRole('heading', { level: 1, name: 'Deliveries' }).waitFor();
    const late = await http(
      t.baseUrl,
      'POST',
      `/ingress/${integration.plugin}/${integration.instanceId}/events`,
      {
        body: { type: 'ticket.created', n: 3 },
      },
    );
    expect(late.status).toBe(202);
    await page.locator(`tr[data-delivery-id="${late.body.deliveryId}"]`).waitFor({ timeout: 12_000 });

    // On a phone the rows become cards: nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'console-phone-deliveries-rows');
    await page.close();
  }, 60_000);

  it("shows org B's key none of org A's connections, integrations or deliveries", async () => {
    const name = `A-only ${randomUUID().slice(0, 6)}`;
    const integration = await integrationWithReceiver(orgA, { name });
    const accepted = await http(
      t.baseUrl,
      'POST',
      `/ingress/${integration.plugin}/${integration.instanceId}/events`,
      {
        body: { type: 'a.only' },
      },
    );
    await waitForDeliveryStatus(orgA, accepted.body.deliveryId, 'DELIVERED');

    const page = await chromium.newPage();
    const orgCalls = recordOrgCalls(page);
    await signIn(page, orgB.key);
    await page.getByTestId('org-name').filter({ hasText: orgB.name }).waitFor();
    for (const section of ['Connections', 'Integrations', 'Deliveries']) {
      await openSection(page, section);
      await page.locator('.empty').waitFor();
      const content = await page.content();
      expect(content).not.toContain(name);
      expect(content).not.toContain(accepted.body.deliveryId.slice(0, 8));
    }
    expect([...orgCalls]).toEqual([orgB.id]);
    await page.close();
  }, 45_000);
});
